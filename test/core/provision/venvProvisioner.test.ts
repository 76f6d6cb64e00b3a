import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnsureProgressEvent } from '../../../src/core/domain/progress.js';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { createProvisioner } from '../../../src/core/provision/createProvisioner.js';
import type { ProvisionContext } from '../../../src/core/provision/provisioner.js';
import type { InterpreterFacts } from '../../../src/core/python/interpreterFacts.js';
import { offlinePlan, pinsOf } from '../../support/installPlans.js';
import { basePythonExecutable, childEnv, probeFacts, pyenvPython, runPython } from '../../support/python.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { makeTempDir, writeLocalVersionWheel, writeWheelChain } from '../../support/wheelFixtures.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let links: string;
let chain: FixtureWheel[];
let torchlike: FixtureWheel;
let facts: InterpreterFacts;
let envCount = 0;

function setup(parentEnv: Record<string, string | undefined> = process.env) {
  const runner = new CountingProcessRunner(new ExecaProcessRunner());
  const provisioner = createProvisioner('python-venv', { runner, platform: process.platform, parentEnv });
  return { runner, provisioner };
}
function context(base: InterpreterFacts = facts): ProvisionContext {
  return { base, envDir: join(tmp.dir, 'data dir', 'envs', `env ${envCount++}`) };
}

beforeAll(async () => {
  tmp = await makeTempDir('venv provisioner');
  links = join(tmp.dir, 'wheel dir');
  chain = await writeWheelChain(links, 20);
  torchlike = await writeLocalVersionWheel(links);
  facts = probeFacts(basePythonExecutable());
});
afterAll(async () => {
  await tmp.cleanup();
});

// Each test builds its own venv, so they run concurrently to keep the suite's wall time down.
describe.concurrent('python-venv provisioner', () => {
  it('creates a venv without pip and installs all pins with the base pip in one --python invocation', async () => {
    const { runner, provisioner } = setup();
    const ctx = context();
    const t0 = performance.now();
    const created = await provisioner.create(ctx);
    const t1 = performance.now();
    expect(created).toMatchObject({
      ok: true,
      value: { method: 'venv-without-pip', pythonExecutable: join(ctx.envDir, 'bin', 'python') },
    });
    expect(() => runPython(provisioner.pythonExecutable(ctx), 'import pip')).toThrow();

    const plan = offlinePlan(chain, links);
    const lines: EnsureProgressEvent[] = [];
    const installed = await provisioner.install(ctx, plan, { onProgress: (e) => lines.push(e) });
    const t2 = performance.now();
    expect(installed.ok, JSON.stringify(installed)).toBe(true);
    if (!installed.ok) return;
    expect(installed.value.installer).toEqual({ name: 'pip', version: facts.pipVersion, via: 'base-pip-python' });
    expect(runner.count).toBe(2);
    expect(runner.calls[1]!.args.slice(0, 5)).toEqual(['-I', '-m', 'pip', '--python', provisioner.pythonExecutable(ctx)]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.phase === 'install' && typeof e.line === 'string')).toBe(true);
    expect(lines.some((e) => e.line?.includes('Successfully installed'))).toBe(true);

    const check = await provisioner.inspect(ctx, pinsOf(plan));
    expect(check).toMatchObject({
      ok: true,
      value: { satisfied: true, missing: [], mismatched: [], pythonVersion: facts.version },
    });
    expect(runner.count).toBe(3);
    expect(runPython(provisioner.pythonExecutable(ctx), 'import ptg_chain_00; print(ptg_chain_00.VALUE)').trim()).toBe(
      'ptg-chain-00==1.0.0',
    );
    console.info(
      `[timing] venv --without-pip ${(t1 - t0).toFixed(0)} ms; pip --python install of ${chain.length} wheels ${(t2 - t1).toFixed(0)} ms`,
    );
  });

  it('falls back to a seeded venv and the env pip when the base pip is older than 22.3', async () => {
    const { runner, provisioner } = setup();
    const ctx = context({ ...facts, pipVersion: '21.0' });
    const t0 = performance.now();
    const created = await provisioner.create(ctx);
    const t1 = performance.now();
    expect(created).toMatchObject({ ok: true, value: { method: 'venv-seeded' } });
    const plan = offlinePlan(chain, links);
    const installed = await provisioner.install(ctx, plan);
    const t2 = performance.now();
    expect(installed).toMatchObject({ ok: true, value: { installer: { via: 'env-pip' } } });
    expect(runner.calls[1]!.file).toBe(provisioner.pythonExecutable(ctx));
    expect(await provisioner.inspect(ctx, pinsOf(plan))).toMatchObject({ ok: true, value: { satisfied: true } });
    console.info(
      `[timing] seeded venv ${(t1 - t0).toFixed(0)} ms; env pip install of ${chain.length} wheels ${(t2 - t1).toFixed(0)} ms`,
    );
  });

  it('uses the seeded path for a real interpreter whose pip is old (pyenv 3.7, pip 22.0)', async () => {
    // The machine image ships pyenv 3.6–3.13 (Debian's python3 plus pyenv).
    const py37 = pyenvPython('3.7');
    if (py37 === null) throw new Error('pyenv 3.7 is not installed here; this machine kind ships it under ~/.pyenv/versions');
    const old = probeFacts(py37);
    expect(old.pipVersion && old.pipVersion < '22.3').toBeTruthy();
    const { provisioner } = setup();
    const ctx = context(old);
    expect(await provisioner.create(ctx)).toMatchObject({ ok: true, value: { method: 'venv-seeded' } });
    const plan = offlinePlan(chain.slice(0, 4), links);
    expect(await provisioner.install(ctx, plan)).toMatchObject({ ok: true, value: { installer: { via: 'env-pip' } } });
    expect(await provisioner.inspect(ctx, pinsOf(plan))).toMatchObject({
      ok: true,
      value: { satisfied: true, pythonVersion: old.version },
    });
  });

  it('accepts an installed local version 2.5.1+cu121 for the pin ==2.5.1 and reports a wrong pin as mismatched', async () => {
    const { provisioner } = setup();
    const ctx = context();
    await provisioner.create(ctx);
    const plan = offlinePlan([{ ...torchlike, version: '2.5.1' }], links);
    expect(await provisioner.install(ctx, plan)).toMatchObject({ ok: true });
    const check = await provisioner.inspect(ctx, [
      { name: 'PTG_Torchlike', exact_pin: '==2.5.1' },
      { name: 'ptg-chain-00', exact_pin: '==1.0.0' },
    ]);
    expect(check).toMatchObject({
      ok: true,
      value: {
        satisfied: false,
        installed: [{ name: 'ptg-torchlike', version: '2.5.1+cu121', pin: '==2.5.1', ok: true }],
        missing: ['ptg-chain-00'],
        mismatched: [],
      },
    });
    const wrong = await provisioner.inspect(ctx, [{ name: 'ptg-torchlike', exact_pin: '==2.5.1+cu118' }]);
    expect(wrong).toMatchObject({ ok: true, value: { satisfied: false, mismatched: ['ptg-torchlike'] } });
  });

  it('skips pins whose markers are false, in a venv that has no pip of its own', async () => {
    const { provisioner } = setup();
    const ctx = context();
    await provisioner.create(ctx);
    const plan = offlinePlan(chain.slice(19), links);
    await provisioner.install(ctx, plan);
    const check = await provisioner.inspect(ctx, [
      { name: 'ptg-chain-19', exact_pin: '==1.0.0', markers: 'python_version >= "3"' },
      { name: 'ptg-never', exact_pin: '==1.0', markers: 'python_version < "3"' },
    ]);
    expect(check).toMatchObject({ ok: true, value: { satisfied: true, notApplicable: ['ptg-never'], missing: [] } });
  });

  it('installs through a hash-checking requirements file, and a wrong hash fails the install', async () => {
    const { provisioner } = setup();
    const ctx = context();
    await provisioner.create(ctx);
    const wheels = chain.slice(16);
    const good = offlinePlan(wheels, links);
    const hashed = { ...good, requirements: good.requirements.map((r, i) => ({ ...r, hashes: [wheels[i]!.hash] })) };
    expect(await provisioner.install(ctx, hashed)).toMatchObject({ ok: true });
    const bad = { ...hashed, requirements: hashed.requirements.map((r) => ({ ...r, hashes: [`sha256:${'0'.repeat(64)}`] })) };
    const ctx2 = context();
    await provisioner.create(ctx2);
    const failed = await provisioner.install(ctx2, bad);
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.errors[0]!.code).toBe('dependency_install_failed');
    expect(failed.errors[0]!.message).toMatch(/HASH/);
  });

  it('installs a .whl file given directly, from a path with spaces', async () => {
    const { provisioner } = setup();
    const ctx = context();
    await provisioner.create(ctx);
    const plan = offlinePlan([chain[19]!], links, { wheelSourcePath: chain[19]!.path });
    expect(plan.requirements[0]!.wheelSourcePath).toContain(' ');
    const installed = await provisioner.install(ctx, plan);
    expect(installed.ok, JSON.stringify(installed)).toBe(true);
    expect(await provisioner.inspect(ctx, pinsOf(plan))).toMatchObject({ ok: true, value: { satisfied: true } });
  });

  it('fails with dependency_install_failed and pip stderr lines when a pin cannot be found', async () => {
    const { provisioner } = setup();
    const ctx = context();
    await provisioner.create(ctx);
    const result = await provisioner.install(ctx, offlinePlan([{ ...chain[0]!, version: '9.9.9' }], links));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.code).toBe('dependency_install_failed');
    expect(result.errors[0]!.message).toMatch(/No matching distribution found for ptg-chain-00==9\.9\.9/);
  });

  it('ends cancelled and leaves no pip process behind when aborted right after pip starts', async () => {
    const { provisioner } = setup();
    const ctx = context();
    await provisioner.create(ctx);
    const controller = new AbortController();
    const plan = offlinePlan(chain, links);
    const result = await provisioner.install(ctx, plan, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(controller.signal.aborted).toBe(true);
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'cancelled' }] });
    expect(processesMentioning(ctx.envDir)).toEqual([]);
    const check = await provisioner.inspect(ctx, pinsOf(plan));
    expect(check).toMatchObject({ ok: true, value: { satisfied: false } });
  });

  it('starts nothing when the signal is already aborted', async () => {
    const { runner, provisioner } = setup();
    const controller = new AbortController();
    controller.abort();
    const ctx = context();
    expect(await provisioner.create(ctx, { signal: controller.signal })).toMatchObject({
      ok: false,
      errors: [{ code: 'cancelled' }],
    });
    expect(await provisioner.install(ctx, offlinePlan(chain, links), { signal: controller.signal })).toMatchObject({
      ok: false,
      errors: [{ code: 'cancelled' }],
    });
    expect(runner.count).toBe(0);
  });

  it('ignores ambient PIP_INDEX_URL, PIP_CONSTRAINT and PYTHONPATH of the parent environment', async () => {
    const constraint = join(tmp.dir, 'constraints.txt');
    await writeFile(constraint, 'ptg-chain-00==0.0.1\n');
    const hostile = join(tmp.dir, 'hostile');
    execFileSync('mkdir', ['-p', join(hostile, 'pip')]);
    await writeFile(join(hostile, 'pip', '__init__.py'), 'raise SystemExit("hijacked pip")\n');
    const { provisioner } = setup({
      ...process.env,
      PIP_INDEX_URL: 'http://127.0.0.1:9/nothing',
      PIP_CONSTRAINT: constraint,
      PIP_NO_INDEX: '0',
      PYTHONPATH: hostile,
    });
    const ctx = context();
    await provisioner.create(ctx);
    const plan = offlinePlan(chain.slice(0, 2), links);
    const result = await provisioner.install(ctx, plan);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(await provisioner.inspect(ctx, pinsOf(plan))).toMatchObject({ ok: true, value: { satisfied: true } });
    expect(childEnv().PIP_CONFIG_FILE).toBe('/dev/null');
  });
});

/** Command lines of live processes mentioning `needle` (Linux /proc), zombies excluded. */
function processesMentioning(needle: string): string[] {
  if (process.platform !== 'linux') return [];
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push(`${pid}: ${cmd}`);
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}
