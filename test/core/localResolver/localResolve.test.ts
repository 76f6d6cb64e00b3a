/**
 * The local resolver against pip's own resolver (`pip install --dry-run --report`, the real pip
 * of the base interpreter) on the same wheel folders: where the local resolver answers, its answer
 * is pip's, field by field; where it cannot be certain, it steps aside with a reason.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../src/core/packaging/wheelWriter.js';
import type { InstallPlan } from '../../../src/core/provision/installPlan.js';
import { installRequirement, offlinePlan } from '../../support/installPlans.js';
import { basePythonExecutable, probeFacts } from '../../support/python.js';
import { makeTempDir, writeWheelChain } from '../../support/wheelFixtures.js';
import { expectSameAsPip as sameAsPip, fixtureWheel, localAnswer as answer, pipAnswer, wheelFolder } from './differential.js';
import type { DifferentialContext } from './differential.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let context: DifferentialContext;

beforeAll(async () => {
  tmp = await makeTempDir('local resolver');
  context = { dir: tmp.dir, facts: probeFacts(basePythonExecutable()) };
});
afterAll(async () => tmp.cleanup());

const folder = () => wheelFolder(context);
const wheel = (dir: string, name: string, version: string, requiresDist: string[] = [], tag?: string) =>
  fixtureWheel(dir, name, version, requiresDist, tag === undefined ? {} : { renameTo: tag });
const localAnswer = (plan: InstallPlan) => answer(plan, context.facts);
const expectSameAsPip = (plan: InstallPlan) => sameAsPip(context, plan);

describe.concurrent('resolveLocally answers exactly what pip answers', () => {
  it('a chain of pinned wheels with shared dependencies', async () => {
    const dir = await folder();
    const chain = await writeWheelChain(dir, 8, 'lr-chain');
    const resolved = await expectSameAsPip(offlinePlan(chain.slice(0, 3), dir));
    expect(resolved.map((d) => d.name)).toContain('lr-chain-07');
  });

  it('ranges, markers, extras markers, an older root pin, other tags and a lower source archive', async () => {
    const dir = await folder();
    await wheel(dir, 'app', '1.0', [
      'lib (>=1.0,<2)',
      'util',
      'tool>=0.5 ; python_version >= "3.8" and os_name == "posix"',
      'legacy ; python_version < "3"',
      'testdep ; extra == "test"',
      'winonly ; sys_platform == "win32"',
    ]);
    for (const v of ['1.0', '1.5', '2.0']) await wheel(dir, 'lib', v);
    for (const v of ['0.1', '0.2']) await wheel(dir, 'util', v);
    await wheel(dir, 'util', '0.3', [], 'py2-none-any');
    for (const v of ['0.5', '0.9']) await wheel(dir, 'tool', v);
    await writeFile(join(dir, 'lib-1.2.tar.gz'), 'never opened');
    const plan = offlinePlan(
      [
        { name: 'app', version: '1.0' },
        { name: 'util', version: '0.1' },
      ] as never,
      dir,
    );
    const resolved = await expectSameAsPip(plan);
    expect(resolved.map((d) => `${d.name}==${d.version}`)).toEqual(['app==1.0', 'lib==1.5', 'tool==0.9', 'util==0.1']);
  });

  it('normalized names, a local version label, a root marker that is false and one that is true', async () => {
    const dir = await folder();
    await wheel(dir, 'Top.App', '2.0', ['Foo.Bar_Baz>=1', 'torchish==2.0.0']);
    await wheel(dir, 'foo_bar.baz', '1.1');
    await wheel(dir, 'torchish', '2.0.0+cpu');
    await wheel(dir, 'never', '1.0');
    const plan: InstallPlan = {
      defaultIndexUrl: null,
      requirements: [
        installRequirement({ name: 'top-app', version: '2.0' }, { wheelSourcePath: dir, markers: 'sys_platform != "win32"' }),
        installRequirement({ name: 'never', version: '1.0' }, { wheelSourcePath: dir, markers: 'python_version < "3"' }),
      ],
    };
    const resolved = await expectSameAsPip(plan);
    expect(resolved.map((d) => d.name)).toEqual(['foo-bar-baz', 'top-app', 'torchish']);
  });

  it('a direct .whl requirement whose dependency comes from a folder, and a hash-checked plan', async () => {
    const dir = await folder();
    const elsewhere = await folder();
    const direct = await wheel(elsewhere, 'direct-app', '3.0', ['helper==1.0']);
    const helper = await wheel(dir, 'helper', '1.0');
    await expectSameAsPip({
      defaultIndexUrl: null,
      requirements: [
        installRequirement({ name: 'direct-app', version: '3.0' }, { wheelSourcePath: direct }),
        installRequirement({ name: 'helper', version: '1.0' }, { wheelSourcePath: dir }),
      ],
    });
    // The same wheels, both in the folder, every one pinned with its hash (`--require-hashes`).
    await copyFile(direct, join(dir, direct.split('/').pop()!));
    await expectSameAsPip({
      defaultIndexUrl: null,
      requirements: [
        installRequirement(
          { name: 'direct-app', version: '3.0' },
          { wheelSourcePath: dir, hashes: [`sha256:${await sha256File(direct)}`] },
        ),
        installRequirement(
          { name: 'helper', version: '1.0' },
          { wheelSourcePath: dir, hashes: [`sha256:${await sha256File(helper)}`] },
        ),
      ],
    });
  });
});

describe.concurrent('resolveLocally steps aside where it cannot be certain', () => {
  async function expectStepsAside(plan: InstallPlan, reason: RegExp): Promise<void> {
    const local = await localAnswer(plan);
    expect(local).toEqual({ resolved: false, reason: expect.stringMatching(reason) });
  }

  it('pre-releases, extras, URL dependencies, and platform wheels where the platform tags are not known', async () => {
    const dir = await folder();
    await wheel(dir, 'pre', '1.0', ['lib']);
    await wheel(dir, 'lib', '1.0');
    await wheel(dir, 'lib', '1.1rc1');
    await expectStepsAside(offlinePlan([{ name: 'pre', version: '1.0' }] as never, dir), /pre-release/);
    await wheel(dir, 'wants-extra', '1.0', ['other[fast]>=1']);
    await expectStepsAside(offlinePlan([{ name: 'wants-extra', version: '1.0' }] as never, dir), /extras \[fast\]/);
    await wheel(dir, 'wants-url', '1.0', ['other @ https://example.invalid/other-1.0-py3-none-any.whl']);
    await expectStepsAside(offlinePlan([{ name: 'wants-url', version: '1.0' }] as never, dir), /URL dependency/);
    await wheel(dir, 'native', '1.0', [], 'cp311-cp311-linux_x86_64');
    const darwin = { ...context.facts, markerEnvironment: { ...context.facts.markerEnvironment, platform_system: 'Darwin' } };
    expect(await answer(offlinePlan([{ name: 'native', version: '1.0' }] as never, dir), darwin)).toEqual({
      resolved: false,
      reason: expect.stringMatching(
        /native-1\.0-cp311-cp311-linux_x86_64\.whl has platform tags and this Python's platform tags are not known \(platform tags on Darwin/,
      ),
    });
  });

  it('conflicts and missing files (pip then says what is wrong), a newer source archive, an index', async () => {
    const dir = await folder();
    await wheel(dir, 'left', '1.0', ['shared==1.0']);
    await wheel(dir, 'right', '1.0', ['shared==2.0']);
    await wheel(dir, 'shared', '1.0');
    await wheel(dir, 'shared', '2.0');
    const conflict = offlinePlan(
      [
        { name: 'left', version: '1.0' },
        { name: 'right', version: '1.0' },
      ] as never,
      dir,
    );
    await expectStepsAside(conflict, /excludes|conflicts/);
    const pip = await pipAnswer(context, conflict);
    expect(pip.ok).toBe(false);
    await wheel(dir, 'needs-missing', '1.0', ['nowhere>=1']);
    await expectStepsAside(offlinePlan([{ name: 'needs-missing', version: '1.0' }] as never, dir), /no local file for nowhere/);
    await wheel(dir, 'built', '1.0');
    await writeFile(join(dir, 'built-1.1.tar.gz'), 'a newer source archive pip would build');
    await wheel(dir, 'wants-built', '1.0', ['built']);
    await expectStepsAside(offlinePlan([{ name: 'wants-built', version: '1.0' }] as never, dir), /0 wheels of built 1\.1/);
    await expectStepsAside(
      { ...offlinePlan([{ name: 'left', version: '1.0' }] as never, dir), defaultIndexUrl: 'https://pypi.example/simple' },
      /index is configured/,
    );
  });
});
