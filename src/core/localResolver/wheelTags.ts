/**
 * The wheel tags an interpreter supports, in pip's priority order (most preferred first), computed
 * from cheap probe facts instead of importing `packaging`. pip ranks the wheels of one version by
 * the best (lowest) position any of their tags reaches in this list
 * (`pip._internal.utils.compatibility_tags.get_supported()`: `packaging.tags.cpython_tags()` then
 * `compatible_tags()` with the interpreter's own `cpXY-none-any`).
 *
 * Only the case that is known with certainty is computed: CPython ≥ 3.8 on 64-bit glibc Linux
 * (x86_64, aarch64, ppc64, ppc64le, s390x), not a debug or free-threaded build, no `_manylinux`
 * override module. Anything else (macOS, Windows, PyPy, musl, 32-bit, another architecture) gets
 * a reason instead, and the local resolver then only trusts pure-Python tags.
 */
import type { WheelTagFacts } from '../python/interpreterFacts.js';

/** The interpreter facts the tag computation reads (`InterpreterFacts` fits). */
export interface TagTarget {
  /** `major.minor`. */
  readonly majorMinor: string;
  /** `sys.implementation.name` (`cpython`, `pypy`, …). */
  readonly implementation: string;
  readonly markerEnvironment: Readonly<Record<string, string>>;
  readonly wheelTags: WheelTagFacts;
}

/** The supported tags in priority order, or why they cannot be known with certainty. */
export type SupportedTagList = { readonly tags: readonly string[] } | { readonly reason: string };

/** Architectures packaging accepts for manylinux without reading the interpreter's ELF header. */
const MANYLINUX_ARCHES = new Set(['x86_64', 'aarch64', 'ppc64', 'ppc64le', 's390x']);

/** glibc versions with a legacy manylinux alias (PEP 513, 571, 599). */
const LEGACY_MANYLINUX: ReadonlyMap<string, string> = new Map([
  ['2.17', 'manylinux2014'],
  ['2.12', 'manylinux2010'],
  ['2.5', 'manylinux1'],
]);

/** packaging's guess at the last minor version of an older glibc major (there is none yet). */
const LAST_GLIBC_MINOR = 50;

/**
 * The tags `target` supports, in pip's order, or a reason when they cannot be computed with
 * certainty (see the module comment for the supported case). Pure.
 */
export function supportedWheelTags(target: TagTarget): SupportedTagList {
  const facts = target.wheelTags;
  const version = /^(\d+)\.(\d+)$/.exec(target.majorMinor);
  if (target.implementation !== 'cpython') return { reason: `platform tags of ${target.implementation} are not modelled` };
  if (!version) return { reason: `unexpected Python version ${target.majorMinor}` };
  const major = Number(version[1]);
  const minor = Number(version[2]);
  if (major !== 3 || minor < 8) return { reason: `platform tags of Python ${target.majorMinor} are not modelled` };
  const system = target.markerEnvironment['platform_system'];
  if (system !== 'Linux') return { reason: `platform tags on ${system ?? 'an unknown system'} are not modelled` };
  if (facts.pyVersionNodot !== `${major}${minor}`)
    return { reason: `py_version_nodot ${facts.pyVersionNodot ?? 'unset'} differs from ${major}${minor}` };
  if (facts.debugBuild || facts.freeThreaded) return { reason: 'a debug or free-threaded build has extra ABIs' };
  if (!facts.is64bit) return { reason: 'a 32-bit interpreter' };
  const linux = facts.sysconfigPlatform.replace(/[.-]/g, '_');
  const arch = linux.startsWith('linux_') ? linux.slice('linux_'.length) : null;
  if (arch === null || !MANYLINUX_ARCHES.has(arch)) return { reason: `the platform ${facts.sysconfigPlatform} is not modelled` };
  const glibc = /^(\d+)\.(\d+)/.exec(facts.glibcVersion ?? '');
  if (!glibc) return { reason: 'not a glibc Linux (musllinux tags are not modelled)' };
  if (facts.manylinuxOverride) return { reason: 'a _manylinux module may veto manylinux tags' };

  const platforms = [...manylinuxPlatforms(Number(glibc[1]), Number(glibc[2]), arch), linux];
  const interpreter = `cp${major}${minor}`;
  const tags: string[] = [];
  for (const abi of [interpreter, 'abi3', 'none'])
    for (const platform of platforms) tags.push(`${interpreter}-${abi}-${platform}`);
  for (let older = minor - 1; older >= 2; older -= 1)
    for (const platform of platforms) tags.push(`cp${major}${older}-abi3-${platform}`);
  const pythons = [`py${major}${minor}`, `py${major}`];
  for (let older = minor - 1; older >= 0; older -= 1) pythons.push(`py${major}${older}`);
  for (const python of pythons) for (const platform of platforms) tags.push(`${python}-none-${platform}`);
  tags.push(`${interpreter}-none-any`);
  for (const python of pythons) tags.push(`${python}-none-any`);
  return { tags };
}

/** `manylinux_<major>_<minor>_<arch>` from the running glibc down to the oldest, legacy aliases after their version. */
function manylinuxPlatforms(glibcMajor: number, glibcMinor: number, arch: string): string[] {
  const oldest = arch === 'x86_64' ? { major: 2, minor: 5 } : { major: 2, minor: 17 };
  const platforms: string[] = [];
  for (let major = glibcMajor; major >= 2; major -= 1) {
    const highest = major === glibcMajor ? glibcMinor : LAST_GLIBC_MINOR;
    const lowest = major === oldest.major ? oldest.minor : 0;
    for (let minor = highest; minor >= lowest; minor -= 1) {
      platforms.push(`manylinux_${major}_${minor}_${arch}`);
      const legacy = LEGACY_MANYLINUX.get(`${major}.${minor}`);
      if (legacy !== undefined) platforms.push(`${legacy}_${arch}`);
    }
  }
  return platforms;
}
