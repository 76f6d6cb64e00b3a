import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { createProvisioner } from '../../../src/core/provision/createProvisioner.js';
import type { ProvisionContext } from '../../../src/core/provision/provisioner.js';
import type { InterpreterFacts } from '../../../src/core/python/interpreterFacts.js';
import { installRequirement, offlinePlan } from '../../support/installPlans.js';
import { basePythonExecutable, childEnv, probeFacts } from '../../support/python.js';
import type { FixtureWheel } from '../../support/wheelFixtures.js';
import { makeTempDir, writeWheelChain } from '../../support/wheelFixtures.js';

const DEBIAN_PYTHON = '/usr/bin/python3';
let tmp: { dir: string; cleanup: () => Promise<void> };
let links: string;
let chain: FixtureWheel[];
/** A seeded venv standing in for a user's own, pip-equipped, unmanaged interpreter. */
let userPython: InterpreterFacts;

function setup() {
  const runner = new CountingProcessRunner(new ExecaProcessRunner());
  return { runner, provisioner: createProvisioner('python', { runner, platform: process.platform, parentEnv: process.env }) };
}
function context(base: InterpreterFacts): ProvisionContext {
  return { base, envDir: join(tmp.dir, 'unused') };
}

beforeAll(async () => {
  tmp = await makeTempDir('interpreter provisioner');
  links = join(tmp.dir, 'wheel dir');
  chain = await writeWheelChain(links, 4, 'ptg-sys');
  const venv = join(tmp.dir, 'user python');
  execFileSync(basePythonExecutable(), ['-m', 'venv', venv], { env: childEnv() });
  userPython = probeFacts(join(venv, 'bin', 'python'));
});
afterAll(async () => {
  await tmp.cleanup();
});

describe('python provisioner (no isolation)', () => {
  it('uses the interpreter itself and creates nothing', async () => {
    const { runner, provisioner } = setup();
    expect(provisioner.kind).toBe('python');
    expect(await provisioner.create(context(userPython))).toMatchObject({
      ok: true,
      value: { pythonExecutable: userPython.executable, method: 'base-interpreter' },
    });
    expect(runner.count).toBe(0);
    const gone = { ...userPython, executable: join(tmp.dir, 'no such python') };
    expect(await provisioner.create(context(gone))).toMatchObject({
      ok: false,
      errors: [{ code: 'python_runtime_unavailable' }],
    });
  });

  it('installs missing pins into an unmanaged interpreter with its pip, then installs nothing once all pins are met', async () => {
    const { runner, provisioner } = setup();
    const plan = offlinePlan(chain, links);
    const first = await provisioner.install(context(userPython), plan);
    expect(first).toMatchObject({
      ok: true,
      value: { ran: true, installer: { via: 'interpreter-pip', version: userPython.pipVersion } },
    });
    expect(runner.count).toBe(2);
    const second = await provisioner.install(context(userPython), plan);
    expect(second).toMatchObject({ ok: true, value: { ran: false, args: [] } });
    expect(runner.count).toBe(3);
  });

  it('installs nothing into an externally managed interpreter whose pins are already met', async () => {
    const { runner, provisioner } = setup();
    const managed = { ...userPython, externallyManaged: true };
    const result = await provisioner.install(context(managed), offlinePlan(chain.slice(0, 1), links));
    expect(result).toMatchObject({ ok: true, value: { ran: false } });
    expect(runner.count).toBe(1);
  });

  it("refuses to install into Debian's externally managed python3, pointing at python-venv", async () => {
    // The test setup installs Debian's python3; its stdlib carries the PEP 668 marker.
    expect(existsSync(DEBIAN_PYTHON), `${DEBIAN_PYTHON} is missing: apt-get install -y python3`).toBe(true);
    const debian = probeFacts(DEBIAN_PYTHON);
    expect(debian.externallyManaged).toBe(true);
    const { runner, provisioner } = setup();
    const result = await provisioner.install(context(debian), offlinePlan(chain, links));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.code).toBe('externally_managed_python');
    expect(result.errors[0]!.hint).toMatch(/python-venv/);
    expect(result.errors[0]!.message).toContain('ptg-sys-00');
    expect(runner.count).toBe(1);
  });

  it('refuses to install when the interpreter has no pip', async () => {
    const { provisioner } = setup();
    const noPip = { ...userPython, pipVersion: null };
    const result = await provisioner.install(context(noPip), {
      defaultIndexUrl: null,
      requirements: [installRequirement({ name: 'ptg-absent', version: '1.0' })],
    });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'dependency_install_failed' }] });
  });

  it('reports a check that cannot run as dependency_check_failed', async () => {
    const { provisioner } = setup();
    const broken = { ...userPython, executable: '/bin/false' };
    const result = await provisioner.inspect(context(broken), [{ name: 'a', exact_pin: '==1' }]);
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'dependency_check_failed' }] });
  });
});
