/**
 * `examples/text-to-audio.pantograph` end to end with real torch + transformers: a tiny random
 * MusicGen (tiny T5 text encoder, EnCodec, decoder) built by the suite inside the shared heavy
 * environment; the Audio Generation node's transformers backend writes a real WAV.
 */
import { mkdir, readdir, readFile, rm, cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseWav } from '../../src/core/inference/wavInfo.js';
import { WorkerPool } from '../../src/core/inference/workerPool.js';
import { ExecaProcessRunner } from '../../src/core/process/execaProcessRunner.js';
import type { ModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { buildTinyModel, heavyHarness, loadLibraryOrThrow, tinyManifest } from '../support/realModels.js';
import type { TinyModelFacts } from '../support/realModels.js';
import { loadExample, PidRecordingRunner, processAlive, runRealGraph, withNodeData } from '../support/realModelGraph.js';
import type { ServiceHarness } from '../support/serviceHarness.js';
import { makeTempDir } from '../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let h: ServiceHarness;
let library: ModelLibrary;
let doc: WorkflowDocument;
let facts: TinyModelFacts;
let outputCounter = 0;
const outDir = (): string => join(temp.dir, `out ${++outputCounter}`);

// Cold workers import torch and transformers (tens of seconds on a busy 2-core machine).
vi.setConfig({ testTimeout: 600_000 });
beforeAll(async () => {
  temp = await makeTempDir('text to audio');
  const libraryDir = join(temp.dir, 'model library');
  const musicgen = join(libraryDir, 'tiny-musicgen');
  await mkdir(musicgen, { recursive: true });
  await writeFile(join(musicgen, 'pantograph-model.json'), JSON.stringify(tinyManifest('tiny-musicgen', 'text-to-audio')));
  h = heavyHarness();
  doc = await loadExample('text-to-audio.pantograph');
  const ensured = await runRealGraph(doc, h, {
    library: await loadLibraryOrThrow(libraryDir),
    outputDir: outDir(),
    runner: new ExecaProcessRunner(),
    targets: ['environment'],
  });
  const python = ensured.outcomes.environment?.ref?.python_executable;
  if (!ensured.result.ok || !python)
    throw new Error(`the heavy environment is not ready: ${JSON.stringify(ensured.outcomes.environment?.errors)}`);
  facts = buildTinyModel(python, 'musicgen', musicgen, 'tiny-musicgen');
  const broken = join(libraryDir, 'musicgen-no-weights');
  await cp(musicgen, broken, { recursive: true });
  await rm(join(broken, 'model.safetensors'));
  await writeFile(join(broken, 'pantograph-model.json'), JSON.stringify(tinyManifest('musicgen-no-weights', 'text-to-audio')));
  // The same model, its library entry asking for CUDA (inference_settings.device).
  const cuda = join(libraryDir, 'musicgen-cuda');
  await cp(musicgen, cuda, { recursive: true });
  const manifest = tinyManifest('musicgen-cuda', 'text-to-audio');
  await writeFile(
    join(cuda, 'pantograph-model.json'),
    JSON.stringify({ ...manifest, inference_settings: { backend: 'transformers', device: 'cuda' } }),
  );
  library = await loadLibraryOrThrow(libraryDir);
}, 900_000);
afterAll(async () => temp?.cleanup());

const audioDoc = (patch: Record<string, unknown>, modelId = 'tiny-musicgen'): WorkflowDocument =>
  withNodeData(withNodeData(doc, 'generate', patch), 'model', { model_id: modelId });

describe('Audio Generation through transformers (MusicGen)', () => {
  it.each([1.5])('writes a valid, non-silent WAV at the model’s sampling rate, %s s ± one frame', async (duration) => {
    const outputDir = outDir();
    const { result } = await runRealGraph(audioDoc({ duration, seed: 5, guidance_scale: 3 }), h, {
      library,
      outputDir,
      runner: h.runner,
    });
    expect(result.failures).toEqual([]);
    const outputs = result.outputs.generate!;
    expect(outputs.backend).toBe('transformers');
    const file = outputs.audio as string;
    expect(file.startsWith(outputDir)).toBe(true);
    const wav = parseWav(await readFile(file));
    if (!wav.ok) throw new Error(JSON.stringify(wav.errors));
    expect(wav.value.sampleRate).toBe(facts.sampling_rate);
    expect(outputs.sample_rate).toBe(facts.sampling_rate);
    expect(wav.value.channels).toBe(1);
    expect(Math.abs(wav.value.durationSeconds - duration)).toBeLessThanOrEqual(1 / facts.frame_rate! + 1e-9);
    expect(wav.value.rms).toBeGreaterThan(0);
    expect(await readdir(outputDir)).toEqual([file.slice(outputDir.length + 1)]);
  });

  it('keeps a warm worker between runs: same pid, torch imported once; the same seed gives the same audio', async () => {
    const runner = new PidRecordingRunner(h.runner);
    const pool = new WorkerPool({ runner, idleMs: () => 60_000 });
    try {
      const a = (await runRealGraph(audioDoc({ duration: 0.5 }), h, { library, outputDir: outDir(), runner, workerPool: pool }))
        .result.outputs.generate!;
      const b = (await runRealGraph(audioDoc({ duration: 0.5 }), h, { library, outputDir: outDir(), runner, workerPool: pool }))
        .result.outputs.generate!;
      expect(b.worker_pid).toBe(a.worker_pid);
      expect([a.torch_imports, b.torch_imports, b.requests]).toEqual([1, 1, 2]);
      expect((await readFile(b.audio as string)).equals(await readFile(a.audio as string))).toBe(true);
    } finally {
      await pool.dispose();
    }
    expect(runner.pidsOf('audio_generation.py').every((pid) => !processAlive(pid))).toBe(true);
  });

  it('a folder without weights → model_weights_missing naming model.safetensors, no WAV written', async () => {
    const outputDir = outDir();
    const { result } = await runRealGraph(audioDoc({ duration: 0.5 }, 'musicgen-no-weights'), h, {
      library,
      outputDir,
      runner: h.runner,
    });
    const failure = result.failures.find((f) => f.nodeId === 'generate');
    expect(failure?.error.code).toBe('model_weights_missing');
    expect(failure?.error.message).toMatch(/model\.safetensors/);
    expect(await readdir(outputDir)).toEqual([]);
  });

  it('`cuda` on a machine without CUDA → device_unavailable, no WAV written', async () => {
    const outputDir = outDir();
    const { result } = await runRealGraph(audioDoc({ duration: 0.5 }, 'musicgen-cuda'), h, {
      library,
      outputDir,
      runner: h.runner,
    });
    const failure = result.failures.find((f) => f.nodeId === 'generate');
    expect(failure?.error.code).toBe('device_unavailable');
    expect(failure?.error.message).toMatch(/'cuda' was requested but CUDA is not available/);
    expect(await readdir(outputDir)).toEqual([]);
  });
});
