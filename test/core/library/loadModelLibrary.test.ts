import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findModel, loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { bundledModelLibraryDir } from '../../../src/core/library/extensionRoot.js';

const validManifest = (modelId: string) => ({
  model_id: modelId,
  display_name: `Model ${modelId}`,
  model_type: 'audio',
  task_type_primary: 'text-to-audio',
  backend_key: 'demo',
  inference_settings: { backend: 'demo' },
  weights: ['weights/model.bin'],
  dependencies: {
    profiles: [
      { profile_id: 'p', profile_version: 1, environment_kind: 'python-venv', requirements: [{ name: 'x', exact_pin: '==1.0' }] },
    ],
    bindings: [{ binding_id: 'b', profile_id: 'p', backend_key: 'demo', platform_selector: null }],
  },
});

describe('loadModelLibrary', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantograph lib '));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function addModel(folder: string, content: unknown): Promise<void> {
    await mkdir(join(dir, folder), { recursive: true });
    await writeFile(join(dir, folder, 'pantograph-model.json'), typeof content === 'string' ? content : JSON.stringify(content));
  }

  it('loads every valid model folder, sorted by model id, with absolute folder and weights paths', async () => {
    await addModel('zeta', validManifest('a/zeta'));
    await addModel('alpha', validManifest('b/alpha'));
    const result = await loadModelLibrary(dir);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.models.map((m) => m.model_id)).toEqual(['a/zeta', 'b/alpha']);
    const zeta = result.value.models[0]!;
    expect(zeta.folder).toBe(join(dir, 'zeta'));
    expect(zeta.weights_paths).toEqual([join(dir, 'zeta', 'weights', 'model.bin')]);
    expect(zeta.manifest.dependencies.profiles[0]!.profile_id).toBe('p');
    expect(result.value.problems).toEqual([]);
  });

  it('reports a bad folder with its file and field path but still loads the others', async () => {
    await addModel('good', validManifest('good'));
    const broken = { ...validManifest('broken'), model_type: 'Audio Model' };
    await addModel('broken', broken);
    await addModel('notjson', '{ nope');
    await mkdir(join(dir, 'not-a-model'));
    const result = await loadModelLibrary(dir);
    if (!result.ok) throw new Error('load failed');
    expect(result.value.models.map((m) => m.model_id)).toEqual(['good']);
    const codes = result.value.problems.map((p) => p.code);
    expect(codes).toEqual(['invalid_model_library', 'invalid_model_library']);
    const typeProblem = result.value.problems.find((p) => p.path.includes('model_type'));
    expect(typeProblem?.path[0]).toBe(join(dir, 'broken', 'pantograph-model.json'));
    expect(
      result.value.problems.some(
        (p) => p.message.includes('not valid JSON') && p.path[0] === join(dir, 'notjson', 'pantograph-model.json'),
      ),
    ).toBe(true);
  });

  it('rejects weights that escape the model folder and duplicate binding ids', async () => {
    await addModel('escape', { ...validManifest('escape'), weights: '../../etc/passwd' });
    const dupBindings = validManifest('dup');
    dupBindings.dependencies.bindings.push({ binding_id: 'b', profile_id: 'p', backend_key: 'demo', platform_selector: null });
    await addModel('dup', dupBindings);
    const result = await loadModelLibrary(dir);
    if (!result.ok) throw new Error('load failed');
    expect(result.value.models).toEqual([]);
    expect(result.value.problems.map((p) => p.path.slice(1).join('.')).sort()).toEqual([
      'dependencies.bindings.1.binding_id',
      'weights',
    ]);
  });

  it('reports a model id used by two folders and keeps the first', async () => {
    await addModel('one', validManifest('same'));
    await addModel('two', validManifest('same'));
    const result = await loadModelLibrary(dir);
    if (!result.ok) throw new Error('load failed');
    expect(result.value.models.map((m) => m.folder)).toEqual([join(dir, 'one')]);
    expect(result.value.problems[0]?.message).toContain('already used');
  });

  it('fails with invalid_model_library when the library directory does not exist', async () => {
    const result = await loadModelLibrary(join(dir, 'missing'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('invalid_model_library');
  });

  it('finds a model by id and answers model_not_found with the known ids otherwise', async () => {
    await addModel('good', validManifest('good'));
    const result = await loadModelLibrary(dir);
    if (!result.ok) throw new Error('load failed');
    expect(findModel(result.value, 'good').ok).toBe(true);
    const missing = findModel(result.value, 'nope');
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.errors[0]?.code).toBe('model_not_found');
      expect(missing.errors[0]?.message).toContain('good');
    }
  });

  it('loads the bundled example library with the demo synth model', async () => {
    const result = await loadModelLibrary(bundledModelLibraryDir());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.problems).toEqual([]);
    const demo = findModel(result.value, 'demo-synth');
    if (!demo.ok) throw new Error('demo-synth missing');
    expect(demo.value.manifest.backend_key).toBe('demo');
    expect(demo.value.manifest.display_name.toLowerCase()).toContain('demo');
  });
});
