import { describe, expect, it } from 'vitest';
import { validateWorkflowGraph } from '../../../src/core/workflow/validateGraph.js';
import { audioWorkflow, edge, node, workflow } from './fixtures.js';

const summary = (errors: ReturnType<typeof validateWorkflowGraph>): string[] =>
  errors.map((e) => `${e.code} ${e.path.join('.')} ${e.nodeId ?? ''}${e.port ? `:${e.port}` : ''}`.trim());

describe('validateWorkflowGraph', () => {
  it('accepts a well-formed audio workflow', () => {
    expect(validateWorkflowGraph(audioWorkflow())).toEqual([]);
  });

  it('reports an unknown type, a dangling edge, a cycle and a missing input all at once', () => {
    const doc = workflow(
      [
        node('mystery', 'quantum-oracle'),
        node('p1', 'pytorch-inference', { model_path: '/m' }),
        node('p2', 'pytorch-inference', { model_path: '/m' }),
        node('audio', 'audio-generation', { model_path: '/m', prompt: 'hi' }),
      ],
      [edge('p1', 'response', 'p2', 'prompt'), edge('p2', 'response', 'p1', 'prompt'), edge('ghost', 'text', 'audio', 'prompt')],
    );
    expect(summary(validateWorkflowGraph(doc))).toEqual([
      'unknown_node_type graph.nodes.0.node_type mystery',
      'dangling_edge graph.edges.2.source ghost',
      'cycle_detected graph.nodes.1 p1',
      'missing_required_input graph.nodes.1 p1:environment_ref',
      'missing_required_input graph.nodes.2 p2:environment_ref',
      'missing_required_input graph.nodes.3 audio:environment_ref',
    ]);
    const cycle = validateWorkflowGraph(doc).find((e) => e.code === 'cycle_detected');
    expect(cycle?.message).toContain('p1 → p2 → p1');
  });

  it('reports unknown ports, incompatible port types and two edges into one input', () => {
    const doc = audioWorkflow();
    doc.graph.nodes.push(node('text2', 'text-input', { text: 'x' }));
    doc.graph.edges.push(
      edge('lib', 'no_such_output', 'env', 'selected_binding_ids', 'bad-out'),
      edge('lib', 'model_id', 'env', 'no_such_input', 'bad-in'),
      edge('audio', 'audio', 'env', 'selected_binding_ids', 'audio-to-json'),
      edge('text2', 'text', 'audio', 'prompt', 'second-prompt'),
    );
    expect(summary(validateWorkflowGraph(doc))).toEqual([
      'unknown_port graph.edges.4.source_handle lib:no_such_output',
      'unknown_port graph.edges.5.target_handle env:no_such_input',
      'invalid_workflow graph.edges.6.target_handle env:selected_binding_ids',
      'incompatible_ports graph.edges.6 env:selected_binding_ids',
      'invalid_workflow graph.edges.7.target_handle audio:prompt',
      'cycle_detected graph.nodes.1 env',
    ]);
  });

  it('reports a self-loop as a cycle', () => {
    const doc = workflow([node('p', 'pytorch-inference', { model_path: '/m' })], [edge('p', 'response', 'p', 'prompt')]);
    expect(validateWorkflowGraph(doc).map((e) => e.code)).toContain('cycle_detected');
  });

  it('lets typed-in values satisfy scalar inputs but never json inputs, and checks their types', () => {
    const ok = workflow([node('a', 'audio-generation', { model_path: '/m', prompt: 'p', environment_ref: { state: 'ready' } })]);
    expect(summary(validateWorkflowGraph(ok))).toEqual(['missing_required_input graph.nodes.0 a:environment_ref']);
    const empty = workflow([node('a', 'audio-generation', { model_path: '', seed: 'seven' })]);
    expect(summary(validateWorkflowGraph(empty))).toEqual([
      'missing_required_input graph.nodes.0 a:model_path',
      'missing_required_input graph.nodes.0 a:prompt',
      'invalid_workflow graph.nodes.0.data.seed a:seed',
      'missing_required_input graph.nodes.0 a:environment_ref',
    ]);
    const badMode = workflow([node('e', 'dependency-environment', { mode: 'sometimes' })]);
    expect(summary(validateWorkflowGraph(badMode))).toContain('invalid_workflow graph.nodes.0.data.mode e:mode');
  });

  it('reports duplicate node and edge ids', () => {
    const doc = audioWorkflow();
    doc.graph.nodes.push(node('lib', 'text-input'));
    doc.graph.edges.push({ ...(doc.graph.edges[0] as (typeof doc.graph.edges)[number]) });
    const codes = validateWorkflowGraph(doc).map((e) => e.code);
    expect(codes).toContain('duplicate_node_id');
    expect(codes).toContain('duplicate_edge_id');
  });
});
