import { describe, expect, it } from 'vitest';
import { lockedEnvironmentKey, lockMismatches, lockRequestFacts } from '../../../src/core/interop/lockRequirements.js';
import type { ParsedPylock } from '../../../src/core/interop/pylock.js';
import { toyPayload } from '../../support/toyPayload.js';

const lock = (packages: [string, string][]): ParsedPylock => ({
  lockVersion: '1.0',
  createdBy: 't',
  requiresPython: null,
  environments: [],
  packages: packages.map(([name, version]) => ({
    name,
    version,
    wheel: `${name}.whl`,
    url: null,
    path: `/w/${name}.whl`,
    sha256: 'a'.repeat(64),
  })),
});

describe('lockRequestFacts', () => {
  it('collects normalized exact pins and env ids of the selected bindings', () => {
    const facts = lockRequestFacts(
      toyPayload([
        { name: 'Toy_App', version: '1.0' },
        { name: 'other', version: '2' },
      ]),
    );
    expect(facts).toMatchObject({
      ok: true,
      value: {
        pins: [
          { name: 'other', version: '2' },
          { name: 'toy-app', version: '1.0' },
        ],
        pythonRequires: ['>=3.8', '>=3.8'],
      },
    });
    expect(facts.ok && facts.value.envIds[0]).toMatch(/^python-venv:toy-runtime:1:/);
  });

  it('refuses a payload that is not one, and a non-exact pin', () => {
    expect(lockRequestFacts({ nope: true })).toMatchObject({ ok: false });
    const payload = toyPayload([{ name: 'a', version: '1' }]) as { bindings: { requirements: { exact_pin: string }[] }[] };
    payload.bindings[0]!.requirements[0]!.exact_pin = '>=1';
    expect(lockRequestFacts(payload)).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_pin', path: ['bindings', 0, 'requirements', 0, 'exact_pin'] }],
    });
  });
});

describe('lockMismatches', () => {
  it('accepts equal PEP 440 versions and names every pin the lock lacks or locks differently', () => {
    expect(lockMismatches([{ name: 'a', version: '1.0' }], lock([['a', '1.0.0']]), 'pylock.toml')).toEqual([]);
    const errors = lockMismatches(
      [
        { name: 'a', version: '1.0' },
        { name: 'b', version: '2' },
      ],
      lock([['a', '1.1']]),
      'pylock.toml',
    );
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['lock_mismatch', 'a==1.0 is required but pylock.toml locks a 1.1'],
      ['lock_mismatch', 'b==2 is required but pylock.toml does not lock b'],
    ]);
  });
});

describe('lockedEnvironmentKey', () => {
  const input = {
    lockSha256: '1'.repeat(64),
    pins: [{ name: 'a', version: '1' }],
    platformKey: 'linux-x86_64',
    pythonVersion: '3.12.4',
    installer: { name: 'pip', version: '24.0' },
  };
  it('is deterministic and changes with the lock, the pins, the platform and the interpreter', () => {
    const key = lockedEnvironmentKey(input);
    expect(key.shortKey).toMatch(/^[0-9a-f]{20}$/);
    expect(lockedEnvironmentKey(input)).toEqual(key);
    for (const changed of [
      { lockSha256: '2'.repeat(64) },
      { pins: [{ name: 'a', version: '2' }] },
      { platformKey: 'macos-aarch64' },
      { pythonVersion: '3.12.5' },
    ]) {
      expect(lockedEnvironmentKey({ ...input, ...changed }).key).not.toBe(key.key);
    }
    expect(key.payload).toContain('pantograph-locked-env-key/v1');
  });
});
