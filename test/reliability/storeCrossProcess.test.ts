/**
 * The package store across OS processes: two installs of different keys that need the same wheel
 * (served by a real HTTP index) download and unpack it once, and both environments link it.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageStoreLayout } from '../../src/core/packageStore/packageStoreLayout.js';
import { payloadFor } from '../support/serviceHarness.js';
import { makeTempDir, writeFixtureWheel } from '../support/wheelFixtures.js';
import type { FixtureWheel } from '../support/wheelFixtures.js';
import { importCheck, runWorkersTogether } from './support/workers.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let shared: FixtureWheel;
let onlyB: FixtureWheel;
let server: Server;
let indexUrl: string;
/** Downloads of each wheel file by anything but pip (pip's dry run fetches wheels too). */
const storeDownloads = new Map<string, number>();

beforeAll(async () => {
  temp = await makeTempDir('store cross process');
  const wheelDir = join(temp.dir, 'wheels');
  shared = await writeFixtureWheel(wheelDir, 'xs-shared', '1.0.0');
  onlyB = await writeFixtureWheel(wheelDir, 'xs-only-b', '1.0.0');
  const wheels = [shared, onlyB];
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    const page = /^\/simple\/([^/]+)\/$/.exec(url);
    if (page) {
      const found = wheels.filter((w) => w.name === page[1]);
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!DOCTYPE html><html><body>${found.map((w) => `<a href="/files/${basename(w.path)}#sha256=${w.hash.slice(7)}">${basename(w.path)}</a>`).join('')}</body></html>`,
      );
      return;
    }
    const file = /^\/files\/([^/#?]+)$/.exec(url);
    const wheel = file ? wheels.find((w) => basename(w.path) === file[1]) : undefined;
    if (!wheel) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (!/^pip\//.test(req.headers['user-agent'] ?? ''))
      storeDownloads.set(wheel.name, (storeDownloads.get(wheel.name) ?? 0) + 1);
    void readFile(wheel.path).then((body) => res.end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  indexUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple`;
});
afterAll(async () => {
  server.close();
  await temp.cleanup();
});

describe('the package store across processes', () => {
  it('downloads and unpacks a wheel two installs share once, and both environments link the same files', async () => {
    const dataDir = join(temp.dir, 'data');
    const requests = [{ requirements: payloadFor([shared]) }, { requirements: payloadFor([shared, onlyB]) }];
    const { outcomes } = await runWorkersTogether(
      (i) => ({ dataDir, settings: { defaultIndexUrl: indexUrl }, requests: [requests[i]!] }),
      2,
    );

    expect(outcomes.map((o) => [o.state, o.installed, o.codes])).toEqual([
      ['ready', true, []],
      ['ready', true, []],
    ]);
    expect(new Set(outcomes.map((o) => o.key)).size).toBe(2);
    expect(storeDownloads.get(shared.name)).toBe(1);
    expect(storeDownloads.get(onlyB.name)).toBe(1);
    const layout = packageStoreLayout(dataDir);
    expect((await readdir(layout.packagesDir)).sort()).toEqual([shared.hash.slice(7), onlyB.hash.slice(7)].sort());
    expect((await readdir(layout.tmpDir)).filter((n) => n.startsWith('unpack-') || n.startsWith('wheel-'))).toEqual([]);
    const inodes = await Promise.all(
      outcomes.map(async (o) => {
        const lib = join(o.python_executable!, '..', '..', 'lib');
        const [py] = await readdir(lib);
        return (await stat(join(lib, py!, 'site-packages', shared.module, '__init__.py'))).ino;
      }),
    );
    expect(inodes[0]).toBe(inodes[1]);
    for (const o of outcomes) expect(importCheck(o.python_executable!, [shared.module])).toEqual([`${shared.name}==1.0.0`]);
  });
});
