/**
 * One long-lived worker process (`<python> <script> --serve`): JSON requests in on stdin, one
 * line each, JSON lines out (events, then one final line per request), one request at a time. The
 * process keeps torch and its model loaded between requests. It goes through the injected
 * {@link ProcessRunner}, so `kill()` ends the whole process tree and counting runners see it.
 */
import type { ProcessResult, ProcessRunner, ProcessStdin } from '../process/processRunner.js';
import { structuredError } from '../errors/structuredError.js';
import type { ErrorCode } from '../errors/errorCodes.js';
import { finalToResult, workerEnvironment } from './runWorker.js';
import type { WorkerResult } from './runWorker.js';
import { classifyWorkerLine, tail } from './workerProtocol.js';
import type { WorkerEvent } from './workerProtocol.js';

/** How to start a warm worker. */
export interface WarmWorkerSpec {
  readonly pythonExecutable: string;
  /** Absolute path of the worker script; started with `--serve`. */
  readonly script: string;
  readonly runner: ProcessRunner;
  readonly cwd?: string;
  /** Parent variables filtered by `workerEnvironment`; default `process.env`. */
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
}

/** One request to a warm worker. */
export interface WarmRequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Prefixes error paths (the inference node's id). */
  readonly nodeId?: string;
}

interface Pending {
  readonly resolve: (result: WorkerResult) => void;
  readonly onEvent?: (event: WorkerEvent) => void;
  readonly path: readonly string[];
  readonly started: number;
}

/** See the module comment. Construct, then `request()`; `kill()` when done. */
export class WarmWorker {
  readonly #spec: WarmWorkerSpec;
  readonly #lifetime = new AbortController();
  readonly #exited: Promise<ProcessResult>;
  #stdin: ProcessStdin | undefined;
  #pid: number | undefined;
  #pending: Pending | undefined;
  #stderr: string[] = [];
  #alive = true;
  #requests = 0;

  constructor(spec: WarmWorkerSpec) {
    this.#spec = spec;
    this.#exited = spec.runner
      .run({
        file: spec.pythonExecutable,
        args: [spec.script, '--serve'],
        env: workerEnvironment(spec.parentEnv),
        ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
        signal: this.#lifetime.signal,
        onStdin: (stdin) => void (this.#stdin = stdin),
        onSpawn: (pid) => void (this.#pid = pid),
        onLine: ({ stream, line }) => this.#onLine(stream, line),
      })
      .then((result) => this.#onExit(result));
  }

  /** The process id once started. */
  get pid(): number | undefined {
    return this.#pid;
  }

  /** False once the process ended or was killed. */
  get alive(): boolean {
    return this.#alive;
  }

  /** True while a request is in flight. */
  get busy(): boolean {
    return this.#pending !== undefined;
  }

  /** Requests sent so far. */
  get requests(): number {
    return this.#requests;
  }

  /** Resolves with the process result once the process has ended. */
  get exited(): Promise<ProcessResult> {
    return this.#exited;
  }

  /**
   * Sends one request; resolves with its result, never rejects. Abort (or the timeout) kills the
   * worker: `cancelled` (`worker_timeout`). A dead or busy worker → `worker_failed`.
   */
  request(request: unknown, options: WarmRequestOptions = {}): Promise<WorkerResult> {
    const path = options.nodeId === undefined ? [] : [options.nodeId];
    if (!this.#alive || this.#stdin === undefined)
      return Promise.resolve(this.#failure('worker_failed', `the warm worker ${this.#spec.script} is not running`, path));
    if (this.#pending)
      return Promise.resolve(this.#failure('worker_failed', 'the warm worker is busy with another request', path));
    if (options.signal?.aborted)
      return Promise.resolve(this.#failure('cancelled', `the worker ${this.#spec.script} was cancelled`, path));
    this.#requests += 1;
    return new Promise<WorkerResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void =>
        this.#settle(this.#failure('cancelled', `the worker ${this.#spec.script} was cancelled`, path), true);
      const done = (result: WorkerResult): void => {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      this.#pending = {
        resolve: done,
        path,
        started: performance.now(),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      };
      this.#stderr = [];
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(
          () =>
            this.#settle(
              this.#failure(
                'worker_timeout',
                `the worker ${this.#spec.script} did not finish within ${options.timeoutMs} ms and was stopped`,
                path,
              ),
              true,
            ),
          options.timeoutMs,
        );
      }
      this.#stdin?.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Ends the process tree (SIGTERM, then SIGKILL); resolves once it has exited. */
  async kill(): Promise<void> {
    this.#alive = false;
    this.#lifetime.abort();
    await this.#exited;
  }

  #settle(result: WorkerResult, kill = false): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (kill) void this.kill();
    pending?.resolve(result);
  }

  #failure(code: ErrorCode, message: string, path: readonly string[]): WorkerResult {
    return {
      ok: false,
      errors: [structuredError(code, message, path)],
      traceback: null,
      stderrTail: tail(this.#stderr.join('\n')),
    };
  }

  #emit(event: WorkerEvent): void {
    try {
      this.#pending?.onEvent?.(event);
    } catch {
      // A broken listener must not break the run.
    }
  }

  #onLine(stream: 'stdout' | 'stderr', line: string): void {
    if (stream === 'stderr') {
      if (line.trim() === '') return;
      this.#stderr.push(line);
      if (this.#stderr.length > 200) this.#stderr.splice(0, this.#stderr.length - 200);
      this.#emit({ event: 'log', level: 'stderr', message: line, source: 'stderr' });
      return;
    }
    const classified = classifyWorkerLine(line);
    if (classified === undefined) return;
    if (classified.kind === 'event') this.#emit(classified.event);
    else if (this.#pending)
      this.#settle(
        finalToResult(
          classified.final,
          this.#pending.path,
          tail(this.#stderr.join('\n')),
          performance.now() - this.#pending.started,
        ),
      );
  }

  #onExit(result: ProcessResult): ProcessResult {
    this.#alive = false;
    if (this.#pending) {
      const how =
        result.spawnError !== undefined
          ? `could not start ${this.#spec.pythonExecutable}: ${result.spawnError}`
          : `exited with ${result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `code ${result.exitCode}`} without a result`;
      const stderr = tail(this.#stderr.join('\n'));
      this.#settle(
        this.#failure(
          'worker_failed',
          `the warm worker ${this.#spec.script} ${how}${stderr ? `\n\nstderr (tail):\n${stderr}` : ''}`,
          this.#pending.path,
        ),
      );
    }
    return result;
  }
}
