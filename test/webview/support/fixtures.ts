/** Sample documents and environment statuses shared by the webview tests and the benchmark. */
import type { DependencyEnvironmentStatusV1 } from '../../../src/core/contracts/environmentStatus.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';

/** A four-node workflow: text → (unconnected) audio; model → env. */
export function sampleDocument(): WorkflowDocument {
  return {
    version: 1,
    metadata: { name: 'Sample', created: '2025-01-01T00:00:00Z', modified: '2025-01-01T00:00:00Z' },
    graph: {
      nodes: [
        { id: 'model', node_type: 'puma-lib', position: { x: 0, y: 0 }, data: { model_id: 'demo-synth' } },
        {
          id: 'env',
          node_type: 'dependency-environment',
          position: { x: 420, y: 0 },
          data: { mode: 'auto', override_patches: [] },
        },
        {
          id: 'audio',
          node_type: 'audio-generation',
          position: { x: 900, y: 0 },
          data: { prompt: 'rain', duration: 3, steps: 1, guidance_scale: 0, seed: 42 },
        },
        { id: 'text', node_type: 'text-input', position: { x: 0, y: 420 }, data: { text: 'a bell' } },
      ],
      edges: [
        {
          id: 'model-req',
          source: 'model',
          source_handle: 'dependency_requirements',
          target: 'env',
          target_handle: 'dependency_requirements',
        },
      ],
    },
  };
}

/** The two-node workflow of the needs-input e2e journey: a Puma-Lib model feeding an environment. */
export function needsInputDocument(): WorkflowDocument {
  return {
    version: 1,
    metadata: { name: 'needs input', created: '2025-01-01T00:00:00Z', modified: '2025-01-01T00:00:00Z' },
    graph: {
      nodes: [
        { id: 'model', node_type: 'puma-lib', position: { x: 0, y: 0 }, data: { model_id: 'tiny-tts' } },
        {
          id: 'environment',
          node_type: 'dependency-environment',
          position: { x: 360, y: 0 },
          data: { mode: 'auto', override_patches: [] },
        },
      ],
      edges: [
        {
          id: 'req',
          source: 'model',
          source_handle: 'dependency_requirements',
          target: 'environment',
          target_handle: 'dependency_requirements',
        },
        {
          id: 'bind',
          source: 'model',
          source_handle: 'selected_binding_ids',
          target: 'environment',
          target_handle: 'selected_binding_ids',
        },
      ],
    },
  };
}

/** `library/list` entries of the example model library (their long display names included), and the e2e fixture's tiny-tts. */
export const EXAMPLE_LIBRARY = [
  {
    model_id: 'demo-synth',
    display_name: 'Demo Synth (demo stand-in, not a real model)',
    model_type: 'audio',
    backend_key: 'demo',
    platform_key: 'linux-x86_64',
    selected_binding_ids: ['demo-any'],
  },
  {
    model_id: 'tiny-torch',
    display_name: 'Tiny Torch (toy TorchScript classifier, not a trained model)',
    model_type: 'text-classification',
    backend_key: 'pytorch',
    platform_key: 'linux-x86_64',
    selected_binding_ids: ['pytorch-cpu-python'],
  },
  {
    model_id: 'tiny-tts',
    display_name: 'Tiny TTS (e2e fixture)',
    model_type: 'audio',
    backend_key: 'onnx-runtime',
    platform_key: 'linux-x86_64',
    selected_binding_ids: ['tiny-tts-runtime'],
  },
];

/**
 * A generated workflow of `nodeCount` nodes (text-input at even indices, audio-generation at odd
 * ones) laid out in a grid, with up to `edgeCount` valid, acyclic edges: text → prompt, text →
 * model_path, then audio → next audio (duration_seconds → duration).
 */
export function generatedDocument(nodeCount: number, edgeCount: number): WorkflowDocument {
  const doc: WorkflowDocument = {
    version: 1,
    metadata: { name: 'Big', created: '2025-01-01T00:00:00Z', modified: '2025-01-01T00:00:00Z' },
    graph: { nodes: [], edges: [] },
  };
  const cols = Math.ceil(Math.sqrt(nodeCount));
  for (let i = 0; i < nodeCount; i++) {
    const text = i % 2 === 0;
    doc.graph.nodes.push({
      id: `n${i}`,
      node_type: text ? 'text-input' : 'audio-generation',
      position: { x: (i % cols) * 340, y: Math.floor(i / cols) * 420 },
      data: text ? { text: `t${i}` } : { prompt: '', duration: 3, steps: 1, guidance_scale: 0, seed: i },
    });
  }
  const wanted: [string, string, string, string][] = [];
  for (let t = 1; t < nodeCount; t += 2) wanted.push([`n${t - 1}`, 'text', `n${t}`, 'prompt']);
  for (let t = 1; t < nodeCount; t += 2) wanted.push([`n${t - 1}`, 'text', `n${t}`, 'model_path']);
  for (let t = 3; t < nodeCount; t += 2) wanted.push([`n${t - 2}`, 'duration_seconds', `n${t}`, 'duration']);
  for (const [source, source_handle, target, target_handle] of wanted.slice(0, edgeCount)) {
    doc.graph.edges.push({ id: `e${doc.graph.edges.length}`, source, source_handle, target, target_handle });
  }
  return doc;
}

/** A status of the `env` node in `state`, with the given history. */
export function envStatus(
  state: DependencyEnvironmentStatusV1['state'],
  history: DependencyEnvironmentStatusV1['history'],
  extra: Partial<DependencyEnvironmentStatusV1> = {},
): DependencyEnvironmentStatusV1 {
  return {
    contract_version: 1,
    mode: 'auto',
    state,
    checked_at: history.at(-1)?.at ?? '2025-01-01T10:00:00Z',
    history,
    missing_fields: [],
    bindings: [],
    ...extra,
  };
}

/** The missing field the sample asks for: an index URL for torch. */
export const TORCH_INDEX_MISSING = {
  binding_id: 'cpu',
  requirement_name: 'torch',
  field: 'index_url',
  reason: 'torch ==2.5.1 has no package index',
};
