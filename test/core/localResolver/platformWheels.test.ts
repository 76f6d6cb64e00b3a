/**
 * Platform wheels (manylinux, abi3, other architectures, other Pythons, build tags) resolved by the
 * local resolver and by real pip's dry run on the same folders: pip's choice among the wheels that
 * fit, and its skipping of those that do not, are the local resolver's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallPlan } from '../../../src/core/provision/installPlan.js';
import { installRequirement } from '../../support/installPlans.js';
import { basePythonExecutable, probeFacts } from '../../support/python.js';
import { makeTempDir } from '../../support/wheelFixtures.js';
import { expectSameAsPip, fixtureWheel, localAnswer, pipAnswer, wheelFolder } from './differential.js';
import type { DifferentialContext } from './differential.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let context: DifferentialContext;
/** This interpreter's `cpXY`, the next minor's, its architecture and another one. */
let cp: string;
let cpNext: string;
let arch: string;
let otherArch: string;

beforeAll(async () => {
  tmp = await makeTempDir('local resolver platform wheels');
  const facts = probeFacts(basePythonExecutable());
  context = { dir: tmp.dir, facts };
  const [major, minor] = facts.majorMinor.split('.');
  cp = `cp${major}${minor}`;
  cpNext = `cp${major}${Number(minor) + 1}`;
  arch = facts.wheelTags.sysconfigPlatform.replace(/^linux-/, '');
  otherArch = arch === 'x86_64' ? 'aarch64' : 'x86_64';
});
afterAll(async () => tmp.cleanup());

const pins = (dir: string, ...names: [string, string][]): InstallPlan => ({
  defaultIndexUrl: null,
  requirements: names.map(([name, version]) => installRequirement({ name, version }, { wheelSourcePath: dir })),
});
const picked = (resolved: { name: string; fileName: string }[], name: string) => resolved.find((d) => d.name === name)?.fileName;

describe.concurrent('platform wheels: the local resolver picks what pip picks', () => {
  it('a manylinux wheel that fits; other architectures, Windows, musllinux, another Python and a too new glibc are skipped', async () => {
    const dir = await wheelFolder(context);
    await fixtureWheel(dir, 'app', '1.0', ['native>=1']);
    await fixtureWheel(dir, 'native', '1.0', [], { tag: `${cp}-${cp}-manylinux_2_17_${arch}.manylinux2014_${arch}` });
    for (const tag of [
      `${cp}-${cp}-manylinux_2_17_${otherArch}`,
      `${cp}-${cp}-win_amd64`,
      `${cp}-${cp}-musllinux_1_1_${arch}`,
      `${cpNext}-${cpNext}-manylinux_2_17_${arch}`,
      `${cp}-${cp}-manylinux_2_99_${arch}`,
    ])
      await fixtureWheel(dir, 'native', '2.0', [], { tag });
    const resolved = await expectSameAsPip(context, pins(dir, ['app', '1.0']));
    expect(picked(resolved, 'native')).toBe(`native-1.0-${cp}-${cp}-manylinux_2_17_${arch}.manylinux2014_${arch}.whl`);
  });

  it('an abi3 wheel of an older Python beats a pure wheel; cpXY beats abi3; a newer manylinux beats linux_<arch>', async () => {
    const dir = await wheelFolder(context);
    await fixtureWheel(dir, 'stable', '1.0', [], { tag: `cp38-abi3-manylinux_2_28_${arch}` });
    await fixtureWheel(dir, 'stable', '1.0');
    await fixtureWheel(dir, 'exact', '1.0', [], { tag: `cp38-abi3-manylinux_2_17_${arch}` });
    await fixtureWheel(dir, 'exact', '1.0', [], { tag: `${cp}-${cp}-manylinux_2_5_${arch}` });
    await fixtureWheel(dir, 'linuxy', '1.0', [], { tag: `${cp}-${cp}-linux_${arch}` });
    await fixtureWheel(dir, 'linuxy', '1.0', [], { tag: `${cp}-${cp}-manylinux_2_28_${arch}` });
    await fixtureWheel(dir, 'linuxy', '1.0', [], { tag: `${cp}-${cp}-manylinux_2_17_${arch}` });
    const resolved = await expectSameAsPip(context, pins(dir, ['stable', '1.0'], ['exact', '1.0'], ['linuxy', '1.0']));
    expect(picked(resolved, 'stable')).toBe(`stable-1.0-cp38-abi3-manylinux_2_28_${arch}.whl`);
    expect(picked(resolved, 'exact')).toBe(`exact-1.0-${cp}-${cp}-manylinux_2_5_${arch}.whl`);
    expect(picked(resolved, 'linuxy')).toBe(`linuxy-1.0-${cp}-${cp}-manylinux_2_28_${arch}.whl`);
  });

  it('build tags break a tie of tags (the highest wins, none is lowest), but never beat a better tag', async () => {
    const dir = await wheelFolder(context);
    await fixtureWheel(dir, 'built', '1.0');
    await fixtureWheel(dir, 'built', '1.0', [], { buildTag: '2' });
    await fixtureWheel(dir, 'built', '1.0', [], { buildTag: '10' });
    await fixtureWheel(dir, 'built', '1.0', [], { buildTag: '10a' });
    await fixtureWheel(dir, 'ranked', '1.0', [], { buildTag: '9' });
    await fixtureWheel(dir, 'ranked', '1.0', [], { tag: `${cp}-none-any` });
    const resolved = await expectSameAsPip(context, pins(dir, ['built', '1.0'], ['ranked', '1.0']));
    expect(picked(resolved, 'built')).toBe('built-1.0-10a-py3-none-any.whl');
    expect(picked(resolved, 'ranked')).toBe(`ranked-1.0-${cp}-none-any.whl`);
  });

  it('a direct .whl with a platform tag that fits', async () => {
    const dir = await wheelFolder(context);
    const direct = await fixtureWheel(dir, 'direct-native', '1.0', [], { tag: `${cp}-abi3-manylinux_2_17_${arch}` });
    await expectSameAsPip(context, {
      defaultIndexUrl: null,
      requirements: [installRequirement({ name: 'direct-native', version: '1.0' }, { wheelSourcePath: direct })],
    });
  });
});

describe.concurrent('platform wheels: the local resolver steps aside where pip could differ', () => {
  it('two wheels pip ranks equal (its pick depends on its listing order)', async () => {
    const dir = await wheelFolder(context);
    await fixtureWheel(dir, 'tie', '1.0');
    await fixtureWheel(dir, 'tie', '1.0', [], { tag: 'py2.py3-none-any' });
    const plan = pins(dir, ['tie', '1.0']);
    expect(await localAnswer(plan, context.facts)).toEqual({
      resolved: false,
      reason: '2 wheels of tie 1.0 fit and pip ranks tie-1.0-py2.py3-none-any.whl and tie-1.0-py3-none-any.whl equal',
    });
    expect((await pipAnswer(context, plan)).ok).toBe(true);
  });

  it('a direct .whl that does not fit (pip then says so) and a folder whose only wheel is for Windows', async () => {
    const dir = await wheelFolder(context);
    const direct = await fixtureWheel(dir, 'win-only', '1.0', [], { tag: `${cp}-${cp}-win_amd64` });
    const plan: InstallPlan = {
      defaultIndexUrl: null,
      requirements: [installRequirement({ name: 'win-only', version: '1.0' }, { wheelSourcePath: direct })],
    };
    expect(await localAnswer(plan, context.facts)).toEqual({
      resolved: false,
      reason: `win_only-1.0-${cp}-${cp}-win_amd64.whl does not fit this Python`,
    });
    expect((await pipAnswer(context, plan)).ok).toBe(false);
    const fromFolder = pins(dir, ['win-only', '1.0']);
    expect(await localAnswer(fromFolder, context.facts)).toEqual({ resolved: false, reason: 'no local file for win-only==1.0' });
    expect((await pipAnswer(context, fromFolder)).ok).toBe(false);
  });
});
