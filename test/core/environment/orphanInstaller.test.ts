import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, writeFixtureWheel } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { stopOrphanInstaller } from '../../../src/core/environment/orphanInstaller.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let wheel: FixtureWheel;

beforeAll(async () => {
  temp = await makeTempDir('orphan installer');
  wheelDir = join(temp.dir, 'wheels');
  await mkdir(wheelDir, { recursive: true });
  wheel = await writeFixtureWheel(wheelDir, 'orphan-pkg', '1.0.0');
});
afterAll(async () => temp.cleanup());

/**
 * A detached stand-in for an orphaned pip: its command line names `envDir`, like pip's `--python`.
 * Resolves once the interpreter itself runs: `python3` may be a chain of exec'ing shims (pyenv),
 * and while a process is mid-exec its /proc cmdline reads empty — a real orphan is long past that.
 */
async function startFakeInstaller(envDir: string): Promise<{ pid: number; exited: Promise<NodeJS.Signals | null> }> {
  const child = spawn(
    'python3',
    ['-c', 'import time; print("running", flush=True); time.sleep(600)', '--python', join(envDir, 'bin', 'python')],
    { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('error', reject);
    void exited.then(() => reject(new Error('the stand-in installer exited before it ran')));
  });
  return { pid: child.pid!, exited };
}

/** Kills the stand-in's process group if it is still there, so no test leaves a sleeper behind. */
function killIfAlive(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('an installer orphaned by a crashed ensure', () => {
  it('is stopped by the next ensure before it rebuilds the environment', async () => {
    // The pip installer: its one pip process writes into the environment (`--python <env>`). The
    // store installer's pip only resolves and never touches the environment.
    const h = createServiceHarness(join(temp.dir, 'data'), { installer: 'pip' });
    const request = { requirements: payloadFor([wheel]), overrides: [wheelFolderPatch('test-binding', wheelDir)] };
    const computed = await h.service.computeKey(request);
    if (!computed.ok) throw new Error('no key');
    const manifestPath = h.store.paths(computed.key.shortKey).manifestPath;
    const recordedPids = new Set<unknown>();
    const first = await h.service.ensure(request, {
      onProgress: (e) => {
        if (!e.line) return;
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
        recordedPids.add(manifest.install?.installer_pid);
      },
    });
    const key = first.ref!.environment_key!;
    // While pip ran, the installing manifest named it.
    expect([...recordedPids].some((pid) => typeof pid === 'number')).toBe(true);
    const read = await h.store.readManifest(key);
    if (!read.ready) throw new Error('expected a ready manifest');
    const orphan = await startFakeInstaller(h.store.envDir(key));
    // What a process killed mid-install leaves behind: an `installing` manifest naming its pip.
    await h.store.writeManifest({
      ...read.manifest,
      state: 'installing',
      install: { ...read.manifest.install, installer_pid: orphan.pid, installer_host: hostname() },
    });

    const events: string[] = [];
    try {
      const second = await h.service.ensure(request, { onProgress: (e) => void events.push(e.message) });
      expect(events.some((m) => m.includes('stopped an installer left running'))).toBe(true);
      expect(await orphan.exited).toBe('SIGKILL');
      expect(second.state).toBe('ready');
      expect(second.installed).toBe(true);
    } finally {
      killIfAlive(orphan.pid);
    }
  });

  it('leaves alone a recorded PID that is not an installer of this environment', async () => {
    const unrelated = await startFakeInstaller(join(temp.dir, 'some other env'));
    try {
      expect(
        await stopOrphanInstaller(
          { installer_pid: unrelated.pid, installer_host: hostname() },
          join(temp.dir, 'data', 'envs', 'python', 'abc'),
          process.platform,
        ),
      ).toBe(false);
      expect(
        await stopOrphanInstaller(
          { installer_pid: unrelated.pid, installer_host: 'another-machine' },
          join(temp.dir, 'some other env'),
          process.platform,
        ),
      ).toBe(false);
      expect(() => process.kill(unrelated.pid, 0)).not.toThrow();
    } finally {
      killIfAlive(unrelated.pid);
      await unrelated.exited;
    }
  });
});
