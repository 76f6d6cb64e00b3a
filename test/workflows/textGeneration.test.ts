/**
 * `examples/text-generation.pantograph` end to end with real torch + transformers: the Dependency
 * Environment node installs HEAVY_STACK_PINS from the test index (once, shared data dir), the suite
 * builds a tiny random GPT-2 with a trained tokenizer inside that environment, and the Text
 * Generation node runs it — cold (as the CLI does) and on warm workers (as the extension does).
 */
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkerPool } from '../../src/core/inference/workerPool.js';
import { ExecaProcessRunner } from '../../src/core/process/execaProcessRunner.js';
import type { ModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { buildTinyModel, heavyHarness, loadLibraryOrThrow, tinyManifest } from '../support/realModels.js';
import {
  loadExample,
  partialTexts,
  PidRecordingRunner,
  processAlive,
  runRealGraph,
  withNodeData,
} from '../support/realModelGraph.js';
import type { ServiceHarness } from '../support/serviceHarness.js';
import { makeTempDir } from '../support/wheelFixtures.js';

const SCRIPT = 'text_generation.py';
let temp: { dir: string; cleanup: () => Promise<void> };
let h: ServiceHarness;
let library: ModelLibrary;
let doc: WorkflowDocument;
let libraryDir: string;
let python: string;
let outputCounter = 0;
const outDir = (): string => join(temp.dir, `out ${++outputCounter}`);

async function writeManifest(folder: string, modelId: string): Promise<void> {
  await writeFile(join(folder, 'pantograph-model.json'), JSON.stringify(tinyManifest(modelId, 'text-generation')));
}

// Cold workers import torch and transformers (tens of seconds on a busy 2-core machine).
vi.setConfig({ testTimeout: 600_000 });
beforeAll(async () => {
  temp = await makeTempDir('text generation');
  libraryDir = join(temp.dir, 'model library');
  const gpt2 = join(libraryDir, 'tiny-gpt2');
  await mkdir(gpt2, { recursive: true });
  await writeManifest(gpt2, 'tiny-gpt2');
  h = heavyHarness();
  doc = await loadExample('text-generation.pantograph');
  // 1. The environment, through the graph's own Dependency Environment node (installs once per data dir).
  const ensured = await runRealGraph(doc, h, {
    library: await loadLibraryOrThrow(libraryDir),
    outputDir: outDir(),
    runner: new ExecaProcessRunner(),
    targets: ['environment'],
  });
  python = ensured.outcomes.environment?.ref?.python_executable ?? '';
  if (!ensured.result.ok || !python)
    throw new Error(
      `the heavy environment is not ready: ${JSON.stringify(ensured.result.failures)} ${JSON.stringify(ensured.outcomes.environment?.errors)}`,
    );
  // 2. The tiny model, built with transformers inside that environment; then the broken variants.
  buildTinyModel(python, 'gpt2', gpt2, 'tiny-gpt2');
  const variant = async (id: string, change: (folder: string) => Promise<void>): Promise<void> => {
    const folder = join(libraryDir, id);
    await cp(gpt2, folder, { recursive: true });
    await writeManifest(folder, id);
    await change(folder);
  };
  await variant('no-weights', (f) => rm(join(f, 'model.safetensors')));
  await variant('corrupt-config', (f) => writeFile(join(f, 'config.json'), '{"model_type": "gpt2", '));
  await variant('unsupported', (f) =>
    writeFile(join(f, 'config.json'), JSON.stringify({ model_type: 'vit', architectures: ['ViTForImageClassification'] })),
  );
  library = await loadLibraryOrThrow(libraryDir);
}, 900_000);
afterAll(async () => temp?.cleanup());

const generate = (patch: Record<string, unknown>, modelId = 'tiny-gpt2'): WorkflowDocument =>
  withNodeData(withNodeData(doc, 'generate', { max_new_tokens: 24, ...patch }), 'model', { model_id: modelId });

describe('Text Generation, cold worker (as the CLI runs it)', () => {
  it('streams tokens in order; the partial texts grow and concatenate to the final text', async () => {
    const runner = new PidRecordingRunner(h.runner);
    const { result, events } = await runRealGraph(generate({ seed: 7 }), h, { library, outputDir: outDir(), runner });
    expect(result.failures).toEqual([]);
    const outputs = result.outputs.generate!;
    const text = outputs.text as string;
    expect(text.length).toBeGreaterThan(0);
    expect(outputs.tokens).toBe(24);
    expect(outputs.device).toBe('cpu');
    const partials = partialTexts(events, 'generate');
    expect(partials.length).toBeGreaterThan(3);
    partials.slice(1).forEach((p, i) => expect(p.startsWith(partials[i]!) && p.length > partials[i]!.length).toBe(true));
    expect(partials.at(-1)).toBe(text);
    // Every partial event precedes the node's finished event.
    const finishedAt = events.findIndex((e) => e.type === 'finished' && e.nodeId === 'generate');
    expect(events.findLastIndex((e) => e.type === 'partial')).toBeLessThan(finishedAt);
    // Cold: one process per run, gone afterwards.
    const pids = runner.pidsOf(SCRIPT);
    expect(pids).toHaveLength(1);
    expect(processAlive(pids[0]!)).toBe(false);
  });

  it('gives the same text for the same seed in another process', async () => {
    const run = async (seed: number) =>
      (await runRealGraph(generate({ seed }), h, { library, outputDir: outDir(), runner: h.runner })).result.outputs.generate
        ?.text;
    const first = await run(11);
    expect(typeof first).toBe('string');
    expect(await run(11)).toBe(first);
  });

  it('cancel during generation ends `cancelled` and leaves no worker process', async () => {
    const runner = new PidRecordingRunner(h.runner);
    const controller = new AbortController();
    const { result, events } = await runRealGraph(generate({ max_new_tokens: 5000 }), h, {
      library,
      outputDir: outDir(),
      runner,
      signal: controller.signal,
      onEvent: (e) => void (e.type === 'partial' && controller.abort()),
    });
    expect(result.cancelled).toBe(true);
    expect(result.failures.find((f) => f.nodeId === 'generate')?.error.code).toBe('cancelled');
    expect(partialTexts(events, 'generate').length).toBeGreaterThan(0);
    const pids = runner.pidsOf(SCRIPT);
    expect(pids).toHaveLength(1);
    // The executor settles at once; the runner's tree kill (SIGTERM, then SIGKILL) follows.
    await expect.poll(() => processAlive(pids[0]!), { timeout: 10_000 }).toBe(false);
  });

  it.each([
    ['no-weights', {}, 'model_weights_missing', /model\.safetensors/],
    ['corrupt-config', {}, 'model_config_invalid', /config\.json is not valid JSON/],
    ['unsupported', {}, 'model_unsupported_architecture', /model_type 'vit'/],
    ['tiny-gpt2', { device: 'cuda' }, 'device_unavailable', /CUDA is not available/],
  ] as const)('%s %j → a structured %s error naming the problem, nothing written', async (modelId, patch, code, message) => {
    const outputDir = outDir();
    const { result } = await runRealGraph(generate(patch, modelId), h, { library, outputDir, runner: h.runner });
    expect(result.ok).toBe(false);
    const failure = result.failures.find((f) => f.nodeId === 'generate');
    expect(failure?.error.code).toBe(code);
    expect(failure?.error.message).toMatch(message);
    expect(failure?.error.path).toEqual(['graph', 'nodes', 2]);
    if (code !== 'device_unavailable') expect(failure?.error.message).toContain(join(libraryDir, modelId));
    expect(await readdir(outputDir)).toEqual([]);
  });
});

describe('Text Generation, warm workers (as the extension runs it)', () => {
  it('reuses one worker per (environment, model): same pid, torch imported once, model loaded once', async () => {
    const runner = new PidRecordingRunner(h.runner);
    const pool = new WorkerPool({ runner, idleMs: () => 60_000 });
    try {
      const first = await runRealGraph(generate({ seed: 3 }), h, { library, outputDir: outDir(), runner, workerPool: pool });
      const second = await runRealGraph(generate({ seed: 3 }), h, { library, outputDir: outDir(), runner, workerPool: pool });
      expect(first.result.failures).toEqual([]);
      expect(second.result.failures).toEqual([]);
      const [a, b] = [first.result.outputs.generate!, second.result.outputs.generate!];
      expect(b.worker_pid).toBe(a.worker_pid);
      expect([a.torch_imports, b.torch_imports]).toEqual([1, 1]);
      expect([a.requests, b.requests]).toEqual([1, 2]);
      expect((b.timings as Record<string, number>).torch_import_s).toBe(0);
      expect((b.timings as Record<string, number>).model_load_s).toBe(0);
      expect(b.text).toBe(a.text);
      expect(partialTexts(second.events, 'generate').at(-1)).toBe(b.text);
      const otherSeed = await runRealGraph(generate({ seed: 4 }), h, { library, outputDir: outDir(), runner, workerPool: pool });
      expect(otherSeed.result.outputs.generate?.text).not.toBe(a.text);
      expect(otherSeed.result.outputs.generate?.worker_pid).toBe(a.worker_pid);
      expect(runner.pidsOf(SCRIPT)).toEqual([a.worker_pid]);
      expect(pool.list().map((w) => w.pid)).toEqual([a.worker_pid]);
      expect(processAlive(a.worker_pid as number)).toBe(true);
      // Environment deleted → its workers are killed.
      await pool.disposeWhere((spec) => spec.pythonExecutable === python, 'environment deleted');
      expect(pool.list()).toEqual([]);
      expect(processAlive(a.worker_pid as number)).toBe(false);
    } finally {
      await pool.dispose();
    }
  });

  it('cancel on a warm worker kills it; the next run starts a new one', async () => {
    const runner = new PidRecordingRunner(h.runner);
    const pool = new WorkerPool({ runner, idleMs: () => 60_000 });
    try {
      const controller = new AbortController();
      const cancelled = await runRealGraph(generate({ max_new_tokens: 5000 }), h, {
        library,
        outputDir: outDir(),
        runner,
        workerPool: pool,
        signal: controller.signal,
        onEvent: (e) => void (e.type === 'partial' && controller.abort()),
      });
      expect(cancelled.result.cancelled).toBe(true);
      const [killed] = runner.pidsOf(SCRIPT);
      // The executor settles on the abort at once; the runner kills its worker right after.
      await expect.poll(() => pool.list(), { timeout: 10_000 }).toEqual([]);
      await expect.poll(() => processAlive(killed!), { timeout: 10_000 }).toBe(false);
      const next = await runRealGraph(generate({}), h, { library, outputDir: outDir(), runner, workerPool: pool });
      expect(next.result.failures).toEqual([]);
      expect(next.result.outputs.generate?.worker_pid).not.toBe(killed);
    } finally {
      await pool.dispose();
    }
  });

  it('kills a worker after the idle time, and all of them on dispose', async () => {
    const runner = new PidRecordingRunner(h.runner);
    let idleMs = 60_000;
    const pool = new WorkerPool({ runner, idleMs: () => idleMs });
    const first = await runRealGraph(generate({}), h, { library, outputDir: outDir(), runner, workerPool: pool });
    const pid = first.result.outputs.generate?.worker_pid as number;
    expect(processAlive(pid)).toBe(true);
    idleMs = 50;
    const second = await runRealGraph(generate({}), h, { library, outputDir: outDir(), runner, workerPool: pool });
    expect(second.result.outputs.generate?.worker_pid).toBe(pid);
    await expect.poll(() => pool.list().length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => processAlive(pid), { timeout: 10_000 }).toBe(false);
    idleMs = 60_000;
    const third = await runRealGraph(generate({}), h, { library, outputDir: outDir(), runner, workerPool: pool });
    const thirdPid = third.result.outputs.generate?.worker_pid as number;
    expect(thirdPid).not.toBe(pid);
    await pool.dispose();
    expect(processAlive(thirdPid)).toBe(false);
    const refused = await runRealGraph(generate({}), h, { library, outputDir: outDir(), runner, workerPool: pool });
    expect(refused.result.failures.find((f) => f.nodeId === 'generate')?.error.code).toBe('cancelled');
  });
});
