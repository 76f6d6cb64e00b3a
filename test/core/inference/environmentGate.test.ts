import { describe, expect, it } from 'vitest';
import { checkEnvironmentGate } from '../../../src/core/inference/environmentGate.js';

const readyRef = {
  contract_version: 1,
  environment_key: 'abc',
  environment_kind: 'python-venv',
  env_id: 'python-venv:demo:1:none:linux-x86_64:demo',
  env_ids: ['python-venv:demo:1:none:linux-x86_64:demo'],
  python_executable: '/data/envs/python/abc/bin/python',
  state: 'ready',
};

function expectNotReady(ref: unknown, fragment: string) {
  const result = checkEnvironmentGate(ref, 'audio-1');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const error = result.errors[0]!;
  expect(error.code).toBe('environment_not_ready');
  expect(error.path).toEqual(['audio-1', 'environment_ref']);
  expect(error.message).toContain('audio-1');
  expect(error.message).toContain('connect a Dependency Environment node and run Ensure Environment');
  expect(error.message).toContain(fragment);
}

describe('checkEnvironmentGate', () => {
  it('passes a ready ref with a python executable through unchanged', () => {
    const result = checkEnvironmentGate(readyRef, 'audio-1');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.python_executable).toBe('/data/envs/python/abc/bin/python');
  });

  it('refuses a node with no environment ref connected', () => {
    expectNotReady(undefined, 'no environment_ref');
    expectNotReady(null, 'no environment_ref');
  });

  it('refuses a thin legacy ref that is not ready, naming its state', () => {
    expectNotReady({ environment_kind: 'python', state: 'missing', python_executable: '/usr/bin/python3' }, 'missing');
  });

  it('refuses a ready ref that names no python executable instead of falling back to another python', () => {
    expectNotReady({ ...readyRef, python_executable: undefined }, 'no python_executable');
    expectNotReady({ ...readyRef, python_executable: '' }, 'no python_executable');
  });

  it('refuses an unparseable ref and a ref of an unsupported contract version', () => {
    expectNotReady('not a ref', 'not a valid environment reference');
    expectNotReady({ ...readyRef, state: 'sleeping' }, 'not a valid environment reference');
    expectNotReady({ ...readyRef, contract_version: 2 }, 'contract_version');
  });
});
