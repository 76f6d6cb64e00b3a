/**
 * The record of one workflow run, as the run history keeps it: when, how long, the outcome, what
 * each node did and the files it wrote. {@link RunRecorder} builds it from the executor's events
 * (pure: the caller passes the time of each event) and keeps the run's log lines.
 */
import * as z from 'zod';
import type { ExecutionEvent, ExecutionResult } from '../workflow/executorTypes.js';

/** What happened to one node in a run. */
export const NodeRunRecordSchema = z.object({
  node_id: z.string().min(1).max(200),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'skipped']),
  started_at: z.number().nonnegative().optional(),
  duration_ms: z.number().nonnegative().optional(),
  cached: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** One run, as stored in the history (times are epoch ms). */
export const RunRecordSchema = z.object({
  run_id: z.string().min(1).max(100),
  workflow: z.string().max(1000),
  started_at: z.number().nonnegative(),
  finished_at: z.number().nonnegative(),
  duration_ms: z.number().nonnegative(),
  outcome: z.enum(['succeeded', 'failed', 'cancelled']),
  /** The node run when only one was asked for (with its ancestors); absent for the whole workflow. */
  target: z.string().max(200).optional(),
  nodes: z.array(NodeRunRecordSchema).max(10_000),
  /** Files the run's outputs name (absolute paths), with the node and port that produced them. */
  outputs: z.array(z.object({ node_id: z.string(), port: z.string(), path: z.string() })).max(10_000),
  output_dir: z.string(),
  /** The run's log file (absolute path), when one was written. */
  log_file: z.string().optional(),
  /** The first failure's message, when the run failed. */
  error: z.string().optional(),
});

export type NodeRunRecord = z.infer<typeof NodeRunRecordSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type RunOutcome = RunRecord['outcome'];

/** What a {@link RunRecorder} starts from. */
export interface RunRecorderInit {
  readonly runId: string;
  readonly workflow: string;
  readonly startedAt: number;
  /** The nodes the run will execute, in order (all queued at the start). */
  readonly nodeIds: readonly string[];
  readonly outputDir: string;
  readonly target?: string;
  /** The files one node's outputs name (e.g. its WAV); default none. */
  readonly filesOf?: (outputs: Readonly<Record<string, unknown>>) => readonly { port: string; path: string }[];
}

/** The outcome of a finished run. */
export function outcomeOf(result: Pick<ExecutionResult, 'ok' | 'cancelled'>): RunOutcome {
  return result.ok ? 'succeeded' : result.cancelled ? 'cancelled' : 'failed';
}

/** `2026-12-03T15:49:00.123Z`-style UTC stamp of an epoch-ms time, for logs. */
function stamp(at: number): string {
  return new Date(at).toISOString();
}

/**
 * Accumulates one run: feed it every executor event with its time (`observe`), then `finish`.
 * Never throws on unexpected events (a node it did not queue is added).
 */
export class RunRecorder {
  readonly #init: RunRecorderInit;
  readonly #nodes = new Map<string, NodeRunRecord>();
  readonly #outputs: { node_id: string; port: string; path: string }[] = [];
  readonly #lines: string[] = [];

  constructor(init: RunRecorderInit) {
    this.#init = init;
    for (const id of init.nodeIds) this.#nodes.set(id, { node_id: id, state: 'queued' });
    this.#lines.push(
      `${stamp(init.startedAt)} run ${init.runId} of ${init.workflow}${init.target ? ` (node ${init.target})` : ''}: ${init.nodeIds.length} node(s) queued: ${init.nodeIds.join(', ')}`,
    );
  }

  /** The run's log so far, one line per event. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** Records `event`, seen at `at` (epoch ms). */
  observe(event: ExecutionEvent, at: number): void {
    const previous = this.#nodes.get(event.nodeId) ?? { node_id: event.nodeId, state: 'queued' as const };
    const since = previous.started_at;
    const duration = since === undefined ? undefined : Math.max(0, at - since);
    const ended = (state: NodeRunRecord['state'], extra: Partial<NodeRunRecord> = {}): void => {
      this.#nodes.set(event.nodeId, {
        ...previous,
        state,
        ...(duration !== undefined ? { duration_ms: duration } : {}),
        ...extra,
      });
    };
    switch (event.type) {
      case 'started':
        this.#nodes.set(event.nodeId, { node_id: event.nodeId, state: 'running', started_at: at });
        this.#lines.push(`${stamp(at)} ${event.nodeId} (${event.nodeType}) started`);
        return;
      case 'progress':
        this.#lines.push(
          `${stamp(at)} ${event.nodeId}: ${event.message}${event.percent !== undefined ? ` (${Math.round(event.percent)}%)` : ''}`,
        );
        return;
      case 'partial':
        return;
      case 'finished': {
        ended('done', event.cached ? { cached: true } : {});
        for (const file of this.#init.filesOf?.(event.outputs) ?? []) this.#outputs.push({ node_id: event.nodeId, ...file });
        this.#lines.push(
          `${stamp(at)} ${event.nodeId} done${duration !== undefined ? ` in ${duration} ms` : ''}${event.cached ? ' (same work earlier in this run)' : ''}`,
        );
        return;
      }
      case 'failed':
      case 'skipped': {
        const state = event.error.code === 'cancelled' ? 'cancelled' : event.type;
        ended(state, { error: { code: event.error.code, message: event.error.message } });
        this.#lines.push(
          `${stamp(at)} ${event.nodeId} ${state}: [${event.error.code}] ${event.error.message}${event.error.hint ? ` (${event.error.hint})` : ''}`,
        );
        return;
      }
    }
  }

  /** The finished record; nodes still queued or running are marked cancelled. */
  finish(result: Pick<ExecutionResult, 'ok' | 'cancelled' | 'failures'>, at: number, logFile?: string): RunRecord {
    const outcome = outcomeOf(result);
    const nodes = [...this.#nodes.values()].map((n) =>
      n.state === 'queued' || n.state === 'running' ? { ...n, state: 'cancelled' as const } : n,
    );
    const first = result.failures[0];
    for (const failure of result.failures)
      if (failure.nodeId === null) this.#lines.push(`${stamp(at)} run failed: [${failure.error.code}] ${failure.error.message}`);
    this.#lines.push(`${stamp(at)} run ${outcome} in ${Math.max(0, at - this.#init.startedAt)} ms`);
    return {
      run_id: this.#init.runId,
      workflow: this.#init.workflow,
      started_at: this.#init.startedAt,
      finished_at: at,
      duration_ms: Math.max(0, at - this.#init.startedAt),
      outcome,
      ...(this.#init.target !== undefined ? { target: this.#init.target } : {}),
      nodes,
      outputs: [...this.#outputs],
      output_dir: this.#init.outputDir,
      ...(logFile !== undefined ? { log_file: logFile } : {}),
      ...(first && !result.ok ? { error: first.error.message } : {}),
    };
  }
}
