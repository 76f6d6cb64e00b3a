import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnsureRequest, dependencyEnvironmentNodeIds, inputValue } from '../../src/extension/ensureRequest.js';
import type { UpstreamContext } from '../../src/extension/ensureRequest.js';
import { loadModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import { parseWorkflowText } from '../../src/core/workflow/parseWorkflow.js';
import { applyWorkflowEdits } from '../../src/core/workflow/applyEdits.js';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';

const parsed = parseWorkflowText(readFileSync(new URL('../../examples/demo.pantograph', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('demo workflow does not parse');
const demo: WorkflowDocument = parsed.value;
let context: UpstreamContext;

beforeAll(async () => {
  const library = await loadModelLibrary(fileURLToPath(new URL('../../examples/model-library', import.meta.url)));
  if (!library.ok) throw new Error('library does not load');
  context = { library: library.value, platformKey: 'linux-x86_64' };
});

function edited(edits: Parameters<typeof applyWorkflowEdits>[1]): WorkflowDocument {
  const result = applyWorkflowEdits(demo, edits);
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.value;
}

describe('buildEnsureRequest', () => {
  it('finds the dependency-environment nodes of the demo', () => {
    expect(dependencyEnvironmentNodeIds(demo)).toEqual(['environment']);
  });

  it('resolves the upstream Puma-Lib model into the requirements payload and its bindings', () => {
    const result = buildEnsureRequest(demo, 'environment', context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.mode).toBe('auto');
    expect(result.value.request.selectedBindingIds).toEqual(['demo-synth-core']);
    expect(result.value.request.overrides).toEqual([]);
    const payload = result.value.request.requirements as { bindings: { binding_id: string; requirements: { name: string; exact_pin: string }[] }[] };
    expect(payload.bindings[0]?.binding_id).toBe('demo-synth-core');
    expect(payload.bindings[0]?.requirements[0]).toMatchObject({ name: 'pantograph-demo-synth', exact_pin: '==0.1.0' });
  });

  it('passes the node mode and override patches through', () => {
    const patch = { contract_version: 1 as const, binding_id: 'demo-synth-core', scope: 'binding' as const, fields: { index_url: 'https://example.org/simple' }, source: 'user' as const, updated_at: '2025-01-01T00:00:00Z' };
    const doc = edited([{ kind: 'set_mode', node_id: 'environment', mode: 'manual' }, { kind: 'set_override_patch', node_id: 'environment', patch }]);
    const result = buildEnsureRequest(doc, 'environment', context);
    expect(result.ok && result.value.mode).toBe('manual');
    expect(result.ok && result.value.request.overrides).toEqual([patch]);
  });

  it('reports an unknown model with model_not_found', () => {
    const doc = edited([{ kind: 'set_node_data', node_id: 'model', path: ['model_id'], value: 'nope' }]);
    const result = buildEnsureRequest(doc, 'environment', context);
    expect(!result.ok && result.errors[0]?.code).toBe('model_not_found');
  });

  it('asks for a connection when no requirements reach the node', () => {
    const doc = edited([{ kind: 'disconnect', edge_id: 'model-requirements' }]);
    const result = buildEnsureRequest(doc, 'environment', context);
    expect(!result.ok && result.errors[0]?.code).toBe('missing_required_input');
  });

  it('refuses nodes that are not dependency-environment nodes', () => {
    const result = buildEnsureRequest(demo, 'audio', context);
    expect(!result.ok && result.errors[0]?.code).toBe('unknown_node_type');
  });

  it('reads text typed into an upstream Text Input node', () => {
    const audio = demo.graph.nodes.find((n) => n.id === 'audio');
    expect(audio && inputValue(demo, audio, 'prompt', context)).toEqual({ ok: true, value: 'a slow bell over warm rain' });
    expect(audio && inputValue(demo, audio, 'seed', context)).toEqual({ ok: true, value: 42 });
  });
});
