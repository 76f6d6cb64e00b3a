/**
 * Out-of-order and hostile edit sequences against the host's WorkflowDocumentModel (the pure part
 * of the editor host): stale baseVersion, edits in an untrusted (read-only) workspace, edits to an
 * unparseable document, edits racing a concurrent change, and edit values carrying polluting keys.
 * Each is refused with a structured error and the text document is never written.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowDocumentModel } from '../../src/extension/editor/workflowDocumentModel.js';
import type { WorkflowTextDocument } from '../../src/extension/editor/workflowDocumentModel.js';
import type { TextReplacement } from '../../src/extension/editor/textDiff.js';
import type { WorkflowEdit } from '../../src/core/workflow/workflowEdits.js';
import { parseWebviewMessage } from '../../src/core/protocol/envelope.js';
import { serializeWorkflow } from '../../src/core/workflow/serializeWorkflow.js';
import { audioWorkflow } from '../core/workflow/fixtures.js';

/** An in-memory text document that records every write. */
class FakeDocument implements WorkflowTextDocument {
  readonly uri = 'file:///workflows/shared.pantograph';
  version = 1;
  text: string;
  readonly writes: (readonly TextReplacement[])[] = [];
  /** Runs inside getText(), to simulate a change arriving while an edit is prepared. */
  onRead: (() => void) | undefined;

  constructor(text: string) {
    this.text = text;
  }

  getText(): string {
    const text = this.text;
    this.onRead?.();
    return text;
  }

  replace(replacements: readonly TextReplacement[]): Promise<boolean> {
    this.writes.push(replacements);
    return Promise.resolve(true);
  }
}

const MOVE: WorkflowEdit = { kind: 'move_node', node_id: 'lib', position: { x: 500, y: 500 } };
const WRITABLE = { readOnly: false } as const;
const clock = () => new Date('2026-02-03T04:05:06Z');

function setup(text = serializeWorkflow(audioWorkflow())): { doc: FakeDocument; model: WorkflowDocumentModel } {
  const doc = new FakeDocument(text);
  return { doc, model: new WorkflowDocumentModel(doc, clock) };
}

describe('edit sequences the host must refuse', () => {
  it('applies a fresh edit (the control case) and writes once', async () => {
    const { doc, model } = setup();
    const result = await model.applyEdits(1, [MOVE], WRITABLE);
    expect(result.ok).toBe(true);
    expect(doc.writes).toHaveLength(1);
  });

  it('refuses an edit made against an older version with invalid_edit at baseVersion, writing nothing', async () => {
    const { doc, model } = setup();
    doc.version = 5;
    const result = await model.applyEdits(4, [MOVE], WRITABLE);
    expect(result.ok ? null : result.errors[0]).toMatchObject({ code: 'invalid_edit', path: ['baseVersion'] });
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses an edit from the future (a baseVersion the document never had)', async () => {
    const { doc, model } = setup();
    const result = await model.applyEdits(99, [MOVE], WRITABLE);
    expect(result.ok ? null : result.errors[0]?.code).toBe('invalid_edit');
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses every edit in an untrusted workspace with not_trusted, writing nothing', async () => {
    const { doc, model } = setup();
    const result = await model.applyEdits(1, [MOVE], { readOnly: true, reason: 'This workspace is not trusted' });
    expect(result.ok ? null : result.errors[0]?.code).toBe('not_trusted');
    expect(doc.writes).toHaveLength(0);
    expect(model.state({ readOnly: true, reason: 'untrusted' })).toMatchObject({ readOnly: true, readOnlyReason: 'untrusted' });
  });

  it('refuses edits to a document that is not a valid workflow instead of overwriting it', async () => {
    const { doc, model } = setup('{"version": 1, "graph": ');
    const result = await model.applyEdits(1, [MOVE], WRITABLE);
    expect(result.ok ? null : result.errors[0]?.code).toBe('invalid_workflow');
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses an edit when the document changes while the edit is being prepared', async () => {
    const { doc, model } = setup();
    doc.onRead = () => {
      doc.version = 2;
      doc.onRead = undefined;
    };
    const result = await model.applyEdits(1, [MOVE], WRITABLE);
    expect(result.ok ? null : result.errors[0]).toMatchObject({ code: 'invalid_edit', path: ['baseVersion'] });
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses a whole batch when one edit targets a missing node, writing nothing (all or nothing)', async () => {
    const { doc, model } = setup();
    const result = await model.applyEdits(1, [MOVE, { kind: 'remove_node', node_id: 'ghost' }], WRITABLE);
    expect(result.ok ? null : result.errors[0]?.code).toBe('invalid_edit');
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses node data carrying __proto__ or constructor keys that arrived through a valid webview message', async () => {
    const raw = JSON.parse(
      '{"type":"command","method":"workflow/edits/apply","params":{"baseVersion":1,"edits":[{"kind":"set_node_data","node_id":"lib","path":["extra"],"value":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}]}}',
    ) as unknown;
    const message = parseWebviewMessage(raw);
    expect(message.ok).toBe(true);
    if (!message.ok || message.value.method !== 'workflow/edits/apply') return;
    const { doc, model } = setup();
    const result = await model.applyEdits(message.value.params.baseVersion, message.value.params.edits, WRITABLE);
    expect(result.ok ? null : result.errors[0]?.code).toBe('invalid_edit');
    expect(doc.writes).toHaveLength(0);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses a data path that walks into __proto__', async () => {
    const { doc, model } = setup();
    const result = await model.applyEdits(
      1,
      [{ kind: 'set_node_data', node_id: 'lib', path: ['__proto__', 'polluted'], value: 'yes' }],
      WRITABLE,
    );
    expect(result.ok).toBe(false);
    expect(doc.writes).toHaveLength(0);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
