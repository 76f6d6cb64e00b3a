/**
 * Shared fixtures of the real-model suites (text generation, text-to-audio, warm workers, the
 * benchmark): ONE environment with the heavy ML stack (`HEAVY_STACK_PINS`: CPU torch, transformers,
 * tokenizers, safetensors, numpy, soundfile) installed through Pantograph's own EnvironmentService
 * from the test package index, in a data dir under the OS temp folder keyed by the pins, the index
 * and this checkout — so the ~30 s install happens once across test files and runs, and concurrent
 * test files serialize on Pantograph's key lock (the second finds the environment ready).
 *
 * The models are tiny randomly initialised real architectures that the suite builds itself with
 * transformers inside that environment (`make_tiny_models.py`): a GPT-2 with a trained BPE
 * tokenizer and a MusicGen (tiny T5, EnCodec, decoder), saved with save_pretrained into a model
 * library folder next to a `pantograph-model.json` that pins the same stack.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import type { ModelLibrary } from '../../src/core/library/loadModelLibrary.js';
import { buildChildEnvironment } from '../../src/core/process/childEnvironment.js';
import { createServiceHarness } from './serviceHarness.js';
import type { ServiceHarness } from './serviceHarness.js';
import { HEAVY_STACK_PINS, testPackageIndex } from './testIndex.js';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const MAKE_MODELS = join(repoRoot, 'test', 'support', 'make_tiny_models.py');
/** The binding id of the tiny models' profile. */
export const HEAVY_BINDING = 'hf-tiny-cpu';

/** The shared data dir of the heavy environment (created on first use, kept for later runs). */
export function heavyDataDir(): string {
  const index = testPackageIndex();
  const key = createHash('sha256')
    .update(JSON.stringify([HEAVY_STACK_PINS, index, repoRoot, process.platform, process.arch]))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), `pantograph-heavy-env-${key}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A service harness over the shared heavy data dir, its default index = the test index. */
export function heavyHarness(): ServiceHarness {
  return createServiceHarness(heavyDataDir(), { defaultIndexUrl: testPackageIndex().indexUrl });
}

/** Machine-local override patches for the environment node: the test wheel folder (CPU torch). */
export function heavyMachineOverrides(nodeId = 'environment'): Record<string, unknown[]> {
  const links = testPackageIndex().findLinks;
  if (links.length === 0) return {};
  return {
    [nodeId]: [
      {
        contract_version: 1,
        binding_id: HEAVY_BINDING,
        scope: 'binding',
        requirement_name: null,
        fields: { wheel_source_path: links[0] },
        source: 'user',
        updated_at: '2026-01-01T00:00:00Z',
      },
    ],
  };
}

/** The `pantograph-model.json` of a tiny model: the heavy stack pinned, backend transformers. */
export function tinyManifest(modelId: string, task: 'text-generation' | 'text-to-audio'): Record<string, unknown> {
  // One profile (all of HEAVY_STACK_PINS) for both tasks, so every suite shares one environment.
  return {
    model_id: modelId,
    display_name: `${modelId} (tiny random test model)`,
    model_type: task === 'text-generation' ? 'llm' : 'audio',
    task_type_primary: task,
    backend_key: 'transformers',
    inference_settings: { backend: 'transformers' },
    weights: 'model.safetensors',
    dependencies: {
      profiles: [
        {
          profile_id: HEAVY_BINDING,
          profile_version: 1,
          environment_kind: 'python-venv',
          requirements: Object.entries(HEAVY_STACK_PINS).map(([name, version]) => ({
            kind: 'python_package',
            name,
            exact_pin: `==${version}`,
            python_requires: '>=3.10',
          })),
        },
      ],
      bindings: [{ binding_id: HEAVY_BINDING, profile_id: HEAVY_BINDING, backend_key: 'transformers', platform_selector: '*' }],
    },
  };
}

/** Facts the model builder reports (e.g. MusicGen's sampling and frame rate). */
export interface TinyModelFacts {
  readonly kind: 'gpt2' | 'musicgen';
  readonly sampling_rate?: number;
  readonly frame_rate?: number;
  readonly num_codebooks?: number;
}

/** Builds a tiny model with the environment's python into `target` (a library folder) and writes its manifest. */
export function buildTinyModel(python: string, kind: 'gpt2' | 'musicgen', target: string, modelId: string): TinyModelFacts {
  mkdirSync(target, { recursive: true });
  const run = spawnSync(python, [MAKE_MODELS, kind, target], {
    encoding: 'utf8',
    env: buildChildEnvironment(process.env, process.platform, { HF_HUB_OFFLINE: '1' }),
  });
  if (run.status !== 0) throw new Error(`${python} make_tiny_models.py ${kind} failed:\n${run.stderr}`);
  writeFileSync(
    join(target, 'pantograph-model.json'),
    `${JSON.stringify(tinyManifest(modelId, kind === 'gpt2' ? 'text-generation' : 'text-to-audio'), null, 2)}\n`,
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as TinyModelFacts;
}

/** Loads a model library folder or throws. */
export async function loadLibraryOrThrow(dir: string): Promise<ModelLibrary> {
  const library = await loadModelLibrary(dir);
  if (!library.ok) throw new Error(library.errors.map((e) => e.message).join('; '));
  return library.value;
}
