import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepCheckEnvironment } from '../../../src/core/environment/deepCheck.js';
import { PantographError } from '../../../src/core/errors/structuredError.js';
import { packageStoreLayout } from '../../../src/core/packageStore/packageStoreLayout.js';
import { parsePipReport } from '../../../src/core/packageStore/pipReport.js';
import type { ResolvedDistribution } from '../../../src/core/packageStore/pipReport.js';
import { collectPackageStore } from '../../../src/core/packageStore/storeGc.js';
import { storeWheel } from '../../../src/core/packageStore/wheelStore.js';
import { createServiceHarness, payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';
import { makeTempDir, writeFixtureWheel } from '../../support/wheelFixtures.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let wheel: FixtureWheel;
let other: FixtureWheel;

beforeAll(async () => {
  temp = await makeTempDir('package store');
  wheelDir = join(temp.dir, 'wheels');
  wheel = await writeFixtureWheel(wheelDir, 'ptg-stored', '1.0.0');
  other = await writeFixtureWheel(wheelDir, 'ptg-other', '2.0.0');
});
afterAll(async () => temp.cleanup());

const hex = (w: FixtureWheel): string => w.hash.slice('sha256:'.length);

describe('pip report parsing', () => {
  it('sorts by normalized name, keeps requested flags and hashes, and never keeps credentials in the source', () => {
    const parsed = parsePipReport({
      version: '1',
      install: [
        {
          metadata: { name: 'Zeta_Pkg', version: '1.0' },
          requested: false,
          download_info: {
            url: 'https://user:s3cret@example.test/files/zeta_pkg-1.0-py3-none-any.whl',
            archive_info: { hashes: { sha256: 'a'.repeat(64) } },
          },
        },
        {
          metadata: { name: 'alpha', version: '2.0' },
          requested: true,
          is_direct: true,
          download_info: { url: 'file:///opt/w/alpha-2.0.tar.gz', archive_info: { hash: `sha256=${'b'.repeat(64)}` } },
        },
      ],
    });
    if (!parsed.ok) throw new Error('parse failed');
    expect(parsed.value.map((d) => [d.name, d.kind, d.requested, d.indexSha256, d.source])).toEqual([
      ['alpha', 'sdist', true, 'b'.repeat(64), '/opt/w/alpha-2.0.tar.gz'],
      ['zeta-pkg', 'wheel', false, 'a'.repeat(64), 'https://***@example.test/files/zeta_pkg-1.0-py3-none-any.whl'],
    ]);
  });

  it('answers a malformed report with a structured error naming where', () => {
    const parsed = parsePipReport({ version: '1', install: [{ metadata: { name: 'x' } }] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ code: 'dependency_install_failed', path: ['install', 0, 'metadata', 'version'] });
  });
});

describe('wheels, once', () => {
  it('downloads a remote wheel with its credentials in a header, checks the index hash, and refuses a mismatch', async () => {
    const body = await readFile(wheel.path);
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const layout = packageStoreLayout(join(temp.dir, 'data download'));
      const url = `http://tok:s3cret@127.0.0.1:${port}/files/${wheel.path.split('/').pop()}`;
      const dist: ResolvedDistribution = {
        name: wheel.name,
        version: wheel.version,
        url,
        source: 'redacted',
        fileName: wheel.path.split('/').pop()!,
        kind: 'wheel',
        indexSha256: hex(wheel),
        requested: true,
        isDirect: false,
      };
      const stored = await storeWheel(layout, dist, {});
      expect(stored.sha256).toBe(hex(wheel));
      expect(await readFile(stored.path)).toEqual(body);
      expect(seen).toEqual([`Basic ${Buffer.from('tok:s3cret').toString('base64')}`]);
      // Once: a second request is answered from the store.
      await storeWheel(layout, dist, {});
      expect(seen).toHaveLength(1);
      const wrong = storeWheel(layout, { ...dist, indexSha256: 'c'.repeat(64) }, {});
      await expect(wrong).rejects.toBeInstanceOf(PantographError);
      await expect(wrong).rejects.toMatchObject({ errors: [{ code: 'dependency_install_failed' }] });
      expect((await readdir(layout.wheelsDir)).sort()).toEqual([hex(wheel)]);
      expect(await readdir(layout.tmpDir)).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('computes the sha256 of a local wheel the index gave none for', async () => {
    const layout = packageStoreLayout(join(temp.dir, 'data local'));
    const name = other.path.split('/').pop()!;
    const stored = await storeWheel(
      layout,
      {
        name: other.name,
        version: other.version,
        url: pathToFileURL(other.path).href,
        source: other.path,
        fileName: name,
        kind: 'wheel',
        indexSha256: null,
        requested: true,
        isDirect: false,
      },
      {},
    );
    expect(stored).toMatchObject({ sha256: hex(other), fileName: name });
  });
});

describe('deep check and GC', () => {
  it('names a file changed in place, stops reuse so the next ensure rebuilds, and GC keeps referenced entries only', async () => {
    const h = createServiceHarness(join(temp.dir, 'data check'));
    const patches = [wheelFolderPatch('test-binding', wheelDir)];
    const first = await h.service.ensure({ requirements: payloadFor([wheel]), overrides: patches });
    const key = first.ref!.environment_key!;
    const clean = await deepCheckEnvironment(h.store, key, { platform: process.platform });
    expect(clean.ok && clean.value.ok).toBe(true);

    const site = join(h.store.envDir(key), 'lib');
    const [pyDir] = await readdir(site);
    const file = join(site, pyDir!, 'site-packages', 'ptg_stored', '__init__.py');
    expect((await stat(file)).mode & 0o222).toBe(0); // store files are read-only
    await chmod(file, 0o644);
    await writeFile(file, 'VALUE = "tampered"\n', { flag: 'r+' });
    const changed = await deepCheckEnvironment(h.store, key, { platform: process.platform });
    if (!changed.ok) throw new Error('deep check failed to run');
    expect(changed.value.ok).toBe(false);
    expect(changed.value.changed).toEqual([expect.objectContaining({ distribution: 'ptg-stored', path: file })]);
    // The in-place write reached the store entry (a hard link is the same file): it is removed too.
    expect(changed.value.removedStoreEntries).toEqual([hex(wheel)]);

    // The fast path does not hash, but it no longer reuses the environment.
    const again = await h.service.ensure({ requirements: payloadFor([wheel]), overrides: patches });
    expect(again.state).toBe('ready');
    expect(again.installed).toBe(true);
    expect(
      execFileSync(again.ref!.python_executable!, ['-I', '-c', 'import ptg_stored; print(ptg_stored.VALUE)'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('ptg-stored==1.0.0');

    // The tampered store entry is not trusted any more: GC keeps only what manifests reference.
    const layout = packageStoreLayout(h.dataDir);
    await h.service.ensure({ requirements: payloadFor([other]), overrides: patches });
    const otherKey = await h.service.computeKey({ requirements: payloadFor([other]), overrides: patches });
    if (!otherKey.ok) throw new Error('no key');
    expect(await h.service.remove(otherKey.key.shortKey)).toEqual({ removed: true });
    const dry = await collectPackageStore(h.store, layout, { dryRun: true });
    expect(dry.removed).toEqual([hex(other)]);
    const gc = await collectPackageStore(h.store, layout);
    expect(gc.removed).toEqual([hex(other)]);
    expect(await readdir(layout.packagesDir)).toEqual([hex(wheel)]);
    expect(await readdir(layout.wheelsDir)).toEqual([hex(wheel)]);
  });
});
