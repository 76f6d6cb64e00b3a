/**
 * Hugging Face model folders in a model library and in a hub cache, on real files: task
 * detection, weights discovery through the cache's blob symlinks, and the structured errors of
 * corrupt, incomplete and unsupported folders.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hfHubCacheDir, repoIdFromCacheFolder, scanHfCache } from '../../../src/core/library/hfCache.js';
import { inspectHfFolder } from '../../../src/core/library/hfModelFolder.js';
import { detectHfTask } from '../../../src/core/library/hfTask.js';
import { findModel, loadModelLibrary } from '../../../src/core/library/loadModelLibrary.js';
import { NO_GPU } from '../../../src/core/library/gpuProbe.js';
import {
  BERT_CONFIG,
  GPT2_CONFIG,
  MUSICGEN_CONFIG,
  modelFiles,
  writeCacheRepo,
  writeModelFolder,
} from '../../support/hfFixtures.js';

describe('detectHfTask', () => {
  it.each([
    [{ architectures: ['GPT2LMHeadModel'], model_type: 'gpt2' }, 'text-generation'],
    [{ architectures: ['LlamaForCausalLM'], model_type: 'llama' }, 'text-generation'],
    [{ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2' }, 'text-generation'],
    [{ model_type: 'mistral' }, 'text-generation'],
    [{ architectures: ['MusicgenForConditionalGeneration'], model_type: 'musicgen' }, 'text-to-audio'],
    [{ architectures: ['MusicgenMelodyForConditionalGeneration'], model_type: 'musicgen_melody' }, 'text-to-audio'],
    [{ architectures: ['VitsModel'], model_type: 'vits' }, 'text-to-audio'],
  ])('%j → %s', (config, task) => {
    expect(detectHfTask(config)).toMatchObject({ supported: true, task });
  });

  it.each([
    [{ architectures: ['BertForMaskedLM'], model_type: 'bert' }, /BertForMaskedLM.*bert.*not a causal language model/],
    [{ architectures: ['T5ForConditionalGeneration'], model_type: 't5' }, /T5ForConditionalGeneration/],
    [{ architectures: ['BarkModel'], model_type: 'bark' }, /voice presets from a Hub repository/],
    [{ architectures: ['SpeechT5ForTextToSpeech'], model_type: 'speecht5' }, /vocoder/],
    [{}, /architectures \(none\), model_type \(none\)/],
    [[1, 2], /architectures \(none\)/],
  ])('%j is unsupported: %s', (config, reason) => {
    const detection = detectHfTask(config);
    expect(detection.supported).toBe(false);
    if (!detection.supported) expect(detection.reason).toMatch(reason);
  });
});

describe('Hugging Face folders', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph hf '));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('inspects a complete folder: task, weights, tokenizer files', async () => {
    const folder = await writeModelFolder(join(root, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    const inspection = await inspectHfFolder(folder);
    expect(inspection).toMatchObject({
      task: 'text-generation',
      architecture: 'GPT2LMHeadModel',
      model_type: 'gpt2',
      error: null,
    });
    expect(inspection?.weights_paths).toEqual([join(folder, 'model.safetensors')]);
    expect(inspection?.tokenizer_files).toEqual(['tokenizer.json', 'tokenizer_config.json']);
  });

  it('is not a Hugging Face folder without config.json', async () => {
    await mkdir(join(root, 'empty'));
    expect(await inspectHfFolder(join(root, 'empty'))).toBeUndefined();
  });

  it('names the file, line and column of a corrupt config.json', async () => {
    const folder = await writeModelFolder(
      join(root, 'broken'),
      modelFiles(GPT2_CONFIG, { 'config.json': '{\n  "model_type": "gpt2",\n  "architectures": [\'GPT2\']\n}\n' }),
    );
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.task).toBeNull();
    expect(inspection?.error).toMatchObject({
      code: 'model_config_invalid',
      path: [join(folder, 'config.json')],
      line: 3,
      column: 21,
    });
    expect(inspection?.error?.message).toContain(`${join(folder, 'config.json')} is not valid JSON`);
  });

  it('names the missing weights file', async () => {
    const files = modelFiles(GPT2_CONFIG);
    delete files['model.safetensors'];
    const folder = await writeModelFolder(join(root, 'no-weights'), files);
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.error).toMatchObject({ code: 'model_weights_missing', path: [join(folder, 'model.safetensors')] });
  });

  it('names a shard the index lists but the folder lacks', async () => {
    const folder = await writeModelFolder(
      join(root, 'sharded'),
      modelFiles(GPT2_CONFIG, {
        'model.safetensors.index.json': {
          weight_map: { 'a.weight': 'model-00001-of-00002.safetensors', 'b.weight': 'model-00002-of-00002.safetensors' },
        },
        'model-00001-of-00002.safetensors': Buffer.from('x'),
      }),
    );
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.error).toMatchObject({
      code: 'model_weights_missing',
      path: [join(folder, 'model-00002-of-00002.safetensors')],
    });
  });

  it('finds sharded weights when every shard is there', async () => {
    const shards = { 'a.weight': 'model-00001-of-00002.safetensors', 'b.weight': 'model-00002-of-00002.safetensors' };
    const folder = await writeModelFolder(join(root, 'sharded-ok'), {
      ...modelFiles(GPT2_CONFIG),
      'model.safetensors.index.json': { weight_map: shards },
      'model-00001-of-00002.safetensors': Buffer.from('x'),
      'model-00002-of-00002.safetensors': Buffer.from('y'),
    });
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.error).toBeNull();
    expect(inspection?.weights_paths).toEqual([
      join(folder, 'model-00001-of-00002.safetensors'),
      join(folder, 'model-00002-of-00002.safetensors'),
    ]);
  });

  it('reports an unsupported architecture with the config path', async () => {
    const folder = await writeModelFolder(join(root, 'bert'), modelFiles(BERT_CONFIG));
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.error).toMatchObject({
      code: 'model_unsupported_architecture',
      path: [join(folder, 'config.json'), 'architectures'],
    });
  });

  it('lists folder models by folder name next to manifest models; unusable ones fail when used', async () => {
    const lib = join(root, 'library');
    await writeModelFolder(join(lib, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeModelFolder(join(lib, 'tiny-musicgen'), modelFiles(MUSICGEN_CONFIG));
    await writeModelFolder(join(lib, 'bert'), modelFiles(BERT_CONFIG));
    await writeModelFolder(join(lib, 'not-a-model'), { 'notes.txt': 'hello' });
    const loaded = await loadModelLibrary(lib, { gpu: NO_GPU, platformKey: 'linux-x86_64' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.value.models.map((m) => [m.model_id, m.manifest.task_type_primary, m.hf?.source])).toEqual([
      ['bert', 'unsupported', 'folder'],
      ['tiny-gpt2', 'text-generation', 'folder'],
      ['tiny-musicgen', 'text-to-audio', 'folder'],
    ]);
    expect(loaded.value.problems).toEqual([]);
    const gpt2 = findModel(loaded.value, 'tiny-gpt2');
    if (!gpt2.ok) throw new Error('tiny-gpt2 not usable');
    expect(gpt2.value.folder).toBe(join(lib, 'tiny-gpt2'));
    expect(gpt2.value.manifest.dependencies.bindings).toEqual([
      { binding_id: 'hf-text-generation', profile_id: 'hf-text-generation', backend_key: null, platform_selector: null },
    ]);
    const bert = findModel(loaded.value, 'bert');
    expect(bert.ok ? null : bert.errors[0]?.code).toBe('model_unsupported_architecture');
  });
});

describe('the Hugging Face hub cache', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph hub '));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds the cache: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME, ~/.cache', () => {
    expect(hfHubCacheDir({ HF_HUB_CACHE: '/a', HF_HOME: '/h' }, '/home/u')).toBe('/a');
    expect(hfHubCacheDir({ HUGGINGFACE_HUB_CACHE: '/legacy', HF_HOME: '/h' }, '/home/u')).toBe('/legacy');
    expect(hfHubCacheDir({ HF_HUB_CACHE: ' ', HF_HOME: '/h' }, '/home/u')).toBe(join('/h', 'hub'));
    expect(hfHubCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe(join('/x', 'huggingface', 'hub'));
    expect(hfHubCacheDir({}, '/home/u')).toBe(join('/home/u', '.cache', 'huggingface', 'hub'));
  });

  it('maps cache folder names to repo ids', () => {
    expect(repoIdFromCacheFolder('models--facebook--musicgen-small')).toBe('facebook/musicgen-small');
    expect(repoIdFromCacheFolder('models--gpt2')).toBe('gpt2');
    expect(repoIdFromCacheFolder('datasets--org--x')).toBeUndefined();
    expect(repoIdFromCacheFolder('models--a--b--c')).toBeUndefined();
  });

  it('picks the snapshot refs/main names and follows blob symlinks', async () => {
    const cache = join(root, 'hub');
    await writeCacheRepo(cache, 'acme/old-gpt', 'aaaa', modelFiles(GPT2_CONFIG));
    const current = await writeCacheRepo(cache, 'acme/old-gpt', 'bbbb', modelFiles(GPT2_CONFIG));
    await writeFile(join(cache, 'models--acme--old-gpt', 'refs', 'main'), 'bbbb\n');
    await mkdir(join(cache, 'datasets--acme--data', 'snapshots', 'cccc'), { recursive: true });
    await mkdir(join(cache, '.locks'), { recursive: true });
    expect(await scanHfCache(cache)).toEqual([{ repo_id: 'acme/old-gpt', revision: 'bbbb', folder: current }]);
    expect(await scanHfCache(join(root, 'nowhere'))).toEqual([]);
  });

  it('lists cache snapshots as org/name with their task, and names a missing blob', async () => {
    const lib = join(root, 'library');
    await mkdir(lib);
    const cache = join(root, 'hub');
    const gpt = await writeCacheRepo(cache, 'acme/tiny-gpt2', 'abc123', modelFiles(GPT2_CONFIG));
    await writeCacheRepo(cache, 'facebook/musicgen-tiny', 'def456', modelFiles(MUSICGEN_CONFIG));
    const partial = await writeCacheRepo(cache, 'acme/partial', '0001', modelFiles(GPT2_CONFIG), ['model.safetensors']);
    const loaded = await loadModelLibrary(lib, { hfCacheDir: cache, gpu: NO_GPU, platformKey: 'linux-x86_64' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.value.models.map((m) => [m.model_id, m.manifest.task_type_primary, m.hf?.source, m.hf?.revision])).toEqual([
      ['acme/partial', 'unsupported', 'hf_cache', '0001'],
      ['acme/tiny-gpt2', 'text-generation', 'hf_cache', 'abc123'],
      ['facebook/musicgen-tiny', 'text-to-audio', 'hf_cache', 'def456'],
    ]);
    const model = findModel(loaded.value, 'acme/tiny-gpt2');
    expect(model.ok && model.value.folder).toBe(gpt);
    expect(model.ok && model.value.manifest.inference_settings).toMatchObject({
      backend: 'transformers',
      task: 'text-generation',
      source: 'hf_cache',
      revision: 'abc123',
    });
    const broken = findModel(loaded.value, 'acme/partial');
    expect(broken.ok ? null : broken.errors[0]).toMatchObject({
      code: 'model_weights_missing',
      path: [join(partial, 'model.safetensors')],
    });
  });

  it('lists a cache snapshot linked into the library under the link name', async () => {
    const lib = join(root, 'library');
    await mkdir(lib);
    const snapshot = await writeCacheRepo(join(root, 'hub'), 'acme/tiny-gpt2', 'abc', modelFiles(GPT2_CONFIG));
    await symlink(snapshot, join(lib, 'my-gpt'));
    await symlink(join(root, 'nowhere'), join(lib, 'dangling'));
    const loaded = await loadModelLibrary(lib, { gpu: NO_GPU, platformKey: 'linux-x86_64' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.value.models.map((m) => [m.model_id, m.manifest.task_type_primary, m.folder])).toEqual([
      ['my-gpt', 'text-generation', join(lib, 'my-gpt')],
    ]);
  });

  it('keeps the library folder when a cache repo has the same id, and reports the duplicate', async () => {
    const lib = join(root, 'library');
    await writeModelFolder(join(lib, 'gpt2'), modelFiles(GPT2_CONFIG));
    const cache = join(root, 'hub');
    await writeCacheRepo(cache, 'gpt2', 'r1', modelFiles(GPT2_CONFIG));
    const loaded = await loadModelLibrary(lib, { hfCacheDir: cache, gpu: NO_GPU, platformKey: 'linux-x86_64' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.value.models.map((m) => [m.model_id, m.folder])).toEqual([['gpt2', join(lib, 'gpt2')]]);
    expect(loaded.value.problems.map((p) => p.code)).toEqual(['invalid_model_library']);
  });

  it('treats a dangling config.json link as an unreadable config naming it', async () => {
    const lib = join(root, 'library');
    await mkdir(join(lib, 'dangling'), { recursive: true });
    await symlink(join(root, 'gone.json'), join(lib, 'dangling', 'config.json'));
    const inspection = await inspectHfFolder(join(lib, 'dangling'));
    expect(inspection?.error).toMatchObject({ code: 'model_config_invalid', path: [join(lib, 'dangling', 'config.json')] });
  });
});

describe('hostile config.json files', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph hf hostile '));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses absurd nesting with a located error instead of overflowing the stack', async () => {
    const folder = await writeModelFolder(join(root, 'deep'), modelFiles(GPT2_CONFIG, { 'config.json': '['.repeat(100_000) }));
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.error).toMatchObject({ code: 'model_config_invalid', path: [join(folder, 'config.json')], line: 1 });
    expect(inspection?.error?.message).toContain('nests deeper than 256 levels');
  });

  it('refuses a config.json larger than 16 MiB without reading it', async () => {
    const folder = await writeModelFolder(join(root, 'huge'), modelFiles(GPT2_CONFIG));
    await writeFile(join(folder, 'config.json'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    const inspection = await inspectHfFolder(folder);
    expect(inspection?.error?.message).toMatch(/too large/);
  });
});
