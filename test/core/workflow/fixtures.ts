/** Shared sample workflows for the workflow tests. */
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '../../../src/core/workflow/workflowSchema.js';

export const NOW = '2025-01-02T03:04:05Z';

/** A node with the given type and data at a position derived from its id. */
export function node(id: string, node_type: string, data: Record<string, unknown> = {}): WorkflowNode {
  return { id, node_type, position: { x: id.length * 10, y: 5 }, data };
}

/** An edge whose id names its ends. */
export function edge(
  source: string,
  source_handle: string,
  target: string,
  target_handle: string,
  id = `${source}-${target}-${target_handle}`,
): WorkflowEdge {
  return { id, source, source_handle, target, target_handle };
}

/** A document around the given nodes and edges. */
export function workflow(nodes: WorkflowNode[], edges: WorkflowEdge[] = []): WorkflowDocument {
  return { version: 1, metadata: { name: 'Sample', created: NOW, modified: NOW }, graph: { nodes, edges } };
}

/**
 * puma-lib → dependency-environment → audio-generation, with the prompt from a text-input node.
 * Valid according to validateWorkflowGraph.
 */
export function audioWorkflow(): WorkflowDocument {
  return {
    ...workflow(
      [
        node('lib', 'puma-lib', { model_id: 'stable-audio-open' }),
        node('env', 'dependency-environment', { mode: 'auto', override_patches: [] }),
        node('prompt', 'text-input', { text: 'rain on a tin roof' }),
        node('audio', 'audio-generation', { duration: 5, seed: 7 }),
      ],
      [
        edge('lib', 'dependency_requirements', 'env', 'dependency_requirements'),
        edge('lib', 'model_path', 'audio', 'model_path'),
        edge('env', 'environment_ref', 'audio', 'environment_ref'),
        edge('prompt', 'text', 'audio', 'prompt'),
      ],
    ),
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}
