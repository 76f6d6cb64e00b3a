import { describe, expect, it } from 'vitest';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import type { WorkflowEdit } from '../../../src/core/workflow/workflowEdits.js';
import { WorkflowEditListSchema } from '../../../src/core/workflow/workflowEdits.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import { validateWorkflowGraph } from '../../../src/core/workflow/validateGraph.js';
import { audioWorkflow, workflow } from './fixtures.js';

function applied(doc: WorkflowDocument, edits: WorkflowEdit[]): WorkflowDocument {
  const result = applyWorkflowEdits(doc, edits);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function rejected(doc: WorkflowDocument, edits: unknown[]): { message: string; path: string }[] {
  const before = JSON.stringify(doc);
  const result = applyWorkflowEdits(doc, edits as WorkflowEdit[]);
  expect(JSON.stringify(doc)).toBe(before);
  if (result.ok) throw new Error('expected a rejection');
  for (const error of result.errors) expect(error.code).toBe('invalid_edit');
  return result.errors.map((e) => ({ message: e.message, path: e.path.join('.') }));
}

const patch = (binding_id: string, requirement_name: string | null, index_url: string) => ({
  contract_version: 1 as const,
  binding_id,
  scope: requirement_name ? ('requirement' as const) : ('binding' as const),
  requirement_name,
  fields: { index_url },
  source: 'user' as const,
  updated_at: '2025-01-01T00:00:00Z',
});

const envData = (doc: WorkflowDocument): Record<string, unknown> => doc.graph.nodes.find((n) => n.id === 'env')?.data ?? {};

describe('applyWorkflowEdits', () => {
  it('adds a node with its type default data merged under the given data, without mutating the input', () => {
    const doc = audioWorkflow();
    const before = structuredClone(doc);
    const next = applied(doc, [
      {
        kind: 'add_node',
        node: { id: 'p', node_type: 'pytorch-inference', position: { x: 1, y: 2 }, data: { model_path: '/m' } },
      },
    ]);
    expect(next.graph.nodes.at(-1)).toEqual({
      id: 'p',
      node_type: 'pytorch-inference',
      position: { x: 1, y: 2 },
      data: { prompt: '', model_path: '/m' },
    });
    expect(doc).toEqual(before);
    expect(next).not.toBe(doc);
  });

  it('removes a node together with every edge touching it', () => {
    const next = applied(audioWorkflow(), [{ kind: 'remove_node', node_id: 'lib' }]);
    expect(next.graph.nodes.map((n) => n.id)).toEqual(['env', 'prompt', 'audio']);
    expect(next.graph.edges.map((e) => e.id)).toEqual(['env-audio-environment_ref', 'prompt-audio-prompt']);
  });

  it('moves a node', () => {
    const next = applied(audioWorkflow(), [{ kind: 'move_node', node_id: 'env', position: { x: -4, y: 9.5 } }]);
    expect(next.graph.nodes[1]?.position).toEqual({ x: -4, y: 9.5 });
  });

  it('sets, creates and removes node data at a path', () => {
    const doc = audioWorkflow();
    const next = applied(doc, [
      { kind: 'set_node_data', node_id: 'audio', path: ['seed'], value: 99 },
      { kind: 'set_node_data', node_id: 'audio', path: ['advanced', 'scheduler'], value: 'dpm' },
      { kind: 'set_node_data', node_id: 'audio', path: ['tags'], value: ['a', 'b'] },
      { kind: 'set_node_data', node_id: 'audio', path: ['tags', 2], value: 'c' },
      { kind: 'set_node_data', node_id: 'audio', path: ['tags', 0] },
      { kind: 'set_node_data', node_id: 'audio', path: ['duration'] },
    ]);
    expect(next.graph.nodes[3]?.data).toEqual({ seed: 99, advanced: { scheduler: 'dpm' }, tags: ['b', 'c'] });
  });

  it('connects ports with a deterministic edge id and disconnects by id', () => {
    const base = applied(audioWorkflow(), [
      { kind: 'add_node', node: { id: 'p', node_type: 'pytorch-inference', position: { x: 0, y: 0 } } },
    ]);
    const next = applied(base, [
      { kind: 'connect', edge: { source: 'lib', source_handle: 'model_path', target: 'p', target_handle: 'model_path' } },
      {
        kind: 'connect',
        edge: { id: 'mine', source: 'env', source_handle: 'environment_ref', target: 'p', target_handle: 'environment_ref' },
      },
      { kind: 'disconnect', edge_id: 'prompt-audio-prompt' },
    ]);
    expect(next.graph.edges.slice(-2)).toEqual([
      {
        id: 'lib.model_path->p.model_path',
        source: 'lib',
        source_handle: 'model_path',
        target: 'p',
        target_handle: 'model_path',
      },
      { id: 'mine', source: 'env', source_handle: 'environment_ref', target: 'p', target_handle: 'environment_ref' },
    ]);
    expect(next.graph.edges.some((e) => e.id === 'prompt-audio-prompt')).toBe(false);
  });

  it('rejects invalid connections with a reason each', () => {
    const doc = audioWorkflow();
    const errors = rejected(doc, [
      { kind: 'connect', edge: { source: 'nobody', source_handle: 'text', target: 'audio', target_handle: 'prompt' } },
      { kind: 'connect', edge: { source: 'lib', source_handle: 'nope', target: 'env', target_handle: 'selected_binding_ids' } },
      {
        kind: 'connect',
        edge: { source: 'audio', source_handle: 'audio', target: 'env', target_handle: 'selected_binding_ids' },
      },
      { kind: 'connect', edge: { source: 'lib', source_handle: 'model_id', target: 'audio', target_handle: 'prompt' } },
      { kind: 'connect', edge: { source: 'env', source_handle: 'status', target: 'env', target_handle: 'selected_binding_ids' } },
      {
        kind: 'connect',
        edge: {
          id: 'lib-env-dependency_requirements',
          source: 'lib',
          source_handle: 'selected_binding_ids',
          target: 'env',
          target_handle: 'selected_binding_ids',
        },
      },
    ]);
    expect(errors.map((e) => e.path)).toEqual([
      'edits.0.edge.source',
      'edits.1.edge.source_handle',
      'edits.2',
      'edits.3.edge.target_handle',
      'edits.4',
      'edits.5.edge.id',
    ]);
    expect(errors[0]?.message).toContain('edge to missing node');
    expect(errors[2]?.message).toContain('incompatible ports');
    expect(errors[3]?.message).toContain('already connected');
    expect(errors[4]?.message).toContain('cycle');
    expect(errors[5]?.message).toContain('duplicate edge id');
  });

  it('upserts override patches by binding, scope and normalized requirement name, and removes them', () => {
    const next = applied(audioWorkflow(), [
      { kind: 'set_override_patch', node_id: 'env', patch: patch('b1', null, 'https://a.example/simple') },
      { kind: 'set_override_patch', node_id: 'env', patch: patch('b1', 'Torch_Audio', 'https://b.example/simple') },
      { kind: 'set_override_patch', node_id: 'env', patch: patch('b1', 'torch-audio', 'https://c.example/simple') },
      { kind: 'set_override_patch', node_id: 'env', patch: patch('b1', null, 'https://d.example/simple') },
    ]);
    const patches = envData(next).override_patches as { requirement_name: string | null; fields: { index_url: string } }[];
    expect(patches.map((p) => [p.requirement_name, p.fields.index_url])).toEqual([
      [null, 'https://d.example/simple'],
      ['torch-audio', 'https://c.example/simple'],
    ]);
    const removed = applied(next, [
      { kind: 'remove_override_patch', node_id: 'env', binding_id: 'b1', scope: 'requirement', requirement_name: 'TORCH.audio' },
    ]);
    expect((envData(removed).override_patches as unknown[]).length).toBe(1);
  });

  it('rejects override patches on other node types, malformed patches and removal of an absent patch', () => {
    const errors = rejected(audioWorkflow(), [
      { kind: 'set_override_patch', node_id: 'audio', patch: patch('b1', null, 'https://a.example') },
      { kind: 'set_override_patch', node_id: 'env', patch: { ...patch('b1', null, 'x'), contract_version: 2 } },
      { kind: 'remove_override_patch', node_id: 'env', binding_id: 'b9', scope: 'binding' },
    ]);
    expect(errors[0]?.message).toContain('not a dependency-environment node');
    expect(errors[1]?.path).toBe('edits.1.patch.contract_version');
    expect(errors[2]?.message).toContain('no override patch');
  });

  it('sets the mode of a dependency-environment node only', () => {
    expect(envData(applied(audioWorkflow(), [{ kind: 'set_mode', node_id: 'env', mode: 'manual' }])).mode).toBe('manual');
    expect(rejected(audioWorkflow(), [{ kind: 'set_mode', node_id: 'env', mode: 'sometimes' }])[0]?.path).toBe('edits.0.mode');
    expect(rejected(audioWorkflow(), [{ kind: 'set_mode', node_id: 'lib', mode: 'auto' }])[0]?.message).toContain(
      'not a dependency-environment node',
    );
  });

  it('sets and removes metadata fields and the viewport', () => {
    const next = applied(audioWorkflow(), [
      { kind: 'set_metadata', metadata: { name: 'Renamed', description: 'about', modified: '2026-01-01T00:00:00Z' } },
      { kind: 'set_viewport', viewport: { x: 5, y: 6, zoom: 0.5 } },
    ]);
    expect(next.metadata).toEqual({
      name: 'Renamed',
      description: 'about',
      created: '2025-01-02T03:04:05Z',
      modified: '2026-01-01T00:00:00Z',
    });
    expect(next.viewport).toEqual({ x: 5, y: 6, zoom: 0.5 });
    const cleared = applied(next, [
      { kind: 'set_metadata', metadata: { description: null } },
      { kind: 'set_viewport', viewport: null },
    ]);
    expect(cleared.metadata).not.toHaveProperty('description');
    expect(cleared).not.toHaveProperty('viewport');
    expect(rejected(next, [{ kind: 'set_metadata', metadata: { name: null } }])[0]?.path).toMatch(/^edits\.0\.metadata/);
  });

  it('is all-or-nothing: one invalid edit among valid ones rejects the batch and reports every invalid edit by index', () => {
    const doc = audioWorkflow();
    const errors = rejected(doc, [
      { kind: 'move_node', node_id: 'env', position: { x: 1, y: 1 } },
      { kind: 'add_node', node: { id: 'lib', node_type: 'text-input', position: { x: 0, y: 0 } } },
      { kind: 'remove_node', node_id: 'ghost' },
      { kind: 'add_node', node: { id: 'q', node_type: 'quantum-oracle', position: { x: 0, y: 0 } } },
      { kind: 'explode' },
      { kind: 'disconnect', edge_id: 'nope' },
    ]);
    expect(errors.map((e) => e.path.split('.').slice(0, 2).join('.'))).toEqual([
      'edits.1',
      'edits.2',
      'edits.3',
      'edits.4',
      'edits.5',
    ]);
    expect(errors[0]?.message).toMatch(/^edit #1 \(add_node\): duplicate node id "lib"/);
    expect(errors[1]?.message).toContain('unknown node "ghost"');
    expect(errors[2]?.message).toContain('unknown node type');
  });

  it('refuses prototype keys and non-JSON values without polluting anything', () => {
    const doc = audioWorkflow();
    const evil = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const errors = rejected(doc, [
      { kind: 'set_node_data', node_id: 'audio', path: ['__proto__', 'polluted'], value: true },
      { kind: 'set_node_data', node_id: 'audio', path: ['settings'], value: evil },
      { kind: 'set_node_data', node_id: 'audio', path: ['seed'], value: Number.NaN },
      { kind: 'set_node_data', node_id: 'audio', path: ['fn'], value: () => 1 },
    ]);
    expect(errors).toHaveLength(4);
    expect(errors[0]?.message).toContain('"__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a graph valid when built up by edits from an empty workflow', () => {
    const next = applied(workflow([]), [
      { kind: 'add_node', node: { id: 't', node_type: 'text-input', position: { x: 0, y: 0 }, data: { text: 'hello' } } },
      { kind: 'add_node', node: { id: 'lib', node_type: 'puma-lib', position: { x: 0, y: 100 } } },
      { kind: 'add_node', node: { id: 'env', node_type: 'dependency-environment', position: { x: 200, y: 100 } } },
      { kind: 'add_node', node: { id: 'p', node_type: 'pytorch-inference', position: { x: 400, y: 0 } } },
      { kind: 'connect', edge: { source: 't', source_handle: 'text', target: 'p', target_handle: 'prompt' } },
      { kind: 'connect', edge: { source: 'lib', source_handle: 'model_path', target: 'p', target_handle: 'model_path' } },
      {
        kind: 'connect',
        edge: {
          source: 'lib',
          source_handle: 'dependency_requirements',
          target: 'env',
          target_handle: 'dependency_requirements',
        },
      },
      {
        kind: 'connect',
        edge: { source: 'env', source_handle: 'environment_ref', target: 'p', target_handle: 'environment_ref' },
      },
    ]);
    expect(validateWorkflowGraph(next)).toEqual([]);
  });

  it('accepts edits that went through JSON, as the webview sends them', () => {
    const edits: WorkflowEdit[] = [
      { kind: 'set_node_data', node_id: 'audio', path: ['seed'] },
      { kind: 'set_viewport', viewport: null },
    ];
    const wire = WorkflowEditListSchema.parse(JSON.parse(JSON.stringify(edits)));
    expect(applied(audioWorkflow(), wire).graph.nodes[3]?.data).toEqual({ duration: 5 });
  });
});
