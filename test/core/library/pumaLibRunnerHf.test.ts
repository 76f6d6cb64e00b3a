/**
 * The Puma-Lib runner — the one road by which the CLI and the extension's Ensure / Run evaluate a
 * model — on Hugging Face folder models: the machine's torch build, or the node's `torch_build`;
 * an unusable model's own error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PantographError, unwrap } from '../../../src/core/errors/structuredError.js';
import { NO_GPU } from '../../../src/core/library/gpuProbe.js';
import { loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import type { ModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { createPumaLibRunner } from '../../../src/core/library/pumaLibRunner.js';
import type { NodeRunContext } from '../../../src/core/workflow/executorTypes.js';
import { BERT_CONFIG, GPT2_CONFIG, modelFiles, writeModelFolder } from '../../support/hfFixtures.js';

const PLATFORM = 'linux-x86_64';

function ctx(data: Record<string, unknown>): NodeRunContext {
  return {
    node: { id: 'model', node_type: 'puma-lib', position: { x: 0, y: 0 }, data },
    inputs: {},
    signal: new AbortController().signal,
    emitProgress: () => {},
    emitPartialOutputs: () => {},
    context: undefined,
  };
}

describe('the Puma-Lib runner on Hugging Face folders', () => {
  let root: string;
  let library: ModelLibrary;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph runner hf '));
    await writeModelFolder(join(root, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeModelFolder(join(root, 'bert'), modelFiles(BERT_CONFIG));
    library = unwrap(await loadModelLibrary(root, { gpu: NO_GPU, platformKey: PLATFORM }));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const run = (data: Record<string, unknown>) => createPumaLibRunner({ library, platformKey: PLATFORM })(ctx(data));
  const torchPin = async (data: Record<string, unknown>): Promise<string | undefined> => {
    const outputs = (await run(data)) as {
      dependency_requirements: { bindings: { requirements: { name: string; exact_pin: string }[] }[] };
    };
    return outputs.dependency_requirements.bindings[0]?.requirements.find((r) => r.name === 'torch')?.exact_pin;
  };
  const errorOf = async (data: Record<string, unknown>) =>
    run(data).then(
      () => null,
      (e: unknown) => (e instanceof PantographError ? e.errors[0] : e),
    );

  it("follows the machine, or the node's torch_build", async () => {
    expect(await torchPin({ model_id: 'tiny-gpt2' })).toBe('==2.13.0+cpu');
    expect(await torchPin({ model_id: 'tiny-gpt2', torch_build: 'cu126' })).toBe('==2.13.0+cu126');
    expect(await errorOf({ model_id: 'tiny-gpt2', torch_build: 'xpu' })).toMatchObject({
      code: 'invalid_payload',
      path: ['model', 'torch_build'],
    });
  });

  it("gives an unusable model's own error", async () => {
    expect(await errorOf({ model_id: 'bert' })).toMatchObject({ code: 'model_unsupported_architecture' });
  });
});
