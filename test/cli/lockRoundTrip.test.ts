/**
 * Lock files end to end with real venvs and pip: a hand-written pylock.toml → `ensure --lock`
 * (records resolved_packages) → `envs export` → a fresh data dir → `ensure --lock` → the same
 * distributions in importlib.metadata; a hashed requirements.txt reproduces it with pip; a lock
 * that misses a pin or a wheel whose hash changed is refused before anything is installed.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePylock } from '../../src/core/interop/pylock.js';
import { childEnv } from '../support/python.js';
import { writeToyPayload } from '../support/toyPayload.js';
import type { ToyPayload } from '../support/toyPayload.js';
import { jsonOf, runInProcess, tempDir, offlineEnsureArgs } from './cliHarness.js';

interface LockedJson {
  environment_key: string;
  state: string;
  reused: boolean;
  installed: boolean;
  python_executable: string;
  packages: number;
  errors: { code: string; message: string }[];
}

const METADATA = [
  'import importlib.metadata as m, json',
  'out = []',
  'for d in sorted(m.distributions(), key=lambda d: d.metadata["Name"].lower()):',
  '    out.append({"name": d.metadata["Name"], "version": d.version, "files": sorted(str(f) for f in (d.files or [])), "record": d.read_text("RECORD")})',
  'print(json.dumps(out))',
].join('\n');

function metadataOf(python: string): unknown {
  return JSON.parse(execFileSync(python, ['-I', '-c', METADATA], { env: childEnv(), encoding: 'utf8' }));
}

describe('pylock.toml round trip (real venvs, pip)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let toy: ToyPayload;
  let handLock: string;
  let first: LockedJson;
  let exported: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('lock'));
    toy = await writeToyPayload(dir);
    const [app, lib] = toy.wheels;
    handLock = path.join(dir, 'pylock.toml');
    const entry = (w: typeof app) =>
      `[[packages]]\nname = "${w!.name}"\nversion = "${w!.version}"\nwheels = [{ path = "wheels/${path.basename(w!.path)}", hashes = { sha256 = "${w!.hash.slice(7)}" } }]\n`;
    await writeFile(handLock, `lock-version = "1.0"\ncreated-by = "hand"\n${entry(app)}${entry(lib)}`);
  });
  afterAll(async () => cleanup());

  it('ensure --lock installs exactly the locked set and records it; a second run reuses it', async () => {
    const run = await runInProcess([
      '--data-dir',
      path.join(dir, 'data-a'),
      '--json',
      'ensure',
      '--requirements',
      toy.payloadFile,
      '--lock',
      handLock,
    ]);
    expect(run.code, run.stderr).toBe(0);
    first = jsonOf<LockedJson>(run);
    expect(first).toMatchObject({ state: 'ready', installed: true, reused: false, packages: 2 });
    const manifest = JSON.parse(
      await readFile(path.join(dir, 'data-a', 'envs', 'python', first.environment_key, 'manifest.json'), 'utf8'),
    ) as { resolved_packages: { name: string; requested: boolean; source: string }[] };
    expect(manifest.resolved_packages.map((p) => [p.name, p.requested, p.source])).toEqual([
      ['toy-app', true, toy.wheels[0]!.path],
      ['toy-lib', false, toy.wheels[1]!.path],
    ]);
    const again = jsonOf<LockedJson>(
      await runInProcess([
        '--data-dir',
        path.join(dir, 'data-a'),
        '--json',
        'ensure',
        '--requirements',
        toy.payloadFile,
        '--lock',
        handLock,
      ]),
    );
    expect(again).toMatchObject({ state: 'ready', reused: true, installed: false, environment_key: first.environment_key });
  });

  it('envs export writes a valid PEP 751 lock that a fresh data dir installs to the same distributions, byte for byte', async () => {
    exported = path.join(dir, 'exported', 'pylock.toml');
    await mkdir(path.dirname(exported));
    const run = await runInProcess([
      '--data-dir',
      path.join(dir, 'data-a'),
      'envs',
      'export',
      first.environment_key,
      '-o',
      exported,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(exported, 'utf8');
    const doc = parse(text) as Record<string, unknown>;
    for (const required of ['lock-version', 'created-by', 'packages']) expect(doc).toHaveProperty(required);
    expect(doc['lock-version']).toBe('1.0');
    expect(doc['created-by']).toMatch(/^pantograph /);
    expect(parsePylock(text)).toMatchObject({ ok: true, value: { packages: [{ name: 'toy-app' }, { name: 'toy-lib' }] } });

    const fresh = await runInProcess([
      '--data-dir',
      path.join(dir, 'data-b'),
      '--json',
      'ensure',
      '--requirements',
      toy.payloadFile,
      '--lock',
      exported,
    ]);
    expect(fresh.code, fresh.stderr).toBe(0);
    const second = jsonOf<LockedJson>(fresh);
    expect(second).toMatchObject({ state: 'ready', installed: true });
    expect(second.python_executable).not.toBe(first.python_executable);
    expect(metadataOf(second.python_executable)).toEqual(metadataOf(first.python_executable));
  });

  it('the hashed requirements.txt export reproduces the set with pip install --no-deps --require-hashes', async () => {
    const requirements = path.join(dir, 'requirements.txt');
    const run = await runInProcess([
      '--data-dir',
      path.join(dir, 'data-a'),
      'envs',
      'export',
      first.environment_key,
      '--format',
      'requirements',
      '-o',
      requirements,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const venv = path.join(dir, 'plain venv');
    const base = execFileSync(first.python_executable, ['-c', 'import sys; print(sys._base_executable)'], {
      encoding: 'utf8',
    }).trim();
    execFileSync(base, ['-m', 'venv', '--without-pip', venv], { env: childEnv() });
    const python = path.join(venv, 'bin', 'python');
    execFileSync(
      base,
      ['-m', 'pip', '--python', python, 'install', '--no-index', '--no-deps', '--require-hashes', '-r', requirements],
      { env: childEnv(), stdio: 'pipe' },
    );
    const names = (metadataOf(python) as { name: string; version: string }[]).map((d) => `${d.name}==${d.version}`);
    expect(names).toEqual(expect.arrayContaining(['toy-app==1.0.0', 'toy-lib==2.0.0']));
  });

  it('refuses a lock that does not hold a pin, and a wheel whose hash changed, writing no environment', async () => {
    const dataDir = path.join(dir, 'data-c');
    const partial = path.join(dir, 'partial.toml');
    const lib = toy.wheels[1]!;
    await writeFile(
      partial,
      `lock-version = "1.0"\ncreated-by = "hand"\n[[packages]]\nname = "toy-lib"\nversion = "2.0.0"\nwheels = [{ path = "${lib.path}", hashes = { sha256 = "${lib.hash.slice(7)}" } }]\n`,
    );
    const mismatch = await runInProcess(['--data-dir', dataDir, 'ensure', '--requirements', toy.payloadFile, '--lock', partial]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/lock_mismatch: toy-app==1\.0\.0 is required but .*partial\.toml does not lock toy-app/);

    const tamperedDir = path.join(dir, 'tampered');
    await mkdir(path.join(tamperedDir, 'wheels'), { recursive: true });
    const lockText = await readFile(handLock, 'utf8');
    await writeFile(path.join(tamperedDir, 'pylock.toml'), lockText);
    await copyFile(toy.wheels[0]!.path, path.join(tamperedDir, 'wheels', path.basename(toy.wheels[0]!.path)));
    await writeFile(
      path.join(tamperedDir, 'wheels', path.basename(lib.path)),
      Buffer.concat([await readFile(lib.path), Buffer.from('x')]),
    );
    const tampered = jsonOf<LockedJson>(
      await runInProcess([
        '--data-dir',
        dataDir,
        '--json',
        'ensure',
        '--requirements',
        toy.payloadFile,
        '--lock',
        path.join(tamperedDir, 'pylock.toml'),
      ]),
    );
    expect(tampered.state).toBe('failed');
    expect(tampered.errors).toEqual([
      expect.objectContaining({
        code: 'lock_hash_mismatch',
        message: expect.stringContaining(`the lock says ${lib.hash.slice(7)}`),
      }),
    ]);
    const invalid = await runInProcess([
      '--data-dir',
      dataDir,
      'ensure',
      '--requirements',
      toy.payloadFile,
      '--lock',
      toy.payloadFile,
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('invalid_lock_file');
    await expect(readFile(path.join(dataDir, 'envs'), 'utf8')).rejects.toThrow();
  });

  it('a normally ensured environment (the store installer) exports a lock that rebuilds the same distributions and package files in a fresh data dir', async () => {
    const dataDir = path.join(dir, 'data-normal');
    const ensured = await runInProcess(offlineEnsureArgs(dataDir, toy.payloadFile, toy.patchFile));
    expect(ensured.code, ensured.stderr).toBe(0);
    const ref = jsonOf<{ environment_ref: { environment_key: string; python_executable: string } }>(ensured).environment_ref;
    const lockFile = path.join(dir, 'normal', 'pylock.toml');
    await mkdir(path.dirname(lockFile));
    const exportedRun = await runInProcess(['--data-dir', dataDir, 'envs', 'export', ref.environment_key, '-o', lockFile]);
    expect(exportedRun.code, exportedRun.stderr).toBe(0);
    expect(parsePylock(await readFile(lockFile, 'utf8'))).toMatchObject({
      ok: true,
      value: {
        packages: [
          { name: 'toy-app', version: '1.0.0' },
          { name: 'toy-lib', version: '2.0.0' },
        ],
      },
    });
    const rebuilt = jsonOf<LockedJson>(
      await runInProcess([
        '--data-dir',
        path.join(dir, 'data-normal-b'),
        '--json',
        'ensure',
        '--requirements',
        toy.payloadFile,
        '--lock',
        lockFile,
      ]),
    );
    expect(rebuilt).toMatchObject({ state: 'ready', installed: true, packages: 2 });
    const names = (python: string) =>
      (metadataOf(python) as { name: string; version: string; files: string[] }[]).map((d) => ({
        name: d.name,
        version: d.version,
        files: d.files.filter((f) => !/direct_url\.json|INSTALLER|REQUESTED|RECORD|__pycache__/.test(f)),
      }));
    expect(names(rebuilt.python_executable)).toEqual(names(ref.python_executable));
  });

  it('envs export refuses an environment without a recorded resolved set (exit 1, a hint)', async () => {
    const dataDir = path.join(dir, 'data-plain');
    const ensured = jsonOf<{ environment_ref: { environment_key: string } }>(
      await runInProcess(offlineEnsureArgs(dataDir, toy.payloadFile, toy.patchFile)),
    );
    const key = ensured.environment_ref.environment_key;
    const manifestPath = path.join(dataDir, 'envs', 'python', key, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    delete manifest['resolved_packages'];
    await writeFile(manifestPath, JSON.stringify(manifest));
    const run = await runInProcess(['--data-dir', dataDir, 'envs', 'export', key]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/records no resolved package set/);
    expect(run.stderr).toMatch(/^hint: /m);
  });
});
