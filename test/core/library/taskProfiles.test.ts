/**
 * Requirements of Hugging Face folder models from task profiles: the shipped defaults, a
 * library's overlay file, the user's override patches on top; torch's build in the pins, the
 * effective view and the environment key; a node asking for another build.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DependencyOverridePatchV1 } from '../../../src/core/contracts/overridePatch.js';
import type { DependencyRequirementsV1 } from '../../../src/core/contracts/requirements.js';
import { computeEnvironmentKey } from '../../../src/core/domain/environmentKey.js';
import { buildEnvironmentKeyInput } from '../../../src/core/domain/environmentKeyInput.js';
import type { EffectiveBinding } from '../../../src/core/domain/types.js';
import { unwrap } from '../../../src/core/errors/structuredError.js';
import { NO_GPU } from '../../../src/core/library/gpuProbe.js';
import { findModel, loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import type { LoadLibraryOptions } from '../../../src/core/library/loadModelLibrary.js';
import { createPumaLibRunner } from '../../../src/core/library/pumaLibRunner.js';
import { buildPumaLibOutputs } from '../../../src/core/library/pumaLibOutputs.js';
import { BUNDLED_TASK_PROFILES } from '../../../src/core/library/taskProfiles.js';
import { applyOverrides } from '../../../src/core/overrides/applyOverrides.js';
import { installPlanFromBindings } from '../../../src/core/provision/installPlan.js';
import { normalizeRequirements } from '../../../src/core/requirements/normalize.js';
import { rowsFromResolved } from '../../../src/webview/environment/effectiveRows.js';
import { HEAVY_STACK_PINS } from '../../support/testIndex.js';
import { GPT2_CONFIG, MUSICGEN_CONFIG, modelFiles, writeModelFolder } from '../../support/hfFixtures.js';

const CUDA_12 = { nvidia_driver: '570.86.10', gpus: ['NVIDIA L4'], source: 'nvidia-smi' };
const PLATFORM = 'linux-x86_64';

function pins(requirements: DependencyRequirementsV1): Record<string, string> {
  return Object.fromEntries((requirements.bindings[0]?.requirements ?? []).map((r) => [r.name, r.exact_pin]));
}

/** The effective bindings the Dependency Environment node would build from these requirements. */
function effective(requirements: DependencyRequirementsV1, patches: DependencyOverridePatchV1[] = []): EffectiveBinding[] {
  const normalized = unwrap(normalizeRequirements(requirements.bindings));
  return applyOverrides(
    requirements.bindings.map((binding) => ({
      binding,
      requirements: normalized.filter((r) => r.binding_id === binding.binding_id),
    })),
    patches,
  );
}

function keyOf(bindings: EffectiveBinding[]): string {
  return computeEnvironmentKey(
    unwrap(
      buildEnvironmentKeyInput(bindings, {
        platform_key: PLATFORM,
        python_version: '3.11.4',
        installer: { name: 'pip', version: '23.2.1' },
        default_index_url: 'https://pypi.org/simple',
      }),
    ),
  ).key;
}

const patch = (
  binding_id: string,
  fields: DependencyOverridePatchV1['fields'],
  requirement_name?: string,
): DependencyOverridePatchV1 => ({
  contract_version: 1,
  binding_id,
  scope: requirement_name ? 'requirement' : 'binding',
  ...(requirement_name ? { requirement_name } : {}),
  fields,
  source: 'user',
  updated_at: '2026-01-01T00:00:00Z',
});

describe('task profiles', () => {
  let lib: string;
  beforeEach(async () => {
    lib = await mkdtemp(join(tmpdir(), 'pantograph profiles '));
    await writeModelFolder(join(lib, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeModelFolder(join(lib, 'tiny-musicgen'), modelFiles(MUSICGEN_CONFIG));
  });
  afterEach(async () => {
    await rm(lib, { recursive: true, force: true });
  });

  async function requirementsOf(modelId: string, options: LoadLibraryOptions = {}): Promise<DependencyRequirementsV1> {
    const library = unwrap(await loadModelLibrary(lib, { gpu: NO_GPU, platformKey: PLATFORM, ...options }));
    return buildPumaLibOutputs(unwrap(findModel(library, modelId)), { platformKey: PLATFORM }).dependency_requirements;
  }

  it('ship the heavy stack the local mirror holds, with the CPU torch build on a machine without a GPU', async () => {
    const text = await requirementsOf('tiny-gpt2');
    expect(text.validation_state).toBe('resolved');
    expect(pins(text)).toEqual({
      torch: `==${HEAVY_STACK_PINS.torch}`,
      transformers: `==${HEAVY_STACK_PINS.transformers}`,
      safetensors: `==${HEAVY_STACK_PINS.safetensors}`,
      tokenizers: `==${HEAVY_STACK_PINS.tokenizers}`,
    });
    const audio = await requirementsOf('tiny-musicgen');
    expect(pins(audio)).toMatchObject({
      numpy: `==${HEAVY_STACK_PINS.numpy}`,
      soundfile: `==${HEAVY_STACK_PINS.soundfile}`,
      torch: `==${HEAVY_STACK_PINS.torch}`,
    });
    const torch = text.bindings[0]?.requirements.find((r) => r.name === 'torch');
    expect(torch).toMatchObject({
      index_url: 'https://download.pytorch.org/whl/cpu',
      torch_build: 'torch build: cpu (no CUDA GPU found)',
    });
    expect(text.bindings[0]?.requirements.find((r) => r.name === 'transformers')?.index_url).toBeNull();
  });

  it('show the torch build in the effective view', async () => {
    const rows = rowsFromResolved(effective(await requirementsOf('tiny-gpt2')));
    expect(rows).toContainEqual({
      binding_id: 'hf-text-generation',
      requirement: 'torch==2.13.0+cpu',
      field: 'torch_build',
      base: 'torch build: cpu (no CUDA GPU found)',
      effective: 'torch build: cpu (no CUDA GPU found)',
      provenance: 'base',
    });
  });

  it('key CPU and CUDA machines differently (pin and index change)', async () => {
    const cpu = await requirementsOf('tiny-gpt2');
    const cuda = await requirementsOf('tiny-gpt2', { gpu: CUDA_12 });
    expect(pins(cuda).torch).toBe('==2.13.0+cu128');
    expect(cuda.bindings[0]?.requirements.find((r) => r.name === 'torch')?.index_url).toBe(
      'https://download.pytorch.org/whl/cu128',
    );
    expect(keyOf(effective(cpu))).not.toBe(keyOf(effective(cuda)));
    expect(keyOf(effective(cpu))).toBe(keyOf(effective(await requirementsOf('tiny-gpt2'))));
  });

  it('let a node ask for another torch build, whatever the machine', async () => {
    const library = unwrap(await loadModelLibrary(lib, { gpu: CUDA_12, platformKey: PLATFORM }));
    const runner = createPumaLibRunner({ library, platformKey: PLATFORM });
    const run = (data: Record<string, unknown>) =>
      runner({ node: { id: 'm', node_type: 'puma-lib', position: { x: 0, y: 0 }, data }, inputs: {} } as never);
    const auto = (await run({ model_id: 'tiny-gpt2' })) as { dependency_requirements: DependencyRequirementsV1; task: string };
    const forced = (await run({ model_id: 'tiny-gpt2', torch_build: 'cpu' })) as {
      dependency_requirements: DependencyRequirementsV1;
    };
    expect(auto.task).toBe('text-generation');
    expect(pins(auto.dependency_requirements).torch).toBe('==2.13.0+cu128');
    expect(pins(forced.dependency_requirements).torch).toBe('==2.13.0+cpu');
    expect(forced.dependency_requirements.bindings[0]?.requirements.find((r) => r.name === 'torch')?.torch_build).toBe(
      'torch build: cpu (requested)',
    );
    await expect(run({ model_id: 'tiny-gpt2', torch_build: 'rocm' })).rejects.toMatchObject({
      errors: [{ code: 'invalid_payload', path: ['m', 'torch_build'] }],
    });
  });

  it('merge extension → library file → user patch', async () => {
    await writeFile(
      join(lib, 'pantograph-profiles.json'),
      JSON.stringify({
        format_version: 1,
        profiles: {
          'text-generation': {
            profile_version: 2,
            requirements: [
              { name: 'Transformers', exact_pin: '==5.18.0' },
              { name: 'accelerate', exact_pin: '==1.2.0' },
            ],
          },
        },
      }),
    );
    const requirements = await requirementsOf('tiny-gpt2');
    expect(requirements.bindings[0]?.profile_version).toBe(2);
    expect(pins(requirements)).toEqual({
      torch: '==2.13.0+cpu',
      Transformers: '==5.18.0',
      safetensors: '==0.8.0',
      tokenizers: '==0.23.2',
      accelerate: '==1.2.0',
    });
    expect(pins(await requirementsOf('tiny-musicgen')).transformers).toBe('==5.17.0');
    const [binding] = effective(requirements, [
      patch('hf-text-generation', { index_url: 'https://mirror.example/simple' }, 'accelerate'),
    ]);
    expect(binding?.requirements.find((r) => r.name === 'accelerate')?.effective_index_url).toMatchObject({
      effective: 'https://mirror.example/simple',
      provenance: 'override',
    });
  });

  it('report a broken library profiles file with its line and column, and keep the shipped profiles', async () => {
    await writeFile(join(lib, 'pantograph-profiles.json'), '{\n  "format_version": 1,\n  "profiles": {,}\n}\n');
    const library = unwrap(await loadModelLibrary(lib, { gpu: NO_GPU, platformKey: PLATFORM }));
    expect(library.problems).toEqual([
      expect.objectContaining({
        code: 'invalid_model_library',
        path: [join(lib, 'pantograph-profiles.json')],
        line: 3,
        column: 16,
      }),
    ]);
    expect(
      pins(buildPumaLibOutputs(unwrap(findModel(library, 'tiny-gpt2')), { platformKey: PLATFORM }).dependency_requirements)
        .transformers,
    ).toBe('==5.17.0');
    await writeFile(
      join(lib, 'pantograph-profiles.json'),
      JSON.stringify({
        format_version: 1,
        profiles: { 'text-generation': { requirements: [{ name: 'torch', exact_pin: '>=2' }] } },
      }),
    );
    const bad = unwrap(await loadModelLibrary(lib, { gpu: NO_GPU, platformKey: PLATFORM }));
    expect(bad.problems[0]).toMatchObject({
      code: 'invalid_model_library',
      path: [join(lib, 'pantograph-profiles.json'), 'profiles', 'text-generation', 'requirements', 0, 'exact_pin'],
    });
  });

  it('apply a binding-scope index_url to every requirement, torch included', async () => {
    const requirements = await requirementsOf('tiny-gpt2', { gpu: CUDA_12 });
    const mirror = 'https://mirror.corp.example/simple';
    const [binding] = effective(requirements, [patch('hf-text-generation', { index_url: mirror })]);
    expect(binding?.requirements.map((r) => [r.name, r.effective_index_url.effective])).toEqual([
      ['safetensors', mirror],
      ['tokenizers', mirror],
      ['torch', mirror],
      ['transformers', mirror],
    ]);
    const plan = installPlanFromBindings(binding ? [binding] : [], null);
    expect(new Set(plan.requirements.map((r) => r.indexUrl))).toEqual(new Set([mirror]));
  });

  it('let a binding-scope wheel folder stand in for every index the profile names', async () => {
    const requirements = await requirementsOf('tiny-gpt2');
    const [binding] = effective(requirements, [patch('hf-text-generation', { wheel_source_path: '/srv/wheels' })]);
    const torch = binding?.requirements.find((r) => r.name === 'torch');
    expect(torch?.effective_index_url).toEqual({
      base: 'https://download.pytorch.org/whl/cpu',
      override: undefined,
      effective: undefined,
      provenance: 'override',
    });
    const plan = installPlanFromBindings(binding ? [binding] : [], null);
    expect(plan.requirements.map((r) => [r.name, r.indexUrl, r.wheelSourcePath])).toEqual([
      ['safetensors', null, '/srv/wheels'],
      ['tokenizers', null, '/srv/wheels'],
      ['torch', null, '/srv/wheels'],
      ['transformers', null, '/srv/wheels'],
    ]);
    // The user can still name an index next to the folder: then that index is used.
    const [both] = effective(requirements, [
      patch('hf-text-generation', { wheel_source_path: '/srv/wheels', index_url: 'https://mirror.example/simple' }),
    ]);
    expect(both?.requirements.find((r) => r.name === 'torch')?.effective_index_url.effective).toBe(
      'https://mirror.example/simple',
    );
  });

  it('parse the shipped file', () => {
    expect(BUNDLED_TASK_PROFILES.sources).toEqual(['extension']);
    expect(Object.keys(BUNDLED_TASK_PROFILES.profiles).sort()).toEqual(['text-generation', 'text-to-audio']);
  });
});
