/**
 * Runs one Python inference worker: `<python> <script>`, one JSON request on stdin, JSON lines
 * on stdout (see `workerProtocol.ts`). The child environment comes from `buildChildEnvironment`
 * (no ambient `PYTHONPATH`, pip config, …); cancellation and timeouts go through the injected
 * {@link ProcessRunner}, which kills the whole process tree.
 */
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { ErrorCode } from '../errors/errorCodes.js';
import { classifyWorkerLine, findFinalLine, tail } from './workerProtocol.js';
import type { WorkerEvent, WorkerFinal } from './workerProtocol.js';

/**
 * The environment of every worker: the isolated child environment plus unbuffered output and the
 * Hugging Face hub switched off (`HF_HUB_OFFLINE`, `TRANSFORMERS_OFFLINE`): nothing is downloaded
 * at run time, a missing model file is an error naming it.
 */
export function workerEnvironment(parentEnv: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  return buildChildEnvironment(parentEnv, process.platform, {
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    HF_HUB_OFFLINE: '1',
    TRANSFORMERS_OFFLINE: '1',
  });
}

/** What to run. */
export interface RunWorkerOptions {
  /** The environment's interpreter (from a gated EnvironmentRefV1); never a fallback. */
  readonly pythonExecutable: string;
  /** Absolute path of the worker script (see `workerScriptPath`). */
  readonly script: string;
  /** The request; serialized as one JSON line on stdin. */
  readonly request: unknown;
  readonly runner: ProcessRunner;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Receives events as they arrive; a throwing listener is ignored. */
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Prefixes error paths (the inference node's id). */
  readonly nodeId?: string;
  readonly cwd?: string;
  /** Parent variables filtered by `buildChildEnvironment`; default `process.env`. */
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
}

/** A worker's success: its outputs, plus the tail of its stderr for diagnostics. */
export interface WorkerSuccess {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly stderrTail: string;
  readonly durationMs: number;
}

/**
 * The outcome. It is a `Result<WorkerSuccess>`; failures also carry the Python traceback (when
 * the worker reported one) and the stderr tail.
 */
export type WorkerResult =
  | { readonly ok: true; readonly value: WorkerSuccess }
  | {
      readonly ok: false;
      readonly errors: readonly StructuredError[];
      readonly traceback: string | null;
      readonly stderrTail: string;
    };

/**
 * Runs the worker to completion. Never rejects. Outcomes:
 * - final `{"ok":true}` line → success with its `outputs` (the first final line wins; the exit
 *   code is not consulted once a final line exists);
 * - final `{"ok":false}` → its `code` (an inference code such as `model_file_missing`, path
 *   `[nodeId, where]`) else `worker_failed`; message = the error then the traceback;
 * - timeout → `worker_timeout`; abort → `cancelled` (the runner killed the process tree);
 * - no final line (crash, `sys.exit`, interpreter missing) → `worker_failed` with the stderr tail.
 * Non-JSON stdout lines and stderr lines reach `onEvent` as `log` events.
 */
export async function runWorker(options: RunWorkerOptions): Promise<WorkerResult> {
  const path = options.nodeId === undefined ? [] : [options.nodeId];
  const emit = (event: WorkerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A broken listener must not break the run.
    }
  };
  const env = workerEnvironment(options.parentEnv);
  let result;
  try {
    result = await options.runner.run({
      file: options.pythonExecutable,
      args: [options.script],
      env,
      input: `${JSON.stringify(options.request)}\n`,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      onLine: ({ stream, line }) => {
        if (stream === 'stderr') {
          if (line.trim() !== '') emit({ event: 'log', level: 'stderr', message: line, source: 'stderr' });
          return;
        }
        const classified = classifyWorkerLine(line);
        if (classified?.kind === 'event') emit(classified.event);
      },
    });
  } catch (error) {
    const message = `could not run the worker ${options.script} with ${options.pythonExecutable}: ${(error as Error).message}`;
    return { ok: false, errors: [structuredError('worker_failed', message, path)], traceback: null, stderrTail: '' };
  }
  const stderrTail = tail(result.stderr);
  const failure = (code: ErrorCode, message: string, traceback: string | null = null, hint?: string): WorkerResult => ({
    ok: false,
    errors: [structuredError(code, message, path, hint)],
    traceback,
    stderrTail,
  });
  if (result.timedOut)
    return failure(
      'worker_timeout',
      `the worker ${options.script} did not finish within ${options.timeoutMs} ms and was stopped`,
      null,
      'Raise the timeout or lower the workload (steps, duration).',
    );
  if (result.cancelled || options.signal?.aborted) return failure('cancelled', `the worker ${options.script} was cancelled`);
  const final = findFinalLine(result.stdout);
  if (final !== undefined) return finalToResult(final, path, stderrTail, result.durationMs);
  const how =
    result.spawnError !== undefined
      ? `could not start ${options.pythonExecutable}: ${result.spawnError}`
      : `exited with ${result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `code ${result.exitCode}`} without a result`;
  return failure('worker_failed', `the worker ${options.script} ${how}${stderrTail ? `\n\nstderr (tail):\n${stderrTail}` : ''}`);
}

/**
 * A worker's final line as a {@link WorkerResult}: `ok` → its outputs; a failure → its inference
 * code (path `[...path, where]`) or `worker_failed`, message = the error then the traceback. Pure.
 */
export function finalToResult(
  final: WorkerFinal,
  path: readonly (string | number)[],
  stderrTail: string,
  durationMs: number,
): WorkerResult {
  if (final.ok) return { ok: true, value: { outputs: final.outputs, stderrTail, durationMs } };
  const message = final.traceback ? `${final.error}\n\n${final.traceback.trimEnd()}` : final.error;
  const where = final.where === undefined ? path : [...path, final.where];
  return {
    ok: false,
    errors: [structuredError(final.code ?? 'worker_failed', message, where)],
    traceback: final.traceback,
    stderrTail,
  };
}
