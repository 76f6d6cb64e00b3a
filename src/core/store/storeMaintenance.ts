/**
 * Store maintenance: orphan cleanup and GC planning/application. Every destructive step on an
 * environment folder happens while holding that key's lock and after re-reading its state, so
 * it cannot race an ensure in another process (which takes the same lock before provisioning).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { tryAcquireKeyLock } from '../locking/keyLock.js';
import { removeTree } from './diskOps.js';
import { planGc } from './gcPolicy.js';
import { isManifestTempFile } from './manifestFile.js';
import type { GcCandidate, GcOptions, GcPlan } from './gcPolicy.js';
import type { ManifestReadResult } from './manifestFile.js';
import type { EnvironmentPaths, StoreLayout } from './storeLayout.js';

/** What maintenance reads of one environment (an `EnvironmentSummary` satisfies it). */
export interface MaintainedEnvironment {
  readonly key: string;
  readonly state: GcCandidate['state'];
  readonly lastUsedAt: string;
  readonly sizeBytes: number | null;
  readonly locked: boolean;
}

/**
 * The narrow view of the store that maintenance works on (`EnvironmentStore` satisfies it): the
 * store calls maintenance with itself, and maintenance never imports the store.
 */
export interface MaintainedStore {
  readonly layout: Pick<StoreLayout, 'tmpDir'>;
  readonly clock: { now(): Date };
  readonly lockStaleMs: number | undefined;
  keys(): Promise<string[]>;
  paths(key: string): Pick<EnvironmentPaths, 'envDir' | 'manifestPath' | 'lockPath'>;
  readManifest(key: string): Promise<ManifestReadResult>;
  list(options: { includeSize?: boolean }): Promise<readonly MaintainedEnvironment[]>;
  summarize(key: string): Promise<MaintainedEnvironment>;
}

/** Default age before debris is considered abandoned. */
export const DEFAULT_ORPHAN_AGE_MS = 60 * 60 * 1000;

/** Options of `cleanOrphans`. */
export interface OrphanCleanupOptions {
  /** Only debris older than this (by mtime) is removed. Default 1 h; 0 removes all debris. */
  readonly olderThanMs?: number;
}

/** What `cleanOrphans` removed (absolute paths) and which keys it left because they were locked. */
export interface OrphanCleanupReport {
  readonly removedTempFiles: readonly string[];
  readonly removedTmpEntries: readonly string[];
  readonly removedEnvDirs: readonly string[];
  readonly skippedLocked: readonly string[];
}

/** What `applyGc` did. */
export interface GcApplyReport {
  readonly removed: readonly string[];
  readonly skipped: readonly {
    readonly key: string;
    readonly reason: 'locked' | 'installing' | 'used_since_plan' | 'not_found';
  }[];
  /** Sum of the planned sizes of the removed environments (0 when sizes were not measured). */
  readonly freedBytes: number;
}

async function mtimeMs(target: string): Promise<number | undefined> {
  try {
    return (await stat(target)).mtimeMs;
  } catch {
    return undefined;
  }
}

function lockOptions(store: MaintainedStore): { staleMs?: number } {
  return store.lockStaleMs === undefined ? {} : { staleMs: store.lockStaleMs };
}

/** Implements `EnvironmentStore.cleanOrphans` (see there). */
export async function cleanStoreOrphans(store: MaintainedStore, options: OrphanCleanupOptions): Promise<OrphanCleanupReport> {
  const cutoff = store.clock.now().getTime() - (options.olderThanMs ?? DEFAULT_ORPHAN_AGE_MS);
  const isOld = (t: number | undefined): boolean => t !== undefined && t <= cutoff;
  const report = {
    removedTempFiles: [] as string[],
    removedTmpEntries: [] as string[],
    removedEnvDirs: [] as string[],
    skippedLocked: [] as string[],
  };

  for (const key of await store.keys()) {
    const { envDir, manifestPath, lockPath } = store.paths(key);
    const names = await readdir(envDir).catch(() => [] as string[]);
    for (const name of names.filter(isManifestTempFile)) {
      const file = path.join(envDir, name);
      if (
        isOld(await mtimeMs(file)) &&
        (await rm(file, { force: true }).then(
          () => true,
          () => false,
        ))
      )
        report.removedTempFiles.push(file);
    }
    const read = await store.readManifest(key);
    const abandoned = !read.ready && (read.reason === 'missing' || read.reason === 'installing');
    if (!abandoned || !isOld(await mtimeMs(read.reason === 'missing' ? envDir : manifestPath))) continue;
    const lock = await tryAcquireKeyLock(lockPath, lockOptions(store)).catch(() => undefined);
    if (!lock) {
      report.skippedLocked.push(key);
      continue;
    }
    try {
      const again = await store.readManifest(key);
      if (
        !again.ready &&
        (again.reason === 'missing' || again.reason === 'installing') &&
        (await removeTree(envDir, store.layout.tmpDir, manifestPath))
      ) {
        report.removedEnvDirs.push(envDir);
      }
    } catch {
      // Leave it for the next run.
    } finally {
      await lock.release();
    }
  }

  const tmpNames = await readdir(store.layout.tmpDir).catch(() => [] as string[]);
  for (const name of tmpNames) {
    const entry = path.join(store.layout.tmpDir, name);
    if (
      isOld(await mtimeMs(entry)) &&
      (await rm(entry, { recursive: true, force: true }).then(
        () => true,
        () => false,
      ))
    )
      report.removedTmpEntries.push(entry);
  }
  return report;
}

/** Implements `EnvironmentStore.planGc`: snapshots the store, then applies the pure policy. */
export async function planStoreGc(store: MaintainedStore, options: GcOptions): Promise<GcPlan> {
  const summaries = await store.list({ includeSize: options.maxSizeBytes !== undefined });
  const candidates: GcCandidate[] = summaries.map((s) => ({
    key: s.key,
    state: s.state,
    lastUsedAt: new Date(s.lastUsedAt),
    sizeBytes: s.sizeBytes,
    locked: s.locked,
  }));
  return planGc(candidates, options);
}

/**
 * Implements `EnvironmentStore.applyGc`: for each planned removal, takes the key's lock (skip if
 * held), re-reads the state (skip `installing`) and the last use (skip if used after the plan's
 * snapshot), then removes the folder. A reuse through the lock-free fast path that starts after
 * this re-check can still lose its environment: run GC when no workflow is running.
 */
export async function applyGcPlan(store: MaintainedStore, plan: GcPlan): Promise<GcApplyReport> {
  const removed: string[] = [];
  const skipped: GcApplyReport['skipped'][number][] = [];
  let freedBytes = 0;
  for (const entry of plan.remove) {
    const { envDir, manifestPath, lockPath } = store.paths(entry.key);
    const lock = await tryAcquireKeyLock(lockPath, lockOptions(store)).catch(() => undefined);
    if (!lock) {
      skipped.push({ key: entry.key, reason: 'locked' });
      continue;
    }
    try {
      const current = await store.summarize(entry.key).catch(() => undefined);
      if (current?.state === 'installing') skipped.push({ key: entry.key, reason: 'installing' });
      else if (current && Date.parse(current.lastUsedAt) > Date.parse(entry.lastUsedAt))
        skipped.push({ key: entry.key, reason: 'used_since_plan' });
      else if (await removeTree(envDir, store.layout.tmpDir, manifestPath)) {
        removed.push(entry.key);
        freedBytes += entry.sizeBytes ?? 0;
      } else skipped.push({ key: entry.key, reason: 'not_found' });
    } finally {
      await lock.release();
    }
  }
  return { removed, skipped, freedBytes };
}
