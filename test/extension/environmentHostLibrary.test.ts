/**
 * The extension host's model library: the `pantograph.huggingFaceCache` setting adds the hub
 * cache's snapshots (found through `HF_HOME`) to the library folder's models.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentHost } from '../../src/extension/environmentHost.js';
import { readSettings } from '../../src/extension/settings.js';
import { GPT2_CONFIG, MUSICGEN_CONFIG, modelFiles, writeCacheRepo, writeModelFolder } from '../support/hfFixtures.js';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('EnvironmentHost.loadLibrary with Hugging Face models', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pantograph host lib '));
    await writeModelFolder(join(root, 'lib', 'tiny-gpt2'), modelFiles(GPT2_CONFIG));
    await writeCacheRepo(join(root, 'hf', 'hub'), 'facebook/musicgen-tiny', 'r1', modelFiles(MUSICGEN_CONFIG));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function ids(huggingFaceCache: boolean): Promise<string[]> {
    const settings = readSettings(
      (key) => ({ modelLibraryPath: join(root, 'lib'), huggingFaceCache, dataDir: join(root, 'data') })[key],
    );
    const host = new EnvironmentHost({
      settings: () => settings,
      extensionRoot: root,
      log: quiet,
      env: { HF_HOME: join(root, 'hf') },
    });
    const library = await host.loadLibrary();
    if (!library.ok) throw new Error(JSON.stringify(library.errors));
    return library.value.models.map((m) => m.model_id);
  }

  it('lists the library folder only, and the hub cache too when the setting is on', async () => {
    expect(await ids(false)).toEqual(['tiny-gpt2']);
    expect(await ids(true)).toEqual(['facebook/musicgen-tiny', 'tiny-gpt2']);
  });
});
