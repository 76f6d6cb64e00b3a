import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireKeyLock } from '../../../src/core/locking/keyLock.js';
import { EnvironmentStore } from '../../../src/core/store/environmentStore.js';
import { keyOf, manifestFor } from './support/manifestFixture.js';

const DAY = 86_400_000;
let root: string;
let clockNow: Date;
let store: EnvironmentStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pantograph gc '));
  clockNow = new Date('2025-06-30T00:00:00.000Z');
  store = new EnvironmentStore({ dataDir: path.join(root, 'data dir'), clock: { now: () => clockNow } });
  await store.ensureLayout();
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Creates an environment of `bytes` payload bytes last used `daysAgo` days before now. */
async function environment(n: number, daysAgo: number, bytes: number, state: 'ready' | 'installing' = 'ready'): Promise<string> {
  const key = keyOf(n);
  await store.writeManifest(manifestFor(key, { state }));
  const payload = path.join(store.envDir(key), 'lib', 'payload.bin');
  await mkdir(path.dirname(payload), { recursive: true });
  await writeFile(payload, Buffer.alloc(bytes));
  const saved = clockNow;
  clockNow = new Date(saved.getTime() - daysAgo * DAY);
  await store.markUsed(key);
  clockNow = saved;
  return key;
}

describe('EnvironmentStore GC', () => {
  it('plans removals by age and LRU size budget from real folders, skipping locked and installing ones', async () => {
    const old = await environment(1, 60, 1000);
    const lru = await environment(2, 10, 50_000);
    const recent = await environment(3, 1, 50_000);
    const installing = await environment(4, 90, 1000, 'installing');
    const locked = await environment(5, 90, 1000);
    const lock = await acquireKeyLock(store.lockPath(locked));
    try {
      const plan = await store.planGc({ maxAgeDays: 30, maxSizeBytes: 60_000 });
      expect(plan.remove.map((e) => [e.key, e.code])).toEqual([
        [old, 'unused_too_long'],
        [lru, 'over_size_budget'],
      ]);
      expect(Object.fromEntries(plan.keep.map((e) => [e.key, e.code]))).toEqual({
        [installing]: 'installing',
        [locked]: 'locked',
        [recent]: 'within_policy',
      });
      expect(plan.now).toBe(clockNow.toISOString());
      expect(plan.remove[0]?.sizeBytes).toBeGreaterThan(1000);

      const report = await store.applyGc(plan);
      expect(report.removed).toEqual([old, lru]);
      expect(report.skipped).toEqual([]);
      expect(report.freedBytes).toBeGreaterThan(51_000);
      expect(await store.keys()).toEqual([recent, installing, locked]);
    } finally {
      await lock.release();
    }
  });

  it('plans without measuring sizes when there is no size budget', async () => {
    await environment(1, 60, 10);
    const plan = await store.planGc({ maxAgeDays: 30 });
    expect(plan.remove[0]?.sizeBytes).toBeNull();
    expect(plan.totalBytes).toBeNull();
  });

  it('skips at apply time an environment that was locked, started installing or used after the plan', async () => {
    const nowLocked = await environment(1, 60, 10);
    const reused = await environment(2, 60, 10);
    const reinstalling = await environment(3, 60, 10);
    const gone = await environment(4, 60, 10);
    const plan = await store.planGc({ maxAgeDays: 30 });
    expect(plan.remove).toHaveLength(4);

    const lock = await acquireKeyLock(store.lockPath(nowLocked));
    await store.markUsed(reused);
    await store.writeManifest(manifestFor(reinstalling, { state: 'installing' }));
    await store.remove(gone);
    try {
      const report = await store.applyGc(plan);
      expect(report.removed).toEqual([]);
      expect(report.skipped).toEqual([
        { key: nowLocked, reason: 'locked' },
        { key: reused, reason: 'used_since_plan' },
        { key: reinstalling, reason: 'installing' },
        { key: gone, reason: 'not_found' },
      ]);
    } finally {
      await lock.release();
    }
    expect(await store.keys()).toEqual([nowLocked, reused, reinstalling]);
  });
});
