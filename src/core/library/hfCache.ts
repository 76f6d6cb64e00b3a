/**
 * The user's Hugging Face hub cache: where it is and which model snapshots it holds. Only
 * directory listings and small file reads (`refs/main`); nothing is downloaded, no Python runs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The hub cache directory, first match: `HF_HUB_CACHE`, the legacy `HUGGINGFACE_HUB_CACHE`,
 * `$HF_HOME/hub`, `$XDG_CACHE_HOME/huggingface/hub`, `<home>/.cache/huggingface/hub`. Blank
 * variables count as unset. Pure.
 * @example hfHubCacheDir({ HF_HOME: '/data/hf' }, '/home/me') === '/data/hf/hub'
 */
export function hfHubCacheDir(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const direct = value('HF_HUB_CACHE') ?? value('HUGGINGFACE_HUB_CACHE');
  if (direct) return direct;
  const hfHome = value('HF_HOME');
  if (hfHome) return join(hfHome, 'hub');
  const xdg = value('XDG_CACHE_HOME');
  return join(xdg ?? join(home, '.cache'), 'huggingface', 'hub');
}

/** One model snapshot in the cache. */
export interface HfCacheSnapshot {
  /** `org/name` (or `name` for repos without an org). */
  readonly repo_id: string;
  /** The commit the snapshot belongs to. */
  readonly revision: string;
  /** `<cache>/models--org--name/snapshots/<revision>`: a normal model folder. */
  readonly folder: string;
}

/**
 * `models--org--name` → `org/name`; `models--name` → `name`; anything else → `undefined`. Repo
 * names may contain `-` but never `--`, so the split is unambiguous. Pure.
 */
export function repoIdFromCacheFolder(name: string): string | undefined {
  if (!name.startsWith('models--')) return undefined;
  const parts = name.slice('models--'.length).split('--');
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === '')) return undefined;
  return parts.join('/');
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/**
 * The model snapshots in `cacheDir`, sorted by repo id: for each `models--*` folder, the
 * snapshot `refs/main` names, else (no readable `refs/main`, or it names a missing snapshot) the
 * only snapshot, else the last one in name order. Datasets and spaces are skipped. A missing or
 * unreadable cache gives `[]`. Never throws.
 */
export async function scanHfCache(cacheDir: string): Promise<HfCacheSnapshot[]> {
  const found: HfCacheSnapshot[] = [];
  for (const name of await list(cacheDir)) {
    const repoId = repoIdFromCacheFolder(name);
    if (repoId === undefined) continue;
    const repoDir = join(cacheDir, name);
    const snapshots = await list(join(repoDir, 'snapshots'));
    if (snapshots.length === 0) continue;
    let main: string | undefined;
    try {
      main = (await readFile(join(repoDir, 'refs', 'main'), 'utf8')).trim();
    } catch {
      main = undefined;
    }
    const revision = main !== undefined && snapshots.includes(main) ? main : (snapshots[snapshots.length - 1] as string);
    found.push({ repo_id: repoId, revision, folder: join(repoDir, 'snapshots', revision) });
  }
  return found.sort((a, b) => (a.repo_id < b.repo_id ? -1 : a.repo_id > b.repo_id ? 1 : 0));
}
