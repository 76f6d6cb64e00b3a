/**
 * Types of the workflow executor: node runners, run events, options and results. Types only, so
 * the webview can import the event shapes without the executor.
 */
import type { StructuredError } from '../errors/structuredError.js';
import type { WorkflowNode } from './workflowSchema.js';

/** What a {@link NodeRunner} receives for one node. */
export interface NodeRunContext<C = unknown> {
  readonly node: WorkflowNode;
  /** Input port → value: the connected upstream output, else the value typed into `node.data`. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Aborted when the run is cancelled; a runner should stop promptly (kill its process, …). */
  readonly signal: AbortSignal;
  /** Reports progress; `percent` in 0–100. Ignored once the node has settled. */
  emitProgress(message: string, percent?: number): void;
  /**
   * Reports outputs as they grow before the node settles (e.g. `{ text }` while tokens stream):
   * each call carries the whole value so far of the ports it names. Ignored once settled.
   */
  emitPartialOutputs(partial: Record<string, unknown>): void;
  /** The caller's context (services, settings), passed through untouched. */
  readonly context: C;
}

/**
 * Runs one node: resolves to output port → value, or rejects. Throwing a `PantographError` keeps
 * its code (e.g. `environment_not_ready`); any other rejection becomes `node_failed`.
 */
export type NodeRunner<C = unknown> = (ctx: NodeRunContext<C>) => Promise<Record<string, unknown>>;

/** One event of a run, in the order things happen. */
export type ExecutionEvent =
  | { readonly type: 'started'; readonly nodeId: string; readonly nodeType: string }
  | { readonly type: 'progress'; readonly nodeId: string; readonly message: string; readonly percent?: number }
  /** Outputs so far of a running node (the whole value of each named port); `finished` follows. */
  | { readonly type: 'partial'; readonly nodeId: string; readonly outputs: Readonly<Record<string, unknown>> }
  | {
      readonly type: 'finished';
      readonly nodeId: string;
      readonly outputs: Readonly<Record<string, unknown>>;
      readonly cached: boolean;
    }
  | { readonly type: 'failed'; readonly nodeId: string; readonly error: StructuredError }
  /** Not run: an upstream node failed (`upstream_failed`) or the run was cancelled (`cancelled`). */
  | { readonly type: 'skipped'; readonly nodeId: string; readonly error: StructuredError };

/** Options of `executeWorkflow`. */
export interface ExecuteOptions<C = unknown> {
  /** node_type → runner. A needed node whose type has no runner fails with `node_failed`. */
  readonly runners: Readonly<Record<string, NodeRunner<C>>>;
  /** Nodes whose outputs are wanted; default: every sink node (no outgoing edge). */
  readonly targets?: readonly string[];
  readonly signal?: AbortSignal;
  /** Receives every {@link ExecutionEvent}; exceptions it throws are swallowed. */
  readonly onEvent?: (event: ExecutionEvent) => void;
  readonly context?: C;
  /** Hash used for the in-run output cache; default a pure 64-bit FNV-1a. */
  readonly hash?: (canonical: string) => string;
}

/** A node (or, with `nodeId: null`, the whole workflow) that did not produce outputs. */
export interface ExecutionFailure {
  readonly nodeId: string | null;
  readonly error: StructuredError;
}

/** The outcome of a run. `ok` is true exactly when `failures` is empty. */
export interface ExecutionResult {
  readonly ok: boolean;
  /** True when the signal aborted the run. */
  readonly cancelled: boolean;
  /** nodeId → output port → value, for every node that finished. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly failures: readonly ExecutionFailure[];
}
