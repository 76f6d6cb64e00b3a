/**
 * `npm run bench` (part 3): time to first token of the Text Generation node, cold (a new worker
 * per run, as the CLI runs) against warm (the extension's worker pool, second run onwards), on the
 * example graph with a tiny random GPT-2 in the shared heavy environment (HEAVY_STACK_PINS from
 * the test index). Reports the cold breakdown — environment check, worker start, torch import,
 * model load (transformers import included), first token — and rewrites the "Warm worker
 * benchmark" section of docs/benchmarks.md. PANTOGRAPH_BENCH_RUNS (default 3) runs per side;
 * PANTOGRAPH_BENCH_NO_WRITE=1 leaves the docs alone.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../src/core/inference/workerPool.js';
import type { ExecutionEvent } from '../src/core/workflow/executorTypes.js';
import { buildTinyModel, heavyHarness, loadLibraryOrThrow, tinyManifest } from '../test/support/realModels.js';
import { loadExample, PidRecordingRunner, runRealGraph, withNodeData } from '../test/support/realModelGraph.js';
import { HEAVY_STACK_PINS } from '../test/support/testIndex.js';
import { makeTempDir } from '../test/support/wheelFixtures.js';
import { writeBenchmarkSection } from './benchmarksDoc.js';
import { median } from './stats.js';

const RUNS = Number(process.env['PANTOGRAPH_BENCH_RUNS'] ?? 3);

/** Times of one run, ms. */
interface RunTimes {
  readonly environment: number;
  readonly workerStart: number;
  readonly torchImport: number;
  readonly modelLoad: number;
  readonly firstToken: number;
  /** Generate node started → first streamed text. */
  readonly ttft: number;
  readonly pid: number;
}

function times(
  events: readonly (ExecutionEvent & { at: number })[],
  outputs: Record<string, unknown>,
  spawnedAt: number | undefined,
): RunTimes {
  const at = (type: string, node: string) => events.find((e) => e.type === type && e.nodeId === node)?.at ?? Number.NaN;
  const timings = outputs.timings as Record<string, number>;
  const start = at('started', 'generate');
  return {
    environment: at('finished', 'environment') - at('started', 'environment'),
    workerStart: spawnedAt === undefined ? 0 : timings.request_start_epoch_ms! - spawnedAt,
    torchImport: timings.torch_import_s! * 1000,
    modelLoad: timings.model_load_s! * 1000,
    firstToken: timings.first_token_s! * 1000,
    ttft: at('partial', 'generate') - start,
    pid: outputs.worker_pid as number,
  };
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<void> {
  const temp = await makeTempDir('worker bench');
  const h = heavyHarness();
  const gpt2 = join(temp.dir, 'library', 'tiny-gpt2');
  await mkdir(gpt2, { recursive: true });
  await writeFile(join(gpt2, 'pantograph-model.json'), JSON.stringify(tinyManifest('tiny-gpt2', 'text-generation')));
  const doc = withNodeData(await loadExample('text-generation.pantograph'), 'generate', { max_new_tokens: 16 });
  const ensured = await runRealGraph(doc, h, {
    library: await loadLibraryOrThrow(join(temp.dir, 'library')),
    outputDir: join(temp.dir, 'out'),
    runner: h.runner,
    targets: ['environment'],
  });
  const python = ensured.outcomes.environment?.ref?.python_executable;
  if (!python) throw new Error(`environment not ready: ${JSON.stringify(ensured.outcomes.environment?.errors)}`);
  buildTinyModel(python, 'gpt2', gpt2, 'tiny-gpt2');
  const library = await loadLibraryOrThrow(join(temp.dir, 'library'));
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

  const runOnce = async (pool?: WorkerPool): Promise<RunTimes> => {
    const runner = new PidRecordingRunner(h.runner);
    const spawned: number[] = [];
    const timed = {
      run: (request: Parameters<typeof runner.run>[0]) =>
        runner.run({ ...request, onSpawn: (pid) => (spawned.push(Date.now()), request.onSpawn?.(pid)) }),
    };
    const events: (ExecutionEvent & { at: number })[] = [];
    const { result } = await runRealGraph(doc, h, {
      library,
      outputDir: join(temp.dir, 'out'),
      runner: timed,
      ...(pool ? { workerPool: pool } : {}),
      onEvent: (e) => void events.push({ ...e, at: performance.now() }),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.failures));
    return times(events, { ...result.outputs.generate }, spawned[0]);
  };

  const cold: RunTimes[] = [];
  for (let i = 0; i < RUNS; i++) cold.push(await runOnce());
  const warm: RunTimes[] = [];
  const pool = new WorkerPool({ runner: h.runner, idleMs: () => 600_000 });
  try {
    await runOnce(pool); // starts the worker (a cold run)
    for (let i = 0; i < RUNS; i++) warm.push(await runOnce(pool));
  } finally {
    await pool.dispose();
  }
  const m = (list: RunTimes[], k: keyof RunTimes) => median(list.map((r) => r[k]));
  const ratio = m(cold, 'ttft') / m(warm, 'ttft');
  const samePid = new Set(warm.map((w) => w.pid)).size === 1;
  const body = [
    `\`npm run bench\` (\`bench/workerBench.ts\`), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. The example \`text-generation.pantograph\` (16 new tokens, seed 42) on a tiny random GPT-2 (2 layers, 32 wide) in the shared environment (${Object.entries(
      HEAVY_STACK_PINS,
    )
      .map(([n, v]) => `${n} ${v}`)
      .join(
        ', ',
      )}). Time to first token = the Text Generation node's \`started\` event → its first partial output; median of ${RUNS} runs per side.`,
    '',
    `Machine: ${cpus().length} cores, load average at the start ${load} (shared with other work: absolute times are inflated).`,
    '',
    '| measurement | result | target |',
    '| --- | --- | --- |',
    `| cold time to first token (new worker per run, as the CLI) | ${fmt(m(cold, 'ttft'))} (${cold.map((c) => fmt(c.ttft)).join(', ')}) | |`,
    `| warm time to first token (the extension's pool, runs 2..) | ${fmt(m(warm, 'ttft'))} (${warm.map((c) => fmt(c.ttft)).join(', ')}) | |`,
    `| cold / warm | ${ratio.toFixed(1)}× | ≥ 5× — ${ratio >= 5 ? 'met' : '**missed**'} |`,
    `| warm runs on one worker process, torch not re-imported | ${samePid ? 'yes' : 'no'} (torch import ${fmt(m(warm, 'torchImport'))}, model load ${fmt(m(warm, 'modelLoad'))}) | yes |`,
    '',
    'Cold breakdown (medians):',
    '',
    '| phase | time |',
    '| --- | --- |',
    `| environment check (Dependency Environment node, ready environment) | ${fmt(m(cold, 'environment'))} |`,
    `| worker start (spawn → request handled: interpreter start, stdlib imports) | ${fmt(m(cold, 'workerStart'))} |`,
    `| torch import | ${fmt(m(cold, 'torchImport'))} |`,
    `| model load (transformers import, tokenizer, weights) | ${fmt(m(cold, 'modelLoad'))} |`,
    `| first token (generation start → first token) | ${fmt(m(cold, 'firstToken'))} |`,
    `| warm: first token (generation start → first token) | ${fmt(m(warm, 'firstToken'))} |`,
  ].join('\n');
  process.stdout.write(`${body}\n`);
  if (process.env['PANTOGRAPH_BENCH_NO_WRITE'] !== '1') await writeBenchmarkSection('Warm worker benchmark', body);
  await temp.cleanup();
}

await main();
