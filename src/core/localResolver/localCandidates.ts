/**
 * The files pip would consider in local wheel folders (`--find-links <dir>`): wheels and source
 * archives, by normalized distribution name, with each wheel's compatibility with the target
 * interpreter and its rank (pip's preference among the wheels of one version): from the full
 * supported tag list where `wheelTags.ts` computes it, else from pure-Python tags only.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { valid } from '@renovatebot/pep440';
import { expandCompressedTag } from '../packaging/compressedTag.js';
import { normalizeDistName, parseWheelFileName } from '../wheelInstaller/wheelMetadata.js';
import type { WheelFileNameParts } from '../wheelInstaller/wheelMetadata.js';
import { supportedWheelTags } from './wheelTags.js';
import type { TagTarget } from './wheelTags.js';

/** Whether a wheel's tags fit the target: certainly, certainly not, or not knowable here. */
export type TagCompatibility = 'compatible' | 'incompatible' | 'unknown';

/** One file of a wheel folder that may satisfy a requirement. */
export interface CandidateFile {
  readonly path: string;
  /** The `file:` URL of `path`. */
  readonly url: string;
  readonly fileName: string;
  readonly version: string;
  readonly kind: 'wheel' | 'sdist';
  /** For wheels; `'unknown'` for source archives (they would have to be built). */
  readonly compatibility: TagCompatibility;
  /** A compatible wheel's best (lowest) position in the supported tags; `null` when not known for certain, or not a compatible wheel. */
  readonly rank: number | null;
  /** A wheel's build tag as pip compares it (`(number, rest)`), or `null` when it has none (pip's `()`, lower than any). */
  readonly build: readonly [number, string] | null;
}

/** The tags a target supports, by pip's priority (0 = most preferred). */
export interface SupportedTags {
  readonly priority: ReadonlyMap<string, number>;
  /** `null` when `priority` holds every tag pip supports; else why only pure-Python tags are known. */
  readonly platformUnknown: string | null;
}

/** The folders' files, looked up by normalized name. */
export interface CandidateIndex {
  /** Every candidate file for `name` (normalized), in folder order. */
  candidates(name: string): readonly CandidateFile[];
}

const SDIST_SUFFIX = /\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|tar|zip)$/i;

/** The parts of a wheel file name (`parseWheelFileName`), or `null` when it is not one. Pure. */
export function wheelNameParts(fileName: string): WheelFileNameParts | null {
  try {
    return parseWheelFileName(fileName);
  } catch {
    return null;
  }
}

/**
 * The pure-Python tags a CPython or PyPy `major.minor` supports, as `packaging.tags` lists them
 * (`cp311-none-any`, `py311-none-any`, `py3-none-any`, `py310-none-any`, …, `py30-none-any`), or
 * `null` for another implementation (nothing can be said about its tags). Pure.
 */
export function pureTagsFor(majorMinor: string, implementation: string): ReadonlySet<string> | null {
  const prefix = implementation === 'cpython' ? 'cp' : implementation === 'pypy' ? 'pp' : null;
  const match = /^(\d+)\.(\d+)$/.exec(majorMinor);
  if (prefix === null || !match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const tags = new Set([`${prefix}${major}${minor}-none-any`, `py${major}${minor}-none-any`, `py${major}-none-any`]);
  for (let m = minor - 1; m >= 0; m -= 1) tags.add(`py${major}${m}-none-any`);
  return tags;
}

/**
 * The tags `target` supports: every tag pip supports, in pip's order, when `supportedWheelTags`
 * computes them; else its pure-Python tags (`pureTagsFor`) with the reason platform tags are not
 * known; `null` when not even those are known (an implementation other than CPython or PyPy). Pure.
 */
export function supportedTagsFor(target: TagTarget): SupportedTags | null {
  const full = supportedWheelTags(target);
  if ('tags' in full) return { priority: new Map(full.tags.map((tag, i) => [tag, i])), platformUnknown: null };
  const pure = pureTagsFor(target.majorMinor, target.implementation);
  if (pure === null) return null;
  return { priority: new Map([...pure].map((tag, i) => [tag, i])), platformUnknown: full.reason };
}

/**
 * How a wheel file name fits `supported` (compressed tag sets such as `py2.py3-none-any`
 * expanded): `compatible` with its best `rank` when any tag is supported, `incompatible` when none
 * is. When only pure-Python tags are known, a wheel with another tag is `unknown` unless it also
 * carries a supported pure tag (then compatible, but of uncertain rank: `null`). Pure.
 */
export function wheelCompatibility(
  fileName: string,
  supported: SupportedTags | null,
): { compatibility: TagCompatibility; rank: number | null } {
  const parts = wheelNameParts(fileName);
  if (parts === null || supported === null) return { compatibility: 'unknown', rank: null };
  let best: number | null = null;
  let pureOnly = true;
  for (const tag of expandCompressedTag(parts.tag.toLowerCase())) {
    const rank = supported.priority.get(tag);
    if (rank !== undefined && (best === null || rank < best)) best = rank;
    if (!tag.endsWith('-none-any')) pureOnly = false;
  }
  const certain = supported.platformUnknown === null || pureOnly;
  if (best !== null) return { compatibility: 'compatible', rank: certain ? best : null };
  return { compatibility: certain ? 'incompatible' : 'unknown', rank: null };
}

/** A build tag as pip compares it: its leading number and the rest (`1b` → `[1, 'b']`), or `null`. Pure. */
export function buildTagKey(build: string | null): readonly [number, string] | null {
  const match = build === null ? null : /^(\d+)(.*)$/.exec(build);
  return match ? [Number(match[1]), match[2]!] : null;
}

/**
 * The wheel pip prefers among the fitting wheels of one version (pip's `_sort_key`: the lowest tag
 * rank, then the highest build tag, none lowest), or why that is not certain: a rank is not known,
 * or the best two tie (pip's pick would then depend on the order it listed the files in). Pure.
 */
export function preferredWheel(wheels: readonly CandidateFile[]): CandidateFile | { reason: string } {
  if (wheels.length === 1) return wheels[0]!;
  if (wheels.some((w) => w.rank === null)) return { reason: 'their tags cannot all be ranked for this Python' };
  const ranked = [...wheels].sort((a, b) => a.rank! - b.rank! || compareBuildTags(b.build, a.build));
  const [best, next] = ranked as [CandidateFile, CandidateFile];
  if (best.rank === next.rank && compareBuildTags(best.build, next.build) === 0)
    return { reason: `pip ranks ${best.fileName} and ${next.fileName} equal` };
  return best;
}

/** Compares build tags as pip's tuples compare: none (`()`) lowest, then the number, then the rest. */
function compareBuildTags(a: readonly [number, string] | null, b: readonly [number, string] | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/**
 * Lists `folders` (missing or unreadable folders are skipped, as pip skips them) into an index.
 * Files whose name or version do not parse are ignored, as pip ignores them.
 */
export async function scanWheelFolders(folders: readonly string[], supported: SupportedTags | null): Promise<CandidateIndex> {
  const wheels = new Map<string, CandidateFile[]>();
  const archives: { path: string; fileName: string; stem: string }[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const fileName of names.sort()) {
      const filePath = path.join(folder, fileName);
      const wheel = wheelNameParts(fileName);
      if (wheel) {
        const version = wheel.version;
        if (valid(version) === null) continue;
        const name = normalizeDistName(wheel.name);
        const list = wheels.get(name) ?? [];
        list.push({
          path: filePath,
          url: pathToFileURL(filePath).href,
          fileName,
          version,
          kind: 'wheel',
          ...wheelCompatibility(fileName, supported),
          build: buildTagKey(wheel.build),
        });
        wheels.set(name, list);
      } else if (SDIST_SUFFIX.test(fileName)) {
        archives.push({ path: filePath, fileName, stem: fileName.replace(SDIST_SUFFIX, '') });
      }
    }
  }
  return {
    candidates(name: string): readonly CandidateFile[] {
      return [...(wheels.get(name) ?? []), ...archivesFor(name, archives)];
    },
  };
}

/** Source archives whose `<name>-<version>` stem matches `name` (pip splits at the first matching hyphen). */
function archivesFor(name: string, archives: readonly { path: string; fileName: string; stem: string }[]): CandidateFile[] {
  const found: CandidateFile[] = [];
  for (const archive of archives) {
    for (let at = archive.stem.indexOf('-'); at > 0; at = archive.stem.indexOf('-', at + 1)) {
      if (normalizeDistName(archive.stem.slice(0, at)) !== name) continue;
      const version = archive.stem.slice(at + 1);
      if (valid(version) !== null)
        found.push({
          path: archive.path,
          url: pathToFileURL(archive.path).href,
          fileName: archive.fileName,
          version,
          kind: 'sdist',
          compatibility: 'unknown',
          rank: null,
          build: null,
        });
      break;
    }
  }
  return found;
}
