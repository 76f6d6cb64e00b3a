/**
 * The editor's one zustand store, built by {@link createEditorStore} and provided through React
 * context. The host owns the document: `workflow/state` replaces it; user gestures become
 * `WorkflowEdit`s that are applied optimistically (with the same pure `applyWorkflowEdits` the
 * host uses) and sent as `workflow/edits/apply` against the host's version — the next host state
 * wins. A confirmed edit comes back as `workflow/edited` (the edits, not the document), applied to
 * the host's document kept in `hostDocument`; one that does not fit that version asks for
 * `workflow/resync`. React Flow UI fields (selection, measured sizes, drag positions) live only in `nodes` /
 * `edges` here and never reach the document.
 */
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import type { Edge, EdgeChange, NodeChange } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { NodeActivity, RequestResult } from '../../core/protocol/editorProtocol.js';
import { applyWorkflowEdits } from '../../core/workflow/applyEdits.js';
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import type { DependencyEnvironmentStatusV1 } from '../../core/contracts/environmentStatus.js';
import type { EnvironmentRefV1 } from '../../core/contracts/environmentRef.js';
import type { ClipboardContent } from '../flow/clipboard.js';
import { moveEdits } from '../flow/graphEdits.js';
import { connectedInputs, toFlowElements } from '../flow/toFlowElements.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import type { HostBridge, HostNotification } from '../hostBridge.js';
import { createGrowthWatcher } from './roomForGrowth.js';
import { onActivity, onRunFinished, onRunStarted } from './runState.js';
import type { RunStates } from './runState.js';

/** A structured error as `workflow/state` reports it (with optional line/column). */
export interface DocumentError {
  readonly code: string;
  readonly message: string;
  readonly path: readonly (string | number)[];
  readonly hint?: string;
  readonly line?: number;
  readonly column?: number;
}

/** The latest `environment/status` of a dependency-environment node. */
export interface EnvironmentEntry {
  readonly status: DependencyEnvironmentStatusV1;
  readonly ref: EnvironmentRefV1 | null;
  readonly resolved?: unknown;
}

/** The latest `node/outputs` of a node. */
export interface NodeOutputs {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly audioUri?: string;
  /** True while the node still runs (the outputs so far). */
  readonly partial?: boolean;
}

/** A model of the `library/list` reply. */
export type LibraryModelSummary = RequestResult<'library/list'>['models'][number];

/** The model library as the editor knows it. */
export interface LibraryState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly models: readonly LibraryModelSummary[];
  readonly error?: string;
}

/** Everything the editor renders. */
export interface EditorState {
  /** False until the first `workflow/state` arrives. */
  readonly loaded: boolean;
  /** Host document version; edits are sent with it as `baseVersion`. */
  readonly version: number;
  /** The displayed document: the host's, plus optimistic edits not yet confirmed. */
  readonly document: WorkflowDocument | null;
  /** The host's document at `version`, without optimistic edits (what `workflow/edited` applies to). */
  readonly hostDocument: WorkflowDocument | null;
  readonly errors: readonly DocumentError[];
  readonly readOnly: boolean;
  readonly readOnlyReason?: string;
  readonly nodes: WorkflowFlowNode[];
  readonly edges: Edge[];
  /** Connected input ports per node id (`'|'`-joined), see `connectedInputs`. */
  readonly connectedInputs: Readonly<Record<string, string>>;
  readonly environments: Readonly<Record<string, EnvironmentEntry>>;
  readonly activity: Readonly<Record<string, NodeActivity>>;
  readonly outputs: Readonly<Record<string, NodeOutputs>>;
  /** Each node's latest run state (`state/runState.ts`). */
  readonly runs: RunStates;
  readonly library: LibraryState;
  readonly toast: { readonly id: number; readonly message: string } | null;
  readonly clipboard: { readonly content: ClipboardContent; readonly pastes: number } | null;
  /** Nodes whose details are expanded (UI only, never in the document). */
  readonly expanded: Readonly<Record<string, boolean>>;
  /** True while the canvas is zoomed out below `COMPACT_ZOOM` (nodes render compact). */
  readonly zoomedOut: boolean;
  /**
   * True until the page is first idle after opening: parameter fields render as static previews
   * of the same size (no web component yet), so the first frame of a big graph is not spent
   * creating a hundred shadow roots. {@link EditorActions.activateControls} ends it.
   */
  readonly controlsDeferred: boolean;
}

/** What components may do. */
export interface EditorActions {
  /** Handles one validated host notification. */
  receive(message: HostNotification): void;
  /**
   * Applies `edits` locally and sends them to the host. Returns false (and sends nothing) when
   * read-only, when there is no document, or when the edits are invalid (the reason is toasted).
   */
  applyEdits(edits: readonly WorkflowEdit[], label?: string): boolean;
  /**
   * React Flow UI changes (selection, drag positions, sizes); removals are ignored here. A node
   * whose content grew over other nodes pushes them aside: one `move_node` batch ("Make room").
   * While `controlsDeferred` (the opening frame), size-only changes are queued instead — React
   * Flow has them already — and applied by {@link EditorActions.activateControls}: the first
   * measurement of the nodes on screen then costs no store update and no canvas re-render (with
   * React Flow re-adopting every node) on the way to the first frame.
   */
  onNodesChange(changes: NodeChange<WorkflowFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  /** Selects exactly these nodes (and no edge). */
  selectNodes(ids: readonly string[]): void;
  showToast(message: string): void;
  clearToast(): void;
  setClipboard(content: ClipboardContent | null): void;
  /**
   * Ends `controlsDeferred`: every parameter field becomes its real control, and the node sizes
   * measured meanwhile are applied (in one store update).
   */
  activateControls(): void;
  /** Expands or collapses the details of node `nodeId`. */
  setExpanded(nodeId: string, expanded: boolean): void;
  /** Counts one paste of the clipboard (successive pastes shift further). */
  notePaste(): number;
  /** Loads `library/list` once (again after an error). */
  loadLibrary(): Promise<void>;
  /** The bridge, for requests and commands that do not touch the store. */
  readonly host: HostBridge;
}

export type EditorStore = EditorState & EditorActions;
export type EditorStoreApi = StoreApi<EditorStore>;

const EMPTY_STATE: EditorState = {
  loaded: false,
  version: 0,
  document: null,
  hostDocument: null,
  errors: [],
  readOnly: false,
  nodes: [],
  edges: [],
  connectedInputs: {},
  environments: {},
  activity: {},
  outputs: {},
  runs: {},
  library: { status: 'idle', models: [] },
  toast: null,
  clipboard: null,
  expanded: {},
  zoomedOut: false,
  controlsDeferred: false,
};

/** A host state to show: `workflow/state`'s params (or a `workflow/edited` applied to `hostDocument`). */
type HostStateParams = Omit<Extract<HostNotification, { method: 'workflow/state' }>['params'], 'errors'> & {
  readonly errors: readonly DocumentError[];
};

/** True when `a` and `b` hold the same edge objects in the same order. */
function sameEdges(a: WorkflowDocument, b: WorkflowDocument): boolean {
  const x = a.graph.edges;
  const y = b.graph.edges;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** What {@link createEditorStore} needs: the bridge, and optional initial state (tests). */
export interface EditorStoreInit {
  readonly host: HostBridge;
  readonly state?: Partial<EditorState>;
  /** The clock for run states of messages without a host time (epoch ms); default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Builds the store. Side effects only through `init.host`.
 * @example const store = createEditorStore({ host: createHostBridge(api) });
 */
export function createEditorStore(init: EditorStoreInit): EditorStoreApi {
  let toastId = 0;
  const growth = createGrowthWatcher();
  /** Size changes queued while `controlsDeferred` (see `onNodesChange`). */
  let deferredSizes: NodeChange<WorkflowFlowNode>[] = [];
  return createStore<EditorStore>()((set, get) => {
    /** `connectedInputs` of `doc`, reused while its edges are the same objects (a move, a data edit). */
    const inputsOf = (doc: WorkflowDocument | null): Readonly<Record<string, string>> => {
      const previous = get().document;
      return doc && previous && sameEdges(doc, previous) ? get().connectedInputs : connectedInputs(doc);
    };
    /** Shows the host's document at `p.version` (replacing optimistic edits). */
    const showHostState = (p: HostStateParams): void => {
      const flow = p.document ? toFlowElements(p.document, get()) : { nodes: [], edges: [] };
      set({
        loaded: true,
        version: p.version,
        document: p.document,
        hostDocument: p.document,
        errors: p.errors,
        readOnly: p.readOnly,
        readOnlyReason: p.readOnlyReason,
        ...flow,
        connectedInputs: inputsOf(p.document),
      });
    };
    return {
      ...EMPTY_STATE,
      ...init.state,
      host: init.host,
      receive(message) {
        switch (message.method) {
          case 'workflow/state':
            showHostState(message.params);
            return;
          case 'workflow/edited': {
            const { baseVersion, edits, errors, ...rest } = message.params;
            const { version, hostDocument } = get();
            const edited = baseVersion === version && hostDocument ? applyWorkflowEdits(hostDocument, edits) : undefined;
            // No `errors`: the graph problems of `baseVersion`, shown now, still hold.
            if (edited?.ok) showHostState({ ...rest, errors: errors ?? get().errors, document: edited.value });
            else get().host.command('workflow/resync', {});
            return;
          }
          case 'environment/status': {
            const { nodeId, status, ref, resolved } = message.params;
            set({ environments: { ...get().environments, [nodeId]: { status, ref, resolved } } });
            return;
          }
          case 'node/activity':
            set({
              activity: { ...get().activity, [message.params.nodeId]: message.params },
              runs: onActivity(get().runs, message.params, (init.now ?? Date.now)()),
            });
            return;
          case 'node/outputs': {
            const { nodeId, outputs, audioUri, partial } = message.params;
            set({
              outputs: {
                ...get().outputs,
                [nodeId]: { outputs, ...(audioUri !== undefined ? { audioUri } : {}), ...(partial ? { partial } : {}) },
              },
            });
            return;
          }
          case 'run/started': {
            // A new run's outputs replace the last run's: previews appear again as they exist.
            const outputs = { ...get().outputs };
            for (const id of message.params.nodeIds) delete outputs[id];
            set({ runs: onRunStarted(get().runs, message.params), outputs });
            return;
          }
          case 'run/finished':
            set({ runs: onRunFinished(get().runs, message.params) });
            return;
        }
      },
      applyEdits(edits, label) {
        const { document, readOnly, version } = get();
        if (readOnly || !document || edits.length === 0) return false;
        const result = applyWorkflowEdits(document, edits);
        if (!result.ok) {
          get().showToast(result.errors.map((e) => e.message).join('\n'));
          return false;
        }
        set({ document: result.value, ...toFlowElements(result.value, get()), connectedInputs: inputsOf(result.value) });
        get().host.command(
          'workflow/edits/apply',
          label === undefined ? { baseVersion: version, edits: [...edits] } : { baseVersion: version, edits: [...edits], label },
        );
        return true;
      },
      onNodesChange(changes) {
        let kept: NodeChange<WorkflowFlowNode>[] = changes.filter(
          (c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace',
        );
        if (get().controlsDeferred && kept.length > 0 && kept.every((c) => c.type === 'dimensions')) {
          deferredSizes.push(...kept);
          return;
        }
        if (deferredSizes.length > 0) [kept, deferredSizes] = [[...deferredSizes, ...kept], []];
        if (kept.length === 0) return;
        set({ nodes: applyNodeChanges(kept, get().nodes) });
        const { document, readOnly, nodes, zoomedOut } = get();
        const moves = document && !readOnly ? growth.movesFor(kept, nodes, zoomedOut) : [];
        const edits = document ? moveEdits(document, moves) : [];
        if (edits.length > 0) get().applyEdits(edits, 'Make room');
      },
      onEdgesChange(changes) {
        const kept = changes.filter((c) => c.type === 'select');
        if (kept.length > 0) set({ edges: applyEdgeChanges(kept, get().edges) });
      },
      selectNodes(ids) {
        const wanted = new Set(ids);
        set({
          nodes: get().nodes.map((n) => ({ ...n, selected: wanted.has(n.id) })),
          edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        });
      },
      showToast(message) {
        set({ toast: { id: ++toastId, message } });
      },
      clearToast() {
        set({ toast: null });
      },
      setClipboard(content) {
        set({ clipboard: content ? { content, pastes: 0 } : null });
      },
      activateControls() {
        if (!get().controlsDeferred) return;
        set({ controlsDeferred: false });
        if (deferredSizes.length > 0) get().onNodesChange([]);
      },
      setExpanded(nodeId, expanded) {
        set({ expanded: { ...get().expanded, [nodeId]: expanded } });
      },
      notePaste() {
        const clip = get().clipboard;
        if (!clip) return 0;
        const pastes = clip.pastes + 1;
        set({ clipboard: { ...clip, pastes } });
        return pastes;
      },
      async loadLibrary() {
        if (get().library.status === 'loading' || get().library.status === 'ready') return;
        set({ library: { status: 'loading', models: [] } });
        try {
          const result = await get().host.request('library/list', {});
          set({ library: { status: 'ready', models: result.models } });
        } catch (error) {
          set({ library: { status: 'error', models: [], error: error instanceof Error ? error.message : String(error) } });
        }
      },
    };
  });
}
