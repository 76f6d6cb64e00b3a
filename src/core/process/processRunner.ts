/**
 * The injected process boundary. Everything in core that starts a process goes through a
 * {@link ProcessRunner}, so tests can count real spawns and the service can kill a process tree
 * on cancel. Commands are argument arrays, never shell strings.
 */

/** One line of output from a running process. */
export interface ProcessOutputLine {
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

/** What to run. `env` is the complete child environment (nothing is inherited implicitly). */
export interface ProcessRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Written to stdin, then stdin is closed. */
  readonly input?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly onLine?: (line: ProcessOutputLine) => void;
  /**
   * Keeps stdin open for a long-lived child (a warm worker): called once right after the start
   * with a writer; the child sees end-of-file after `end()`. Ignored when `input` is given.
   */
  readonly onStdin?: (stdin: ProcessStdin) => void;
  /** Called once with the child's PID right after it starts (on POSIX also its process group id). */
  readonly onSpawn?: (pid: number) => void;
}

/** The open stdin of a running child (see `ProcessRequest.onStdin`). Writes after exit are dropped. */
export interface ProcessStdin {
  write(text: string): void;
  end(): void;
}

/** How a process ended. A non-zero exit is a result, not an exception. */
export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** Set when the program could not be started at all (not found, not executable, …). */
  readonly spawnError?: string;
}

/** Starts processes. Implementations must kill the whole process tree on abort or timeout. */
export interface ProcessRunner {
  run(request: ProcessRequest): Promise<ProcessResult>;
}
