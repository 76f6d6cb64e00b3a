import { execFileSync } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageStoreLayout } from '../../../src/core/packageStore/packageStoreLayout.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { backendCalls, writeFixtureSdist } from '../../support/sdistFixtures.js';
import type { FixtureSdist } from '../../support/sdistFixtures.js';
import { makeTempDir, writeFixtureWheel } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let sourceDir: string;
let sdist: FixtureSdist;
let dependency: FixtureWheel;
let other: FixtureWheel;

beforeAll(async () => {
  temp = await makeTempDir('sdist build');
  sourceDir = join(temp.dir, 'sources');
  dependency = await writeFixtureWheel(sourceDir, 'ptg-sdist-dep', '1.0.0');
  other = await writeFixtureWheel(sourceDir, 'ptg-sdist-other', '1.0.0');
  // Only an sdist exists for ptg-sdist-only; its in-tree backend needs nothing from an index.
  sdist = await writeFixtureSdist(sourceDir, 'ptg-sdist-only', '1.0.0', [dependency]);
});
afterAll(async () => temp.cleanup());

function pipWheelRuns(calls: readonly { args: readonly string[] }[]): number {
  return calls.filter((c) => c.args.includes('pip') && c.args.includes('wheel')).length;
}

describe('an sdist-only requirement (store installer, offline)', () => {
  it('is built once into a stored wheel, imported, and reused by a second environment without building again', async () => {
    const h = createServiceHarness(join(temp.dir, 'data'));
    const patches = [wheelFolderPatch('test-binding', sourceDir)];
    const layout = packageStoreLayout(h.dataDir);

    const first = await h.service.ensure({ requirements: payloadFor([sdist]), overrides: patches });
    expect(first.errors).toEqual([]);
    expect(first.state).toBe('ready');
    // One `pip wheel --no-deps` process, one real build by the backend (the resolve only asked for metadata).
    expect(pipWheelRuns(h.runner.calls)).toBe(1);
    const wheelRun = h.runner.calls.find((c) => c.args.includes('wheel'))!;
    expect(wheelRun.args).toEqual(expect.arrayContaining(['--no-deps', '--no-index', '--find-links', sourceDir]));
    expect((await backendCalls(sdist)).filter((c) => c === 'wheel')).toEqual(['wheel']);

    const read = await h.store.readManifest(first.ref!.environment_key!);
    if (!read.ready) throw new Error('not ready');
    const record = read.manifest.resolved_packages?.find((p) => p.name === 'ptg-sdist-only');
    // The manifest records the sdist as the origin and the built wheel as what is installed.
    expect(record).toMatchObject({
      version: '1.0.0',
      wheel: 'ptg_sdist_only-1.0.0-py3-none-any.whl',
      source: sdist.path,
      requested: true,
    });
    expect(read.manifest.resolved_packages?.map((p) => [p.name, p.requested])).toEqual([
      ['ptg-sdist-dep', false],
      ['ptg-sdist-only', true],
    ]);
    const wheelSha = record!.sha256;
    expect(await readdir(layout.wheelDir(wheelSha))).toEqual(['ptg_sdist_only-1.0.0-py3-none-any.whl']);
    const storedWheel = join(layout.wheelDir(wheelSha), 'ptg_sdist_only-1.0.0-py3-none-any.whl');
    const storedModule = join(layout.packageDir(wheelSha), 'ptg_sdist_only', '__init__.py');
    expect(await readFile(storedModule, 'utf8')).toContain('ptg-sdist-only==1.0.0');
    // The build is remembered by the sdist's own sha256.
    expect(JSON.parse(await readFile(layout.builtRecord(sdist.sha256), 'utf8'))).toEqual({
      wheel: 'ptg_sdist_only-1.0.0-py3-none-any.whl',
      sha256: wheelSha,
    });
    const wheelBefore = await stat(storedWheel);

    const importIn = (python: string): string =>
      execFileSync(python, ['-I', '-c', 'import ptg_sdist_only, ptg_sdist_dep; print(ptg_sdist_only.VALUE)'], {
        encoding: 'utf8',
      }).trim();
    expect(importIn(first.ref!.python_executable!)).toBe('ptg-sdist-only==1.0.0');

    // A second environment (another key: one more wheel) with the same sdist requirement.
    h.runner.reset();
    const second = await h.service.ensure({ requirements: payloadFor([sdist, other]), overrides: patches });
    expect(second.errors).toEqual([]);
    expect(second.state).toBe('ready');
    expect(second.ref!.environment_key).not.toBe(first.ref!.environment_key);
    expect(pipWheelRuns(h.runner.calls)).toBe(0);
    expect((await backendCalls(sdist)).filter((c) => c === 'wheel')).toEqual(['wheel']);
    const again = await h.store.readManifest(second.ref!.environment_key!);
    if (!again.ready) throw new Error('not ready');
    expect(again.manifest.resolved_packages?.find((p) => p.name === 'ptg-sdist-only')?.sha256).toBe(wheelSha);
    // The very same stored wheel file (same inode, untouched) and the same unpacked entry, linked.
    const wheelAfter = await stat(storedWheel);
    expect([wheelAfter.ino, wheelAfter.mtimeMs]).toEqual([wheelBefore.ino, wheelBefore.mtimeMs]);
    const site = (python: string): string =>
      execFileSync(python, ['-I', '-c', 'import ptg_sdist_only, os; print(os.path.abspath(ptg_sdist_only.__file__))'], {
        encoding: 'utf8',
      }).trim();
    expect((await stat(site(second.ref!.python_executable!))).ino).toBe((await stat(storedModule)).ino);
    expect(importIn(second.ref!.python_executable!)).toBe('ptg-sdist-only==1.0.0');
  });
});
