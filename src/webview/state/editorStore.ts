/**
 * The editor's one zustand store, built by {@link createEditorStore} and provided through React
 * context. The host owns the document: `workflow/state` replaces it; user gestures become
 * `WorkflowEdit`s that are applied optimistically (with the same pure `applyWorkflowEdits` the
 * host uses) and sent as `workflow/edits/apply` against the host's version — the next host state
 * wins. A confirmed edit comes back as `workflow/edited` (the edits, not the document), applied to
 * the host's document kept in `hostDocument`; one that does not fit that version asks for
 * `workflow/resync`. React Flow UI fields (selection, measured sizes, drag positions) live only in `nodes` /
 * `edges` here and never reach the document. The state's shape is `editorState.ts`; a
 * document's canvas elements are derived in `displayedDocument.ts`, and sizes measured while
 * `controlsDeferred` are held in `measurementQueue.ts`.
 */
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { applyWorkflowEdits } from '../../core/workflow/applyEdits.js';
import { moveEdits } from '../flow/graphEdits.js';
import type { HostBridge, HostNotification } from '../hostBridge.js';
import { displayedDocument } from './displayedDocument.js';
import { createMeasurementQueue } from './measurementQueue.js';
import { createGrowthWatcher } from './roomForGrowth.js';
import { onActivity, onRunFinished, onRunStarted } from './runState.js';
import { EMPTY_EDITOR_STATE } from './editorState.js';
import type { DocumentError, EditorActions, EditorState } from './editorState.js';

/** The store's state and actions types, defined in `editorState.ts` and importable from here too. */
export type {
  DocumentError,
  EditorActions,
  EditorState,
  EnvironmentEntry,
  LibraryModelSummary,
  LibraryState,
  NodeOutputs,
} from './editorState.js';

/** What the store holds: {@link EditorState} and {@link EditorActions} side by side. */
export type EditorStore = EditorState & EditorActions;
/** The vanilla zustand store `createEditorStore` returns (`getState`, `setState`, `subscribe`). */
export type EditorStoreApi = StoreApi<EditorStore>;

/** A host state to show: `workflow/state`'s params (or a `workflow/edited` applied to `hostDocument`). */
type HostStateParams = Omit<Extract<HostNotification, { method: 'workflow/state' }>['params'], 'errors'> & {
  readonly errors: readonly DocumentError[];
};

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
  /** Size changes held back while `controlsDeferred` (see `onNodesChange`). */
  const measurements = createMeasurementQueue();
  return createStore<EditorStore>()((set, get) => {
    /** Shows the host's document at `p.version` (replacing optimistic edits). */
    const showHostState = (p: HostStateParams): void => {
      set({
        loaded: true,
        version: p.version,
        document: p.document,
        hostDocument: p.document,
        errors: p.errors,
        readOnly: p.readOnly,
        readOnlyReason: p.readOnlyReason,
        ...displayedDocument(get(), p.document),
      });
    };
    return {
      ...EMPTY_EDITOR_STATE,
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
        set({ document: result.value, ...displayedDocument(get(), result.value) });
        get().host.command(
          'workflow/edits/apply',
          label === undefined ? { baseVersion: version, edits: [...edits] } : { baseVersion: version, edits: [...edits], label },
        );
        return true;
      },
      onNodesChange(changes) {
        const kept = measurements.admit(
          changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace'),
          get().controlsDeferred,
        );
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
        if (measurements.pending) get().onNodesChange([]);
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
