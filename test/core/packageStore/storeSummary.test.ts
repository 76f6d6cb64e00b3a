import { lstat, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageStoreLayout } from '../../../src/core/packageStore/packageStoreLayout.js';
import { summarizePackageStore } from '../../../src/core/packageStore/storeSummary.js';
import { EnvironmentStore } from '../../../src/core/store/environmentStore.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { makeTempDir, writeFixtureWheel, writeWheelChain } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];
let extra: FixtureWheel;

beforeAll(async () => {
  temp = await makeTempDir('store summary');
  wheelDir = join(temp.dir, 'wheels');
  chain = await writeWheelChain(wheelDir, 6, 'ptg-sum');
  extra = await writeFixtureWheel(wheelDir, 'ptg-sum-extra', '1.0.0');
});
afterAll(async () => temp.cleanup());

/** Sum of the regular files' sizes under `dir` (every file; the entries share no inodes among themselves). */
async function fileBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await lstat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function summary(h: { store: EnvironmentStore; dataDir: string }) {
  const result = await summarizePackageStore(h.store, packageStoreLayout(h.dataDir));
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.value;
}

describe('summarizePackageStore', () => {
  it('measures a real store shared by two environments, counting each linked file once', async () => {
    const h = createServiceHarness(join(temp.dir, 'data'));
    const layout = packageStoreLayout(h.dataDir);
    expect(await summary(h)).toMatchObject({ exists: false, wheels: 0, packages: 0, unreferenced: 0, totalBytes: 0 });

    const patches = [wheelFolderPatch('test-binding', wheelDir)];
    const first = await h.service.ensure({ requirements: payloadFor([chain[0]!]), overrides: patches });
    expect(first.state).toBe('ready');
    const afterFirst = await summary(h);
    // ptg-sum-00 pulls in 01 and 05.
    expect(afterFirst).toMatchObject({ exists: true, wheels: 3, packages: 3, unreferenced: 0 });
    expect(afterFirst.wheelBytes).toBe(await fileBytes(layout.wheelsDir));
    expect(afterFirst.unpackedBytes).toBe(await fileBytes(layout.packagesDir));
    // Package files are linked into the environment; the entry marker and the dist-info files
    // the installer writes per environment (RECORD, INSTALLER, …) are not.
    expect(afterFirst.linkedBytes).toBeGreaterThan(0);
    expect(afterFirst.linkedBytes).toBeLessThan(afterFirst.unpackedBytes);

    const second = await h.service.ensure({ requirements: payloadFor([chain[0]!, extra]), overrides: patches });
    expect(second.state).toBe('ready');
    const afterSecond = await summary(h);
    expect(afterSecond).toMatchObject({ wheels: 4, packages: 4, unreferenced: 0 });
    // The second environment links the three shared entries again (their files now have 3 links):
    // the total grows by the new entry only.
    const read = await h.store.readManifest(second.ref!.environment_key!);
    if (!read.ready) throw new Error('not ready');
    const extraSha = read.manifest.resolved_packages!.find((p) => p.name === 'ptg-sum-extra')!.sha256;
    const extraBytes = (await fileBytes(layout.wheelDir(extraSha))) + (await fileBytes(layout.packageDir(extraSha)));
    expect(afterSecond.totalBytes - afterFirst.totalBytes).toBe(extraBytes);
    expect(afterSecond.totalBytes).toBe(
      afterSecond.wheelBytes + afterSecond.unpackedBytes + (await fileBytes(layout.builtDir).catch(() => 0)),
    );
    const sharedFile = join(layout.packageDir(read.manifest.resolved_packages![0]!.sha256), 'ptg_sum_00', '__init__.py');
    expect((await lstat(sharedFile)).nlink).toBe(3);

    // Removing the environments leaves the entries unreferenced and no longer linked anywhere.
    expect((await h.service.remove(first.ref!.environment_key!)).removed).toBe(true);
    expect(await summary(h)).toMatchObject({ unreferenced: 0, totalBytes: afterSecond.totalBytes });
    expect((await h.service.remove(second.ref!.environment_key!)).removed).toBe(true);
    const afterRemoval = await summary(h);
    expect(afterRemoval).toMatchObject({ wheels: 4, packages: 4, unreferenced: 4, totalBytes: afterSecond.totalBytes });
    expect(afterRemoval.linkedBytes).toBe(0);
  });

  it('reports an unreadable store as io_error naming the folder', async () => {
    const dataDir = join(temp.dir, 'broken');
    await mkdir(dataDir, { recursive: true });
    // Root ignores permission bits, so make `store` a file: reading it as a folder fails for everyone.
    await writeFile(join(dataDir, 'store'), 'not a folder');
    const result = await summarizePackageStore(new EnvironmentStore({ dataDir }), packageStoreLayout(dataDir));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'io_error' });
    expect(result.errors[0]!.message).toContain(join(dataDir, 'store'));
  });
});
