import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, writeWheelChain } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../support/serviceHarness.js';
import { basePythonExecutable, childEnv } from '../support/python.js';
import { importCheck, readManifestJson } from './support/workers.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];

beforeAll(async () => {
  temp = await makeTempDir('base interpreter');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  chain = await writeWheelChain(wheelDir, 3, 'base-chain');
});
afterAll(async () => temp.cleanup());

/** A disposable "base interpreter": a venv with copied binaries (and pip), deleted later by the test. */
function makeDisposableBase(name: string): { dir: string; python: string } {
  const dir = join(temp.dir, name);
  execFileSync(basePythonExecutable(), ['-m', 'venv', '--copies', dir], { env: childEnv() });
  const python = join(
    dir,
    process.platform === 'win32' ? 'Scripts' : 'bin',
    process.platform === 'win32' ? 'python.exe' : 'python',
  );
  return { dir, python };
}

function request(bindingId: string, overrides: unknown[] = []) {
  return { requirements: payloadFor(chain, { bindingId }), overrides: [wheelFolderPatch(bindingId, wheelDir), ...overrides] };
}

describe('a base interpreter deleted after its environment was built', () => {
  it('is never reused: manual mode reports missing, and auto mode rebuilds from another interpreter that works', async () => {
    const base = makeDisposableBase('base venv default');
    const h = createServiceHarness(join(temp.dir, 'data default'), { defaultPythonPath: base.python });
    const built = await h.service.ensure(request('base-default'));
    expect(built.errors).toEqual([]);
    expect(built.state).toBe('ready');
    const key = built.ref!.environment_key!;
    expect((await readManifestJson(h.store.paths(key).manifestPath))?.base_interpreter.executable).toBe(base.python);

    await rm(base.dir, { recursive: true, force: true });

    const manual = await h.service.ensure(request('base-default'), { mode: 'manual' });
    expect(manual.state).toBe('missing');
    expect(manual.reused).toBe(false);
    expect(manual.ref?.python_executable ?? null).toBeNull();

    const rebuilt = await h.service.ensure(request('base-default'));
    expect(rebuilt.errors).toEqual([]);
    expect(rebuilt.state).toBe('ready');
    expect(rebuilt.reused).toBe(false);
    expect(rebuilt.installed).toBe(true);
    const manifest = await readManifestJson(h.store.paths(rebuilt.ref!.environment_key!).manifestPath);
    expect(manifest?.base_interpreter.executable).not.toBe(base.python);
    expect(existsSync(manifest!.base_interpreter.executable)).toBe(true);
    const cfg = await readFile(join(h.store.envDir(rebuilt.ref!.environment_key!), 'pyvenv.cfg'), 'utf8');
    expect(cfg).not.toContain(base.dir);
    expect(
      importCheck(
        rebuilt.ref!.python_executable!,
        chain.map((w) => w.module),
      ),
    ).toEqual(chain.map((w) => `${w.name}==1.0.0`));
  });

  it('fails with a structured error instead of crashing when an explicit python_executable override names the deleted interpreter', async () => {
    const base = makeDisposableBase('base venv explicit');
    const h = createServiceHarness(join(temp.dir, 'data explicit'));
    const pin = {
      contract_version: 1,
      binding_id: 'base-explicit',
      scope: 'binding',
      fields: { python_executable: base.python },
      source: 'user',
      updated_at: '2026-01-01T00:00:01Z',
    };
    const built = await h.service.ensure(request('base-explicit', [pin]));
    expect(built.errors).toEqual([]);
    expect(built.state).toBe('ready');

    await rm(base.dir, { recursive: true, force: true });
    h.runner.reset();

    const after = await h.service.ensure(request('base-explicit', [pin]));
    expect(after.state).not.toBe('ready');
    expect(['failed', 'needs_user_input']).toContain(after.state);
    expect(after.errors.length).toBeGreaterThan(0);
    expect(after.errors.map((e) => e.message).join(' ')).toContain(base.python);
    expect(after.ref?.python_executable ?? null).toBeNull();
    // Nothing was built: no venv, no pip install.
    expect(h.runner.calls.filter((c) => c.args.includes('install') || c.args.includes('venv'))).toHaveLength(0);
  });
});
