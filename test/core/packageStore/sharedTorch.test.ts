/**
 * Heavy suite (real torch from the test package index, never skipped): two environments that
 * share torch + transformers + safetensors and differ by one small pin link the same store files.
 */
import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonMajorMinor } from '../../../src/core/domain/environmentKey.js';
import { treeUsage } from '../../../src/core/packageStore/diskUsage.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { HEAVY_STACK_PINS, testPackageIndex } from '../../support/testIndex.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir('shared torch');
});
afterAll(async () => temp.cleanup());

const STACK = [
  { name: 'torch', version: HEAVY_STACK_PINS.torch },
  { name: 'transformers', version: HEAVY_STACK_PINS.transformers },
  { name: 'safetensors', version: HEAVY_STACK_PINS.safetensors },
];

describe('two torch environments from the package store', () => {
  it('share torch by hard links, both import it, and the second costs a few percent of disk', async () => {
    const index = testPackageIndex();
    const h = createServiceHarness(join(temp.dir, 'data'), { defaultIndexUrl: index.indexUrl });
    const patches = index.findLinks.slice(0, 1).map((dir) => wheelFolderPatch('test-binding', dir));
    const first = await h.service.ensure({ requirements: payloadFor(STACK), overrides: patches });
    expect(first.errors).toEqual([]);
    const t0 = performance.now();
    const second = await h.service.ensure({
      requirements: payloadFor([...STACK, { name: 'tqdm', version: '4.70.1' }]),
      overrides: patches,
    });
    const secondMs = performance.now() - t0;
    expect(second.errors).toEqual([]);
    expect(second.installed).toBe(true);
    const keys = [first.ref!.environment_key!, second.ref!.environment_key!];
    const read = await h.store.readManifest(keys[1]!);
    if (!read.ready) throw new Error('second environment not ready');
    expect(read.manifest.resolved_packages!.length).toBeGreaterThan(20);
    expect(read.manifest.resolved_packages!.find((p) => p.name === 'torch')).toMatchObject({
      version: HEAVY_STACK_PINS.torch,
      requested: true,
    });

    const site = (key: string): string =>
      join(h.store.envDir(key), 'lib', `python${pythonMajorMinor(read.manifest.base_interpreter.version)}`, 'site-packages');
    const torchFile = (key: string): string => join(site(key), 'torch', '__init__.py');
    expect((await stat(torchFile(keys[0]!))).ino).toBe((await stat(torchFile(keys[1]!))).ino);
    const usage = await treeUsage(h.store.envDir(keys[1]!));
    // Measured before importing (imports write __pycache__ into the environment). du counts the hard-linked files once (they belong to the store): the second environment's own bytes are a few percent at most.
    expect(usage.ownBytes / usage.sharedBytes).toBeLessThan(0.03);
    for (const ref of [first.ref!, second.ref!]) {
      const out = execFileSync(
        ref.python_executable!,
        ['-I', '-c', 'import torch, transformers; print(torch.__version__, float(torch.ones(3).sum()))'],
        { encoding: 'utf8' },
      );
      expect(out.trim()).toBe(`${HEAVY_STACK_PINS.torch} 3.0`);
    }
    console.info(
      `second environment: ${(secondMs / 1000).toFixed(1)} s, own ${(usage.ownBytes / 1e6).toFixed(1)} MB, shared ${(usage.sharedBytes / 1e6).toFixed(0)} MB, phases ${JSON.stringify(read.manifest.install['phases_ms'])}`,
    );
  }, 600_000);
});
