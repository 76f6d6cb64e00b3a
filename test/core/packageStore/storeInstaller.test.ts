import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { makeTempDir, writeFixtureWheel, writeWheelChain } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { packageStoreLayout } from '../../../src/core/packageStore/packageStoreLayout.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let chain: FixtureWheel[];
let extra: FixtureWheel;

beforeAll(async () => {
  temp = await makeTempDir('store installer');
  wheelDir = join(temp.dir, 'wheels');
  chain = await writeWheelChain(wheelDir, 6, 'ptg-store');
  extra = await writeFixtureWheel(wheelDir, 'ptg-extra', '1.0.0');
});
afterAll(async () => temp.cleanup());

function python(envPython: string, code: string): string {
  return execFileSync(envPython, ['-I', '-c', code], { encoding: 'utf8' }).trim();
}

describe('the store installer (default for python-venv)', () => {
  it('records the resolved set, links shared files (same inode) and imports in both environments', async () => {
    const h = createServiceHarness(join(temp.dir, 'data shared'));
    const patches = [wheelFolderPatch('test-binding', wheelDir)];
    const first = await h.service.ensure({ requirements: payloadFor([chain[0]!]), overrides: patches });
    expect(first.errors).toEqual([]);
    expect(first.state).toBe('ready');
    const read = await h.store.readManifest(first.ref!.environment_key!);
    if (!read.ready) throw new Error('not ready');
    const manifest = read.manifest;
    expect(manifest.install.installer).toBe('store');
    const resolved = manifest.resolved_packages ?? [];
    // ptg-store-00 pulls in 01 and 05 (see writeWheelChain).
    expect(resolved.map((p) => p.name)).toEqual(['ptg-store-00', 'ptg-store-01', 'ptg-store-05']);
    expect(resolved.map((p) => p.requested)).toEqual([true, false, false]);
    // The node's status says how many packages the environment holds; so does a reuse.
    expect(first.status.package_count).toBe(3);
    expect((await h.service.ensure({ requirements: payloadFor([chain[0]!]), overrides: patches })).status).toMatchObject({
      package_count: 3,
    });
    expect(resolved[0]).toMatchObject({
      version: '1.0.0',
      wheel: 'ptg_store_00-1.0.0-py3-none-any.whl',
      source: join(wheelDir, 'ptg_store_00-1.0.0-py3-none-any.whl'),
      sha256: chain[0]!.hash.slice('sha256:'.length),
    });

    const second = await h.service.ensure({ requirements: payloadFor([chain[0]!, extra]), overrides: patches });
    expect(second.state).toBe('ready');
    expect(second.ref!.environment_key).not.toBe(first.ref!.environment_key);
    const site = (key: string) =>
      join(
        h.store.envDir(key),
        'lib',
        `python${python(first.ref!.python_executable!, 'import sys; print("%d.%d" % sys.version_info[:2])')}`,
        'site-packages',
      );
    const fileA = join(site(first.ref!.environment_key!), 'ptg_store_00', '__init__.py');
    const fileB = join(site(second.ref!.environment_key!), 'ptg_store_00', '__init__.py');
    expect((await stat(fileA)).ino).toBe((await stat(fileB)).ino);
    const layout = packageStoreLayout(h.dataDir);
    expect((await stat(join(layout.packageDir(resolved[0]!.sha256), 'ptg_store_00', '__init__.py'))).ino).toBe(
      (await stat(fileA)).ino,
    );
    for (const ref of [first.ref!, second.ref!]) {
      expect(
        python(
          ref.python_executable!,
          'import ptg_store_00, importlib.metadata as m; print(ptg_store_00.VALUE, m.version("ptg-store-05"), m.distribution("ptg-store-00").read_text("INSTALLER").strip())',
        ),
      ).toBe('ptg-store-00==1.0.0 1.0.0 pantograph');
    }
  });

  it('keys the pip installer apart and records its resolved set too', async () => {
    const h = createServiceHarness(join(temp.dir, 'data pip'));
    const patches = [wheelFolderPatch('test-binding', wheelDir)];
    const viaStore = await h.service.computeKey({ requirements: payloadFor([chain[2]!]), overrides: patches });
    h.settings = { ...h.settings, installer: 'pip' };
    const viaPip = await h.service.computeKey({ requirements: payloadFor([chain[2]!]), overrides: patches });
    if (!viaStore.ok || !viaPip.ok) throw new Error('no key');
    expect(viaPip.key.key).not.toBe(viaStore.key.key);
    expect(JSON.parse(viaPip.key.payload).installer.name).toBe('pip');
    const outcome = await h.service.ensure({ requirements: payloadFor([chain[2]!]), overrides: patches });
    expect(outcome.state).toBe('ready');
    const read = await h.store.readManifest(outcome.ref!.environment_key!);
    if (!read.ready) throw new Error('not ready');
    expect(read.manifest.install.installer).toBe('pip');
    expect(read.manifest.resolved_packages?.map((p) => [p.name, p.requested])).toEqual([
      ['ptg-store-02', true],
      ['ptg-store-03', false],
    ]);
  });
});
