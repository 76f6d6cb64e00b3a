/**
 * A real wheel with compiled extension modules and bundled shared libraries (numpy, from the test
 * package index) unpacked into the store and linked into a venv: it must import and compute.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEnvironment } from '../../../src/core/wheelInstaller/verifyEnvironment.js';
import { probeFacts } from '../../support/python.js';
import { HEAVY_STACK_PINS, testPackageIndex } from '../../support/testIndex.js';
import { makeTempDir } from '../../support/wheelFixtures.js';
import { basePython, linkAll, makeVenv, run, unpackInto } from './support.js';

let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir('real wheel');
});
afterAll(async () => {
  await tmp.cleanup();
});

/** Finds `name==version`'s wheel for the base interpreter on the test index and copies it into `dir`. */
async function fetchWheel(name: string, version: string, dir: string): Promise<string> {
  const { indexUrl } = testPackageIndex();
  const pyTag = `cp${probeFacts(basePython).majorMinor.replace('.', '')}`;
  const pageUrl = new URL(`${name}/`, indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`);
  const page =
    pageUrl.protocol === 'file:'
      ? await readFile(join(fileURLToPath(pageUrl), 'index.html'), 'utf8')
      : await (await fetch(pageUrl)).text();
  const hrefs = [...page.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&'), pageUrl));
  const wanted = hrefs.find((url) => {
    const file = decodeURIComponent(url.pathname.split('/').pop()!);
    return file.startsWith(`${name}-${version}-${pyTag}-`) && file.endsWith('.whl') && /linux_x86_64|manylinux/.test(file);
  });
  if (!wanted) throw new Error(`no ${name}==${version} ${pyTag} wheel on ${pageUrl.href}`);
  const fileName = decodeURIComponent(wanted.pathname.split('/').pop()!);
  const target = join(dir, fileName);
  await mkdir(dir, { recursive: true });
  if (wanted.protocol === 'file:') await copyFile(fileURLToPath(wanted), target);
  else await writeFile(target, Buffer.from(await (await fetch(wanted)).arrayBuffer()));
  return target;
}

describe('a real wheel with compiled extensions', () => {
  it('unpacks numpy into the store, links it into a venv, and it imports and computes', async () => {
    const wheel = await fetchWheel('numpy', HEAVY_STACK_PINS.numpy, join(tmp.dir, 'wheels'));
    const entry = await unpackInto(join(tmp.dir, 'store'), wheel);
    expect(entry.rootIsPurelib).toBe(false);
    expect(entry.files.some((f) => f.path.endsWith('.so'))).toBe(true);

    const env = await makeVenv(join(tmp.dir, 'env numpy'));
    const [linked] = await linkAll(env, [{ entry, requested: true }]);
    expect(linked!.copiedFiles).toBe(0);
    const out = run(env.pythonExecutable, [
      '-c',
      'import numpy; a = numpy.arange(10); print(numpy.__version__, int(a.sum()), numpy.linalg.inv(numpy.eye(2) * 2).tolist())',
    ]);
    expect(out).toBe(`${HEAVY_STACK_PINS.numpy} 45 [[0.5, 0.0], [0.0, 0.5]]\n`);
    expect(run(join(env.scripts, 'numpy-config'), ['--version']).trim()).toBe(HEAVY_STACK_PINS.numpy);

    const extension = entry.files.find((f) => /^numpy\/_core\/_multiarray_umath\..*\.so$/.test(f.path))!.path;
    expect((await stat(join(env.platlib, extension))).ino).toBe((await stat(join(entry.entryDir, extension))).ino);
    expect(await verifyEnvironment({ sitePackagesDirs: [env.purelib, env.platlib] })).toMatchObject({ ok: true, changed: [] });
  }, 180_000);
});
