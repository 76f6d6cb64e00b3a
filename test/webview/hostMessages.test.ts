import { describe, expect, it } from 'vitest';
import type { HostNotification } from '../../src/webview/hostBridge.js';
import { EMPTY_EDITOR_STATE } from '../../src/webview/state/editorState.js';
import type { EditorState } from '../../src/webview/state/editorState.js';
import { hostMessageOutcome, RESYNC } from '../../src/webview/state/hostMessages.js';
import { sampleDocument } from './support/fixtures.js';

const noClock = (): number => {
  throw new Error('the clock is read only for node/activity');
};

/** The state after `workflow/state` at `version` (the store's `set` of the outcome). */
function hostState(version: number): EditorState {
  const message: HostNotification = {
    type: 'notification',
    method: 'workflow/state',
    params: { version, document: sampleDocument(), errors: [], readOnly: false },
  };
  const outcome = hostMessageOutcome(EMPTY_EDITOR_STATE, message, noClock);
  if (outcome === RESYNC) throw new Error('workflow/state never asks for a resync');
  return { ...EMPTY_EDITOR_STATE, ...outcome };
}

describe('host messages', () => {
  it('shows a workflow/state as the document and the host document at its version, without touching the state given', () => {
    const state = hostState(7);
    expect(state).toMatchObject({ loaded: true, version: 7, readOnly: false });
    expect(state.hostDocument).toBe(state.document);
    expect(state.nodes.map((n) => n.id)).toEqual(['model', 'env', 'audio', 'text']);
    expect(EMPTY_EDITOR_STATE.loaded).toBe(false);
  });

  it('replays a workflow/edited made on the version held, and asks for a resync otherwise', () => {
    const state = hostState(7);
    const edited = (baseVersion: number): HostNotification => ({
      type: 'notification',
      method: 'workflow/edited',
      params: {
        baseVersion,
        version: baseVersion + 1,
        edits: [{ kind: 'move_node', node_id: 'text', position: { x: 1, y: 2 } }],
        readOnly: false,
      },
    });
    const outcome = hostMessageOutcome(state, edited(7), noClock);
    if (outcome === RESYNC) throw new Error('expected the edit to apply');
    expect(outcome.version).toBe(8);
    expect(outcome.errors).toBe(state.errors);
    expect(outcome.document?.graph.nodes[3]?.position).toEqual({ x: 1, y: 2 });
    expect(outcome.nodes?.slice(0, 3)).toEqual(state.nodes.slice(0, 3));
    expect(hostMessageOutcome(state, edited(6), noClock)).toBe(RESYNC);
  });

  it('clears the outputs of the nodes a new run plans, keeping the others', () => {
    const state: EditorState = {
      ...hostState(7),
      outputs: { audio: { outputs: { audio: 'a.wav' } }, text: { outputs: { text: 'a bell' } } },
    };
    const outcome = hostMessageOutcome(
      state,
      { type: 'notification', method: 'run/started', params: { runId: 'r1', startedAt: 1000, nodeIds: ['audio'] } },
      noClock,
    );
    if (outcome === RESYNC) throw new Error('run/started never asks for a resync');
    expect(outcome.outputs).toEqual({ text: { outputs: { text: 'a bell' } } });
    expect(outcome.runs?.audio?.phase).toBe('queued');
    expect(state.outputs.audio).toBeDefined();
  });
});
