/**
 * `pantograph run` on the real-model examples (cold workers, as the CLI always runs): the
 * text-generation example prints the text as it streams and then the node block; `--json` keeps
 * its shape with the text in the node's outputs; the text-to-audio example writes its WAV into
 * `--output-dir`; a model folder without weights fails with `model_weights_missing` naming the file.
 */
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExecaProcessRunner } from '../../src/core/process/execaProcessRunner.js';
import {
  buildTinyModel,
  heavyDataDir,
  heavyHarness,
  heavyMachineOverrides,
  loadLibraryOrThrow,
  repoRoot,
  tinyManifest,
} from '../support/realModels.js';
import { loadExample, runRealGraph } from '../support/realModelGraph.js';
import { testPackageIndex } from '../support/testIndex.js';
import { jsonOf, runInProcess, tempDir } from './cliHarness.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let libraryDir: string;
let patchFile: string;

// Cold workers import torch and transformers (tens of seconds on a busy 2-core machine).
vi.setConfig({ testTimeout: 600_000 });
beforeAll(async () => {
  temp = await tempDir('real models');
  libraryDir = join(temp.dir, 'models');
  const gpt2 = join(libraryDir, 'tiny-gpt2');
  const musicgen = join(libraryDir, 'tiny-musicgen');
  await mkdir(gpt2, { recursive: true });
  await writeFile(join(gpt2, 'pantograph-model.json'), JSON.stringify(tinyManifest('tiny-gpt2', 'text-generation')));
  const ensured = await runRealGraph(await loadExample('text-generation.pantograph'), heavyHarness(), {
    library: await loadLibraryOrThrow(libraryDir),
    outputDir: join(temp.dir, 'ensure'),
    runner: new ExecaProcessRunner(),
    targets: ['environment'],
  });
  const python = ensured.outcomes.environment?.ref?.python_executable;
  if (!python) throw new Error(`the heavy environment is not ready: ${JSON.stringify(ensured.outcomes.environment?.errors)}`);
  buildTinyModel(python, 'gpt2', gpt2, 'tiny-gpt2');
  buildTinyModel(python, 'musicgen', musicgen, 'tiny-musicgen');
  patchFile = join(temp.dir, 'wheels.patch.json');
  await writeFile(patchFile, JSON.stringify(heavyMachineOverrides().environment?.[0] ?? {}));
}, 900_000);
afterAll(async () => temp?.cleanup());

const cli = (args: string[]) =>
  runInProcess(
    ['--data-dir', heavyDataDir(), '--default-index', testPackageIndex().indexUrl, '--model-library', libraryDir, ...args],
    { env: { ...process.env, PANTOGRAPH_DATA_DIR: undefined } },
  );
const example = (name: string) => join(repoRoot, 'examples', name);

describe('pantograph run with real models', () => {
  it('prints the generated text as it streams, then the node block; --json keeps its shape', async () => {
    const human = await cli([
      'run',
      example('text-generation.pantograph'),
      '--override',
      `environment=${patchFile}`,
      '--output-dir',
      join(temp.dir, 'out text'),
    ]);
    expect(human.code, human.stderr).toBe(0);
    const block = human.stdout.slice(human.stdout.indexOf('✓ generate'));
    expect(block).toMatch(/text: /);
    expect(human.stdout.indexOf('» generate: ')).toBeLessThan(human.stdout.indexOf('✓ generate'));

    const json = await cli([
      '--json',
      'run',
      example('text-generation.pantograph'),
      '--override',
      `environment=${patchFile}`,
      '--output-dir',
      join(temp.dir, 'out json'),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const report = jsonOf<{ nodes: Record<string, { status: string; outputs?: Record<string, unknown> }> }>(json);
    expect(report.nodes.generate?.status).toBe('finished');
    const text = report.nodes.generate?.outputs?.text as string;
    // Same seed (the example's 42) → the same text in both runs; with --json the stream goes to stderr.
    expect(text.length).toBeGreaterThan(0);
    expect(json.stdout).not.toContain('» generate');
    expect(json.stderr).toContain(`» generate: ${text}`);
    expect(human.stdout).toContain(`» generate: ${text}\n`);
  });

  it('writes the text-to-audio example’s WAV into --output-dir', async () => {
    const outputDir = join(temp.dir, 'out audio');
    const run = await cli([
      '--json',
      'run',
      example('text-to-audio.pantograph'),
      '--override',
      `environment=${patchFile}`,
      '--output-dir',
      outputDir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = jsonOf<{ nodes: Record<string, { outputs?: Record<string, unknown> }> }>(run);
    const audio = report.nodes.generate?.outputs?.audio as string;
    expect(audio.startsWith(outputDir)).toBe(true);
    expect(await readdir(outputDir)).toEqual([audio.slice(outputDir.length + 1)]);
  });

  it('a model folder without weights → exit non-zero, model_weights_missing naming model.safetensors, nothing written', async () => {
    const broken = join(temp.dir, 'broken models');
    await cp(join(libraryDir, 'tiny-gpt2'), join(broken, 'tiny-gpt2'), { recursive: true });
    await rm(join(broken, 'tiny-gpt2', 'model.safetensors'));
    const outputDir = join(temp.dir, 'out broken');
    const run = await runInProcess([
      '--json',
      '--data-dir',
      heavyDataDir(),
      '--default-index',
      testPackageIndex().indexUrl,
      '--model-library',
      broken,
      'run',
      example('text-generation.pantograph'),
      '--override',
      `environment=${patchFile}`,
      '--output-dir',
      outputDir,
    ]);
    expect(run.code).not.toBe(0);
    const report = jsonOf<{ nodes: Record<string, { status: string; error?: { code: string; message: string } }> }>(run);
    expect(report.nodes.generate?.status).toBe('failed');
    expect(report.nodes.generate?.error?.code).toBe('model_weights_missing');
    expect(report.nodes.generate?.error?.message).toContain('model.safetensors');
    expect(await readdir(outputDir).catch(() => [])).toEqual([]);
  });
});
