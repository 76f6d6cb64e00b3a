/**
 * A child process that runs real ensures against a shared data dir, for the cross-process
 * reliability tests, the load test and the benchmark. Run with
 * `node --import tsx test/support/ensureWorker.ts '<json EnsureWorkerArgs>'`.
 *
 * stdout carries one JSON object per line:
 * - `{ "event": "ready", "pid" }` once the service is built (with `waitForGo`, the worker then
 *   waits for a line on stdin before it starts, so a parent can release many workers at once);
 * - `{ "event": "progress", "pid", "index", "phase", "message" }` per progress event (with
 *   `progress: true`; pip output lines are not echoed);
 * - `{ "event": "outcome", …EnsureWorkerOutcome }` per finished ensure;
 * - `{ "event": "done", "pid", "processes" }` before a normal exit (`processes` = processes this
 *   worker started through its counting runner).
 */
import { createInterface } from 'node:readline';
import type { EnvironmentRequest } from '../../src/core/environment/resolveRequest.js';
import type { EnvironmentServiceSettings } from '../../src/core/environment/serviceTypes.js';
import { createServiceHarness } from './serviceHarness.js';

/** The single command-line argument of the worker, as JSON. */
export interface EnsureWorkerArgs {
  readonly dataDir: string;
  readonly settings?: Partial<EnvironmentServiceSettings>;
  /** The distinct requests; ensure number `i` uses `requests[i % requests.length]`. */
  readonly requests: readonly EnvironmentRequest[];
  /** How many ensures to run (default `requests.length`). */
  readonly ensures?: number;
  /** Run the ensures one after another instead of all at once (default false). */
  readonly sequential?: boolean;
  /** Print `ready`, then wait for one line on stdin before starting (default false). */
  readonly waitForGo?: boolean;
  /** Echo progress phases (default false). */
  readonly progress?: boolean;
}

/** One finished ensure, as printed by the worker. */
export interface EnsureWorkerOutcome {
  readonly pid: number;
  /** Index of the ensure within this worker, and of the request it used. */
  readonly index: number;
  readonly request: number;
  readonly key: string | null;
  readonly state: string;
  readonly installed: boolean;
  readonly reused: boolean;
  readonly python_executable: string | null;
  readonly codes: readonly string[];
  /** True when this ensure reported a `lock-wait` progress event. */
  readonly lockWaited: boolean;
  readonly durationMs: number;
}

function print(value: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function waitForLine(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', () => {
      lines.close();
      resolve();
    });
    lines.once('close', () => resolve());
  });
}

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: ensureWorker '<json EnsureWorkerArgs>'");
  const args = JSON.parse(raw) as EnsureWorkerArgs;
  if (args.requests.length === 0) throw new Error('ensureWorker needs at least one request');
  const harness = createServiceHarness(args.dataDir, args.settings ?? {});
  print({ event: 'ready', pid: process.pid });
  if (args.waitForGo) await waitForLine();

  const runOne = async (index: number): Promise<void> => {
    const requestIndex = index % args.requests.length;
    let lockWaited = false;
    const outcome = await harness.service.ensure(args.requests[requestIndex]!, {
      onProgress: (event) => {
        if (event.phase === 'lock-wait') lockWaited = true;
        if (args.progress && !event.line)
          print({ event: 'progress', pid: process.pid, index, phase: event.phase, message: event.message });
      },
    });
    const result: EnsureWorkerOutcome = {
      pid: process.pid,
      index,
      request: requestIndex,
      key: outcome.ref?.environment_key ?? null,
      state: outcome.state,
      installed: outcome.installed,
      reused: outcome.reused,
      python_executable: outcome.ref?.python_executable ?? null,
      codes: outcome.errors.map((e) => e.code),
      lockWaited,
      durationMs: outcome.durationMs,
    };
    print({ event: 'outcome', ...result });
  };

  const count = args.ensures ?? args.requests.length;
  if (args.sequential) {
    for (let i = 0; i < count; i += 1) await runOne(i);
  } else {
    await Promise.all(Array.from({ length: count }, (_, i) => runOne(i)));
  }
  print({ event: 'done', pid: process.pid, processes: harness.runner.count });
}

await main();
// Stdin may still be open (waitForGo); exit explicitly once every line is flushed.
process.stdout.write('', () => process.exit(0));
