/**
 * The CLI on Hugging Face models: `models` lists a `--model-library` folder's model folders by
 * folder name and, with `--hf-cache` / `--hf-cache-dir`, the hub cache's snapshots by
 * `org/name`; `run --json` keeps its shape with such a model, and an unusable one is a
 * structured error naming its file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BERT_CONFIG,
  GPT2_CONFIG,
  MUSICGEN_CONFIG,
  modelFiles,
  writeCacheRepo,
  writeModelFolder,
} from '../support/hfFixtures.js';
import { jsonOf, runInProcess, tempDir } from './cliHarness.js';

interface Listing {
  model_library: string;
  hf_cache: string | null;
  models: {
    model_id: string;
    task: string;
    source: string;
    folder: string;
    torch_build: string | null;
    error: { code: string; path: unknown[] } | null;
  }[];
}

function workflow(modelId: string): string {
  return JSON.stringify({
    version: 1,
    metadata: { name: 'pick a model', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' },
    graph: { nodes: [{ id: 'model', node_type: 'puma-lib', position: { x: 0, y: 0 }, data: { model_id: modelId } }], edges: [] },
  });
}

describe('pantograph models / run with Hugging Face folders and the hub cache (in-process)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let lib: string;
  let cache: string;
  let dataDir: string;
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...extra });

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('models'));
    lib = path.join(dir, 'my models');
    cache = path.join(dir, 'hf', 'hub');
    dataDir = path.join(dir, 'data');
    await writeModelFolder(path.join(lib, 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeModelFolder(path.join(lib, 'bert'), modelFiles(BERT_CONFIG));
    await writeCacheRepo(cache, 'facebook/musicgen-tiny', 'c0ffee', modelFiles(MUSICGEN_CONFIG));
    await mkdir(path.join(lib, 'notes'));
  });
  afterAll(async () => cleanup());

  it('lists the model folders of --model-library by folder name, with task and torch build', async () => {
    const run = await runInProcess(['--model-library', lib, '--json', 'models'], { env: env() });
    expect(run.code).toBe(0);
    const listing = jsonOf<Listing>(run);
    expect(listing.hf_cache).toBeNull();
    expect(listing.models.map((m) => [m.model_id, m.task, m.source, m.error?.code ?? null])).toEqual([
      ['bert', 'unsupported', 'folder', 'model_unsupported_architecture'],
      ['tiny-gpt2', 'text-generation', 'folder', null],
    ]);
    expect(listing.models[1]?.torch_build).toMatch(/^torch build: (cpu \(no CUDA GPU found\)|cu\d+ )/);
    const text = await runInProcess(['--model-library', lib, 'models'], { env: env() });
    expect(text.stdout).toMatch(/^ {2}tiny-gpt2 {2}text-generation {2}folder {2}torch build: /m);
    expect(text.stdout).toMatch(/^ {2}bert {2}unusable: \[model_unsupported_architecture\] /m);
  });

  it('adds the hub cache as org/name with --hf-cache (HF_HOME) and --hf-cache-dir', async () => {
    const viaHome = jsonOf<Listing>(
      await runInProcess(['--model-library', lib, '--hf-cache', '--json', 'models'], {
        env: env({ HF_HOME: path.dirname(cache) }),
      }),
    );
    expect(viaHome.hf_cache).toBe(cache);
    expect(viaHome.models.map((m) => [m.model_id, m.source])).toEqual([
      ['bert', 'folder'],
      ['facebook/musicgen-tiny', 'hf_cache'],
      ['tiny-gpt2', 'folder'],
    ]);
    const viaDir = jsonOf<Listing>(
      await runInProcess(['--model-library', lib, '--hf-cache-dir', cache, '--json', 'models'], { env: env() }),
    );
    expect(viaDir.models.find((m) => m.model_id === 'facebook/musicgen-tiny')?.task).toBe('text-to-audio');
    const without = jsonOf<Listing>(
      await runInProcess(['--model-library', lib, '--json', 'models'], { env: env({ HF_HOME: path.dirname(cache) }) }),
    );
    expect(without.models.map((m) => m.model_id)).not.toContain('facebook/musicgen-tiny');
  });

  it('runs a Puma-Lib node on a cache model with the usual run --json shape', async () => {
    const file = path.join(dir, 'cache model.pantograph');
    await writeFile(file, workflow('facebook/musicgen-tiny'));
    const run = await runInProcess(
      ['--data-dir', dataDir, '--model-library', lib, '--hf-cache-dir', cache, '--json', 'run', file],
      { env: env() },
    );
    expect(run.code).toBe(0);
    const json = jsonOf<{ ok: boolean; nodes: Record<string, { status: string; outputs?: Record<string, unknown> }> }>(run);
    expect(json.ok).toBe(true);
    expect(json.nodes.model?.status).toBe('finished');
  });

  it('fails run --json with the structured error of an unusable model, naming its config.json', async () => {
    const file = path.join(dir, 'bert.pantograph');
    await writeFile(file, workflow('bert'));
    const run = await runInProcess(['--data-dir', dataDir, '--model-library', lib, '--json', 'run', file], { env: env() });
    expect(run.code).toBe(2);
    const json = jsonOf<{ ok: boolean; nodes: Record<string, { status: string; error?: { code: string; message: string } }> }>(
      run,
    );
    expect(json.ok).toBe(false);
    expect(json.nodes.model).toMatchObject({ status: 'failed', error: { code: 'model_unsupported_architecture' } });
    expect(json.nodes.model?.error?.message).toContain(path.join(lib, 'bert', 'config.json'));
  });
});
