import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWheel } from '../../src/core/packaging/wheelWriter.js';
import { jsonOf, needsInputFixture, runInProcess, tempDir, offlineEnsureArgs } from './cliHarness.js';

interface EnsureJson {
  environment_ref: { environment_key: string; state: string; python_executable: string | null } | null;
  status: { state: string; missing_fields: { field: string; requirement_name: string | null }[] };
  reused: boolean;
  duration_ms: number;
}

describe('pantograph ensure --requirements, key and envs (in-process)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let dataDir: string;
  let patchFile: string;
  let readyKey: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('ensure'));
    dataDir = path.join(dir, 'data');
    const wheels = path.join(dir, 'wheels');
    await writeWheel({
      outDir: wheels,
      name: 'tiny_tts',
      version: '0.3.0',
      requiresPython: '>=3.8',
      modules: { 'tiny_tts/__init__.py': 'VALUE = "tiny"\n' },
    });
    patchFile = path.join(dir, 'wheels.patch.json');
    await writeFile(
      patchFile,
      JSON.stringify({
        contract_version: 1,
        binding_id: 'tiny-tts-runtime',
        scope: 'binding',
        requirement_name: null,
        fields: { wheel_source_path: wheels },
        source: 'user',
        updated_at: '2025-01-01T00:00:00Z',
      }),
    );
  });
  afterAll(async () => cleanup());

  it('exits 3 offline and names the missing field when the payload has no index and no wheel source', async () => {
    const run = await runInProcess([
      '--data-dir',
      dataDir,
      '--default-index',
      'none',
      'ensure',
      '--requirements',
      needsInputFixture,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('needs user input');
    expect(run.stderr).toMatch(/missing wheel_source_path for binding tiny-tts-runtime, requirement tiny[-_]tts/);
    expect(run.stderr).toMatch(/^hint: /m);
    const json = jsonOf<EnsureJson>(await runInProcess(offlineEnsureArgs(dataDir, needsInputFixture)));
    expect(json.status.state).toBe('needs_user_input');
    expect(json.status.missing_fields.map((f) => f.field)).toEqual(expect.arrayContaining(['wheel_source_path']));
    expect(existsSync(path.join(dataDir, 'envs'))).toBe(false);
  });

  it('exits 0 with a ready ref once an --override gives wheel_source_path, and reuses it next time', async () => {
    const first = await runInProcess(offlineEnsureArgs(dataDir, needsInputFixture, patchFile));
    expect(first.code, first.stderr).toBe(0);
    const ref = jsonOf<EnsureJson>(first);
    expect(ref.environment_ref).toMatchObject({ state: 'ready' });
    expect(ref.reused).toBe(false);
    readyKey = ref.environment_ref?.environment_key ?? '';
    expect(readyKey).toMatch(/^[0-9a-f]{20}$/);
    expect(existsSync(ref.environment_ref?.python_executable ?? '')).toBe(true);

    const again = await runInProcess([
      '--data-dir',
      dataDir,
      '--default-index',
      'none',
      'ensure',
      '--requirements',
      needsInputFixture,
      '--override',
      patchFile,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^reused environment ${readyKey} \\(cache hit, \\d+ ms\\)$`, 'm'));
  });

  it('prints the same key as ensure, twice, without touching the store; a changed pin changes it', async () => {
    const args = [
      '--data-dir',
      dataDir,
      '--default-index',
      'none',
      'key',
      '--requirements',
      needsInputFixture,
      '--override',
      patchFile,
    ];
    const one = await runInProcess(args);
    const two = await runInProcess(args);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(`${readyKey}\n`);
    expect(two.stdout).toBe(one.stdout);

    const payload = JSON.parse(await readFile(needsInputFixture, 'utf8')) as {
      bindings: { requirements: { exact_pin: string }[] }[];
    };
    payload.bindings[0]!.requirements[0]!.exact_pin = '==0.3.1';
    const changed = path.join(dir, 'changed pin.json');
    await writeFile(changed, JSON.stringify(payload));
    const other = await runInProcess([
      '--data-dir',
      path.join(dir, 'never created'),
      '--default-index',
      'none',
      'key',
      '--requirements',
      changed,
      '--override',
      patchFile,
    ]);
    expect(other.code).toBe(0);
    expect(other.stdout.trim()).toMatch(/^[0-9a-f]{20}$/);
    expect(other.stdout).not.toBe(one.stdout);
    expect(existsSync(path.join(dir, 'never created', 'envs'))).toBe(false);
  });

  it('exits 3 from key when a field is missing, and 2 for a payload that is not JSON', async () => {
    const missing = await runInProcess([
      '--data-dir',
      dataDir,
      '--default-index',
      'none',
      'key',
      '--requirements',
      needsInputFixture,
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('missing wheel_source_path');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ nope');
    const invalid = await runInProcess(['--data-dir', dataDir, 'key', '--requirements', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error: requirements payload .+ is not valid JSON/m);
  });

  it('lists the environment with envs list --json, removes it with envs rm, and refuses a bad key', async () => {
    const listed = jsonOf<{ environments: { key: string; state: string; packages: { name: string; version: string }[] }[] }>(
      await runInProcess(['--data-dir', dataDir, '--json', 'envs', 'list']),
    );
    expect(listed.environments).toEqual([
      expect.objectContaining({ key: readyKey, state: 'ready', packages: [expect.objectContaining({ version: '0.3.0' })] }),
    ]);
    const human = await runInProcess(['--data-dir', dataDir, 'envs', 'list', '--size']);
    expect(human.stdout).toMatch(new RegExp(`^${readyKey}\\s+ready\\s+\\d+\\.\\d+\\.\\d+`, 'm'));

    const dry = await runInProcess(['--data-dir', dataDir, 'envs', 'gc', '--dry-run', '--max-age-days', '30']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).not.toContain('would remove');

    expect((await runInProcess(['--data-dir', dataDir, 'envs', 'rm', 'not-a-key'])).code).toBe(2);
    const removed = await runInProcess(['--data-dir', dataDir, 'envs', 'rm', readyKey]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`removed ${readyKey}\n`);
    const gone = await runInProcess(['--data-dir', dataDir, 'envs', 'rm', readyKey]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^error: no environment/m);
    expect(
      jsonOf<{ environments: unknown[] }>(await runInProcess(['--data-dir', dataDir, '--json', 'envs', 'list'])).environments,
    ).toEqual([]);
  });
});
