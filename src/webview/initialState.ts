/**
 * Reads the first host state embedded in the webview HTML (see `core/protocol/initialState.ts`)
 * and decides what the webview starts from (`startingState`). The block is validated like any
 * message from the host — `parseHostMessage`, except the graph's nodes and edges, checked against
 * the same rules by a plain loop (see `parseEmbedded`): anything else than a valid `workflow/state`
 * notification is ignored (with a `console.warn`), and the editor then waits for the state the
 * host sends after `webview/ready`.
 */
import { parseHostMessage } from '../core/protocol/envelope.js';
import { INITIAL_STATE_ELEMENT_ID, shownStateOf } from '../core/protocol/initialState.js';
import type { CommandParams } from '../core/protocol/editorProtocol.js';
import type { WorkflowEdge, WorkflowNode } from '../core/workflow/workflowSchema.js';
import type { HostNotification } from './hostBridge.js';
import type { VsCodeApi } from './vscodeApi.js';

/** Where the block is looked up (`document` in the webview). */
export interface ElementSource {
  getElementById(id: string): { readonly textContent: string | null } | null;
}

/**
 * The embedded `workflow/state` notification, or `undefined` when there is none or it is invalid.
 * @example const first = readInitialState(document); if (first) store.getState().receive(first);
 */
export function readInitialState(source: ElementSource): HostNotification | undefined {
  const text = source.getElementById(INITIAL_STATE_ELEMENT_ID)?.textContent;
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    console.warn('[pantograph] ignored an embedded initial state that is not JSON');
    return undefined;
  }
  const parsed = parseEmbedded(raw);
  if (parsed) return parsed;
  console.warn('[pantograph] ignored an invalid embedded initial state');
  return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const name = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The graph's nodes and edges checked against the rules of `WorkflowNodeSchema` /
 * `WorkflowEdgeSchema` (non-empty ids and names, finite positions, an object `data`) and copied
 * with only their schema fields, as zod's parse would; `undefined` when any item breaks a rule.
 */
function checkedGraph(graph: Obj): { nodes: WorkflowNode[]; edges: WorkflowEdge[] } | undefined {
  const { nodes, edges } = graph;
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return undefined;
  const outNodes: WorkflowNode[] = [];
  for (const n of nodes as unknown[]) {
    if (
      !isObj(n) ||
      !name(n.id) ||
      !name(n.node_type) ||
      !isObj(n.position) ||
      !finite(n.position.x) ||
      !finite(n.position.y) ||
      !isObj(n.data)
    )
      return undefined;
    outNodes.push({ id: n.id, node_type: n.node_type, position: { x: n.position.x, y: n.position.y }, data: n.data });
  }
  const outEdges: WorkflowEdge[] = [];
  for (const e of edges as unknown[]) {
    if (!isObj(e) || !name(e.id) || !name(e.source) || !name(e.source_handle) || !name(e.target) || !name(e.target_handle))
      return undefined;
    outEdges.push({
      id: e.id,
      source: e.source,
      source_handle: e.source_handle,
      target: e.target,
      target_handle: e.target_handle,
    });
  }
  return { nodes: outNodes, edges: outEdges };
}

type ErrorItem = { code: string; message: string; path: (string | number)[]; hint?: string; line?: number; column?: number };

/**
 * The graph problems checked against the rules of `StructuredErrorSchema` and copied with only
 * its fields, as zod's parse would; `undefined` when any item breaks a rule.
 */
function checkedErrors(errors: unknown): ErrorItem[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  const out: ErrorItem[] = [];
  for (const e of errors as unknown[]) {
    if (!isObj(e) || typeof e.code !== 'string' || typeof e.message !== 'string' || !Array.isArray(e.path)) return undefined;
    if (!(e.path as unknown[]).every((p) => typeof p === 'string' || finite(p))) return undefined;
    const item: ErrorItem = { code: e.code, message: e.message, path: [...(e.path as (string | number)[])] };
    if (e.hint !== undefined) {
      if (typeof e.hint !== 'string') return undefined;
      item.hint = e.hint;
    }
    for (const key of ['line', 'column'] as const) {
      if (e[key] === undefined) continue;
      if (!finite(e[key])) return undefined;
      item[key] = e[key];
    }
    out.push(item);
  }
  return out;
}

/**
 * A valid embedded `workflow/state`, or `undefined`. Everything but the graph's items and the
 * graph problems goes through `parseHostMessage` (zod); those — hundreds of nodes, edges and
 * problems, which zod checks slowly under the CSP (no compiled mode: ≈ 0.1 s for 500 nodes, and
 * ≈ 15 ms for 250 problems, on the first frame's path) — are checked by {@link checkedGraph} and
 * {@link checkedErrors} against the same rules. Safe to narrow this way: the block is
 * the host's own output (a document it has already parsed), in an inert script element of HTML the
 * extension builds; a failing item still rejects the whole state.
 */
function parseEmbedded(raw: unknown): HostNotification | undefined {
  const params = isObj(raw) && isObj(raw.params) ? raw.params : undefined;
  const document = params && isObj(params.document) ? params.document : undefined;
  const graph = document && isObj(document.graph) ? checkedGraph(document.graph) : undefined;
  const errors = params ? checkedErrors(params.errors) : undefined;
  const shell =
    graph && document && params
      ? { ...(raw as Obj), params: { ...params, document: { ...document, graph: { nodes: [], edges: [] } } } }
      : raw;
  const withoutErrors =
    errors && isObj(shell) && isObj(shell.params) ? { ...shell, params: { ...shell.params, errors: [] } } : shell;
  const parsed = parseHostMessage(withoutErrors);
  if (!parsed.ok || parsed.value.type !== 'notification' || parsed.value.method !== 'workflow/state') return undefined;
  const state = { ...parsed.value, params: { ...parsed.value.params, ...(errors ? { errors } : {}) } };
  if (!graph || !state.params.document) return state;
  return { ...state, params: { ...state.params, document: { ...state.params.document, graph } } };
}

/** Webview-state key marking that this panel's HTML has been loaded before. */
export const SHOWN_BEFORE_KEY = 'shownBefore';

/** What the webview starts from: the state to show at once (if any) and its `webview/ready` params. */
export interface StartingState {
  readonly initialState: HostNotification | undefined;
  readonly readyParams: CommandParams<'webview/ready'>;
}

/**
 * Decides what a freshly loaded webview shows first. The embedded state is used on the panel's
 * first load only: a webview recreated after being hidden reloads the same HTML, whose embedded
 * state may be stale, so then it waits for the host. Marks the panel as loaded in its webview state
 * (other keys kept). `webview/ready` names the state shown, so the host does not send it twice.
 * @example const { initialState, readyParams } = startingState(api, document);
 */
export function startingState(api: Pick<VsCodeApi, 'getState' | 'setState'>, source: ElementSource): StartingState {
  const saved = api.getState() as Record<string, unknown> | undefined;
  const initialState = saved?.[SHOWN_BEFORE_KEY] === true ? undefined : readInitialState(source);
  api.setState({ ...saved, [SHOWN_BEFORE_KEY]: true });
  if (initialState?.method !== 'workflow/state') return { initialState: undefined, readyParams: {} };
  return { initialState, readyParams: { shown: shownStateOf(initialState.params) } };
}
