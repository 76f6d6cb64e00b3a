/**
 * The webview is a trust boundary: whatever it posts, `parseWebviewMessage` answers with a parsed
 * message or a structured `invalid_message` error — never a throw. Every COMMANDS and REQUESTS
 * method is exercised with wrong shapes, extra fields and wrong types; the table of valid params
 * must cover every method, so a new method cannot slip in untested.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, NOTIFICATIONS, REQUESTS } from '../../src/core/protocol/editorProtocol.js';
import { MAX_MESSAGE_LENGTH, parseHostMessage, parseWebviewMessage } from '../../src/core/protocol/envelope.js';
import type { Result } from '../../src/core/errors/structuredError.js';

const PATCH = {
  contract_version: 1,
  binding_id: 'b',
  scope: 'binding',
  fields: { index_url: 'https://ok.example/simple' },
  source: 'user',
  updated_at: '2026-01-01T00:00:00Z',
};

/** One valid params object per method (the control case), keyed by method. */
const VALID_COMMAND_PARAMS: Record<string, Record<string, unknown>> = {
  'webview/ready': {},
  'workflow/edits/apply': { baseVersion: 3, edits: [{ kind: 'move_node', node_id: 'a', position: { x: 1, y: 2 } }] },
  'run/cancel': { nodeId: 'n1' },
  'output/show': {},
  'document/openAsText': {},
  'workflow/resync': {},
  'clipboard/copy': { text: 'hello' },
  'environment/action': { action: 'openTerminal', environmentKey: '0123456789abcdef0123' },
};
const VALID_REQUEST_PARAMS: Record<string, Record<string, unknown>> = {
  'environment/ensure': { nodeId: 'env' },
  'workflow/run': { nodeId: 'audio' },
  'overrides/validate': { nodeId: 'env', patch: PATCH },
  'library/list': {},
};

const command = (method: string, params: unknown): unknown => ({ type: 'command', method, params });
const request = (method: string, params: unknown): unknown => ({ type: 'request', id: 7, method, params });

function expectInvalid(result: Result<unknown>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]!.code).toBe('invalid_message');
  expect(typeof result.errors[0]!.message).toBe('string');
  expect(Array.isArray(result.errors[0]!.path)).toBe(true);
}

/** A value of a different JSON type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return '3';
  if (Array.isArray(value)) return { 0: value[0] };
  return 'not an object';
}

const WRONG_SHAPES: readonly [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a string', 'params'],
  ['a number', 1],
  ['an array', [{}]],
  ['true', true],
];

const commandMethods = Object.keys(COMMANDS);
const requestMethods = Object.keys(REQUESTS);

describe('parseWebviewMessage against hostile messages', () => {
  it('has a valid params sample for every command and request method', () => {
    expect(Object.keys(VALID_COMMAND_PARAMS).sort()).toEqual([...commandMethods].sort());
    expect(Object.keys(VALID_REQUEST_PARAMS).sort()).toEqual([...requestMethods].sort());
  });

  it.each(commandMethods)('accepts the valid sample of command %s (the control case)', (method) => {
    expect(parseWebviewMessage(command(method, VALID_COMMAND_PARAMS[method])).ok).toBe(true);
  });

  it.each(requestMethods)('accepts the valid sample of request %s (the control case)', (method) => {
    expect(parseWebviewMessage(request(method, VALID_REQUEST_PARAMS[method])).ok).toBe(true);
  });

  it.each(commandMethods)('refuses command %s with wrong-shaped params, an extra field, or a wrong-typed field', (method) => {
    const valid = VALID_COMMAND_PARAMS[method]!;
    for (const [, params] of WRONG_SHAPES) expectInvalid(parseWebviewMessage(command(method, params)));
    expectInvalid(parseWebviewMessage(command(method, { ...valid, injected: '$(id)' })));
    for (const key of Object.keys(valid))
      expectInvalid(parseWebviewMessage(command(method, { ...valid, [key]: wrongType(valid[key]) })));
    expectInvalid(parseWebviewMessage({ ...(command(method, valid) as object), extra: true }));
  });

  it.each(requestMethods)(
    'refuses request %s with wrong-shaped params, an extra field, a wrong-typed field or a bad id',
    (method) => {
      const valid = VALID_REQUEST_PARAMS[method]!;
      for (const [, params] of WRONG_SHAPES) expectInvalid(parseWebviewMessage(request(method, params)));
      expectInvalid(parseWebviewMessage(request(method, { ...valid, injected: '$(id)' })));
      for (const key of Object.keys(valid))
        expectInvalid(parseWebviewMessage(request(method, { ...valid, [key]: wrongType(valid[key]) })));
      for (const id of [-1, 1.5, '7', null, undefined, Number.NaN])
        expectInvalid(parseWebviewMessage({ type: 'request', id, method, params: valid }));
      expectInvalid(parseWebviewMessage(command(method, valid)));
    },
  );

  it.each([
    'workspace/exec',
    'shell/run',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '',
    'WEBVIEW/READY',
    'webview/ready ',
  ])('refuses the unknown method %j as a command and as a request', (method) => {
    expectInvalid(parseWebviewMessage(command(method, {})));
    expectInvalid(parseWebviewMessage(request(method, {})));
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', '{"type":"command","method":"webview/ready","params":{}}'],
    ['an array', [{ type: 'command', method: 'webview/ready', params: {} }]],
    ['a BigInt', 10n],
    ['a symbol', Symbol('x')],
    ['a function', () => 1],
    ['an empty object', {}],
    ['a notification pretending to come from the webview', { type: 'notification', method: 'workflow/state', params: {} }],
    ['a response pretending to come from the webview', { type: 'response', id: 1, result: {} }],
    ['a message whose method is not a string', { type: 'command', method: ['webview/ready'], params: {} }],
  ])('refuses a message that is %s', (_label, raw) => {
    expectInvalid(parseWebviewMessage(raw));
  });

  it('refuses a cyclic message and a message nested 100k levels deep without throwing', () => {
    const cyclic: Record<string, unknown> = { type: 'command', method: 'clipboard/copy' };
    cyclic.params = cyclic;
    expectInvalid(parseWebviewMessage(cyclic));
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expectInvalid(parseWebviewMessage(command('clipboard/copy', deep)));
  });

  it('refuses an oversize message before validating its params', () => {
    const text = 'x'.repeat(MAX_MESSAGE_LENGTH + 1);
    const result = parseWebviewMessage(command('clipboard/copy', { text }));
    expectInvalid(result);
    expect(result.ok ? '' : result.errors[0]!.message).toMatch(/too large/);
    expectInvalid(parseWebviewMessage(command('clipboard/copy', { text: 'x'.repeat(10_001) })));
  });

  it('refuses an edit batch that is empty, too long, or made of unknown edit kinds', () => {
    expectInvalid(parseWebviewMessage(command('workflow/edits/apply', { baseVersion: 1, edits: [] })));
    const move = { kind: 'move_node', node_id: 'a', position: { x: 0, y: 0 } };
    expectInvalid(
      parseWebviewMessage(command('workflow/edits/apply', { baseVersion: 1, edits: Array.from({ length: 1001 }, () => move) })),
    );
    expectInvalid(
      parseWebviewMessage(command('workflow/edits/apply', { baseVersion: 1, edits: [{ kind: 'run_shell', command: 'id' }] })),
    );
    expectInvalid(parseWebviewMessage(command('workflow/edits/apply', { baseVersion: -1, edits: [move] })));
  });
});

describe('parseHostMessage against hostile messages', () => {
  it.each(Object.keys(NOTIFICATIONS))('refuses notification %s with wrong-shaped params', (method) => {
    for (const [, params] of WRONG_SHAPES) expectInvalid(parseHostMessage({ type: 'notification', method, params }));
  });

  it.each([
    ['an unknown notification', { type: 'notification', method: 'host/exec', params: {} }],
    ['a response with a malformed error', { type: 'response', id: 1, error: { code: 1 } }],
    ['a response with an extra field', { type: 'response', id: 1, result: {}, evil: true }],
    ['a command pretending to come from the host', { type: 'command', method: 'webview/ready', params: {} }],
    ['null', null],
  ])('refuses %s', (_label, raw) => {
    expectInvalid(parseHostMessage(raw));
  });
});
