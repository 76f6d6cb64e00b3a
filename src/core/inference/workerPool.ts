/**
 * The warm-worker pool: at most one long-lived {@link WarmWorker} per (environment interpreter,
 * worker script, model), reused between runs so a second run starts without re-importing torch or
 * reloading the model. Requests to one worker run one at a time (queued). A worker is killed on
 * cancel or timeout of its request, after `idleMs()` without a request, by `disposeWhere` (e.g. its
 * environment was deleted) and by `dispose` (window closed). No `vscode`: the extension owns the
 * lifetime hooks; the CLI does not use a pool (it runs cold).
 */
import type { ProcessRunner } from '../process/processRunner.js';
import { WarmWorker } from './warmWorker.js';
import type { WarmRequestOptions } from './warmWorker.js';
import type { WorkerResult } from './runWorker.js';
import { structuredError } from '../errors/structuredError.js';

/** What identifies a warm worker, plus how to start it. */
export interface PooledWorkerSpec {
  readonly pythonExecutable: string;
  readonly script: string;
  /** The model the worker keeps loaded (its folder); part of the key. */
  readonly modelKey: string;
  readonly cwd?: string;
}

/** Pool options. */
export interface WorkerPoolOptions {
  readonly runner: ProcessRunner;
  /** Idle time before a worker is killed, read at each idle start (live setting). 0 = kill at once. */
  readonly idleMs: () => number;
  readonly parentEnv?: Readonly<Record<string, string | undefined>>;
  /** Told when a worker starts or stops (for logs). */
  readonly onChange?: (change: {
    readonly kind: 'started' | 'stopped';
    readonly key: string;
    readonly pid: number | undefined;
    readonly reason: string;
  }) => void;
}

/** A live worker as listed by {@link WorkerPool.list}. */
export interface PooledWorkerInfo {
  readonly key: string;
  readonly pythonExecutable: string;
  readonly modelKey: string;
  readonly pid: number | undefined;
  readonly requests: number;
  readonly busy: boolean;
}

interface Entry {
  readonly spec: PooledWorkerSpec;
  readonly worker: WarmWorker;
  queue: Promise<unknown>;
  idle: NodeJS.Timeout | undefined;
}

/** The pool key of a spec. Pure. */
export function workerKey(spec: Pick<PooledWorkerSpec, 'pythonExecutable' | 'script' | 'modelKey'>): string {
  return JSON.stringify([spec.pythonExecutable, spec.script, spec.modelKey]);
}

/** See the module comment. */
export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #entries = new Map<string, Entry>();
  #disposed = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  /** The live workers. */
  list(): PooledWorkerInfo[] {
    return [...this.#entries.entries()].map(([key, e]) => ({
      key,
      pythonExecutable: e.spec.pythonExecutable,
      modelKey: e.spec.modelKey,
      pid: e.worker.pid,
      requests: e.worker.requests,
      busy: e.worker.busy,
    }));
  }

  /**
   * Runs `request` on the warm worker for `spec`, starting it when there is none (or it died).
   * Never rejects. A cancelled or timed-out request kills its worker (the next run starts a new one).
   */
  run(spec: PooledWorkerSpec, request: unknown, options: WarmRequestOptions = {}): Promise<WorkerResult> {
    const key = workerKey(spec);
    let entry = this.#entries.get(key);
    if (entry && !entry.worker.alive) {
      this.#forget(key, entry, 'exited');
      entry = undefined;
    }
    if (!entry) {
      if (this.#disposed)
        return Promise.resolve({
          ok: false,
          errors: [
            structuredError(
              'cancelled',
              'the worker pool was closed (the window is closing)',
              options.nodeId === undefined ? [] : [options.nodeId],
            ),
          ],
          traceback: null,
          stderrTail: '',
        });
      const worker = new WarmWorker({
        pythonExecutable: spec.pythonExecutable,
        script: spec.script,
        runner: this.#options.runner,
        ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
        ...(this.#options.parentEnv ? { parentEnv: this.#options.parentEnv } : {}),
      });
      entry = { spec, worker, queue: Promise.resolve(), idle: undefined };
      const created = entry;
      this.#entries.set(key, created);
      void worker.exited.then(() => {
        if (this.#entries.get(key) === created) this.#forget(key, created, 'exited');
      });
      this.#options.onChange?.({ kind: 'started', key, pid: worker.pid, reason: 'first run' });
    }
    const current = entry;
    if (current.idle !== undefined) clearTimeout(current.idle);
    current.idle = undefined;
    const result = current.queue.then(() => current.worker.request(request, options));
    current.queue = result.then(() => this.#afterRequest(key, current));
    return result;
  }

  /** Kills the workers whose spec matches (e.g. every worker of a deleted environment). */
  async disposeWhere(predicate: (spec: PooledWorkerSpec) => boolean, reason = 'disposed'): Promise<void> {
    const doomed = [...this.#entries.entries()].filter(([, e]) => predicate(e.spec));
    await Promise.all(doomed.map(([key, e]) => this.#stop(key, e, reason)));
  }

  /** Kills every worker; the pool starts no new ones afterwards. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.disposeWhere(() => true, 'pool disposed');
  }

  #afterRequest(key: string, entry: Entry): void {
    if (this.#entries.get(key) !== entry) return;
    if (!entry.worker.alive) return this.#forget(key, entry, 'exited');
    if (entry.worker.busy) return;
    const idleMs = Math.max(0, this.#options.idleMs());
    entry.idle = setTimeout(() => void this.#stop(key, entry, `idle for ${Math.round(idleMs / 1000)} s`), idleMs);
    entry.idle.unref?.();
  }

  async #stop(key: string, entry: Entry, reason: string): Promise<void> {
    this.#forget(key, entry, reason);
    await entry.worker.kill();
  }

  #forget(key: string, entry: Entry, reason: string): void {
    if (entry.idle !== undefined) clearTimeout(entry.idle);
    entry.idle = undefined;
    if (this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    this.#options.onChange?.({ kind: 'stopped', key, pid: entry.worker.pid, reason });
  }
}
