/**
 * The production {@link ProcessRunner}: execa 9 with argument arrays, an exact environment, line
 * streaming, and cancellation/timeout that end the whole process tree, not just the direct child.
 *
 * POSIX: the child starts detached, i.e. as the leader of its own process group, so a kill sent to
 * the negative pid reaches every descendant that did not leave the group: SIGTERM first, SIGKILL
 * once the leader has exited or after a short grace. Windows: `taskkill /T /F /PID <pid>`.
 * A descendant that starts its own session (a daemon) escapes, as it would from any shell.
 */
import { execa } from 'execa';
import type { Options } from 'execa';
import type { ProcessOutputLine, ProcessRequest, ProcessResult, ProcessRunner } from './processRunner.js';

/** Tuning for {@link ExecaProcessRunner}; defaults suit production. */
export interface ExecaProcessRunnerOptions {
  /** Time between SIGTERM and SIGKILL of the process group (POSIX). Default 2000 ms. */
  readonly killGraceMs?: number;
  /** The platform to behave as; default `process.platform`. */
  readonly platform?: NodeJS.Platform;
}

/**
 * Runs real processes. `run` never rejects for a non-zero exit, a signal, a cancel, a timeout or
 * a program that cannot be started: each is described by the {@link ProcessResult}
 * (`exitCode: null` plus `spawnError` for the last). An already-aborted signal starts nothing.
 * Output lines of both streams go to `onLine` as they arrive, split on `\n`/`\r\n`, the final
 * unterminated line included.
 */
export class ExecaProcessRunner implements ProcessRunner {
  readonly #killGraceMs: number;
  readonly #platform: NodeJS.Platform;
  /** Process groups still running; killed if this Node process exits first (execa's cleanup skips detached children). */
  readonly #liveGroups = new Set<number>();
  readonly #killLiveGroups = (): void => {
    for (const pid of this.#liveGroups) signalGroup(pid, 'SIGKILL');
  };

  constructor(options: ExecaProcessRunnerOptions = {}) {
    this.#killGraceMs = options.killGraceMs ?? 2000;
    this.#platform = options.platform ?? process.platform;
  }

  async run(request: ProcessRequest): Promise<ProcessResult> {
    const started = performance.now();
    if (request.signal?.aborted) {
      return { exitCode: null, signal: null, stdout: '', stderr: '', cancelled: true, timedOut: false, durationMs: 0 };
    }
    const isWindows = this.#platform === 'win32';
    const options: Options = {
      cwd: request.cwd,
      env: { ...request.env },
      extendEnv: false,
      reject: false,
      detached: !isWindows,
      windowsHide: true,
      stripFinalNewline: false,
      ...(request.input !== undefined
        ? { input: request.input }
        : { stdin: request.onStdin ? ('pipe' as const) : ('ignore' as const) }),
      stdout: lineTap('stdout', request.onLine),
      stderr: lineTap('stderr', request.onLine),
    };
    const subprocess = execa(request.file, [...request.args], options);
    const groupPid = isWindows ? undefined : subprocess.pid;
    if (subprocess.pid !== undefined && request.onSpawn) {
      try {
        request.onSpawn(subprocess.pid);
      } catch {
        // A throwing listener must not leave a started child unmanaged.
      }
    }
    if (request.input === undefined && request.onStdin && subprocess.stdin) {
      const stdin = subprocess.stdin;
      stdin.on('error', () => undefined); // EPIPE after the child died: the result tells the story.
      try {
        request.onStdin({ write: (text) => void (stdin.writable && stdin.write(text)), end: () => stdin.end() });
      } catch {
        // A throwing listener must not leave a started child unmanaged.
      }
    }
    if (groupPid !== undefined) {
      if (this.#liveGroups.size === 0) process.on('exit', this.#killLiveGroups);
      this.#liveGroups.add(groupPid);
    }
    const leaderExited = new Promise<void>((resolve) => {
      subprocess.once('exit', () => resolve());
      subprocess.once('error', () => resolve());
    });

    let cancelled = false;
    let timedOut = false;
    let killing: Promise<void> | undefined;
    const killTree = (): void => {
      const pid = subprocess.pid;
      if (killing === undefined && pid !== undefined)
        killing = isWindows ? killWindowsTree(pid) : this.#killGroup(pid, leaderExited);
    };
    const onAbort = (): void => {
      cancelled = true;
      killTree();
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      request.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            killTree();
          }, request.timeoutMs)
        : undefined;

    try {
      const result = await subprocess;
      if (killing !== undefined) await killing;
      const spawnError = result.failed && result.exitCode === undefined && result.signal === undefined && !cancelled && !timedOut;
      return {
        exitCode: result.exitCode ?? null,
        signal: result.signal ?? null,
        stdout: asText(result.stdout),
        stderr: asText(result.stderr),
        cancelled,
        timedOut,
        durationMs: performance.now() - started,
        ...(spawnError ? { spawnError: result.originalMessage ?? result.shortMessage } : {}),
      };
    } finally {
      if (groupPid !== undefined) {
        this.#liveGroups.delete(groupPid);
        if (this.#liveGroups.size === 0) process.off('exit', this.#killLiveGroups);
      }
      if (timer !== undefined) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * SIGTERM to the whole group; once the leader has exited (or the grace has passed), SIGKILL to
   * whatever is left in the group. Waiting for the leader rather than for an empty group matters
   * where init reaps orphans lazily: a reparented zombie keeps the group "alive" for seconds.
   */
  async #killGroup(pid: number, leaderExited: Promise<unknown>): Promise<void> {
    if (!signalGroup(pid, 'SIGTERM')) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#killGraceMs);
    });
    await Promise.race([leaderExited, grace]);
    clearTimeout(timer);
    signalGroup(pid, 'SIGKILL');
  }
}

/** Sends `signal` to process group `pid`; false when the group no longer exists. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function killWindowsTree(pid: number): Promise<void> {
  await execa('taskkill', ['/T', '/F', '/PID', String(pid)], { reject: false, windowsHide: true, stdin: 'ignore' });
}

/** An execa line transform that reports each line to `onLine` and passes it through unchanged. */
function lineTap(stream: ProcessOutputLine['stream'], onLine: ProcessRequest['onLine']): Options['stdout'] {
  if (onLine === undefined) return 'pipe' as const;
  return {
    *transform(chunk: unknown): Generator<unknown> {
      onLine({ stream, line: String(chunk) });
      yield chunk;
    },
    preserveNewlines: false,
  };
}

function asText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.join('\n');
  return '';
}
