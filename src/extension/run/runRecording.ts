/**
 * One run's recording for the run history: a run id, the executor events stamped with the host
 * clock (a {@link RunRecorder}), and at the end the log file and the history entry written next to
 * the run's outputs (`core/runs/runHistoryStore.ts`). No `vscode` import.
 */
import { randomBytes } from 'node:crypto';
import type { Result } from '../../core/errors/structuredError.js';
import { RunHistoryStore } from '../../core/runs/runHistoryStore.js';
import { RunRecorder } from '../../core/runs/runRecord.js';
import type { RunRecord } from '../../core/runs/runRecord.js';
import type { ExecutionEvent, ExecutionResult } from '../../core/workflow/executorTypes.js';
import { audioPathOf } from '../../core/nodes/runOutputs.js';

/** What a recording starts from. */
export interface RunRecordingInit {
  readonly outputDir: string;
  /** The workflow's file path (or name, untitled). */
  readonly workflow: string;
  /** The planned nodes, in order. */
  readonly nodeIds: readonly string[];
  readonly target?: string;
  /** Runs kept in the history. */
  readonly limit?: number;
  /** The clock (epoch ms); default `Date.now`. */
  readonly now?: () => number;
}

/** A new run id: UTC time to the second and 6 random hex digits (`20261203-154900-1a2b3c`); a safe file name. */
export function newRunId(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${randomBytes(3).toString('hex')}`;
}

/** See the module comment. */
export class RunRecording {
  readonly runId: string;
  readonly startedAt: number;
  readonly #now: () => number;
  readonly #recorder: RunRecorder;
  readonly #store: RunHistoryStore;

  constructor(init: RunRecordingInit) {
    this.#now = init.now ?? Date.now;
    this.startedAt = this.#now();
    this.runId = newRunId(this.startedAt);
    this.#store = new RunHistoryStore(init.outputDir, init.limit);
    this.#recorder = new RunRecorder({
      runId: this.runId,
      workflow: init.workflow,
      startedAt: this.startedAt,
      nodeIds: init.nodeIds,
      outputDir: init.outputDir,
      ...(init.target !== undefined ? { target: init.target } : {}),
      filesOf: (outputs) => {
        const audio = audioPathOf(outputs);
        return audio ? [{ port: 'audio', path: audio }] : [];
      },
    });
  }

  /** Records `event` now; returns the time it was stamped with. */
  observe(event: ExecutionEvent): number {
    const at = this.#now();
    this.#recorder.observe(event, at);
    return at;
  }

  /** Writes the log and the history entry; resolves to the record (or why it could not be stored). */
  async finish(result: Pick<ExecutionResult, 'ok' | 'cancelled' | 'failures'>): Promise<Result<RunRecord>> {
    const at = this.#now();
    const finished = this.#recorder.finish(result, at);
    const logged = await this.#store.writeLog(this.runId, this.#recorder.lines);
    const record = logged.ok ? { ...finished, log_file: logged.value } : finished;
    const stored = await this.#store.append(record);
    return stored.ok ? { ok: true, value: record } : stored;
  }
}
