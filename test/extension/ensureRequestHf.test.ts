/**
 * The extension's ensure path evaluates a Puma-Lib node on a Hugging Face folder model like the
 * runner does: the machine's torch build, or the node's `torch_build`; an unusable model's error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/errors/structuredError.js';
import { NO_GPU } from '../../src/core/library/gpuProbe.js';
import { loadModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { WorkflowNode } from '../../src/core/workflow/workflowSchema.js';
import { pumaLibOutputsFor } from '../../src/extension/ensureRequest.js';
import type { UpstreamContext } from '../../src/extension/ensureRequest.js';
import { BERT_CONFIG, GPT2_CONFIG, modelFiles, writeModelFolder } from '../support/hfFixtures.js';

const node = (data: Record<string, unknown>): WorkflowNode => ({ id: 'model', node_type: 'puma-lib', position: { x: 0, y: 0 }, data });

describe('pumaLibOutputsFor on Hugging Face folders', () => {
  let root: string;
  let context: UpstreamContext;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph ensure hf '));
    await writeModelFolder(join(root, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeModelFolder(join(root, 'bert'), modelFiles(BERT_CONFIG));
    context = { library: unwrap(await loadModelLibrary(root, { gpu: NO_GPU, platformKey: 'linux-x86_64' })), platformKey: 'linux-x86_64' };
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const torchPin = (data: Record<string, unknown>) => unwrap(pumaLibOutputsFor(node(data), context)).dependency_requirements.bindings[0]?.requirements.find((r) => r.name === 'torch')?.exact_pin;

  it('follows the machine, or the node\'s torch_build', () => {
    expect(torchPin({ model_id: 'tiny-gpt2' })).toBe('==2.13.0+cpu');
    expect(torchPin({ model_id: 'tiny-gpt2', torch_build: 'cu126' })).toBe('==2.13.0+cu126');
    const bad = pumaLibOutputsFor(node({ model_id: 'tiny-gpt2', torch_build: 'xpu' }), context);
    expect(bad.ok ? null : bad.errors[0]).toMatchObject({ code: 'invalid_payload', path: ['graph', 'nodes', 'model', 'torch_build'] });
  });

  it('gives an unusable model\'s own error', () => {
    const bert = pumaLibOutputsFor(node({ model_id: 'bert' }), context);
    expect(bert.ok ? null : bert.errors[0]?.code).toBe('model_unsupported_architecture');
  });
});
