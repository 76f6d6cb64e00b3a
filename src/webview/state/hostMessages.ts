/**
 * What a host notification does to the editor state, as pure reducers: each gives the one store
 * update (`Partial<EditorState>`) the store applies with a single `set`, or, for a
 * `workflow/edited` that does not fit the host's document the editor holds, {@link RESYNC}.
 */
import { applyWorkflowEdits } from '../../core/workflow/applyEdits.js';
import type { HostNotification } from '../hostBridge.js';
import { displayedDocument } from './displayedDocument.js';
import type { DocumentError, EditorState } from './editorState.js';
import { onActivity, onRunFinished, onRunStarted } from './runState.js';

/** The outcome of a `workflow/edited` that does not apply: the store asks for `workflow/resync`. */
export const RESYNC = 'resync';

/** A host notification's effect: one store update, or {@link RESYNC}. */
export type HostMessageOutcome = Partial<EditorState> | typeof RESYNC;

/** The params of a host notification `M`. */
type ParamsOf<M extends HostNotification['method']> = Extract<HostNotification, { method: M }>['params'];

/** A host state to show: `workflow/state`'s params (or a `workflow/edited` applied to `hostDocument`). */
type HostStateParams = Omit<ParamsOf<'workflow/state'>, 'errors'> & { readonly errors: readonly DocumentError[] };

/** Shows the host's document at `p.version` (replacing optimistic edits). */
function hostState(state: EditorState, p: HostStateParams): Partial<EditorState> {
  return {
    loaded: true,
    version: p.version,
    document: p.document,
    hostDocument: p.document,
    errors: p.errors,
    readOnly: p.readOnly,
    readOnlyReason: p.readOnlyReason,
    ...displayedDocument(state, p.document),
  };
}

/** A confirmed edit replayed on `hostDocument`, when it was made against `version`. */
function edited(state: EditorState, params: ParamsOf<'workflow/edited'>): HostMessageOutcome {
  const { baseVersion, edits, errors, ...rest } = params;
  const { version, hostDocument } = state;
  const replayed = baseVersion === version && hostDocument ? applyWorkflowEdits(hostDocument, edits) : undefined;
  // No `errors`: the graph problems of `baseVersion`, shown now, still hold.
  return replayed?.ok ? hostState(state, { ...rest, errors: errors ?? state.errors, document: replayed.value }) : RESYNC;
}

/**
 * The effect of `message` on `state`: `workflow/state` replaces the document (and the host's);
 * `workflow/edited` is replayed on `hostDocument` or gives {@link RESYNC}; `environment/status`,
 * `node/activity` and `node/outputs` record the node's latest; `run/started` and `run/finished`
 * advance the run states (`runState.ts`), and a new run clears its nodes' outputs. Pure: `now`
 * (epoch ms) is read only for `node/activity`; unchanged nodes and edges keep their identity.
 * @example const outcome = hostMessageOutcome(get(), message, Date.now);
 */
export function hostMessageOutcome(state: EditorState, message: HostNotification, now: () => number): HostMessageOutcome {
  switch (message.method) {
    case 'workflow/state':
      return hostState(state, message.params);
    case 'workflow/edited':
      return edited(state, message.params);
    case 'environment/status': {
      const { nodeId, status, ref, resolved } = message.params;
      return { environments: { ...state.environments, [nodeId]: { status, ref, resolved } } };
    }
    case 'node/activity':
      return {
        activity: { ...state.activity, [message.params.nodeId]: message.params },
        runs: onActivity(state.runs, message.params, now()),
      };
    case 'node/outputs': {
      const { nodeId, outputs, audioUri, partial } = message.params;
      return {
        outputs: {
          ...state.outputs,
          [nodeId]: { outputs, ...(audioUri !== undefined ? { audioUri } : {}), ...(partial ? { partial } : {}) },
        },
      };
    }
    case 'run/started': {
      // A new run's outputs replace the last run's: previews appear again as they exist.
      const outputs = { ...state.outputs };
      for (const id of message.params.nodeIds) delete outputs[id];
      return { runs: onRunStarted(state.runs, message.params), outputs };
    }
    case 'run/finished':
      return { runs: onRunFinished(state.runs, message.params) };
  }
}
