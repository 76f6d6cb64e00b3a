/**
 * `applyWorkflowEdits`: the one pure way to change a workflow. All-or-nothing, never mutates its
 * input, every invalid edit reported as `invalid_edit` with its index. Browser-safe.
 */
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { cloneJson, findJsonProblem } from './jsonValue.js';
import { setAtPath } from './dataPath.js';
import { buildAdjacency, ancestorsOf } from './graphOrder.js';
import { DEPENDENCY_ENVIRONMENT_NODE, arePortTypesCompatible, findInputPort, findOutputPort, getNodeType } from './nodeTypes.js';
import { removeOverridePatch, upsertOverridePatch } from './overridePatches.js';
import { WorkflowEditSchema } from './workflowEdits.js';
import type { WorkflowEdit } from './workflowEdits.js';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from './workflowSchema.js';

/** A reason an edit is invalid, optionally pointing inside the edit. */
type Rejection = { readonly reason: string; readonly path?: readonly (string | number)[] };
const reject = (reason: string, path?: readonly (string | number)[]): Rejection => (path ? { reason, path } : { reason });

function findNode(doc: WorkflowDocument, id: string): WorkflowNode | undefined {
  return doc.graph.nodes.find((n) => n.id === id);
}

/** Nodes deep-copied (or created) by one `applyWorkflowEdits` call: only these may be mutated. */
type Owned = WeakSet<WorkflowNode>;

/**
 * The node `id` of the working copy, ready to mutate: on first write it is replaced in the
 * (already copied) node list by a deep copy, so the input document is never touched.
 */
function writableNode(doc: WorkflowDocument, id: string, owned: Owned): WorkflowNode | undefined {
  const index = doc.graph.nodes.findIndex((n) => n.id === id);
  const node = doc.graph.nodes[index];
  if (!node || owned.has(node)) return node;
  const copy = cloneJson(node);
  owned.add(copy);
  doc.graph.nodes[index] = copy;
  return copy;
}

function requireDependencyEnvironment(doc: WorkflowDocument, id: string, owned: Owned): WorkflowNode | Rejection {
  const node = writableNode(doc, id, owned);
  if (!node) return reject(`unknown node "${id}"`, ['node_id']);
  if (node.node_type !== DEPENDENCY_ENVIRONMENT_NODE)
    return reject(`node "${id}" is a ${node.node_type}, not a dependency-environment node`, ['node_id']);
  return node;
}

function uniqueEdgeId(doc: WorkflowDocument, edge: Omit<WorkflowEdge, 'id'>): string {
  const base = `${edge.source}.${edge.source_handle}->${edge.target}.${edge.target_handle}`;
  let id = base;
  for (let n = 2; doc.graph.edges.some((e) => e.id === id); n++) id = `${base}#${n}`;
  return id;
}

function connect(doc: WorkflowDocument, edge: Extract<WorkflowEdit, { kind: 'connect' }>['edge']): Rejection | undefined {
  const source = findNode(doc, edge.source);
  const target = findNode(doc, edge.target);
  if (!source) return reject(`edge to missing node: source "${edge.source}" does not exist`, ['edge', 'source']);
  if (!target) return reject(`edge to missing node: target "${edge.target}" does not exist`, ['edge', 'target']);
  if (edge.id !== undefined && doc.graph.edges.some((e) => e.id === edge.id))
    return reject(`duplicate edge id "${edge.id}"`, ['edge', 'id']);
  for (const node of [source, target])
    if (!getNodeType(node.node_type)) return reject(`node "${node.id}" has unknown type "${node.node_type}"`);
  const out = findOutputPort(source.node_type, edge.source_handle);
  if (!out) return reject(`unknown port: ${source.node_type} has no output "${edge.source_handle}"`, ['edge', 'source_handle']);
  const inp = findInputPort(target.node_type, edge.target_handle);
  if (!inp) return reject(`unknown port: ${target.node_type} has no input "${edge.target_handle}"`, ['edge', 'target_handle']);
  if (!arePortTypesCompatible(out.type, inp.type))
    return reject(`incompatible ports: ${out.name} [${out.type}] cannot feed ${inp.name} [${inp.type}]`);
  if (doc.graph.edges.some((e) => e.target === target.id && e.target_handle === inp.name))
    return reject(`input "${inp.name}" of node "${target.id}" is already connected`, ['edge', 'target_handle']);
  if (source.id === target.id || ancestorsOf(buildAdjacency(doc), [source.id]).has(target.id))
    return reject('the edge would create a cycle');
  const { id, ...ends } = edge;
  doc.graph.edges.push({ id: id ?? uniqueEdgeId(doc, ends), ...ends });
  return undefined;
}

function apply(doc: WorkflowDocument, edit: WorkflowEdit, owned: Owned): Rejection | undefined {
  switch (edit.kind) {
    case 'add_node': {
      const { node } = edit;
      if (findNode(doc, node.id)) return reject(`duplicate node id "${node.id}"`, ['node', 'id']);
      const definition = getNodeType(node.node_type);
      if (!definition) return reject(`unknown node type "${node.node_type}"`, ['node', 'node_type']);
      const data = cloneJson({ ...definition.defaultData, ...(node.data ?? {}) });
      const added: WorkflowNode = { id: node.id, node_type: node.node_type, position: { ...node.position }, data };
      owned.add(added);
      doc.graph.nodes.push(added);
      return undefined;
    }
    case 'remove_node': {
      if (!findNode(doc, edit.node_id)) return reject(`unknown node "${edit.node_id}"`, ['node_id']);
      doc.graph.nodes = doc.graph.nodes.filter((n) => n.id !== edit.node_id);
      doc.graph.edges = doc.graph.edges.filter((e) => e.source !== edit.node_id && e.target !== edit.node_id);
      return undefined;
    }
    case 'move_node': {
      const node = writableNode(doc, edit.node_id, owned);
      if (!node) return reject(`unknown node "${edit.node_id}"`, ['node_id']);
      node.position = { x: edit.position.x, y: edit.position.y };
      return undefined;
    }
    case 'set_node_data': {
      const node = writableNode(doc, edit.node_id, owned);
      if (!node) return reject(`unknown node "${edit.node_id}"`, ['node_id']);
      const data = cloneJson(node.data);
      const reason = setAtPath(data, edit.path, cloneJson(edit.value));
      if (reason !== undefined) return reject(reason, ['path']);
      node.data = data;
      return undefined;
    }
    case 'connect':
      return connect(doc, edit.edge);
    case 'disconnect': {
      if (!doc.graph.edges.some((e) => e.id === edit.edge_id)) return reject(`unknown edge "${edit.edge_id}"`, ['edge_id']);
      doc.graph.edges = doc.graph.edges.filter((e) => e.id !== edit.edge_id);
      return undefined;
    }
    case 'set_override_patch':
    case 'remove_override_patch':
    case 'set_mode': {
      const node = requireDependencyEnvironment(doc, edit.node_id, owned);
      if (!('data' in node)) return node;
      if (edit.kind === 'set_mode') {
        node.data.mode = edit.mode;
        return undefined;
      }
      const reason =
        edit.kind === 'set_override_patch'
          ? upsertOverridePatch(node.data, cloneJson(edit.patch))
          : removeOverridePatch(node.data, edit);
      return reason === undefined ? undefined : reject(reason);
    }
    case 'set_metadata': {
      const metadata: Record<string, unknown> = { ...doc.metadata };
      for (const [key, value] of Object.entries(edit.metadata)) {
        if (value === null) delete metadata[key];
        else if (value !== undefined) metadata[key] = cloneJson(value);
      }
      if (typeof metadata.name !== 'string' || typeof metadata.created !== 'string' || typeof metadata.modified !== 'string') {
        return reject('name, created and modified cannot be removed', ['metadata']);
      }
      doc.metadata = metadata as WorkflowDocument['metadata'];
      return undefined;
    }
    case 'set_viewport': {
      if (edit.viewport === null) delete doc.viewport;
      else doc.viewport = { x: edit.viewport.x, y: edit.viewport.y, zoom: edit.viewport.zoom };
      return undefined;
    }
  }
}

function invalidEdit(index: number, kind: string | undefined, rejection: Rejection): StructuredError {
  return structuredError('invalid_edit', `edit #${index}${kind ? ` (${kind})` : ''}: ${rejection.reason}`, [
    'edits',
    index,
    ...(rejection.path ?? []),
  ]);
}

/**
 * Applies `edits` in order to a private copy of `doc` and returns the new document, or — when any
 * edit is invalid — every rejection at once (`invalid_edit`, path `['edits', i, …]`, reason in the
 * message: malformed edit, unknown node/edge, duplicate id, edge to a missing node, unknown or
 * incompatible ports, an input already connected, a cycle, non-JSON or prototype-key values, …)
 * and no change at all. Later edits see the effects of earlier valid ones. `doc` and `edits` are
 * never mutated; never throws. Does not touch `metadata.modified`: callers add a `set_metadata`.
 * Copy-on-write: the result shares every node, edge and nested value the edits did not touch with
 * `doc` (so untouched nodes keep their identity — cheap change detection for the editor); treat
 * both as immutable.
 * @example applyWorkflowEdits(doc, [{ kind: 'move_node', node_id: 'a', position: { x: 1, y: 2 } }])
 */
export function applyWorkflowEdits(doc: WorkflowDocument, edits: readonly WorkflowEdit[]): Result<WorkflowDocument> {
  try {
    const owned: Owned = new WeakSet();
    const working: WorkflowDocument = {
      ...doc,
      graph: { ...doc.graph, nodes: [...doc.graph.nodes], edges: [...doc.graph.edges] },
    };
    const errors: StructuredError[] = [];
    edits.forEach((raw: unknown, index) => {
      const kind =
        typeof raw === 'object' && raw !== null && typeof (raw as { kind?: unknown }).kind === 'string'
          ? (raw as { kind: string }).kind
          : undefined;
      const problem = findJsonProblem(raw);
      if (problem) return void errors.push(invalidEdit(index, kind, reject(problem.reason, problem.path)));
      const parsed = WorkflowEditSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          errors.push(
            invalidEdit(
              index,
              kind,
              reject(
                issue.message,
                issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
              ),
            ),
          );
        return;
      }
      const rejection = apply(working, parsed.data, owned);
      if (rejection) errors.push(invalidEdit(index, kind, rejection));
    });
    return errors.length > 0 ? fail(...errors) : ok(working);
  } catch (error) {
    return fail(
      structuredError('internal_error', `applying edits failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
