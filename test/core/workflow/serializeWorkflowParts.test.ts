import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import { parseSerializedWorkflowParts } from '../../../src/core/workflow/parseSerializedWorkflow.js';
import {
  serializeWorkflow,
  serializeWorkflowParts,
  splitSerializedWorkflow,
} from '../../../src/core/workflow/serializeWorkflow.js';
import type { SerializedItemCache } from '../../../src/core/workflow/serializeWorkflow.js';
import type { WorkflowEdit } from '../../../src/core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import { editArb } from '../../support/workflowEditArbitrary.js';
import { audioWorkflow, workflow } from './fixtures.js';

/** Every part starts at a line start and ends with a line break. */
function wholeLines(parts: readonly string[]): boolean {
  return parts.every((part) => part.length > 0 && part.endsWith('\n'));
}

describe('serializeWorkflowParts', () => {
  it('is serializeWorkflow in whole-line parts, one per node and edge', () => {
    const doc = audioWorkflow();
    const parts = serializeWorkflowParts(doc);
    expect(parts.join('')).toBe(serializeWorkflow(doc));
    expect(wholeLines(parts)).toBe(true);
    // The frame up to the node list, 4 nodes, the frame between the lists, 4 edges, the rest.
    expect(parts).toHaveLength(1 + doc.graph.nodes.length + 1 + doc.graph.edges.length + 1);
    expect(parts[1]).toMatch(/^ {6}\{\n {8}"id": "lib",\n[^]*\n {6}\},\n$/);
  });

  it('writes empty lists, an absent viewport and extra top-level fields as serializeWorkflow does', () => {
    const empty = workflow([]);
    expect(serializeWorkflowParts(empty)).toEqual([serializeWorkflow(empty)]);
    const extras = { ...workflow([], audioWorkflow().graph.edges), zeta: { b: [1, { d: 2, c: 3 }] }, 10: 'ten' };
    expect(serializeWorkflowParts(extras as WorkflowDocument).join('')).toBe(serializeWorkflow(extras as WorkflowDocument));
    const nodesOnly = workflow(audioWorkflow().graph.nodes);
    expect(serializeWorkflowParts(nodesOnly).join('')).toBe(serializeWorkflow(nodesOnly));
  });

  it('equals serializeWorkflow after any chain of edits, with one item cache shared by the whole chain (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(editArb, { minLength: 1, maxLength: 4 }), { maxLength: 12 }), (batches) => {
        const cache: SerializedItemCache = new WeakMap();
        let doc = audioWorkflow();
        for (const batch of batches) {
          const parts = serializeWorkflowParts(doc, cache);
          expect(parts.join('')).toBe(serializeWorkflow(doc));
          expect(wholeLines(parts)).toBe(true);
          const next = applyWorkflowEdits(doc, batch as WorkflowEdit[]);
          if (next.ok) doc = next.value;
        }
        expect(serializeWorkflowParts(doc, cache).join('')).toBe(serializeWorkflow(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('serializes only the items it has not seen before', () => {
    const cache: SerializedItemCache = new WeakMap();
    const doc = audioWorkflow();
    const before = serializeWorkflowParts(doc, cache);
    const moved = applyWorkflowEdits(doc, [{ kind: 'move_node', node_id: 'env', position: { x: 1, y: 2 } }]);
    if (!moved.ok) throw new Error('move refused');
    const after = serializeWorkflowParts(moved.value, cache);
    // Untouched nodes and edges come back as the very same strings; the moved node is new text.
    expect(after.filter((part, i) => part !== before[i])).toEqual([after[2]]);
    expect(after[2]).toContain('"x": 1,');
  });
});

describe('splitSerializedWorkflow', () => {
  it('cuts canonical text into the parts serializeWorkflowParts gives, and seeds the cache with them (property)', () => {
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 6 }), (edits) => {
        const edited = applyWorkflowEdits(audioWorkflow(), edits as WorkflowEdit[]);
        const doc = edited.ok ? edited.value : audioWorkflow();
        const cache: SerializedItemCache = new WeakMap();
        const parts = splitSerializedWorkflow(doc, serializeWorkflow(doc), cache);
        expect(parts).toEqual(serializeWorkflowParts(doc));
        for (const item of [...doc.graph.nodes, ...doc.graph.edges]) expect(cache.has(item)).toBe(true);
        expect(serializeWorkflowParts(doc, cache)).toEqual(parts);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses text without the canonical layout', () => {
    const doc = audioWorkflow();
    const text = serializeWorkflow(doc);
    expect(splitSerializedWorkflow(doc, `${JSON.stringify(doc, null, 4)}\n`, new WeakMap())).toBeUndefined();
    expect(splitSerializedWorkflow(doc, text.replace('"version": 1', '"version":  1'), new WeakMap())).toBeUndefined();
    expect(splitSerializedWorkflow(doc, `${text}\n`, new WeakMap())).toBeUndefined();
    expect(splitSerializedWorkflow(workflow(doc.graph.nodes.slice(1), doc.graph.edges), text, new WeakMap())).toBeUndefined();
  });

  it('comes with the fast parse of canonical text only', () => {
    const text = serializeWorkflow(audioWorkflow());
    const canonical = parseSerializedWorkflowParts(text, new WeakMap());
    expect(canonical.result.ok).toBe(true);
    expect(canonical.parts?.join('')).toBe(text);
    const reindented = parseSerializedWorkflowParts(`${JSON.stringify(audioWorkflow(), null, 4)}\n`, new WeakMap());
    expect(reindented.result.ok).toBe(true);
    expect(reindented.parts).toBeUndefined();
    expect(parseSerializedWorkflowParts(text).parts).toBeUndefined();
  });
});
