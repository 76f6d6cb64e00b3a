import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageStoreLayout } from '../../../src/core/packageStore/packageStoreLayout.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { writeFixtureSdist } from '../../support/sdistFixtures.js';
import type { FixtureSdist } from '../../support/sdistFixtures.js';
import { basePythonExecutable, childEnv } from '../../support/python.js';
import { testPackageIndex } from '../../support/testIndex.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let sourceDir: string;
let sdist: FixtureSdist;

beforeAll(async () => {
  temp = await makeTempDir('sdist index build');
  sourceDir = join(temp.dir, 'sources');
  // A plain setuptools project: its build needs setuptools, which only the index has.
  sdist = await writeFixtureSdist(sourceDir, 'ptg-sdist-setuptools', '1.0.0', [], { backend: 'setuptools' });
});
afterAll(async () => temp.cleanup());

describe('an sdist whose build backend comes from the package index (real index)', () => {
  it('is built once with the backend installed from the same index, then reused', async () => {
    const index = testPackageIndex();
    const h = createServiceHarness(join(temp.dir, 'data'), { defaultIndexUrl: index.indexUrl });
    const patches = [wheelFolderPatch('test-binding', sourceDir)];
    const wheelRuns = (): number => h.runner.calls.filter((c) => c.args.includes('wheel')).length;

    const first = await h.service.ensure({ requirements: payloadFor([sdist]), overrides: patches });
    expect(first.errors).toEqual([]);
    expect(first.state).toBe('ready');
    expect(wheelRuns()).toBe(1);
    const run = h.runner.calls.find((c) => c.args.includes('wheel'))!;
    expect(run.args).toEqual(expect.arrayContaining(['--index-url', index.indexUrl, '--find-links', sourceDir]));
    const read = await h.store.readManifest(first.ref!.environment_key!);
    if (!read.ready) throw new Error('not ready');
    const record = read.manifest.resolved_packages?.find((p) => p.name === 'ptg-sdist-setuptools');
    expect(record).toMatchObject({ source: sdist.path, wheel: 'ptg_sdist_setuptools-1.0.0-py3-none-any.whl' });
    expect(JSON.parse(await readFile(packageStoreLayout(h.dataDir).builtRecord(sdist.sha256), 'utf8'))).toMatchObject({
      sha256: record!.sha256,
    });
    expect(
      execFileSync(first.ref!.python_executable!, ['-I', '-c', 'import ptg_sdist_setuptools as m; print(m.VALUE)'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('ptg-sdist-setuptools==1.0.0');
    // setuptools was only the build's: the environment holds just the project.
    expect(read.manifest.resolved_packages?.map((p) => p.name)).toEqual(['ptg-sdist-setuptools']);

    h.runner.reset();
    const second = await h.service.ensure({
      requirements: payloadFor([sdist], { envId: 'python-venv:another-profile:1:none:any:demo' }),
      overrides: patches,
    });
    expect(second.state).toBe('ready');
    expect(second.ref!.environment_key).not.toBe(first.ref!.environment_key);
    expect(wheelRuns()).toBe(0);
  });

  it('builds offline (--no-index) when the wheel folder also holds the backend (setuptools)', async () => {
    const index = testPackageIndex();
    const offlineDir = join(temp.dir, 'offline sources');
    const offlineSdist = await writeFixtureSdist(offlineDir, 'ptg-sdist-offline', '1.0.0', [], { backend: 'setuptools' });
    // Fetch the backend's wheel once (real pip, from the test index) into the folder; then no index at all.
    execFileSync(
      basePythonExecutable(),
      [
        '-I',
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--only-binary',
        ':all:',
        '--index-url',
        index.indexUrl,
        '-d',
        offlineDir,
        'setuptools>=70.1',
      ],
      { env: childEnv(), stdio: 'pipe' },
    );
    const h = createServiceHarness(join(temp.dir, 'data offline'));
    const outcome = await h.service.ensure({
      requirements: payloadFor([offlineSdist]),
      overrides: [wheelFolderPatch('test-binding', offlineDir)],
    });
    expect(outcome.errors).toEqual([]);
    expect(outcome.state).toBe('ready');
    const run = h.runner.calls.find((c) => c.args.includes('wheel'))!;
    expect(run.args).toEqual(expect.arrayContaining(['--no-index', '--find-links', offlineDir]));
    expect(run.args).not.toContain('--index-url');
    const read = await h.store.readManifest(outcome.ref!.environment_key!);
    if (!read.ready) throw new Error('not ready');
    expect(read.manifest.resolved_packages?.map((p) => p.name)).toEqual(['ptg-sdist-offline']);
    expect(
      execFileSync(outcome.ref!.python_executable!, ['-I', '-c', 'import ptg_sdist_offline as m; print(m.VALUE)'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('ptg-sdist-offline==1.0.0');
  });
});
