import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWheels } from '../../../src/core/library/demoWheels.js';
import { bundledModelLibraryDir } from '../../../src/core/library/extensionRoot.js';
import { runWorker } from '../../../src/core/inference/runWorker.js';
import { parseWav } from '../../../src/core/inference/wavInfo.js';
import { workerScriptPath } from '../../../src/core/inference/workerScripts.js';
import { buildChildEnvironment } from '../../../src/core/process/childEnvironment.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';

const runner = new ExecaProcessRunner();
/** The real base interpreter behind `python3` (pip >= 22.3 for `pip --python`). */
const basePython = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const modelPath = join(bundledModelLibraryDir(), 'demo-synth');
const script = workerScriptPath('audio-generation');

describe('audio_generation.py with the demo synth installed in a real venv', () => {
  let dir: string;
  let venvPython: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantograph demo synth '));
    const wheels = await buildDemoWheels(join(dir, 'wheels'));
    expect(wheels.map((w) => basename(w))).toEqual(['pantograph_demo_synth-0.1.0-py3-none-any.whl']);
    const env = buildChildEnvironment(process.env, process.platform);
    const venv = join(dir, 'env with spaces');
    const created = await runner.run({ file: basePython, args: ['-m', 'venv', '--without-pip', venv], env });
    expect(created.exitCode, created.stderr).toBe(0);
    venvPython = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
    const installed = await runner.run({
      file: basePython,
      args: [
        '-m',
        'pip',
        '--python',
        venvPython,
        'install',
        '--no-index',
        '--find-links',
        join(dir, 'wheels'),
        'pantograph-demo-synth==0.1.0',
      ],
      env,
    });
    expect(installed.exitCode, installed.stderr + installed.stdout).toBe(0);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const request = (outputDir: string, overrides: Record<string, unknown> = {}) => ({
    model_path: modelPath,
    prompt: 'a slow bell over rain',
    duration: 1.25,
    seed: 1234,
    sample_rate: 16000,
    inference_settings: { backend: 'demo', sample_rate: 22050 },
    output_dir: outputDir,
    ...overrides,
  });

  it('writes a valid, non-silent WAV of the requested duration and sample rate into the output dir', async () => {
    const outputDir = join(dir, 'run output');
    const progress: unknown[] = [];
    const result = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(outputDir),
      runner,
      onEvent: (e) => e.event === 'progress' && progress.push(e),
    });
    if (!result.ok) throw new Error(`${JSON.stringify(result.errors)}\n${result.stderrTail}`);
    const outputs = result.value.outputs;
    expect(outputs).toMatchObject({ duration_seconds: 1.25, sample_rate: 16000, seed: 1234, backend: 'demo', channels: 1 });
    expect(String(outputs.audio).startsWith(outputDir)).toBe(true);
    const wav = parseWav(await readFile(String(outputs.audio)));
    if (!wav.ok) throw new Error(JSON.stringify(wav.errors));
    expect(wav.value).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16, frames: 20000 });
    expect(wav.value.durationSeconds).toBeCloseTo(1.25, 6);
    expect(wav.value.rms).toBeGreaterThan(0.05);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('gives identical bytes for the same seed and different bytes for another seed', async () => {
    const run = async (sub: string, seed: number) => {
      const result = await runWorker({
        pythonExecutable: venvPython,
        script,
        request: request(join(dir, sub), { seed }),
        runner,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return readFile(String(result.value.outputs.audio));
    };
    const first = await run('a', 99);
    const again = await run('b', 99);
    const other = await run('c', 100);
    expect(first.equals(again)).toBe(true);
    expect(first.equals(other)).toBe(false);
  });

  it('uses the library defaults when the node leaves duration, seed and sample rate unset', async () => {
    const result = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: {
        model_path: modelPath,
        prompt: 'defaults',
        output_dir: join(dir, 'defaults'),
        inference_settings: { backend: 'demo', sample_rate: 22050, default_duration_seconds: 0.5, default_seed: 42 },
      },
      runner,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.outputs).toMatchObject({ sample_rate: 22050, duration_seconds: 0.5, seed: 42 });
  });

  it('fails with a clear worker_failed error when the demo package is not installed in the environment', async () => {
    const result = await runWorker({
      pythonExecutable: basePython,
      script,
      request: request(join(dir, 'no-pkg')),
      runner,
      nodeId: 'audio-1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'worker_failed', path: ['audio-1'] });
    expect(result.errors[0]?.message).toContain('pantograph_demo_synth is not installed');
  });

  it('rejects a request without a prompt before rendering anything', async () => {
    const result = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(join(dir, 'bad'), { prompt: '  ' }),
      runner,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('prompt is required');
  });

  it('sends a model without a demo backend down the Stable Audio path and fails clearly without model_config.json', async () => {
    const result = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(join(dir, 'sa'), { model_path: dir, inference_settings: { backend: 'stable-audio' } }),
      runner,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('no model_config.json');
  });

  it('Stable Audio: loads from the folder (config, then weights) and says what it lacks, never reaching for the hub', async () => {
    const folder = join(dir, 'stable audio model');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'model_config.json'),
      JSON.stringify({ model_type: 'diffusion_cond', sample_rate: 44100, sample_size: 44100, model: {} }),
    );
    const missingWeights = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(join(dir, 'sa2'), { model_path: folder, inference_settings: { backend: 'stable-audio' } }),
      runner,
    });
    expect(missingWeights.ok).toBe(false);
    if (!missingWeights.ok)
      expect(missingWeights.errors[0]).toMatchObject({
        code: 'model_weights_missing',
        path: [join(folder, 'model.safetensors')],
      });
    await writeFile(join(folder, 'model.safetensors'), 'not really weights');
    const noPackage = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(join(dir, 'sa3'), { model_path: folder, inference_settings: { backend: 'stable-audio' } }),
      runner,
    });
    expect(noPackage.ok).toBe(false);
    if (!noPackage.ok) expect(noPackage.errors[0]?.message).toContain('needs torch and stable_audio_tools in this environment');
    await writeFile(join(folder, 'model_config.json'), '{"sample_rate": ');
    const corrupt = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(join(dir, 'sa4'), { model_path: folder, inference_settings: { backend: 'stable-audio' } }),
      runner,
    });
    if (!corrupt.ok) expect(corrupt.errors[0]?.code).toBe('model_config_invalid');
    expect(corrupt.ok).toBe(false);
  });

  it('refuses an unknown audio backend by name', async () => {
    const result = await runWorker({
      pythonExecutable: venvPython,
      script,
      request: request(join(dir, 'x'), { inference_settings: { backend: 'wavenet' } }),
      runner,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain("audio backend 'wavenet' is not supported");
  });
});
