import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail, ok, structuredError } from '../../../src/core/errors/structuredError.js';
import type { Result } from '../../../src/core/errors/structuredError.js';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import type { ProcessRequest } from '../../../src/core/process/processRunner.js';
import { createProvisioner } from '../../../src/core/provision/createProvisioner.js';
import type { CreatedEnvironment, ProvisionContext } from '../../../src/core/provision/provisioner.js';
import type { InterpreterFacts } from '../../../src/core/python/interpreterFacts.js';
import { offlinePlan } from '../../support/installPlans.js';
import { basePythonExecutable, probeFacts, runPython } from '../../support/python.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { makeTempDir, writeWheelChain } from '../../support/wheelFixtures.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let links: string;
let chain: FixtureWheel[];
let facts: InterpreterFacts;
let envCount = 0;

function setup() {
  let dryRunFinished!: () => void;
  const dryRunDone = new Promise<void>((r) => (dryRunFinished = r));
  const execa = new ExecaProcessRunner();
  // Real processes; says when pip's dry run (the resolution) has exited.
  const runner = new CountingProcessRunner({
    run: async (request: ProcessRequest) => {
      const result = await execa.run(request);
      if (request.args.includes('--dry-run')) dryRunFinished();
      return result;
    },
  });
  const dataDir = join(tmp.dir, `data ${envCount}`);
  const provisioner = createProvisioner(
    'python-venv',
    { runner, platform: process.platform, parentEnv: process.env },
    { installer: 'store', dataDir },
  );
  const ctx: ProvisionContext = { base: facts, envDir: join(dataDir, 'envs', `env ${envCount++}`) };
  return { runner, provisioner, ctx, dryRunDone };
}

/** A promise settled by hand, to hold the "venv creation" open while the installer works. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeAll(async () => {
  tmp = await makeTempDir('store venv provisioner');
  links = join(tmp.dir, 'wheels');
  chain = await writeWheelChain(links, 4, 'ptg-overlap');
  facts = probeFacts(basePythonExecutable());
});
afterAll(async () => tmp.cleanup());

describe.concurrent('store installer while the venv is still being created', () => {
  it('resolves and fills the store first, links only once the creation has finished', async () => {
    const { runner, provisioner, ctx } = setup();
    const creation = deferred<Result<CreatedEnvironment>>();
    const storeFilled = deferred<void>();
    const messages: string[] = [];
    const installing = provisioner.install(ctx, offlinePlan(chain, links), {
      environmentCreated: creation.promise,
      onProgress: (e) => {
        messages.push(e.message ?? '');
        if (e.message?.startsWith('stored ') && e.message.includes(`(${chain.length}/${chain.length})`)) storeFilled.resolve();
      },
    });
    // Resolved (locally: offline pins in a wheel folder, no pip process at all) and every entry is
    // in the store while the environment does not even exist yet.
    await storeFilled.promise;
    expect(runner.calls).toEqual([]);
    expect(messages).toContain(
      `resolved ${chain.length} package(s) from the local wheel files, without pip; bringing them into the package store`,
    );
    await expect(stat(ctx.envDir)).rejects.toMatchObject({ code: 'ENOENT' });
    // Now create it for real and release the installer, which links into it.
    creation.resolve(await provisioner.create(ctx));
    const outcome = await installing;
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (!outcome.ok) return;
    expect(Object.keys(outcome.value.phasesMs ?? {})).toEqual(['resolve', 'store', 'venv_wait', 'link']);
    expect(runPython(provisioner.pythonExecutable(ctx), 'import ptg_overlap_00; print(ptg_overlap_00.VALUE)').trim()).toBe(
      'ptg-overlap-00==1.0.0',
    );
  });

  it('returns the creation failure and links nothing when the venv could not be made', async () => {
    const { provisioner, ctx } = setup();
    const failure = fail(structuredError('dependency_install_failed', 'venv creation failed (test)'));
    const outcome = await provisioner.install(ctx, offlinePlan(chain, links), {
      environmentCreated: Promise.resolve(failure),
    });
    expect(outcome).toEqual(failure);
    await expect(stat(ctx.envDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not return a resolution failure before the creation has settled', async () => {
    const { provisioner, ctx, dryRunDone } = setup();
    const creation = deferred<Result<CreatedEnvironment>>();
    let returned = false;
    const messages: string[] = [];
    const installing = provisioner
      .install(ctx, offlinePlan([{ name: 'ptg-missing', version: '9.9.9' } as FixtureWheel], links), {
        environmentCreated: creation.promise,
        onProgress: (e) => void messages.push(e.message ?? ''),
      })
      .then((r) => {
        returned = true;
        return r;
      });
    // pip has answered (a failure); give the installer many turns of the event loop to return early.
    await dryRunDone;
    for (let turn = 0; turn < 200; turn += 1) await new Promise((r) => setImmediate(r));
    expect(returned).toBe(false);
    creation.resolve(ok({ pythonExecutable: 'unused', method: 'venv-without-pip', durationMs: 0 }));
    const outcome = await installing;
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'dependency_install_failed' }] });
    // The local resolver stepped aside (no file for the pin) and pip gave the verdict.
    expect(messages).toContain('resolving the requirements with pip (dry run; no local file for ptg-missing)');
  });
});
