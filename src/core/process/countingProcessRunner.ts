/**
 * A {@link ProcessRunner} decorator that records every process it is asked to start, so tests and
 * benchmarks can assert facts such as "zero processes on reuse" against real code paths.
 */
import type { ProcessRequest, ProcessResult, ProcessRunner } from './processRunner.js';

/** One recorded start: the program and its arguments, copied at call time. */
export interface RecordedProcess {
  readonly file: string;
  readonly args: readonly string[];
}

/**
 * Counts and records each `run` call, then delegates to `inner` unchanged (result, errors and
 * timing are the inner runner's). A request whose signal is already aborted is still recorded:
 * it is an attempt, whether or not the inner runner starts anything.
 */
export class CountingProcessRunner implements ProcessRunner {
  readonly #inner: ProcessRunner;
  readonly #calls: RecordedProcess[] = [];

  constructor(inner: ProcessRunner) {
    this.#inner = inner;
  }

  /** Number of `run` calls since construction or the last {@link reset}. */
  get count(): number {
    return this.#calls.length;
  }

  /** The recorded calls, oldest first (a snapshot). */
  get calls(): readonly RecordedProcess[] {
    return [...this.#calls];
  }

  /** Forgets everything recorded so far. */
  reset(): void {
    this.#calls.length = 0;
  }

  run(request: ProcessRequest): Promise<ProcessResult> {
    this.#calls.push({ file: request.file, args: [...request.args] });
    return this.#inner.run(request);
  }
}
