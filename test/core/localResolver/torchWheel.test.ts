/**
 * The real CPU torch wheel (the test mirror's wheel folder) with its dependencies as real wheels
 * from the mirror's file folder (numpy and MarkupSafe are manylinux wheels too): the local
 * resolver answers the offline plan, and its answer is pip's dry run, field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localResolveInput } from '../../../src/core/provision/localResolution.js';
import type { InstallPlan } from '../../../src/core/provision/installPlan.js';
import { resolveLocally } from '../../../src/core/localResolver/localResolve.js';
import { HEAVY_STACK_PINS, mirrorFilesFolder, testPackageIndex } from '../../support/testIndex.js';
import { installRequirement } from '../../support/installPlans.js';
import { basePythonExecutable, probeFacts } from '../../support/python.js';
import { makeTempDir } from '../../support/wheelFixtures.js';
import { comparable, pipAnswer } from './differential.js';
import type { DifferentialContext } from './differential.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let context: DifferentialContext;

beforeAll(async () => {
  tmp = await makeTempDir('local resolver torch');
  context = { dir: tmp.dir, facts: probeFacts(basePythonExecutable()) };
});
afterAll(async () => tmp.cleanup());

describe('the CPU torch wheel from a local folder', () => {
  it('resolves locally to exactly what pip resolves', async () => {
    const torchFolder = testPackageIndex().findLinks[0];
    expect(torchFolder, 'test precondition: a wheel folder with the CPU torch wheel').toBeDefined();
    const plan: InstallPlan = {
      defaultIndexUrl: null,
      requirements: [
        installRequirement({ name: 'torch', version: HEAVY_STACK_PINS.torch }, { wheelSourcePath: torchFolder! }),
        installRequirement({ name: 'numpy', version: HEAVY_STACK_PINS.numpy }, { wheelSourcePath: mirrorFilesFolder() }),
      ],
    };
    const prepared = localResolveInput(plan);
    if (!('input' in prepared)) throw new Error(prepared.reason);
    const local = await resolveLocally(prepared.input, context.facts);
    const pip = await pipAnswer(context, plan);
    expect(pip.ok, JSON.stringify(pip)).toBe(true);
    expect(local.resolved, JSON.stringify(local)).toBe(true);
    if (!pip.ok || !local.resolved) return;
    expect(local.distributions.map(comparable)).toEqual(pip.value.map(comparable));
    expect(local.distributions.map((d) => d.fileName)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^torch-2\.13\.0\+cpu-cp311-cp311-manylinux_2_28_x86_64\.whl$/),
        expect.stringMatching(/^markupsafe-.*manylinux.*\.whl$/),
        expect.stringMatching(/^numpy-2\.4\.6-.*manylinux.*\.whl$/),
      ]),
    );
  }, 60_000);
});
