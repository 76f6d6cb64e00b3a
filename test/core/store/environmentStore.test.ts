import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireKeyLock } from '../../../src/core/locking/keyLock.js';
import { EnvironmentStore } from '../../../src/core/store/environmentStore.js';
import { keyOf, manifestFor } from './support/manifestFixture.js';

let dataDir: string;
let clockNow: Date;
let store: EnvironmentStore;

beforeEach(async () => {
  dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'pantograph store ')), 'data dir');
  clockNow = new Date('2025-06-01T12:00:00.000Z');
  store = new EnvironmentStore({ dataDir, clock: { now: () => clockNow } });
  await store.ensureLayout();
});

afterEach(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

async function fileOf(target: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, Buffer.alloc(bytes, 1));
}

describe('EnvironmentStore manifests and last use', () => {
  it('writes a manifest into the key folder and reads it back as ready', async () => {
    const key = keyOf(1);
    await store.writeManifest(manifestFor(key));
    expect(await readdir(store.envDir(key))).toEqual(['manifest.json']);
    const read = await store.readManifest(key);
    expect(read.ready && read.manifest.requirements_fingerprint).toBe('f'.repeat(64));
  });

  it('answers not ready for an invalid key or a missing environment without throwing', async () => {
    expect(await store.readManifest('../escape')).toMatchObject({ ready: false, reason: 'invalid_key' });
    expect(await store.readManifest(keyOf(2))).toMatchObject({ ready: false, reason: 'missing' });
    expect(await store.markUsed('../escape')).toBe(false);
    expect(await store.markUsed(keyOf(2))).toBe(false);
  });

  it('records reuse in the last_used marker without rewriting the manifest', async () => {
    const key = keyOf(3);
    await store.writeManifest(manifestFor(key));
    const { manifestPath } = store.paths(key);
    const before = { text: await readFile(manifestPath, 'utf8'), mtime: (await stat(manifestPath)).mtimeMs };
    const results = await Promise.all(Array.from({ length: 50 }, () => store.markUsed(key)));
    expect(results.every(Boolean)).toBe(true);
    expect(await store.lastUsed(key)).toEqual(clockNow);
    expect(await readFile(store.paths(key).lastUsedPath, 'utf8')).toBe('');
    expect(await readFile(manifestPath, 'utf8')).toBe(before.text);
    expect((await stat(manifestPath)).mtimeMs).toBe(before.mtime);

    clockNow = new Date('2025-06-02T08:00:00.000Z');
    await store.markUsed(key);
    const [summary] = await store.list();
    expect(summary?.lastUsedAt).toBe('2025-06-02T08:00:00.000Z');
  });
});

describe('EnvironmentStore listing and sizes', () => {
  it('lists environments with state, packages, python version and, on request, their size', async () => {
    const a = keyOf(10);
    const b = keyOf(11);
    await store.writeManifest(manifestFor(a));
    await store.writeManifest(
      manifestFor(b, { state: 'failed', failure: { code: 'dependency_install_failed', message: 'boom' } }),
    );
    await fileOf(path.join(store.envDir(a), 'lib', 'site packages', 'torch', 'big.so'), 5000);
    await fileOf(path.join(store.envDir(a), 'bin', 'tool'), 300);
    await symlink('/usr/bin/env', path.join(store.envDir(a), 'bin', 'python'));
    await mkdir(path.join(dataDir, 'envs', 'python', 'not-a-key'), { recursive: true });
    const manifestBytes = (await stat(store.paths(a).manifestPath)).size;

    expect(await store.sizeOf(a)).toBe(5300 + manifestBytes);
    const listed = await store.list({ includeSize: true });
    expect(listed.map((s) => [s.key, s.state])).toEqual([
      [a, 'ready'],
      [b, 'failed'],
    ]);
    expect(listed[0]).toMatchObject({
      sizeBytes: 5300 + manifestBytes,
      pythonVersion: '3.11.2',
      environmentKind: 'python-venv',
      locked: false,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(listed[0]?.packages).toEqual([
      { name: 'torch', version: '2.5.1' },
      { name: 'numpy', version: '1.26.4' },
    ]);
    expect((await store.list())[0]?.sizeBytes).toBeNull();
  });

  it('lists a folder with a corrupt manifest as unknown with the problem', async () => {
    const key = keyOf(12);
    await fileOf(store.paths(key).manifestPath, 0);
    await writeFile(store.paths(key).manifestPath, '{"manifest_version":1,');
    const [summary] = await store.list();
    expect(summary).toMatchObject({ key, state: 'unknown', problem: 'corrupt', packages: [] });
  });
});

describe('EnvironmentStore removal', () => {
  it('refuses to remove a locked environment unless forced', async () => {
    const key = keyOf(20);
    await store.writeManifest(manifestFor(key));
    const lock = await acquireKeyLock(store.lockPath(key));
    try {
      expect(await store.isLocked(key)).toBe(true);
      expect(await store.remove(key)).toEqual({ removed: false, reason: 'locked' });
      expect((await store.readManifest(key)).ready).toBe(true);
      expect(await store.remove(key, { force: true })).toEqual({ removed: true });
      expect(await store.readManifest(key)).toMatchObject({ ready: false, reason: 'missing' });
    } finally {
      await lock.release();
    }
  });

  it('removes an unlocked environment, leaves no trash behind, and reports a second removal as not found', async () => {
    const key = keyOf(21);
    await store.writeManifest(manifestFor(key));
    await fileOf(path.join(store.envDir(key), 'bin', 'python3'), 10);
    expect(await store.remove(key)).toEqual({ removed: true });
    expect(await store.keys()).toEqual([]);
    expect(await readdir(store.layout.tmpDir)).toEqual([]);
    expect(await store.isLocked(key)).toBe(false);
    expect(await store.remove(key)).toEqual({ removed: false, reason: 'not_found' });
  });

  it('removes an incomplete leftover but keeps a ready environment', async () => {
    const installing = keyOf(22);
    const bare = keyOf(23);
    const ready = keyOf(24);
    await store.writeManifest(manifestFor(installing, { state: 'installing' }));
    await fileOf(path.join(store.envDir(bare), 'pyvenv.cfg'), 20);
    await store.writeManifest(manifestFor(ready));
    expect(await store.removeIncomplete(installing)).toBe(true);
    expect(await store.removeIncomplete(bare)).toBe(true);
    expect(await store.removeIncomplete(ready)).toBe(false);
    expect(await store.removeIncomplete(keyOf(25))).toBe(false);
    expect(await store.keys()).toEqual([ready]);
  });
});

describe('EnvironmentStore orphan cleanup', () => {
  it('removes old temp files, old tmp entries and abandoned folders, keeping recent and locked ones', async () => {
    const old = new Date(clockNow.getTime() - 2 * 3600_000);
    const setOld = (p: string) => utimes(p, old, old);

    const ready = keyOf(30);
    await store.writeManifest(manifestFor(ready));
    const oldTemp = path.join(store.envDir(ready), 'manifest.json.123456');
    const newTemp = path.join(store.envDir(ready), 'manifest.json.654321');
    await writeFile(oldTemp, '{"half');
    await setOld(oldTemp);
    await writeFile(newTemp, '{"half');
    await utimes(newTemp, clockNow, clockNow);

    const bare = keyOf(31);
    await fileOf(path.join(store.envDir(bare), 'pyvenv.cfg'), 5);
    await setOld(store.envDir(bare));
    const abandoned = keyOf(32);
    await store.writeManifest(manifestFor(abandoned, { state: 'installing' }));
    await setOld(store.paths(abandoned).manifestPath);
    const lockedBare = keyOf(33);
    await fileOf(path.join(store.envDir(lockedBare), 'pyvenv.cfg'), 5);
    await setOld(store.envDir(lockedBare));

    const oldTmp = path.join(store.layout.tmpDir, 'pip build 1');
    const newTmp = path.join(store.layout.tmpDir, 'pip build 2');
    await fileOf(path.join(oldTmp, 'x'), 1);
    await setOld(oldTmp);
    await mkdir(newTmp);
    await utimes(newTmp, clockNow, clockNow);

    const lock = await acquireKeyLock(store.lockPath(lockedBare));
    try {
      const report = await store.cleanOrphans();
      expect(report.removedTempFiles).toEqual([oldTemp]);
      expect([...report.removedEnvDirs].sort()).toEqual([store.envDir(bare), store.envDir(abandoned)].sort());
      expect(report.removedTmpEntries).toEqual([oldTmp]);
      expect(report.skippedLocked).toEqual([lockedBare]);
    } finally {
      await lock.release();
    }
    expect(await store.keys()).toEqual([ready, lockedBare]);
    expect((await readdir(store.envDir(ready))).sort()).toEqual(['manifest.json', 'manifest.json.654321']);
    expect(await readdir(store.layout.tmpDir)).toEqual(['pip build 2']);
  });
});
