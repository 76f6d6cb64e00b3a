/**
 * Random wheel folders (versions, ranges, markers, shared and conflicting dependencies, platform
 * wheels next to the pure ones: fitting, not fitting, ranked better, or tied), resolved
 * by the local resolver and by real pip: whenever the local resolver answers, pip answers the same;
 * it never answers where pip fails.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLocally } from '../../../src/core/localResolver/localResolve.js';
import { writeWheel } from '../../../src/core/packaging/wheelWriter.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { localResolveInput } from '../../../src/core/provision/localResolution.js';
import { resolvePackages } from '../../../src/core/provision/resolvePackages.js';
import type { InterpreterFacts } from '../../../src/core/python/interpreterFacts.js';
import { offlinePlan } from '../../support/installPlans.js';
import { basePythonExecutable, probeFacts } from '../../support/python.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

const NAMES = ['pa', 'pb', 'pc', 'pd'];
const VERSIONS = ['1.0', '1.5', '2.0'];
const SPECIFIERS = ['', '>=1.5', '<2', '==1.0', '>=1.0,<2.0', '!=1.5', '~=1.0'];
const MARKERS = [null, 'python_version >= "3"', 'sys_platform == "win32"', 'extra == "x"'];
/** Extra wheels of a version, by tag; `{cp}` and `{arch}` are this interpreter's. */
const EXTRA_TAGS = [
  '{cp}-{cp}-manylinux_2_17_{arch}.manylinux2014_{arch}',
  '{cp}-{cp}-win_amd64',
  'cp38-abi3-manylinux_2_28_{arch}',
  '{cp}-{cp}-manylinux_2_99_{arch}',
  'py2.py3-none-any',
];

let tmp: { dir: string; cleanup: () => Promise<void> };
let facts: InterpreterFacts;
let cases = 0;
let cp: string;
let arch: string;
const deps = { runner: new ExecaProcessRunner(), platform: process.platform, parentEnv: process.env };

beforeAll(async () => {
  tmp = await makeTempDir('local resolver property');
  facts = probeFacts(basePythonExecutable());
  cp = `cp${facts.majorMinor.replace('.', '')}`;
  arch = facts.wheelTags.sysconfigPlatform.replace(/^linux-/, '');
});
afterAll(async () => tmp.cleanup());

/** For each name after the first: which versions exist, and per version its dependencies on later names. */
const folderArbitrary = fc.array(
  fc.record({
    versions: fc.subarray(VERSIONS, { minLength: 1 }),
    extraTags: fc.subarray(EXTRA_TAGS, { maxLength: 2 }),
    dependencies: fc.array(
      fc.record({
        on: fc.integer({ min: 1, max: NAMES.length - 1 }),
        specifier: fc.constantFrom(...SPECIFIERS),
        marker: fc.constantFrom(...MARKERS),
      }),
      { maxLength: 3 },
    ),
  }),
  { minLength: NAMES.length, maxLength: NAMES.length },
);

describe('resolveLocally on random folders', () => {
  it('answers only what pip answers', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(folderArbitrary, fc.constantFrom(...VERSIONS), async (folder, rootVersion) => {
        const dir = join(tmp.dir, `case ${cases++}`);
        await mkdir(dir, { recursive: true });
        for (const [i, entry] of folder.entries()) {
          const versions = i === 0 ? [...new Set([...entry.versions, rootVersion])] : entry.versions;
          for (const version of versions) {
            const requiresDist = entry.dependencies
              .filter((d) => d.on > i)
              .map((d) => `${NAMES[d.on]}${d.specifier}${d.marker === null ? '' : ` ; ${d.marker}`}`);
            for (const tag of [undefined, ...entry.extraTags])
              await writeWheel({
                outDir: dir,
                name: NAMES[i]!,
                version,
                modules: { [`${NAMES[i]}/__init__.py`]: '' },
                requiresDist,
                ...(tag === undefined ? {} : { tag: tag.replace(/\{cp\}/g, cp).replace(/\{arch\}/g, arch) }),
              });
          }
        }
        const plan = offlinePlan([{ name: NAMES[0]!, version: rootVersion }] as never, dir);
        const prepared = localResolveInput(plan);
        if (!('input' in prepared)) throw new Error(prepared.reason);
        const [local, pip] = await Promise.all([
          resolveLocally(prepared.input, facts),
          resolvePackages(deps, facts.executable, plan, { scratchDir: join(tmp.dir, 'scratch') }),
        ]);
        if (!local.resolved) return;
        answered += 1;
        expect(pip.ok, `pip failed where the local resolver answered ${JSON.stringify(local.distributions)}`).toBe(true);
        if (!pip.ok) return;
        const pick = (d: { name: string; version: string; fileName: string; indexSha256: string | null; requested: boolean }) =>
          `${d.name}==${d.version} ${d.fileName} ${d.indexSha256} ${d.requested}`;
        expect(local.distributions.map(pick)).toEqual(pip.value.map(pick));
      }),
      { numRuns: 14 },
    );
    // The property is not vacuous: most random folders are answered locally.
    expect(answered).toBeGreaterThan(3);
  });
});
