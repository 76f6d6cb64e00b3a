/**
 * Runs a workflow: validate, pick the nodes the targets need, run them one at a time in
 * topological order, feeding outputs along edges. No Node built-ins: runners bring the I/O.
 */
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { buildAdjacency, ancestorsOf, sinkNodes, topologicalOrder } from './graphOrder.js';
import { fnv1a64, stableStringify } from './jsonValue.js';
import { getNodeType } from './nodeTypes.js';
import { hasScalarValue, validateWorkflowGraph } from './validateGraph.js';
import type { WorkflowDocument, WorkflowNode } from './workflowSchema.js';
import type { ExecuteOptions, ExecutionEvent, ExecutionFailure, ExecutionResult, NodeRunner } from './executorTypes.js';

const CANCELLED = Symbol('cancelled');

/** Settles with `promise`, or rejects with {@link CANCELLED} as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(CANCELLED);
    const onAbort = (): void => reject(CANCELLED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

function toNodeError(error: unknown, node: WorkflowNode, path: (string | number)[]): StructuredError {
  if (error instanceof PantographError && error.errors[0]) {
    const first = error.errors[0];
    return structuredError(first.code, `node "${node.id}": ${first.message}`, path, first.hint);
  }
  const message = error instanceof Error ? error.message : String(error);
  return structuredError('node_failed', `node "${node.id}" (${node.node_type}) failed: ${message}`, path);
}

/**
 * Executes `doc`. Validation errors (except missing inputs of nodes no target needs) end the run
 * before anything runs. Only `targets` (default: sink nodes) and their ancestors run, one at a
 * time in topological order (ties by document order). Inputs come from upstream outputs by edge
 * handles, else from `node.data[port]`. Identical work — same node type, data and inputs — runs
 * once per run (`finished` with `cached: true`). A failed node skips its downstream nodes with
 * `upstream_failed` naming it, while independent branches go on. Aborting `signal` hands the abort
 * to the running node, stops the run at once and reports `cancelled`. Never rejects.
 */
export async function executeWorkflow<C = unknown>(doc: WorkflowDocument, options: ExecuteOptions<C>): Promise<ExecutionResult> {
  const signal = options.signal ?? new AbortController().signal;
  const emit = (event: ExecutionEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not break the run.
    }
  };
  const hash = options.hash ?? fnv1a64;
  const adjacency = buildAdjacency(doc);
  const failures: ExecutionFailure[] = [];
  const unknownTargets = (options.targets ?? []).filter((id) => !adjacency.successors.has(id));
  if (unknownTargets.length > 0) {
    return {
      ok: false,
      cancelled: false,
      outputs: {},
      failures: unknownTargets.map((id) => ({
        nodeId: id,
        error: structuredError('invalid_workflow', `target node "${id}" does not exist`, ['targets']),
      })),
    };
  }
  const needed = ancestorsOf(adjacency, options.targets ?? sinkNodes(adjacency));
  const blocking = validateWorkflowGraph(doc).filter(
    (e) => !(e.code === 'missing_required_input' && e.nodeId !== undefined && !needed.has(e.nodeId)),
  );
  const order = blocking.length === 0 ? topologicalOrder(adjacency, needed) : undefined;
  if (!order)
    return {
      ok: false,
      cancelled: false,
      outputs: {},
      failures: blocking.map((error) => ({ nodeId: error.nodeId ?? null, error })),
    };

  const indexOf = new Map(doc.graph.nodes.map((n, i) => [n.id, i] as const).reverse());
  const nodeById = new Map(doc.graph.nodes.map((n) => [n.id, n] as const).reverse());
  const outputs: Record<string, Readonly<Record<string, unknown>>> = {};
  const failedRoot = new Map<string, string>();
  const cache = new Map<string, { canonical: string; outputs: Readonly<Record<string, unknown>> }>();
  let cancelled = false;

  for (const nodeId of order) {
    const node = nodeById.get(nodeId) as WorkflowNode;
    const path = ['graph', 'nodes', indexOf.get(nodeId) ?? 0];
    const settle = (type: 'failed' | 'skipped', error: StructuredError, root: string): void => {
      failures.push({ nodeId, error });
      failedRoot.set(nodeId, root);
      emit({ type, nodeId, error });
    };
    if (cancelled || signal.aborted) {
      cancelled = true;
      settle('skipped', structuredError('cancelled', `node "${nodeId}" did not run: the run was cancelled`, path), nodeId);
      continue;
    }
    const incoming = doc.graph.edges.filter((e) => e.target === nodeId && nodeById.has(e.source));
    const upstream = incoming.map((e) => failedRoot.get(e.source)).find((root) => root !== undefined);
    if (upstream !== undefined) {
      settle(
        'skipped',
        structuredError(
          'upstream_failed',
          `node "${nodeId}" did not run: upstream node "${upstream}" failed`,
          path,
          `Fix node "${upstream}" first.`,
        ),
        upstream,
      );
      continue;
    }

    const definition = getNodeType(node.node_type);
    const inputs: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const port of definition?.inputs ?? []) {
      const edge = incoming.find((e) => e.target_handle === port.name);
      const value = edge
        ? outputs[edge.source]?.[edge.source_handle]
        : hasScalarValue(node.data[port.name])
          ? node.data[port.name]
          : undefined;
      if (value !== undefined) inputs[port.name] = value;
      else if (port.required) missing.push(port.name);
    }
    if (missing.length > 0) {
      settle(
        'failed',
        structuredError(
          'missing_required_input',
          `node "${nodeId}": required input(s) ${missing.join(', ')} received no value`,
          path,
        ),
        nodeId,
      );
      continue;
    }
    const runner: NodeRunner<C> | undefined = Object.prototype.hasOwnProperty.call(options.runners, node.node_type)
      ? options.runners[node.node_type]
      : undefined;
    if (!runner) {
      settle('failed', structuredError('node_failed', `no runner is registered for node type "${node.node_type}"`, path), nodeId);
      continue;
    }

    const canonical = stableStringify({ node_type: node.node_type, data: node.data, inputs });
    const key = canonical === undefined ? undefined : hash(canonical);
    const hit = key === undefined ? undefined : cache.get(key);
    if (hit && hit.canonical === canonical) {
      outputs[nodeId] = hit.outputs;
      emit({ type: 'finished', nodeId, outputs: hit.outputs, cached: true });
      continue;
    }

    emit({ type: 'started', nodeId, nodeType: node.node_type });
    let running = true;
    const ctx = {
      node,
      inputs,
      signal,
      context: options.context as C,
      emitProgress: (message: string, percent?: number): void => {
        if (running)
          emit(percent === undefined ? { type: 'progress', nodeId, message } : { type: 'progress', nodeId, message, percent });
      },
      emitPartialOutputs: (partial: Record<string, unknown>): void => {
        if (running) emit({ type: 'partial', nodeId, outputs: { ...partial } });
      },
    };
    try {
      const result = await raceAbort(
        Promise.resolve().then(() => runner(ctx)),
        signal,
      );
      if (typeof result !== 'object' || result === null || Array.isArray(result))
        throw new Error('the runner did not return an outputs object');
      outputs[nodeId] = result;
      if (key !== undefined && canonical !== undefined) cache.set(key, { canonical, outputs: result });
      emit({ type: 'finished', nodeId, outputs: result, cached: false });
    } catch (error) {
      if (error === CANCELLED || signal.aborted) {
        cancelled = true;
        settle('failed', structuredError('cancelled', `node "${nodeId}" was cancelled`, path), nodeId);
      } else settle('failed', toNodeError(error, node, path), nodeId);
    } finally {
      running = false;
    }
  }
  return { ok: failures.length === 0, cancelled, outputs, failures };
}
