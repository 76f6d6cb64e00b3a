/**
 * The editor's one zustand store, built by {@link createEditorStore} and provided through React
 * context. The host owns the document: `workflow/state` replaces it; user gestures become
 * `WorkflowEdit`s that are applied optimistically (with the same pure `applyWorkflowEdits` the
 * host uses) and sent as `workflow/edits/apply` against the host's version — the next host state
 * wins. A confirmed edit comes back as `workflow/edited` (the edits, not the document), applied to
 * the host's document kept in `hostDocument`; one that does not fit that version asks for
 * `workflow/resync`. React Flow UI fields (selection, measured sizes, drag positions) live only in `nodes` /
 * `edges` here and never reach the document. The state's shape is `editorState.ts`; host
 * notifications are reduced in `hostMessages.ts`, a document's canvas elements derived in
 * `displayedDocument.ts` and sizes measured while `controlsDeferred` held in `measurementQueue.ts`.
 */
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { applyWorkflowEdits } from '../../core/workflow/applyEdits.js';
import { moveEdits } from '../flow/graphEdits.js';
import type { HostBridge } from '../hostBridge.js';
import { displayedDocument } from './displayedDocument.js';
import { EMPTY_EDITOR_STATE } from './editorState.js';
import type { EditorActions, EditorState } from './editorState.js';
import { hostMessageOutcome, RESYNC } from './hostMessages.js';
import { createMeasurementQueue } from './measurementQueue.js';
import { createGrowthWatcher } from './roomForGrowth.js';

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
  return createStore<EditorStore>()((set, get) => ({
    ...EMPTY_EDITOR_STATE,
    ...init.state,
    host: init.host,
    receive(message) {
      const outcome = hostMessageOutcome(get(), message, init.now ?? Date.now);
      if (outcome === RESYNC) get().host.command('workflow/resync', {});
      else set(outcome);
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
  }));
}
