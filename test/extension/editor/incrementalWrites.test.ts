import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import { validateWorkflowGraph } from '../../../src/core/workflow/validateGraph.js';
import type { WorkflowEdit } from '../../../src/core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import { toProtocolError } from '../../../src/core/protocol/protocolError.js';
import { WorkflowDocumentModel } from '../../../src/extension/editor/workflowDocumentModel.js';
import { MemoryTextDocument } from '../../support/memoryTextDocument.js';
import { editArb } from '../../support/workflowEditArbitrary.js';
import { audioWorkflow } from '../../core/workflow/fixtures.js';
import { generatedDocument } from '../../webview/support/fixtures.js';

const writable = { readOnly: false };
let tick = 0;
const clock = (): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));

function parsed(text: string): WorkflowDocument {
  const result = parseWorkflowText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const nodeIds = fc.constantFrom('lib', 'env', 'prompt', 'audio', 'extra');
/** Mostly edits that apply to `audioWorkflow` — moves, data, structure — and `editArb`'s junk. */
const edit = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('move_node'),
      node_id: nodeIds,
      position: fc.record({ x: fc.integer(), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('set_node_data'),
      node_id: nodeIds,
      path: fc.constantFrom(['seed'], ['text'], ['duration'], ['a', 'b']),
      value: fc.option(fc.jsonValue(), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add_node'),
      node: fc.record({
        id: fc.constantFrom('extra', 'more'),
        node_type: fc.constantFrom('text-input', 'audio-generation'),
        position: fc.record({ x: fc.integer(), y: fc.integer() }),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove_node'), node_id: nodeIds }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect'), edge_id: fc.constantFrom('prompt-audio-prompt', 'x') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('connect'),
      edge: fc.record({
        source: fc.constantFrom('prompt', 'extra'),
        source_handle: fc.constant('text'),
        target: fc.constantFrom('audio', 'more'),
        target_handle: fc.constantFrom('prompt', 'model_path'),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set_metadata'), metadata: fc.record({ name: fc.string() }) }) },
  { weight: 1, arbitrary: editArb },
);
/** A step: an edit batch from the panel, or someone else rewriting the text (canonical or not). */
const step = fc.oneof(
  { weight: 6, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => ({ edits })) },
  { weight: 1, arbitrary: fc.constantFrom({ outside: 'reindent' as const }, { outside: 'canonical' as const }) },
);

describe('WorkflowDocumentModel: incremental writes', () => {
  it('leaves exactly the full serialization of the edited document in the file, and the graph problems of a fresh validation (property)', async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const document = new MemoryTextDocument(serializeWorkflow(audioWorkflow()), 'file:///audio.pantograph');
        const model = new WorkflowDocumentModel(document, clock);
        for (const s of steps) {
          const before = model.state(writable);
          if ('outside' in s) {
            // Another editor: the same document written with 4 spaces (not canonical), or a canonical edit.
            const doc = parsed(document.getText());
            document.setText(
              s.outside === 'reindent'
                ? `${JSON.stringify(doc, null, 4)}\n`
                : serializeWorkflow({ ...doc, metadata: { ...doc.metadata, name: `${doc.metadata.name}!` } }),
            );
            continue;
          }
          const applied = await model.applyEdits(before.version, s.edits as WorkflowEdit[], writable);
          const after = model.state(writable);
          expect(after.errors).toEqual(
            after.document ? validateWorkflowGraph(parsed(document.getText())).map(toProtocolError) : after.errors,
          );
          if (!applied.ok || applied.value.length === 0 || !before.document) continue;
          // The expected document, computed without the model: the edits, then the stamp the file shows.
          const edited = applyWorkflowEdits(before.document, s.edits as WorkflowEdit[]);
          if (!edited.ok) throw new Error('the model wrote a refused batch');
          const modified = parsed(document.getText()).metadata.modified;
          const expected = applyWorkflowEdits(edited.value, [{ kind: 'set_metadata', metadata: { modified } }]);
          expect(expected.ok && document.getText()).toBe(expected.ok && serializeWorkflow(expected.value));
          written++;
        }
      }),
      { numRuns: 250 },
    );
    expect(written).toBeGreaterThan(300);
  });

  it('writes a moved node of a 500-node workflow as two small replacements, wherever the node is', async () => {
    for (const id of ['n0', 'n250', 'n499']) {
      const document = new MemoryTextDocument(serializeWorkflow(generatedDocument(500, 600)));
      const model = new WorkflowDocumentModel(document, clock);
      const applied = await model.applyEdits(1, [{ kind: 'move_node', node_id: id, position: { x: 7, y: 9 } }], writable);
      expect(applied.ok).toBe(true);
      const replacements = document.writes[0] ?? [];
      expect(replacements.map((r) => r.text.trim().split('\n').length)).toEqual([1, 2]);
      expect(replacements[1]?.text).toMatch(/"x": 7,\n\s+"y": 9\n/);
      expect(document.getText()).toBe(serializeWorkflow(parsed(document.getText())));
    }
  });
});
