/**
 * GC of the package store: removes `wheels/`, `packages/` and `built/` entries that no
 * environment manifest references (`resolved_packages[].sha256`, any state — an `installing`
 * manifest records its set before linking). Never runs while an environment is being installed
 * (a live environment lock), and takes each entry's own lock before removing it (skipped when
 * busy). Removal renames the entry into `tmp/` first, so a reader sees it whole or not at all.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isKeyLocked, tryAcquireKeyLock } from '../locking/keyLock.js';
import { removeTree } from '../store/diskOps.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import { treeUsage } from './diskUsage.js';
import { SHA256_PATTERN } from './packageStoreLayout.js';
import type { PackageStoreLayout } from './packageStoreLayout.js';

/** What a store GC did (or, with `dryRun`, would do). */
export interface StoreGcReport {
  /** sha256 of the removed (or removable) entries. */
  readonly removed: readonly string[];
  readonly freedBytes: number;
  /** Why nothing or not everything was removed. */
  readonly skipped: readonly { readonly sha256: string | null; readonly reason: string }[];
}

/** Every sha256 referenced by any environment manifest of `store` (any state). */
export async function referencedEntries(store: EnvironmentStore): Promise<Set<string>> {
  const referenced = new Set<string>();
  for (const key of await store.keys()) {
    try {
      const raw = JSON.parse(await readFile(store.paths(key).manifestPath, 'utf8')) as {
        resolved_packages?: { sha256?: unknown }[];
      };
      for (const p of raw.resolved_packages ?? []) if (typeof p.sha256 === 'string') referenced.add(p.sha256);
    } catch {
      // A missing or corrupt manifest references nothing.
    }
  }
  return referenced;
}

async function shaFolders(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => SHA256_PATTERN.test(n));
}

/** Removes (unless `dryRun`) every unreferenced store entry. Never throws for a busy entry: it is skipped. */
export async function collectPackageStore(
  store: EnvironmentStore,
  layout: PackageStoreLayout,
  options: { dryRun?: boolean } = {},
): Promise<StoreGcReport> {
  const keys = await store.keys();
  const installing = (await Promise.all(keys.map(async (k) => ((await isKeyLocked(store.lockPath(k))) ? k : null)))).filter(
    (k): k is string => k !== null,
  );
  if (installing.length > 0)
    return {
      removed: [],
      freedBytes: 0,
      skipped: [
        {
          sha256: null,
          reason: `environment(s) ${installing.join(', ')} are being installed; the package store is collected when none is`,
        },
      ],
    };
  const referenced = await referencedEntries(store);
  const built = (await readdir(layout.builtDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const builtTargets = new Map<string, string>();
  for (const name of built) {
    const record = await readFile(path.join(layout.builtDir, name), 'utf8')
      .then((t) => JSON.parse(t) as { sha256?: string })
      .catch(() => ({}) as { sha256?: string });
    if (record.sha256) builtTargets.set(name.slice(0, -'.json'.length), record.sha256);
  }
  const candidates = [...new Set([...(await shaFolders(layout.packagesDir)), ...(await shaFolders(layout.wheelsDir))])]
    .filter((sha) => !referenced.has(sha))
    .sort();
  const removed: string[] = [];
  const skipped: { sha256: string | null; reason: string }[] = [];
  let freedBytes = 0;
  for (const sha of candidates) {
    const locks = await Promise.all(
      ['package', 'wheel'].map((kind) => tryAcquireKeyLock(layout.lockPath(kind as 'package' | 'wheel', sha))),
    );
    try {
      if (locks.some((l) => l === undefined)) {
        skipped.push({ sha256: sha, reason: 'in use (its entry lock is held)' });
        continue;
      }
      const usage = await Promise.all([treeUsage(layout.packageDir(sha)), treeUsage(layout.wheelDir(sha))]);
      // Files still linked into environments are not freed by removing the entry.
      freedBytes += usage.reduce((n, u) => n + u.ownBytes, 0);
      removed.push(sha);
      if (options.dryRun) continue;
      await removeTree(layout.packageDir(sha), layout.tmpDir);
      await removeTree(layout.wheelDir(sha), layout.tmpDir);
      for (const [sdist, wheelSha] of builtTargets) if (wheelSha === sha) await rm(layout.builtRecord(sdist), { force: true });
    } finally {
      await Promise.all(locks.map((l) => l?.release()));
    }
  }
  return { removed, freedBytes, skipped };
}
