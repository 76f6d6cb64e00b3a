import { describe, expect, it } from 'vitest';
import { isRunnableRef, parseEnvironmentRef } from '../../../src/core/contracts/environmentRef.js';
import type { EnvironmentRefV1 } from '../../../src/core/contracts/environmentRef.js';
import { ENVIRONMENT_STATES } from '../../../src/core/contracts/environmentState.js';

const fullRef = {
  contract_version: 1,
  environment_key: '0123456789abcdef0123',
  environment_kind: 'python-venv',
  env_id: 'python-venv:stable-audio-runtime:2:abc:linux-x86_64:stable_audio',
  env_ids: ['python-venv:stable-audio-runtime:2:abc:linux-x86_64:stable_audio'],
  python_executable: '/data/pantograph/envs/python/0123456789abcdef0123/bin/python',
  state: 'ready',
  requirements_fingerprint: 'f'.repeat(64),
  platform_key: 'linux-x86_64',
  backend_key: 'stable_audio',
  manifest_path: '/data/pantograph/envs/python/0123456789abcdef0123/manifest.json',
};
const thinLegacyRef = {
  environment_kind: 'python-venv',
  env_id: 'legacy',
  python_executable: '/opt/env/bin/python',
  state: 'ready',
};

function parsed(payload: unknown): EnvironmentRefV1 {
  const result = parseEnvironmentRef(payload);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('EnvironmentRefV1', () => {
  it('round-trips a full ref through JSON to equal data', () => {
    const first = parsed(fullRef);
    expect(first).toEqual(fullRef);
    expect(parsed(JSON.parse(JSON.stringify(first)))).toEqual(first);
  });

  it('parses a thin legacy ref without key, manifest, fingerprint or contract_version', () => {
    const ref = parsed(thinLegacyRef);
    expect(ref.environment_key).toBeUndefined();
    expect(ref.manifest_path).toBeUndefined();
    expect(ref.requirements_fingerprint).toBeUndefined();
    expect(ref.contract_version).toBeUndefined();
    expect(ref.env_ids).toEqual([]);
    expect(isRunnableRef(ref)).toBe(true);
  });

  it('keeps unknown fields of a newer producer', () => {
    expect(parsed({ ...fullRef, gpu: { cuda: '12.1' } })['gpu']).toEqual({ cuda: '12.1' });
  });

  it.each(ENVIRONMENT_STATES.filter((s) => s !== 'ready'))('refuses to run a ref in state %s', (state) => {
    expect(isRunnableRef(parsed({ ...fullRef, state }))).toBe(false);
    expect(isRunnableRef(parsed({ ...thinLegacyRef, state }))).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
  ])('refuses to run a ready ref whose python_executable is %s', (_label, pythonExecutable) => {
    const payload: Record<string, unknown> = { ...thinLegacyRef, python_executable: pythonExecutable };
    if (pythonExecutable === undefined) delete payload['python_executable'];
    expect(isRunnableRef(parsed(payload))).toBe(false);
  });

  it('accepts a ready ref with a python executable as runnable', () => {
    expect(isRunnableRef(parsed(fullRef))).toBe(true);
  });

  it('rejects a ref without a state as an invalid_payload at state', () => {
    const result = parseEnvironmentRef({ environment_kind: 'python-venv' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ code: 'invalid_payload', path: ['state'] })]);
  });
});
