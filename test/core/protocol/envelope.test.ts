import { describe, expect, it } from 'vitest';
import {
  commandMessage,
  notificationMessage,
  parseHostMessage,
  parseWebviewMessage,
  requestMessage,
  responseMessage,
} from '../../../src/core/protocol/envelope.js';
import { createEmptyWorkflow } from '../../../src/core/workflow/workflowSchema.js';

const doc = createEmptyWorkflow('t', '2026-01-01T00:00:00Z');

describe('the webview → host envelope', () => {
  it('accepts every well-formed command and request built with the builders', () => {
    const messages = [
      commandMessage('webview/ready', {}),
      commandMessage('webview/ready', { shown: { version: 4, readOnly: true, readOnlyReason: 'untrusted' } }),
      commandMessage('workflow/edits/apply', {
        baseVersion: 3,
        edits: [{ kind: 'move_node', node_id: 'a', position: { x: 1, y: 2 } }] as never,
      }),
      commandMessage('run/cancel', {}),
      requestMessage(7, 'environment/ensure', { nodeId: 'env' }),
      requestMessage(8, 'library/list', {}),
    ];
    for (const message of messages) {
      const parsed = parseWebviewMessage(JSON.parse(JSON.stringify(message)));
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    }
  });

  it('rejects unknown methods, extra fields, wrong types and missing ids with invalid_message', () => {
    const bad: unknown[] = [
      null,
      'webview/ready',
      { type: 'command', method: 'workflow/delete', params: {} },
      { type: 'command', method: 'webview/ready', params: { extra: 1 } },
      { type: 'command', method: 'webview/ready', params: { shown: { version: -1, readOnly: false } } },
      { type: 'command', method: 'webview/ready', params: { shown: { version: 1 } } },
      { type: 'command', method: 'webview/ready', params: {}, sneaky: true },
      { type: 'request', method: 'environment/ensure', params: { nodeId: 'x' } },
      { type: 'request', id: -1, method: 'environment/ensure', params: { nodeId: 'x' } },
      { type: 'request', id: 1, method: 'environment/ensure', params: { nodeId: 42 } },
      { type: 'command', method: 'workflow/edits/apply', params: { baseVersion: 1, edits: [] } },
      { type: 'command', method: '__proto__', params: {} },
      { type: 'command', method: 'toString', params: {} },
    ];
    for (const raw of bad) {
      const parsed = parseWebviewMessage(raw);
      expect(parsed.ok, JSON.stringify(raw)).toBe(false);
      if (!parsed.ok) expect(parsed.errors[0]?.code).toBe('invalid_message');
    }
  });
});

describe('the host → webview envelope', () => {
  it('accepts a workflow state, a response with a result and one with an error', () => {
    const state = notificationMessage('workflow/state', { version: 1, document: doc, errors: [], readOnly: false });
    expect(parseHostMessage(JSON.parse(JSON.stringify(state))).ok).toBe(true);
    expect(parseHostMessage(responseMessage<'workflow/run'>(1, { result: { ok: true } })).ok).toBe(true);
    expect(parseHostMessage(responseMessage(2, { error: { code: 'not_trusted', message: 'no', path: [] } })).ok).toBe(true);
  });

  it('rejects a notification whose params do not match its schema', () => {
    const parsed = parseHostMessage({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 'one', document: null, errors: [], readOnly: false },
    });
    expect(parsed).toMatchObject({ ok: false, errors: [{ code: 'invalid_message', path: ['version'] }] });
  });
});
