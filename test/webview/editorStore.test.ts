// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHostBridge } from '../../src/webview/hostBridge.js';
import { createEditorStore } from '../../src/webview/state/editorStore.js';
import { copySelected, deleteSelected, duplicateSelected, pasteClipboard } from '../../src/webview/state/editorCommands.js';
import { createFakeHost } from './support/fakeHost.js';
import { sampleDocument } from './support/fixtures.js';

function loadedStore(readOnly = false) {
  const host = createFakeHost();
  const store = createEditorStore({ host });
  store.getState().receive({
    type: 'notification',
    method: 'workflow/state',
    params: { version: 7, document: sampleDocument(), errors: [], readOnly },
  });
  return { host, store };
}

describe('editor store', () => {
  it('queues node sizes while controls are deferred (no store update), applying them when activated', () => {
    const store = createEditorStore({ host: createFakeHost(), state: { controlsDeferred: true } });
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 7, document: sampleDocument(), errors: [], readOnly: false },
    });
    const nodes = store.getState().nodes;
    let updates = 0;
    const unsubscribe = store.subscribe(() => updates++);
    const size = (id: string, height: number) => ({ id, type: 'dimensions' as const, dimensions: { width: 210, height } });
    store.getState().onNodesChange([size('model', 120), size('env', 90)]);
    expect(updates).toBe(0);
    expect(store.getState().nodes).toBe(nodes);
    store.getState().activateControls();
    unsubscribe();
    expect(store.getState().controlsDeferred).toBe(false);
    expect(store.getState().nodes.find((n) => n.id === 'model')?.measured).toEqual({ width: 210, height: 120 });
    expect(store.getState().nodes.find((n) => n.id === 'env')?.measured).toEqual({ width: 210, height: 90 });
    // Once active, sizes apply at once.
    store.getState().onNodesChange([size('env', 95)]);
    expect(store.getState().nodes.find((n) => n.id === 'env')?.measured).toEqual({ width: 210, height: 95 });
  });

  it('applies queued sizes before any other node change made while controls are deferred', () => {
    const store = createEditorStore({ host: createFakeHost(), state: { controlsDeferred: true } });
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 7, document: sampleDocument(), errors: [], readOnly: false },
    });
    store.getState().onNodesChange([{ id: 'model', type: 'dimensions', dimensions: { width: 210, height: 120 } }]);
    store.getState().onNodesChange([{ id: 'env', type: 'select', selected: true }]);
    const model = store.getState().nodes.find((n) => n.id === 'model');
    expect(model?.measured).toEqual({ width: 210, height: 120 });
    expect(store.getState().nodes.find((n) => n.id === 'env')?.selected).toBe(true);
    expect(store.getState().controlsDeferred).toBe(true);
  });

  it('takes state from the host', () => {
    const { store } = loadedStore();
    const s = store.getState();
    expect(s).toMatchObject({ loaded: true, version: 7, readOnly: false });
    expect(s.nodes).toHaveLength(4);
    expect(s.edges).toHaveLength(1);
  });

  it('applies edits optimistically, sends them with the host version, and lets the next host state win', () => {
    const { host, store } = loadedStore();
    expect(store.getState().applyEdits([{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }])).toBe(true);
    expect(store.getState().nodes.find((n) => n.id === 'env')?.position).toEqual({ x: 5, y: 6 });
    expect(host.sent).toEqual([
      {
        kind: 'command',
        method: 'workflow/edits/apply',
        params: { baseVersion: 7, edits: [{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }] },
      },
    ]);
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 8, document: sampleDocument(), errors: [], readOnly: false },
    });
    expect(store.getState().nodes.find((n) => n.id === 'env')?.position).toEqual({ x: 420, y: 0 });
    expect(store.getState().version).toBe(8);
  });

  it('applies a confirmed edit (workflow/edited) to the host document it holds, keeping untouched nodes by identity', () => {
    const { host, store } = loadedStore();
    store.getState().applyEdits([{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }]);
    const untouched = store.getState().nodes.find((n) => n.id === 'model');
    expect(untouched).toBeDefined();
    const edits = [
      { kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } },
      { kind: 'set_metadata', metadata: { modified: '2026-11-25T00:00:00.000Z' } },
    ] as const;
    store.getState().receive({
      type: 'notification',
      method: 'workflow/edited',
      params: { baseVersion: 7, version: 8, edits: [...edits], errors: [], readOnly: false },
    });
    const s = store.getState();
    expect(s.version).toBe(8);
    expect(s.document?.metadata.modified).toBe('2026-11-25T00:00:00.000Z');
    expect(s.hostDocument).toBe(s.document);
    expect(s.nodes.find((n) => n.id === 'env')?.position).toEqual({ x: 5, y: 6 });
    expect(s.nodes.find((n) => n.id === 'model')).toBe(untouched);
    expect(host.sent).toHaveLength(1);
  });

  it('keeps the graph problems it shows when a confirmed edit leaves them out (edits that only moved nodes), and takes those it carries', () => {
    const { store } = loadedStore();
    const problem = { code: 'missing_required_input', message: 'audio: prompt is not connected', path: ['graph', 'nodes', 2] };
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 8, document: sampleDocument(), errors: [problem], readOnly: false },
    });
    const move = [{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }] as const;
    store.getState().receive({
      type: 'notification',
      method: 'workflow/edited',
      params: { baseVersion: 8, version: 9, edits: [...move], readOnly: false },
    });
    expect(store.getState()).toMatchObject({ version: 9, errors: [problem] });
    store.getState().receive({
      type: 'notification',
      method: 'workflow/edited',
      params: { baseVersion: 9, version: 10, edits: [...move], errors: [], readOnly: false },
    });
    expect(store.getState()).toMatchObject({ version: 10, errors: [] });
  });

  it('drops its optimistic edits when the host confirms other edits, as with a whole state', () => {
    const { store } = loadedStore();
    store.getState().applyEdits([{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }]);
    store.getState().receive({
      type: 'notification',
      method: 'workflow/edited',
      params: {
        baseVersion: 7,
        version: 8,
        edits: [{ kind: 'move_node', node_id: 'model', position: { x: 1, y: 1 } }],
        errors: [],
        readOnly: false,
      },
    });
    expect(store.getState().nodes.find((n) => n.id === 'env')?.position).toEqual({ x: 420, y: 0 });
    expect(store.getState().nodes.find((n) => n.id === 'model')?.position).toEqual({ x: 1, y: 1 });
  });

  it.each([
    [
      'made against another version',
      { baseVersion: 6, edits: [{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }] },
    ],
    ['that do not apply to the document it holds', { baseVersion: 7, edits: [{ kind: 'remove_node', node_id: 'ghost' }] }],
  ])('asks for workflow/resync instead of applying edits %s, and keeps what it shows', (_, params) => {
    const { host, store } = loadedStore();
    const before = store.getState().document;
    store.getState().receive({
      type: 'notification',
      method: 'workflow/edited',
      params: { ...params, version: 9, errors: [], readOnly: false } as never,
    });
    expect(store.getState()).toMatchObject({ version: 7, document: before });
    expect(host.sent).toEqual([{ kind: 'command', method: 'workflow/resync', params: {} }]);
  });

  it('sends nothing for invalid edits and says why', () => {
    const { host, store } = loadedStore();
    expect(store.getState().applyEdits([{ kind: 'remove_node', node_id: 'ghost' }])).toBe(false);
    expect(host.sent).toEqual([]);
    expect(store.getState().toast?.message).toContain('unknown node "ghost"');
  });

  it('sends nothing in read-only mode', () => {
    const { host, store } = loadedStore(true);
    expect(store.getState().applyEdits([{ kind: 'move_node', node_id: 'env', position: { x: 5, y: 6 } }])).toBe(false);
    store.getState().selectNodes(['env']);
    expect(deleteSelected(store)).toBe(false);
    expect(host.sent).toEqual([]);
  });

  it('keeps selection across host states and never sends it', () => {
    const { host, store } = loadedStore();
    store.getState().onNodesChange([
      { type: 'select', id: 'env', selected: true },
      { type: 'remove', id: 'model' },
    ]);
    expect(store.getState().nodes.map((n) => n.id)).toContain('model');
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 8, document: sampleDocument(), errors: [], readOnly: false },
    });
    expect(store.getState().nodes.find((n) => n.id === 'env')?.selected).toBe(true);
    expect(host.sent).toEqual([]);
  });

  it('copies, pastes, duplicates and deletes the selection as edits', () => {
    const { host, store } = loadedStore();
    store.getState().selectNodes(['model', 'env']);
    expect(copySelected(store)).toBe(true);
    expect(pasteClipboard(store)).toBe(true);
    const pasted = host.sent.at(-1)?.params as { edits: { kind: string }[] };
    expect(pasted.edits.map((e) => e.kind)).toEqual(['add_node', 'add_node', 'connect']);
    expect(
      store
        .getState()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['model-copy', 'env-copy']);
    expect(duplicateSelected(store)).toBe(true);
    expect(
      store
        .getState()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['model-copy-copy', 'env-copy-copy']);
    expect(deleteSelected(store)).toBe(true);
    expect((host.sent.at(-1)?.params as { edits: unknown[] }).edits).toEqual([
      { kind: 'remove_node', node_id: 'model-copy-copy' },
      { kind: 'remove_node', node_id: 'env-copy-copy' },
    ]);
  });

  it('records environment status, activity and outputs per node', () => {
    const { store } = loadedStore();
    store.getState().receive({
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'audio', kind: 'run', phase: 'progress', percent: 40 },
    });
    store
      .getState()
      .receive({ type: 'notification', method: 'node/outputs', params: { nodeId: 'audio', outputs: {}, audioUri: 'blob:x' } });
    expect(store.getState().activity.audio?.percent).toBe(40);
    expect(store.getState().outputs.audio?.audioUri).toBe('blob:x');
  });
});

describe('host bridge', () => {
  afterEach(() => vi.restoreAllMocks());

  function setup() {
    const posted: unknown[] = [];
    const bridge = createHostBridge(
      { postMessage: (m) => posted.push(m), getState: () => undefined, setState: () => undefined },
      window,
    );
    const deliver = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
    return { posted, bridge, deliver };
  }

  it('resolves exactly one reply per request id, validated against the result schema', async () => {
    const { posted, bridge, deliver } = setup();
    const a = bridge.request('workflow/run', { nodeId: 'audio' });
    const b = bridge.request('environment/ensure', { nodeId: 'env' });
    expect(posted).toEqual([
      { type: 'request', id: 1, method: 'workflow/run', params: { nodeId: 'audio' } },
      { type: 'request', id: 2, method: 'environment/ensure', params: { nodeId: 'env' } },
    ]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    deliver({ type: 'response', id: 2, error: { code: 'not_trusted', message: 'untrusted', path: [] } });
    deliver({ type: 'response', id: 1, result: { ok: true } });
    deliver({ type: 'response', id: 1, result: { ok: false } });
    await expect(a).resolves.toEqual({ ok: true });
    await expect(b).rejects.toThrow('not_trusted: untrusted');
    expect(warn).toHaveBeenCalledTimes(1);
    bridge.dispose();
  });

  it('drops invalid notifications with a warning and delivers valid ones', () => {
    const { bridge, deliver } = setup();
    const seen: string[] = [];
    bridge.onNotification((m) => seen.push(m.method));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    deliver({ type: 'notification', method: 'workflow/state', params: { version: -1 } });
    deliver({ type: 'notification', method: 'nope', params: {} });
    deliver('garbage');
    deliver({ type: 'notification', method: 'node/activity', params: { nodeId: 'a', kind: 'run', phase: 'started' } });
    expect(warn).toHaveBeenCalledTimes(3);
    expect(seen).toEqual(['node/activity']);
    bridge.command('output/show', {});
    bridge.dispose();
  });
});
