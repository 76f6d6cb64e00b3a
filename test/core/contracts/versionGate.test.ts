import { describe, expect, it } from 'vitest';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import { parseOverridePatch } from '../../../src/core/contracts/overridePatch.js';
import { parseEnvironmentRef } from '../../../src/core/contracts/environmentRef.js';
import { parseEnvironmentStatus } from '../../../src/core/contracts/environmentStatus.js';
import { SUPPORTED_CONTRACT_VERSIONS } from '../../../src/core/contracts/versionGate.js';
import type { Result } from '../../../src/core/errors/structuredError.js';
import { cloneJson, loadRequirementFixtures } from './fixtures.js';

const requirements = loadRequirementFixtures()[0]![1];
const patch = {
  contract_version: 1,
  binding_id: 'tiny-tts-runtime',
  scope: 'requirement',
  requirement_name: 'tiny_tts',
  fields: { wheel_source_path: '/opt/wheels' },
  source: 'user',
  updated_at: '2025-01-02T03:04:05Z',
};
const status = { contract_version: 1, mode: 'auto', state: 'ready', checked_at: '2025-01-02T03:04:05Z' };
const ref = { contract_version: 1, environment_kind: 'python-venv', state: 'ready', python_executable: '/envs/k/bin/python' };

interface Case {
  readonly name: string;
  readonly field: string;
  readonly valid: Record<string, unknown>;
  readonly parse: (payload: unknown) => Result<unknown>;
  readonly versionRequired: boolean;
}
const cases: Case[] = [
  {
    name: 'DependencyRequirementsV1',
    field: 'dependency_contract_version',
    valid: requirements,
    parse: parseDependencyRequirements,
    versionRequired: true,
  },
  {
    name: 'DependencyOverridePatchV1',
    field: 'contract_version',
    valid: patch,
    parse: parseOverridePatch,
    versionRequired: true,
  },
  {
    name: 'DependencyEnvironmentStatusV1',
    field: 'contract_version',
    valid: status,
    parse: parseEnvironmentStatus,
    versionRequired: true,
  },
  { name: 'EnvironmentRefV1', field: 'contract_version', valid: ref, parse: parseEnvironmentRef, versionRequired: false },
];

function withVersion(payload: Record<string, unknown>, field: string, version: unknown): Record<string, unknown> {
  const copy = cloneJson(payload);
  if (version === undefined) delete copy[field];
  else copy[field] = version;
  return copy;
}

describe.each(cases)('the $name version gate', ({ field, valid, parse, versionRequired }) => {
  it('accepts version 1', () => {
    expect(parse(valid).ok).toBe(true);
  });

  it.each([0, 2, '1', 1.5, null])('rejects version %j naming the version found and the versions supported', (version) => {
    const result = parse(withVersion(valid, field, version));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error!.code).toBe('unsupported_contract_version');
    expect(error!.path).toEqual([field]);
    expect(error!.message).toContain(JSON.stringify(version));
    expect(error!.message).toContain(`supported: ${SUPPORTED_CONTRACT_VERSIONS.join(', ')}`);
  });

  it(
    versionRequired ? 'rejects a payload without a version, naming the field' : 'accepts a legacy payload without a version',
    () => {
      const result = parse(withVersion(valid, field, undefined));
      if (!versionRequired) {
        expect(result.ok).toBe(true);
        return;
      }
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[0]!.code).toBe('unsupported_contract_version');
      expect(result.errors[0]!.message).toContain(`${field} is missing`);
      expect(result.errors[0]!.message).toContain('supported: 1');
    },
  );

  it.each([null, 'text', 42, []])('turns a non-object payload %j into a structured invalid_payload error', (payload) => {
    const result = parse(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.every((e) => e.code === 'invalid_payload')).toBe(true);
    expect(result.errors[0]!.path).toEqual([]);
  });

  it('never throws on values that are not JSON payloads', () => {
    for (const payload of [
      undefined,
      Symbol.iterator,
      () => 1,
      new Map(),
      { [field]: Number.NaN },
      { [field]: { nested: true } },
    ]) {
      expect(() => parse(payload)).not.toThrow();
      expect(parse(payload).ok).toBe(false);
    }
  });
});

describe('zod failures at the contract boundary', () => {
  it('report a wrong nested type as invalid_payload with its full path', () => {
    const payload = cloneJson(requirements) as { bindings: { requirements: { exact_pin: unknown }[] }[] };
    payload.bindings[0]!.requirements[0]!.exact_pin = 3;
    const result = parseDependencyRequirements(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'invalid_payload', path: ['bindings', 0, 'requirements', 0, 'exact_pin'] }),
    ]);
    expect(result.errors[0]!.message.length).toBeGreaterThan(0);
  });

  it('report every problem, each with its own path', () => {
    const payload = cloneJson(requirements) as Record<string, unknown> & { bindings: Record<string, unknown>[] };
    delete payload['model_id'];
    payload['validation_state'] = 'maybe';
    payload.bindings[0]!['profile_version'] = 1.5;
    const result = parseDependencyRequirements(payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.code)).toEqual(['invalid_payload', 'invalid_payload', 'invalid_payload']);
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([['model_id'], ['validation_state'], ['bindings', 0, 'profile_version']]),
    );
  });

  it('report an unknown override scope and a malformed timestamp with their paths', () => {
    const result = parseOverridePatch({ ...patch, scope: 'global', updated_at: 'yesterday' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.path])).toEqual(
      expect.arrayContaining([
        ['invalid_payload', ['scope']],
        ['invalid_payload', ['updated_at']],
      ]),
    );
  });

  it('report an unknown environment state in a status binding with its path', () => {
    const result = parseEnvironmentStatus({ ...status, bindings: [{ binding_id: 'b', state: 'exploded' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ code: 'invalid_payload', path: ['bindings', 0, 'state'] })]);
  });
});
