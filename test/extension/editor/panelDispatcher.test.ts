import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PanelDispatcher } from '../../../src/extension/editor/panelDispatcher.js';
import type { PanelPort } from '../../../src/extension/editor/panelDispatcher.js';
import { WorkflowDocumentModel } from '../../../src/extension/editor/workflowDocumentModel.js';
import { MemoryTextDocument } from '../../support/memoryTextDocument.js';
import type { HostMessage } from '../../../src/core/protocol/envelope.js';

const demo = readFileSync(new URL('../../../examples/demo.pantograph', import.meta.url), 'utf8');

/** A port over a real document model; only the VS Code side effects are recorded. */
function harness(options: { open?: () => boolean; readOnly?: boolean } = {}) {
  const document = new MemoryTextDocument(demo, 'file:///demo.pantograph');
  const posted: HostMessage[] = [];
  const warnings: string[] = [];
  const calls: string[] = [];
  const port: PanelPort = {
    model: new WorkflowDocumentModel(document, () => new Date('2026-01-01T00:00:00Z')),
    isOpen: options.open ?? (() => true),
    access: () => (options.readOnly ? { readOnly: true, reason: 'untrusted' } : { readOnly: false }),
    postRaw: (m) => void posted.push(m),
    log: {
      info: () => undefined,
      warn: (m) => void warnings.push(m),
      error: (m) => void warnings.push(m),
      show: () => void calls.push('show'),
    },
    lastStatus: () => undefined,
    ensureNode: async (_w, nodeId) => (calls.push(`ensure:${nodeId}`), { ok: true, state: 'ready' }),
    runWorkflow: async () => (calls.push('run'), { ok: true }),
    cancel: () => 0,
    validateOverride: () => [],
    libraryModels: async () => ({ ok: true, models: [] }),
    openAsText: async () => void calls.push('openAsText'),
    copyToClipboard: async (text) => void calls.push(`copy:${text}`),
    environmentAction: async (action, key) => void calls.push(`${action}:${key}`),
    webviewUri: (fsPath) => `webview-resource:${fsPath}`,
  };
  return { dispatcher: new PanelDispatcher(port), posted, warnings, calls, document };
}

const move = {
  type: 'command',
  method: 'workflow/edits/apply',
  params: { baseVersion: 1, edits: [{ kind: 'move_node', node_id: 'audio', position: { x: 5, y: 5 } }] },
};

describe('PanelDispatcher', () => {
  it('hands environment/action for a valid key to the host command, and drops a bad key', async () => {
    const h = harness();
    await h.dispatcher.receive({ type: 'command', method: 'webview/ready', params: {} });
    await h.dispatcher.receive({
      type: 'command',
      method: 'environment/action',
      params: { action: 'openTerminal', environmentKey: '0123456789abcdef0123' },
    });
    await h.dispatcher.receive({
      type: 'command',
      method: 'environment/action',
      params: { action: 'exportLock', environmentKey: '0123456789abcdef0123' },
    });
    await h.dispatcher.receive({
      type: 'command',
      method: 'environment/action',
      params: { action: 'openTerminal', environmentKey: '../../etc' },
    });
    expect(h.calls).toEqual(['openTerminal:0123456789abcdef0123', 'exportLock:0123456789abcdef0123']);
    expect(h.warnings.length).toBeGreaterThan(0);
  });

  it('posts nothing before webview/ready, then the state', async () => {
    const h = harness();
    expect(h.dispatcher.post({ type: 'response', id: 1, result: {} })).toBe(false);
    expect(h.posted).toEqual([]);
    await h.dispatcher.receive({ type: 'command', method: 'webview/ready', params: {} });
    expect(h.posted.map((m) => (m.type === 'notification' ? m.method : m.type))).toEqual(['workflow/state']);
  });

  it('does not resend the state a webview already shows from its HTML, and sends any other', async () => {
    const shown = (version: number, readOnly = false) => ({
      type: 'command',
      method: 'webview/ready',
      params: { shown: { version, readOnly } },
    });
    const same = harness();
    await same.dispatcher.receive(shown(1));
    expect(same.posted).toEqual([]);
    expect(same.dispatcher.ready).toBe(true);
    const newer = harness();
    newer.document.version = 2; // the document changed while the webview loaded
    await newer.dispatcher.receive(shown(1));
    expect(
      newer.posted.map((m) => (m.type === 'notification' ? [m.method, (m.params as { version: number }).version] : m.type)),
    ).toEqual([['workflow/state', 2]]);
    const trust = harness({ readOnly: true }); // access changed while the webview loaded
    await trust.dispatcher.receive(shown(1));
    expect(trust.posted.map((m) => (m.type === 'notification' ? m.method : m.type))).toEqual(['workflow/state']);
  });

  it('answers a request sent before webview/ready with exactly one error reply and runs nothing', async () => {
    const h = harness();
    await h.dispatcher.receive({ type: 'request', id: 4, method: 'environment/ensure', params: { nodeId: 'environment' } });
    expect(h.posted).toEqual([
      expect.objectContaining({ type: 'response', id: 4, error: expect.objectContaining({ code: 'invalid_message' }) }),
    ]);
    expect(h.calls).toEqual([]);
  });

  it('ignores commands sent before webview/ready, edits included', async () => {
    const h = harness();
    await h.dispatcher.receive(move);
    expect(h.document.version).toBe(1);
    expect(h.warnings.some((w) => w.includes('before webview/ready'))).toBe(true);
  });

  it('applies an edit after ready, and refuses edits and requests once the document is closed', async () => {
    let open = true;
    const h = harness({ open: () => open });
    await h.dispatcher.receive({ type: 'command', method: 'webview/ready', params: {} });
    await h.dispatcher.receive(move);
    expect(h.document.version).toBe(2);
    open = false;
    await h.dispatcher.receive({ ...move, params: { ...move.params, baseVersion: 2 } });
    expect(h.document.version).toBe(2);
    await h.dispatcher.receive({ type: 'request', id: 9, method: 'workflow/run', params: {} });
    expect(h.posted.at(-1)).toMatchObject({
      type: 'response',
      id: 9,
      error: { code: 'invalid_message', message: expect.stringContaining('closed') },
    });
    expect(h.calls).not.toContain('run');
  });

  it('drops malformed messages with a logged reason and never throws', async () => {
    const h = harness();
    await h.dispatcher.receive({ type: 'command', method: 'webview/ready', params: {} });
    const before = h.posted.length;
    for (const raw of [
      undefined,
      42,
      { type: 'request', id: 1, method: 'environment/ensure', params: {} },
      { type: 'command', method: 'nope', params: {} },
    ])
      await h.dispatcher.receive(raw);
    expect(h.posted.length).toBe(before);
    expect(h.warnings.filter((w) => w.startsWith('webview message rejected'))).toHaveLength(4);
  });

  it('refuses an edit with a stale base version and re-sends the current state', async () => {
    const h = harness();
    await h.dispatcher.receive({ type: 'command', method: 'webview/ready', params: {} });
    await h.dispatcher.receive({ ...move, params: { ...move.params, baseVersion: 0 } });
    expect(h.document.version).toBe(1);
    expect(h.posted.filter((m) => m.type === 'notification' && m.method === 'workflow/state')).toHaveLength(2);
  });

  it('is the panel handle: gives the webview URI of a local file through its port', () => {
    const { dispatcher } = harness();
    expect(dispatcher.webviewUri('/out/demo.wav')).toBe('webview-resource:/out/demo.wav');
  });
});
