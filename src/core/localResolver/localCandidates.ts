/**
 * The files pip would consider in local wheel folders (`--find-links <dir>`): wheels and source
 * archives, by normalized distribution name, with each wheel's compatibility with the target
 * interpreter as far as it can be known without `packaging.tags` (pure-Python tags only).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { valid } from '@renovatebot/pep440';
import { normalizeDistName, parseWheelFileName } from '../wheelInstaller/wheelMetadata.js';
import type { WheelFileNameParts } from '../wheelInstaller/wheelMetadata.js';

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
 * Compatibility of a wheel file name with `supported` pure tags (compressed tag sets such as
 * `py2.py3-none-any` expanded). A wheel with any ABI other than `none` or platform other than
 * `any` is `unknown`, unless it also carries a supported pure tag. Pure.
 */
export function wheelCompatibility(fileName: string, supported: ReadonlySet<string> | null): TagCompatibility {
  const parts = wheelNameParts(fileName);
  if (parts === null || supported === null) return 'unknown';
  const [pythons, abis, platforms] = parts.tag
    .toLowerCase()
    .split('-')
    .map((part) => part.split('.'));
  let pureOnly = true;
  for (const python of pythons ?? [])
    for (const abi of abis ?? [])
      for (const platform of platforms ?? []) {
        const tag = `${python}-${abi}-${platform}`;
        if (supported.has(tag)) return 'compatible';
        if (abi !== 'none' || platform !== 'any') pureOnly = false;
      }
  return pureOnly ? 'incompatible' : 'unknown';
}

/**
 * Lists `folders` (missing or unreadable folders are skipped, as pip skips them) into an index.
 * Files whose name or version do not parse are ignored, as pip ignores them.
 */
export async function scanWheelFolders(
  folders: readonly string[],
  supported: ReadonlySet<string> | null,
): Promise<CandidateIndex> {
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
          compatibility: wheelCompatibility(fileName, supported),
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
        });
      break;
    }
  }
  return found;
}
