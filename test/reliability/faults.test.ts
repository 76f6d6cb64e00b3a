/**
 * Faults a user's machine produces: a full disk during install, a read-only data dir, and a lock
 * taken away mid-install. Each ends in a clear `failed` outcome, never `ready`, never a throw;
 * the disk-full case also gives its space back. Needs root for the size-limited tmpfs mounts
 * (`.ci/run` runs as root).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, writeFixtureWheel, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let big: FixtureWheel;
let chain: FixtureWheel[];
const mounts: string[] = [];

/** Mounts a fresh tmpfs at `dir` (root only), unmounted after the suite. */
async function mountTmpfs(dir: string, options: string): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('these fault tests mount tmpfs and need root (CI runs as root)');
  await mkdir(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
}

async function usedBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return (s.blocks - s.bfree) * s.bsize;
}

beforeAll(async () => {
  temp = await makeTempDir('faults');
  wheelDir = join(temp.dir, 'wheels');
  await mkdir(wheelDir, { recursive: true });
  // 24 MB of data once installed: more than the 16 MB disk below.
  const blob = Array.from({ length: 24 * 1024 }, (_, i) => `${i.toString(36).padStart(8, '0')}${'x'.repeat(1015)}\n`).join('');
  big = await writeFixtureWheel(wheelDir, 'fault-big', '1.0.0', [], { extraModules: { 'fault_big/blob.txt': blob } });
  chain = await writeWheelChain(wheelDir, 6, 'fault-chain');
});

afterAll(async () => {
  for (const dir of mounts.reverse()) execFileSync('umount', ['-l', dir]);
  await temp.cleanup();
});

function request(wheels: readonly FixtureWheel[]) {
  return { requirements: payloadFor(wheels), overrides: [wheelFolderPatch('test-binding', wheelDir)] };
}

describe('faults during ensure', () => {
  // pip reports the full disk as a failed install; the store installer (unpack / link in Node) as io_error.
  it.each([
    ['pip', 'dependency_install_failed', /No space left on device|Errno 28/],
    ['store', 'io_error', /ENOSPC|no space left on device/i],
  ] as const)(
    'fails clearly when the disk fills during install (%s installer), marks nothing ready and reclaims the space',
    async (installer, code, message) => {
      const disk = join(temp.dir, `small disk ${installer}`);
      await mountTmpfs(disk, 'size=16m');
      const h = createServiceHarness(join(disk, 'data'), { installer });
      const before = await usedBytes(disk);
      const outcome = await h.service.ensure(request([big]));
      expect(outcome.state).toBe('failed');
      expect(outcome.errors[0]?.code).toBe(code);
      expect(outcome.errors[0]?.message).toMatch(message);
      expect(outcome.ref?.python_executable).toBeNull();
      const key = outcome.ref!.environment_key!;
      const manifest = await h.store.readManifest(key);
      expect(manifest.ready).toBe(false);
      // Only the small `failed` marker remains: the half-written venv is gone.
      expect(await readdir(h.store.envDir(key))).toEqual(['manifest.json']);
      expect((await usedBytes(disk)) - before).toBeLessThan(1024 * 1024);
    },
  );

  it('fails with io_error naming the data dir when it is read-only, without throwing', async () => {
    const readOnly = join(temp.dir, 'read only');
    await mountTmpfs(readOnly, 'size=1m,ro');
    const h = createServiceHarness(join(readOnly, 'data'));
    const outcome = await h.service.ensure(request(chain.slice(0, 1)));
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('io_error');
    expect(outcome.errors[0]?.message).toContain(readOnly);
    expect(existsSync(join(readOnly, 'data', 'envs'))).toBe(false);
  });

  it('ends failed with lock_compromised, not ready, when the lock is taken away mid-install', async () => {
    const h = createServiceHarness(join(temp.dir, 'data compromised'), { lockStaleMs: 2000, lockUpdateMs: 1000 });
    let lockPath = '';
    const outcome = await h.service.ensure(request(chain), {
      onProgress: (e) => {
        if (e.phase === 'create' && e.environmentKey && lockPath === '') {
          lockPath = h.store.lockPath(e.environmentKey);
          // Another machine on a shared store "breaks" the lock while this one installs.
          void rm(lockPath, { recursive: true, force: true });
        }
      },
    });
    expect(lockPath).not.toBe('');
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('lock_compromised');
    const manifest = await h.store.readManifest(outcome.ref!.environment_key!);
    expect(manifest.ready).toBe(false);
  });
});
