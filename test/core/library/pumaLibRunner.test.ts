import { describe, expect, it } from 'vitest';
import { PantographError } from '../../../src/core/errors/structuredError.js';
import { bundledModelLibraryDir } from '../../../src/core/library/extensionRoot.js';
import { loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { createPumaLibRunner } from '../../../src/core/library/pumaLibRunner.js';
import type { WorkflowNode } from '../../../src/core/workflow/workflowSchema.js';

const node = (data: Record<string, unknown>): WorkflowNode => ({
  id: 'model',
  node_type: 'puma-lib',
  position: { x: 0, y: 0 },
  data,
});
const ctx = (data: Record<string, unknown>) => ({
  node: node(data),
  inputs: {},
  signal: new AbortController().signal,
  emitProgress: () => {},
  emitPartialOutputs: () => {},
  context: undefined,
});

async function runner() {
  const library = await loadModelLibrary(bundledModelLibraryDir());
  if (!library.ok) throw new Error('library');
  return createPumaLibRunner({ library: async () => library.value, platformKey: 'macos-aarch64' });
}

describe('createPumaLibRunner', () => {
  it('emits the chosen model folder, settings and resolved requirements', async () => {
    const outputs = await (await runner())(ctx({ model_id: 'demo-synth' }));
    expect(outputs.model_path).toBe(`${bundledModelLibraryDir()}/demo-synth`);
    expect(outputs.backend_key).toBe('demo');
    expect(outputs.selected_binding_ids).toEqual(['demo-synth-core']);
    expect(outputs.inference_settings).toMatchObject({ backend: 'demo' });
    expect(outputs.dependency_requirements).toMatchObject({
      model_id: 'demo-synth',
      platform_key: 'macos-aarch64',
      validation_state: 'resolved',
    });
  });

  it('fails with model_not_found on the node for an unknown model', async () => {
    const run = await runner();
    const error = await run(ctx({ model_id: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PantographError);
    expect((error as PantographError).code).toBe('model_not_found');
    expect((error as PantographError).errors[0]?.path).toEqual(['model', 'model_id']);
  });

  it('asks for a model when none is chosen', async () => {
    const error = await (await runner())(ctx({ model_id: '' })).catch((e: unknown) => e);
    expect((error as PantographError).code).toBe('missing_required_input');
  });
});
