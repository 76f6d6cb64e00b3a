import { describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import { audioWorkflow } from './fixtures.js';

/** Lines that differ between two texts of the same line count. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return b.filter((line, i) => line !== a[i]);
}

function reparse(text: string): WorkflowDocument {
  const result = parseWorkflowText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('serializeWorkflow', () => {
  it('writes keys in the stable order with 2-space indent and a trailing newline', () => {
    const text = serializeWorkflow(audioWorkflow());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  "version": 1,', '  "metadata": {']);
    const topKeys = Object.keys(JSON.parse(text) as object);
    expect(topKeys).toEqual(['version', 'metadata', 'graph', 'viewport']);
    const firstNode = (JSON.parse(text) as WorkflowDocument).graph.nodes[0];
    expect(Object.keys(firstNode ?? {})).toEqual(['id', 'node_type', 'position', 'data']);
  });

  it('does not depend on the key order of the input', () => {
    const doc = audioWorkflow();
    const shuffled = {
      viewport: { zoom: 1, y: 0, x: 0 },
      graph: {
        edges: doc.graph.edges.map((e) => ({
          target_handle: e.target_handle,
          target: e.target,
          id: e.id,
          source_handle: e.source_handle,
          source: e.source,
        })),
        nodes: doc.graph.nodes.map((n) => ({
          data: Object.fromEntries(Object.entries(n.data).reverse()),
          position: { y: n.position.y, x: n.position.x },
          node_type: n.node_type,
          id: n.id,
        })),
      },
      metadata: { modified: doc.metadata.modified, created: doc.metadata.created, name: doc.metadata.name },
      version: 1,
    } as WorkflowDocument;
    expect(serializeWorkflow(shuffled)).toBe(serializeWorkflow(doc));
  });

  it('sorts data keys recursively, puts unknown fields after known ones, and omits an absent viewport', () => {
    const doc: WorkflowDocument = { ...audioWorkflow(), zeta: 1, alpha: { b: 2, a: 1 } };
    delete doc.viewport;
    doc.metadata = { ...doc.metadata, author: 'ada', description: 'demo' };
    const first = doc.graph.nodes[0];
    if (first) first.data = { z: { d: 1, c: [{ f: 1, e: 2 }] }, a: 1 };
    const text = serializeWorkflow(doc);
    const parsed = JSON.parse(text) as Record<string, unknown> & WorkflowDocument;
    expect(Object.keys(parsed)).toEqual(['version', 'metadata', 'graph', 'alpha', 'zeta']);
    expect(Object.keys(parsed.metadata)).toEqual(['name', 'description', 'created', 'modified', 'author']);
    expect(text).toContain('"alpha": {\n    "a": 1,\n    "b": 2\n  }');
    expect(JSON.stringify(parsed.graph.nodes[0]?.data)).toBe('{"a":1,"z":{"c":[{"e":2,"f":1}],"d":1}}');
  });

  it('changes exactly one line when one field changes', () => {
    const before = audioWorkflow();
    const cases: ((doc: WorkflowDocument) => void)[] = [
      (doc) => void ((doc.graph.nodes[3] as WorkflowDocument['graph']['nodes'][number]).data.seed = 8),
      (doc) => void ((doc.graph.nodes[1] as WorkflowDocument['graph']['nodes'][number]).position.x = 123.5),
      (doc) => void (doc.metadata.modified = '2026-01-01T00:00:00Z'),
      (doc) => void ((doc.graph.edges[2] as WorkflowDocument['graph']['edges'][number]).target_handle = 'model_path'),
      (doc) => void ((doc.viewport as NonNullable<WorkflowDocument['viewport']>).zoom = 2),
    ];
    for (const change of cases) {
      const after = structuredClone(before);
      change(after);
      expect(changedLines(serializeWorkflow(before), serializeWorkflow(after))).toHaveLength(1);
    }
  });

  it('round-trips: parse(serialize(doc)) equals doc and serialize(parse(text)) is idempotent', () => {
    const doc: WorkflowDocument = { ...audioWorkflow(), extra: { nested: [1, 'two', null] } };
    const text = serializeWorkflow(doc);
    expect(reparse(text)).toEqual(doc);
    const messy = JSON.stringify(JSON.parse(text));
    const once = serializeWorkflow(reparse(messy));
    expect(once).toBe(text);
    expect(serializeWorkflow(reparse(once))).toBe(once);
  });
});
