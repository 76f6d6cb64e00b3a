import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkflowDocumentModel } from '../../../src/extension/editor/workflowDocumentModel.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { MemoryTextDocument } from '../../support/memoryTextDocument.js';

const demo = readFileSync(new URL('../../../examples/demo.pantograph', import.meta.url), 'utf8');
const writable = { readOnly: false };
const clock = (): Date => new Date('2025-06-01T12:00:00.000Z');

class FakeDocument extends MemoryTextDocument {
  constructor(text: string) {
    super(text, 'file:///demo.pantograph');
  }
}

describe('WorkflowDocumentModel', () => {
  it('parses each document version once', () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    model.state(writable);
    model.state(writable);
    expect(doc.reads).toBe(1);
    doc.setText(demo.replace('a slow bell', 'a fast bell'));
    expect(model.workflow()?.graph.nodes.find((n) => n.id === 'prompt')?.data.text).toBe('a fast bell over warm rain');
    expect(doc.reads).toBe(2);
  });

  it('knows the parse of the text it wrote, and parses any other text in full', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    const moved = await model.applyEdits(1, [{ kind: 'move_node', node_id: 'audio', position: { x: 1, y: 2 } }], writable);
    expect(moved.ok).toBe(true);
    expect(model.current().result).toEqual(parseWorkflowText(doc.getText()));
    expect(model.workflow()?.graph.nodes.find((n) => n.id === 'audio')?.position).toEqual({ x: 1, y: 2 });
    // Someone else writes version 3 before the model's next edit lands: never the stale parse.
    const edited = await model.applyEdits(2, [{ kind: 'move_node', node_id: 'audio', position: { x: 5, y: 6 } }], writable);
    expect(edited.ok).toBe(true);
    doc.setText(doc.getText().replace('"x": 5', '"x": 7'));
    expect(model.workflow()?.graph.nodes.find((n) => n.id === 'audio')?.position).toEqual({ x: 7, y: 6 });
    expect(model.current().result).toEqual(parseWorkflowText(doc.getText()));
  });

  it('turns an edit into changed text, and the next state shows it', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    const result = await model.applyEdits(1, [{ kind: 'move_node', node_id: 'audio', position: { x: 720, y: 150 } }], writable);
    expect(result.ok).toBe(true);
    const state = model.state(writable);
    expect(state.version).toBe(2);
    expect(state.document?.graph.nodes.find((n) => n.id === 'audio')?.position).toEqual({ x: 720, y: 150 });
    expect(state.document?.metadata.modified).toBe('2025-06-01T12:00:00.000Z');
  });

  it('writes only the changed lines (two position lines and the modified stamp)', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    await model.applyEdits(1, [{ kind: 'move_node', node_id: 'audio', position: { x: 720, y: 150 } }], writable);
    const written = doc.writes[0] ?? [];
    expect(written.map((r) => r.text.trim())).toEqual([
      '"modified": "2025-06-01T12:00:00.000Z"',
      '"x": 720,\n          "y": 150',
    ]);
    expect(written.every((r) => r.text.split('\n').length <= 3)).toBe(true);
  });

  it('leaves the document alone when the edits change nothing', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    const result = await model.applyEdits(1, [{ kind: 'move_node', node_id: 'audio', position: { x: 800, y: 0 } }], writable);
    expect(result).toEqual({ ok: true, value: [] });
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses a stale edit', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    doc.setText(demo.replace('"seed": 42', '"seed": 7'));
    const result = await model.applyEdits(1, [{ kind: 'remove_node', node_id: 'audio' }], writable);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.message).toMatch(/stale edit/);
    expect(doc.writes).toHaveLength(0);
  });

  it('refuses every edit when the document is read-only', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    const result = await model.applyEdits(1, [{ kind: 'remove_node', node_id: 'audio' }], {
      readOnly: true,
      reason: 'untrusted workspace',
    });
    expect(!result.ok && result.errors[0]?.code).toBe('not_trusted');
    expect(model.state({ readOnly: true, reason: 'untrusted workspace' })).toMatchObject({
      readOnly: true,
      readOnlyReason: 'untrusted workspace',
    });
  });

  it('reports invalid edits and writes nothing', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    const result = await model.applyEdits(1, [{ kind: 'remove_node', node_id: 'nope' }], writable);
    expect(!result.ok && result.errors[0]?.code).toBe('invalid_edit');
    expect(doc.writes).toHaveLength(0);
  });

  it('shows an external text change that breaks the JSON as a null document with located errors', () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    doc.setText(demo.replace('"seed": 42,', '"seed": 42,,'));
    const state = model.state(writable);
    expect(state.document).toBeNull();
    expect(state.errors[0]).toMatchObject({ code: 'invalid_json' });
    expect(state.errors[0]?.line).toBeGreaterThan(1);
    expect(Object.keys(state.errors[0] ?? {})).not.toContain('offset');
  });

  it('keeps the written text a valid workflow that parses back to the edited graph', async () => {
    const doc = new FakeDocument(demo);
    const model = new WorkflowDocumentModel(doc, clock);
    await model.applyEdits(1, [{ kind: 'set_node_data', node_id: 'prompt', path: ['text'], value: 'thunder' }], writable);
    const reparsed = parseWorkflowText(doc.getText());
    expect(reparsed.ok && reparsed.value.graph.nodes.find((n) => n.id === 'prompt')?.data.text).toBe('thunder');
  });
});
