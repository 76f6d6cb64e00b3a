import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../../src/core/inference/wavInfo.js';
import { writeWheel } from '../../src/core/packaging/wheelWriter.js';
import { buildCli, jsonOf, needsInputFixture, repoRoot, spawnCli, tempDir } from './cliHarness.js';

interface DemoJson {
  ok: boolean;
  exit_code: number;
  environment_key: string;
  installed: boolean;
  reused: boolean;
  wav: { path: string; duration_seconds: number; sample_rate: number } | null;
}

async function manifestOf(
  dataDir: string,
  key: string,
): Promise<{ state: string; created_at: string; install: { started_at: string; finished_at: string } }> {
  return JSON.parse(await readFile(path.join(dataDir, 'envs', 'python', key, 'manifest.json'), 'utf8')) as never;
}

describe('pantograph demo (the built dist/cli.cjs)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let dataDir: string;
  let firstKey: string;

  beforeAll(async () => {
    buildCli();
    ({ dir, cleanup } = await tempDir('demo'));
    dataDir = path.join(dir, 'data');
  });
  afterAll(async () => cleanup());

  it('installs the environment on the first run and writes a non-silent WAV of the requested duration', async () => {
    const run = await spawnCli([
      '--data-dir',
      dataDir,
      '--json',
      'demo',
      '--duration',
      '2',
      '--output-dir',
      path.join(dir, 'out'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = jsonOf<DemoJson>(run);
    expect(result).toMatchObject({ ok: true, installed: true, reused: false });
    expect(result.environment_key).toMatch(/^[0-9a-f]{20}$/);
    expect(result.wav?.path.startsWith(path.join(dir, 'out'))).toBe(true);
    const wav = parseWav(await readFile(result.wav?.path ?? ''));
    if (!wav.ok) throw new Error(JSON.stringify(wav.errors));
    expect(wav.value.durationSeconds).toBeCloseTo(2, 2);
    expect(wav.value.sampleRate).toBe(22050);
    expect(wav.value.rms).toBeGreaterThan(0.05);
    expect(run.stderr).toContain('install:');
    expect(await readdir(path.join(dataDir, 'demo', 'wheels'))).toEqual(['pantograph_demo_synth-0.1.0-py3-none-any.whl']);
    firstKey = result.environment_key;
    expect((await manifestOf(dataDir, firstKey)).state).toBe('ready');
  });

  it('reuses the environment on the second run without starting the installer', async () => {
    const before = await manifestOf(dataDir, firstKey);
    const run = await spawnCli(['--data-dir', dataDir, 'demo', '--duration', '2', '--output-dir', path.join(dir, 'out')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`environment key: ${firstKey}`);
    expect(run.stdout).toMatch(new RegExp(`reused environment ${firstKey} \\(cache hit, \\d+ ms\\)`));
    expect(run.stdout).not.toContain('installed in');
    expect(run.stdout).toMatch(/wav: .+\.wav\nduration: 2\.00 s, sample rate: 22050 Hz/);
    expect(run.stderr).not.toMatch(/\] (create|install):/);
    const after = await manifestOf(dataDir, firstKey);
    expect(after.install).toEqual(before.install);
    expect(after.created_at).toBe(before.created_at);
  });

  it('runs a copy of the demo workflow with a machine-local override, writing outputs next to the workflow', async () => {
    const workflow = path.join(dir, 'my flow.pantograph');
    await cp(path.join(repoRoot, 'examples', 'demo.pantograph'), workflow);
    const patch = path.join(dir, 'wheels.patch.json');
    await writeFile(
      patch,
      JSON.stringify({
        contract_version: 1,
        binding_id: 'demo-synth-core',
        scope: 'binding',
        requirement_name: null,
        fields: { wheel_source_path: path.join(dataDir, 'demo', 'wheels') },
        source: 'user',
        updated_at: '2025-01-01T00:00:00Z',
      }),
    );
    const text = await readFile(workflow, 'utf8');
    const run = await spawnCli(
      ['--data-dir', dataDir, '--default-index', 'none', 'run', workflow, '--override', `environment=${patch}`],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`reused environment ${firstKey} (cache hit,`);
    expect(run.stdout).toContain(path.join(dir, 'my flow.outputs'));
    const outputs = await readdir(path.join(dir, 'my flow.outputs'));
    expect(outputs.some((f) => f.endsWith('.wav'))).toBe(true);
    expect(await readFile(workflow, 'utf8')).toBe(text);
  });
});

describe('Ctrl+C (the built dist/cli.cjs)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('cancel'));
  });
  afterAll(async () => cleanup());

  it('SIGINT during the install cancels it, exits 130 and leaves no ready environment', async () => {
    const wheels = path.join(dir, 'wheels');
    await writeWheel({ outDir: wheels, name: 'tiny_tts', version: '0.3.0', modules: { 'tiny_tts/__init__.py': 'VALUE = 1\n' } });
    const patch = path.join(dir, 'patch.json');
    await writeFile(
      patch,
      JSON.stringify({
        contract_version: 1,
        binding_id: 'tiny-tts-runtime',
        scope: 'binding',
        fields: { wheel_source_path: wheels },
        source: 'user',
        updated_at: '2025-01-01T00:00:00Z',
      }),
    );
    const dataDir = path.join(dir, 'data');
    let sent = false;
    const run = await spawnCli(
      ['--data-dir', dataDir, '--default-index', 'none', 'ensure', '--requirements', needsInputFixture, '--override', patch],
      {
        onStderr: (text, child) => {
          if (!sent && /\] (create|install):/.test(text)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('cancel');
    const listed = jsonOf<{ environments: { state: string }[] }>(
      await spawnCli(['--data-dir', dataDir, '--json', 'envs', 'list']),
    );
    expect(listed.environments.filter((e) => e.state === 'ready')).toEqual([]);
  });
});
