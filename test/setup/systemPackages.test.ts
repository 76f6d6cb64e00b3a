import { describe, expect, it } from 'vitest';
import { REQUIRED_SYSTEM_PACKAGES, ensureSystemPackages, installedDebianPackages, planSystemPackages } from './systemPackages.js';
import type { SystemPackageEffects } from './systemPackages.js';

const required = ['python3', 'python3-torch', 'chromium'];

describe('planSystemPackages', () => {
  it('does nothing when every required package is installed', () => {
    expect(planSystemPackages({ required, installed: new Set([...required, 'other']), isRoot: false })).toEqual({
      kind: 'present',
    });
  });

  it('as root: one apt-get update, then one install of only the missing packages', () => {
    expect(planSystemPackages({ required, installed: new Set(['python3']), isRoot: true })).toEqual({
      kind: 'install',
      missing: ['python3-torch', 'chromium'],
      steps: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'python3-torch', 'chromium'],
      ],
    });
  });

  it('not root: refuses with the exact command to run', () => {
    const plan = planSystemPackages({ required, installed: new Set(['python3', 'chromium']), isRoot: false });
    expect(plan.kind).toBe('refuse');
    expect(plan.kind === 'refuse' && plan.message).toContain(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends python3-torch',
    );
  });

  it('without dpkg: refuses and names every required package', () => {
    const plan = planSystemPackages({ required, installed: null, isRoot: true });
    expect(plan).toMatchObject({ kind: 'refuse', missing: required });
  });
});

describe('ensureSystemPackages', () => {
  function effects(
    initial: Set<string>,
    root: boolean,
    exitStatus = 0,
  ): SystemPackageEffects & { ran: string[][]; current: Set<string> } {
    const current = new Set(initial);
    const ran: string[][] = [];
    return {
      ran,
      current,
      installed: () => current,
      isRoot: () => root,
      run: (argv) => {
        ran.push([...argv]);
        if (exitStatus === 0 && argv[1] === 'install') for (const name of argv.slice(4)) current.add(name);
        return exitStatus;
      },
      log: () => undefined,
    };
  }

  it('runs the install steps as root and checks the packages afterwards', () => {
    const fx = effects(new Set(['python3']), true);
    expect(ensureSystemPackages(required, fx).kind).toBe('install');
    expect(fx.ran).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'python3-torch', 'chromium'],
    ]);
  });

  it('throws the command when not root, without running anything', () => {
    const fx = effects(new Set(['python3']), false);
    expect(() => ensureSystemPackages(required, fx)).toThrow(
      /sudo apt-get install -y --no-install-recommends python3-torch chromium/,
    );
    expect(fx.ran).toEqual([]);
  });

  it('throws when a step fails', () => {
    const fx = effects(new Set(), true, 100);
    expect(() => ensureSystemPackages(required, fx)).toThrow(/apt-get update` exited with 100/);
  });
});

describe('this machine (the path every test run takes)', () => {
  it('has every required package installed, by dpkg', () => {
    const installed = installedDebianPackages(REQUIRED_SYSTEM_PACKAGES);
    expect(installed).not.toBeNull();
    expect([...REQUIRED_SYSTEM_PACKAGES].filter((name) => !installed!.has(name))).toEqual([]);
    expect(ensureSystemPackages().kind).toBe('present');
  });

  it('reports an unknown package as not installed', () => {
    expect(installedDebianPackages(['python3', 'no-such-package-pantograph'])).toEqual(new Set(['python3']));
  });
});
