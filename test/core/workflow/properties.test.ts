import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { parseSerializedWorkflow } from '../../../src/core/workflow/parseSerializedWorkflow.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import type { WorkflowEdit } from '../../../src/core/workflow/workflowEdits.js';
import { WorkflowDocumentSchema } from '../../../src/core/workflow/workflowSchema.js';
import { audioWorkflow } from './fixtures.js';
import { editArb } from '../../support/workflowEditArbitrary.js';

describe('workflow properties', () => {
  it('applyWorkflowEdits never throws, never mutates its input, and rejects only with invalid_edit', () => {
    const doc = audioWorkflow();
    const snapshot = serializeWorkflow(doc);
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 8 }), (edits) => {
        const result = applyWorkflowEdits(doc, edits as WorkflowEdit[]);
        expect(serializeWorkflow(doc)).toBe(snapshot);
        if (result.ok) {
          expect(WorkflowDocumentSchema.safeParse(result.value).success).toBe(true);
          const text = serializeWorkflow(result.value);
          const reparsed = parseWorkflowText(text);
          expect(reparsed.ok && serializeWorkflow(reparsed.value)).toBe(text);
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(error.code).toBe('invalid_edit');
            expect(error.path[0]).toBe('edits');
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('parseSerializedWorkflow says exactly what parseWorkflowText says about serialized workflows and spoiled ones (duplicate keys, comments, other line ends)', () => {
    const doc = audioWorkflow();
    const hostile = fc.constantFrom<(text: string) => string>(
      (t) => t,
      (t) => t.replace('"graph"', '"__proto__": {}, "graph"'),
      (t) => t.replace('"version": 1', '"version": 2'),
      (t) =>
        t.replace(
          '"nodes": [',
          '"nodes": [{"id": "prompt", "node_type": "text-input", "position": {"x": 0, "y": 0}, "data": {}},',
        ),
      (t) => t.slice(0, -3),
      (t) => t.replace('"version": 1', '"version": 1, "version": 1'),
      (t) => t.replace('"graph"', '"graph": {}, "graph"'),
      (t) => t.replace('{', '{ // a comment\n'),
      (t) => t.replace(/\n/g, '\r\n'),
      (t) => `${t}\n\n`,
    );
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 8 }), hostile, (edits, spoil) => {
        const result = applyWorkflowEdits(doc, edits as WorkflowEdit[]);
        const text = spoil(serializeWorkflow(result.ok ? result.value : doc));
        expect(parseSerializedWorkflow(text)).toEqual(parseWorkflowText(text));
      }),
      { numRuns: 200 },
    );
  });

  it('parseWorkflowText never throws for arbitrary strings and always explains a rejection', () => {
    const valid = serializeWorkflow(audioWorkflow());
    const mutated = fc
      .tuple(fc.nat(valid.length), fc.nat(20), fc.string())
      .map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), mutated), (text) => {
        const result = parseWorkflowText(text);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
