/**
 * The shape of the editor store: {@link EditorState} (what the editor renders), {@link EditorActions}
 * (what components may do) and the state a new store starts from, {@link EMPTY_EDITOR_STATE}. Types
 * and one constant only; the store itself is `editorStore.ts`.
 */
import type { Edge, EdgeChange, NodeChange } from '@xyflow/react';
import type { NodeActivity, RequestResult } from '../../core/protocol/editorProtocol.js';
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import type { DependencyEnvironmentStatusV1 } from '../../core/contracts/environmentStatus.js';
import type { EnvironmentRefV1 } from '../../core/contracts/environmentRef.js';
import type { ClipboardContent } from '../flow/clipboard.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import type { HostBridge, HostNotification } from '../hostBridge.js';
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

/**
 * The state of a new store before any host message: nothing loaded, no document, library idle,
 * controls not deferred. `createEditorStore` spreads it (then its `init.state`) into the store;
 * never mutated.
 */
export const EMPTY_EDITOR_STATE: EditorState = {
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
