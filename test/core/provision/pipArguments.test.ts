import { describe, expect, it } from 'vitest';
import type { InstallPlan, InstallRequirement } from '../../../src/core/provision/installPlan.js';
import {
  buildPipInstallArgs,
  buildRequirementsFile,
  requirementSpec,
  requiresHashChecking,
} from '../../../src/core/provision/pipArguments.js';

const HASH_A = `sha256:${'a'.repeat(64)}`;
const HASH_B = `sha256:${'b'.repeat(64)}`;

function req(name: string, version: string, extra: Partial<InstallRequirement> = {}): InstallRequirement {
  return {
    name,
    version,
    markers: null,
    hashes: [],
    indexUrl: null,
    extraIndexUrls: [],
    wheelSourcePath: null,
    packageSourceOverride: null,
    wheelSource: null,
    ...extra,
  };
}
function plan(requirements: InstallRequirement[], defaultIndexUrl: string | null = null): InstallPlan {
  return { requirements, defaultIndexUrl };
}
const COMMON = ['install', '--no-input', '--disable-pip-version-check', '--progress-bar', 'off'];

describe('buildPipInstallArgs', () => {
  it('always starts with install, no prompts and no version check, then one argv element per name==pin', () => {
    expect(buildPipInstallArgs(plan([req('torch', '2.5.1'), req('numpy', '1.26.4')]))).toEqual([
      ...COMMON,
      '--no-index',
      'torch==2.5.1',
      'numpy==1.26.4',
    ]);
  });

  it('uses --no-index when no index is configured anywhere, so pip never falls back to its default index', () => {
    expect(buildPipInstallArgs(plan([req('a', '1')]))).toContain('--no-index');
    expect(buildPipInstallArgs(plan([req('a', '1')], 'https://pypi.example/simple'))).not.toContain('--no-index');
  });

  it('takes the index from the default setting when neither requirement nor binding names one', () => {
    expect(buildPipInstallArgs(plan([req('a', '1')], 'https://default.example/simple'))).toEqual([
      ...COMMON,
      '--index-url',
      'https://default.example/simple',
      'a==1',
    ]);
  });

  it('prefers the requirement effective index over the default, and demotes other indexes to deduped extras', () => {
    const args = buildPipInstallArgs(
      plan(
        [
          req('torch', '2.5.1', { indexUrl: 'https://torch.example/cu121', extraIndexUrls: ['https://mirror.example/simple'] }),
          req('numpy', '1.26.4', { extraIndexUrls: ['https://mirror.example/simple', 'https://torch.example/cu121'] }),
        ],
        'https://default.example/simple',
      ),
    );
    expect(args).toEqual([
      ...COMMON,
      '--index-url',
      'https://torch.example/cu121',
      '--extra-index-url',
      'https://default.example/simple',
      '--extra-index-url',
      'https://mirror.example/simple',
      'torch==2.5.1',
      'numpy==1.26.4',
    ]);
  });

  it('promotes the first extra index to --index-url when no primary index exists', () => {
    const args = buildPipInstallArgs(
      plan([req('a', '1', { extraIndexUrls: ['https://x.example/simple', 'https://y.example/simple'] })]),
    );
    expect(args).toEqual([
      ...COMMON,
      '--index-url',
      'https://x.example/simple',
      '--extra-index-url',
      'https://y.example/simple',
      'a==1',
    ]);
  });

  it('turns a wheel directory into one --find-links and keeps the name==pin spec', () => {
    const dir = '/data/my wheels';
    const args = buildPipInstallArgs(plan([req('a', '1', { wheelSourcePath: dir }), req('b', '2', { wheelSourcePath: dir })]));
    expect(args).toEqual([...COMMON, '--no-index', '--find-links', dir, 'a==1', 'b==2']);
  });

  it('installs a .whl wheel source path directly instead of the name==pin spec', () => {
    const args = buildPipInstallArgs(plan([req('a', '1', { wheelSourcePath: '/data/my wheels/a-1-py3-none-any.whl' })]));
    expect(args).toEqual([...COMMON, '--no-index', 'a @ file:///data/my%20wheels/a-1-py3-none-any.whl']);
  });

  it('lets the package source override replace the spec, ahead of wheel paths and the producer wheel', () => {
    const r = req('torch', '2.5.1', {
      packageSourceOverride: 'https://files.example/torch-2.5.1-cp311-none-linux_x86_64.whl',
      wheelSourcePath: '/w/torch-2.5.1-py3-none-any.whl',
      wheelSource: 'https://producer.example/torch.whl',
    });
    expect(requirementSpec(r)).toBe('torch @ https://files.example/torch-2.5.1-cp311-none-linux_x86_64.whl');
    expect(requirementSpec({ ...r, packageSourceOverride: null })).toBe('torch @ file:///w/torch-2.5.1-py3-none-any.whl');
    expect(requirementSpec({ ...r, packageSourceOverride: null, wheelSourcePath: null })).toBe(
      'torch @ https://producer.example/torch.whl',
    );
  });

  it('appends markers to the spec within the same argv element', () => {
    const args = buildPipInstallArgs(plan([req('pywin32', '306', { markers: 'sys_platform == "win32"' })]));
    expect(args.at(-1)).toBe('pywin32==306 ; sys_platform == "win32"');
  });

  it('checks hashes only when every requirement has them, through a requirements file', () => {
    const partial = plan([req('a', '1', { hashes: [HASH_A] }), req('b', '2')]);
    expect(requiresHashChecking(partial)).toBe(false);
    expect(buildPipInstallArgs(partial)).not.toContain('--require-hashes');
    expect(buildPipInstallArgs(partial)).toContain('a==1');

    const full = plan([
      req('a', '1', { hashes: [HASH_A, HASH_B], markers: 'python_version >= "3.8"' }),
      req('b', '2', { hashes: [HASH_B] }),
    ]);
    expect(requiresHashChecking(full)).toBe(true);
    expect(() => buildPipInstallArgs(full)).toThrow(/requirements file/);
    expect(buildPipInstallArgs(full, { requirementsFile: '/tmp/x y/req.txt' })).toEqual([
      ...COMMON,
      '--no-index',
      '--require-hashes',
      '-r',
      '/tmp/x y/req.txt',
    ]);
    expect(buildRequirementsFile(full)).toBe(
      `a==1 ; python_version >= "3.8" --hash=${HASH_A} --hash=${HASH_B}\nb==2 --hash=${HASH_B}\n`,
    );
  });

  it('merges the same requirement coming from two bindings and refuses conflicting pins', () => {
    expect(buildPipInstallArgs(plan([req('a', '1'), req('a', '1')]))).toEqual([...COMMON, '--no-index', 'a==1']);
    expect(() => buildPipInstallArgs(plan([req('a', '1'), req('a', '2')]))).toThrow(/conflicting/);
  });

  it('makes option injection impossible: names, versions, hashes and locations starting with - are refused', () => {
    expect(() => buildPipInstallArgs(plan([req('--index-url=http://evil', '1')]))).toThrow(/refusing requirement name/);
    expect(() => buildPipInstallArgs(plan([req('-e', '1')]))).toThrow(/refusing requirement name/);
    expect(() => buildPipInstallArgs(plan([req('Not_Normalized', '1')]))).toThrow(/refusing requirement name/);
    expect(() => buildPipInstallArgs(plan([req('a', '--pre')]))).toThrow(/refusing version/);
    expect(() => buildPipInstallArgs(plan([req('a', '1', { hashes: ['md5:abc'] })]))).toThrow(/refusing hash/);
    expect(() => buildPipInstallArgs(plan([req('a', '1', { wheelSourcePath: '-r/etc/passwd' })]))).toThrow(/refusing location/);
    expect(() => buildPipInstallArgs(plan([req('a', '1', { markers: 'x\n-r /etc/passwd' })]))).toThrow(/control characters/);
  });

  it('refuses an empty plan', () => {
    expect(() => buildPipInstallArgs(plan([]))).toThrow(/at least one/);
  });
});
