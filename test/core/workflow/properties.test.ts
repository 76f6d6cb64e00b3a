import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { parseSerializedWorkflow } from '../../../src/core/workflow/parseSerializedWorkflow.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import type { WorkflowEdit } from '../../../src/core/workflow/workflowEdits.js';
import { WorkflowDocumentSchema } from '../../../src/core/workflow/workflowSchema.js';
import { audioWorkflow } from './fixtures.js';

const ids = fc.constantFrom('lib', 'env', 'prompt', 'audio', 'new', 'ghost', '__proto__', '');
const ports = fc.constantFrom('text', 'prompt', 'model_path', 'environment_ref', 'dependency_requirements', 'status', 'audio', 'nope');
const nodeTypes = fc.constantFrom('text-input', 'puma-lib', 'dependency-environment', 'audio-generation', 'pytorch-inference', 'mystery');
const position = fc.record({ x: fc.double(), y: fc.double() });
const dataPath = fc.array(fc.oneof(fc.constantFrom('seed', 'a', 'b', '__proto__', 'constructor'), fc.nat(3)), { maxLength: 4 });

/** Mostly well-typed edits (to reach deep code paths) mixed with arbitrary junk. */
const editArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ kind: fc.constant('add_node'), node: fc.record({ id: ids, node_type: nodeTypes, position, data: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }) }) }),
  fc.record({ kind: fc.constant('remove_node'), node_id: ids }),
  fc.record({ kind: fc.constant('move_node'), node_id: ids, position }),
  fc.record({ kind: fc.constant('set_node_data'), node_id: ids, path: dataPath, value: fc.option(fc.jsonValue(), { nil: undefined }) }),
  fc.record({ kind: fc.constant('connect'), edge: fc.record({ source: ids, source_handle: ports, target: ids, target_handle: ports }) }),
  fc.record({ kind: fc.constant('disconnect'), edge_id: fc.string() }),
  fc.record({ kind: fc.constant('set_mode'), node_id: ids, mode: fc.constantFrom('auto', 'manual', 'other') }),
  fc.record({ kind: fc.constant('remove_override_patch'), node_id: ids, binding_id: fc.string(), scope: fc.constantFrom('binding', 'requirement') }),
  fc.record({ kind: fc.constant('set_metadata'), metadata: fc.dictionary(fc.constantFrom('name', 'description', 'modified', 'x'), fc.option(fc.string(), { nil: null })) }),
  fc.record({ kind: fc.constant('set_viewport'), viewport: fc.option(fc.record({ x: fc.double(), y: fc.double(), zoom: fc.double() }), { nil: null }) }),
  fc.anything(),
);

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

  it('parseSerializedWorkflow says exactly what parseWorkflowText says about serialized workflows', () => {
    const doc = audioWorkflow();
    const hostile = fc.constantFrom<(text: string) => string>(
      (t) => t,
      (t) => t.replace('"graph"', '"__proto__": {}, "graph"'),
      (t) => t.replace('"version": 1', '"version": 2'),
      (t) => t.replace('"nodes": [', '"nodes": [{"id": "prompt", "node_type": "text-input", "position": {"x": 0, "y": 0}, "data": {}},'),
      (t) => t.slice(0, -3),
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
    const mutated = fc.tuple(fc.nat(valid.length), fc.nat(20), fc.string()).map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut));
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
