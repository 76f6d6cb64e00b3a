/**
 * The failure paths of `ensureLocked` once it has the key's lock (real venvs, real pip): a
 * cancelled install and a pip that cannot install the locked set both end `failed` with the
 * key, leave only a `failed` manifest in the environment's folder (the venv removed), and emit the progress of the steps
 * they reached, in order.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnsureProgressEvent } from '../../../src/core/domain/progress.js';
import { createDefaultEnvironmentService } from '../../../src/core/environment/createDefaultEnvironmentService.js';
import { ensureLocked } from '../../../src/core/interop/lockedEnsure.js';
import type { LockedEnsureDeps, LockedEnsureOutcome } from '../../../src/core/interop/lockedEnsure.js';
import { basePythonExecutable, childEnv } from '../../support/python.js';
import { writeToyPayload } from '../../support/toyPayload.js';
import type { ToyPayload } from '../../support/toyPayload.js';

function lockEntry(name: string, version: string, location: string, sha256: string): string {
  return `[[packages]]\nname = "${name}"\nversion = "${version}"\nwheels = [{ ${location}, hashes = { sha256 = "${sha256}" } }]\n`;
}

describe('ensureLocked, when the install under the lock fails (real venvs, pip)', () => {
  let dir: string;
  let toy: ToyPayload;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pantograph-locked-ensure-'));
    toy = await writeToyPayload(dir);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function run(
    lockText: string,
    dataDirName: string,
    abortOnInstall = false,
  ): Promise<{ outcome: LockedEnsureOutcome; events: EnsureProgressEvent[]; deps: LockedEnsureDeps }> {
    const lockPath = path.join(dir, `${dataDirName}.pylock.toml`);
    await writeFile(lockPath, lockText);
    const env = childEnv();
    const services = createDefaultEnvironmentService({
      dataDir: path.join(dir, dataDirName),
      settings: () => ({ defaultIndexUrl: null }),
      env,
    });
    const deps: LockedEnsureDeps = { ...services, platform: process.platform, parentEnv: env };
    const controller = new AbortController();
    const events: EnsureProgressEvent[] = [];
    const outcome = await ensureLocked(
      deps,
      { requirements: toy.payload, lockBytes: await readFile(lockPath), lockPath, python: basePythonExecutable() },
      {
        signal: controller.signal,
        onProgress: (event) => {
          events.push(event);
          if (abortOnInstall && event.phase === 'install') controller.abort();
        },
      },
    );
    return { outcome, events, deps };
  }

  async function expectFailedManifest(deps: LockedEnsureDeps, key: string, code: string): Promise<void> {
    const read = await deps.store.readManifest(key);
    expect(read.ready).toBe(false);
    expect(read.manifest).toMatchObject({ state: 'failed', failure: { code } });
    expect(await readdir(deps.store.envDir(key))).toEqual([path.basename(deps.store.paths(key).manifestPath)]);
  }

  it('ends cancelled when the signal aborts as pip is about to start', async () => {
    const [app, lib] = toy.wheels;
    const lock =
      'lock-version = "1.0"\ncreated-by = "test"\n' +
      lockEntry(app!.name, app!.version, `path = "${app!.path}"`, app!.hash.slice(7)) +
      lockEntry(lib!.name, lib!.version, `path = "${lib!.path}"`, lib!.hash.slice(7));
    const { outcome, events, deps } = await run(lock, 'data-cancel', true);
    expect(outcome).toMatchObject({ state: 'failed', reused: false, installed: false, packages: 0, pythonExecutable: null });
    expect(outcome.environmentKey).toMatch(/^[0-9a-f]{20}$/);
    expect(outcome.errors).toEqual([expect.objectContaining({ code: 'cancelled', message: 'the locked install was cancelled' })]);
    expect(events.map((e) => e.phase)).toEqual(['resolve', 'create', 'install']);
    await expectFailedManifest(deps, outcome.environmentKey!, 'cancelled');
  });

  it('ends dependency_install_failed with pip’s output when a locked wheel URL cannot be read', async () => {
    const [app, lib] = toy.wheels;
    const missing = pathToFileURL(path.join(dir, 'gone', path.basename(lib!.path))).href;
    const lock =
      'lock-version = "1.0"\ncreated-by = "test"\n' +
      lockEntry(app!.name, app!.version, `path = "${app!.path}"`, app!.hash.slice(7)) +
      lockEntry(lib!.name, lib!.version, `url = "${missing}"`, lib!.hash.slice(7));
    const { outcome, events, deps } = await run(lock, 'data-pip');
    expect(outcome.state).toBe('failed');
    expect(outcome.errors).toEqual([
      expect.objectContaining({
        code: 'dependency_install_failed',
        message: expect.stringMatching(/^pip could not install the locked set \(exit 1\):\n/),
      }),
    ]);
    const phases = events.map((e) => e.phase);
    expect(phases.slice(0, 3)).toEqual(['resolve', 'create', 'install']);
    expect(events[2]).toMatchObject({ message: 'installing 2 locked package(s)', percent: 0 });
    expect(phases).not.toContain('validate');
    expect(phases).not.toContain('commit');
    await expectFailedManifest(deps, outcome.environmentKey!, 'dependency_install_failed');
  });
});
