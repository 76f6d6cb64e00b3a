import { describe, expect, it } from 'vitest';
import {
  validateEnvId,
  validateEnvironmentKey,
  validatePythonExecutable,
  validatePythonExecutableShape,
} from '../../../src/core/validation/identifiers.js';
import type { PathProbe } from '../../../src/core/validation/paths.js';

describe('validateEnvId', () => {
  it('accepts the producer env_id shape with colons', () => {
    expect(validateEnvId('python-venv:tiny-tts-runtime:1:none:linux-x86_64:onnx-runtime', ['env_id'])).toBeUndefined();
  });

  it('rejects separators, .., NUL, whitespace and empty ids with invalid_env_id', () => {
    for (const id of ['a/b', 'a\\b', 'a..b', '..', 'a\u0000b', 'a b', 'a\tb', 'a\nb', '']) {
      const error = validateEnvId(id, ['bindings', 0, 'env_id']);
      expect(error?.code, JSON.stringify(id)).toBe('invalid_env_id');
      expect(error?.path).toEqual(['bindings', 0, 'env_id']);
    }
  });

  it('rejects an overlong id with string_too_long', () => {
    expect(validateEnvId('a'.repeat(600), ['env_id'])?.code).toBe('string_too_long');
  });
});

describe('validateEnvironmentKey', () => {
  it('accepts lowercase hex of length 20 or 64', () => {
    expect(validateEnvironmentKey('0123456789abcdef0123', ['k'])).toBeUndefined();
    expect(validateEnvironmentKey('f'.repeat(64), ['k'])).toBeUndefined();
  });

  it('rejects other lengths, uppercase and non-hex with invalid_environment_key', () => {
    for (const key of ['0123456789abcdef012', 'a'.repeat(21), 'A'.repeat(20), 'g'.repeat(20), '../../../../etc/pass', '']) {
      expect(validateEnvironmentKey(key, ['k'])?.code, key).toBe('invalid_environment_key');
    }
  });
});

describe('validatePythonExecutable', () => {
  const probe: PathProbe = { kind: (p) => (p === '/usr/bin/python3' ? 'file' : p === '/usr/bin' ? 'directory' : 'missing') };

  it('checks the shape without a probe', () => {
    expect(validatePythonExecutableShape('C:\\Program Files\\Python312\\python.exe', ['p'])).toBeUndefined();
    expect(validatePythonExecutableShape('python3', ['p'])?.code).toBe('path_not_absolute');
    expect(validatePythonExecutableShape('/usr/bin/py\u0000thon', ['p'])?.code).toBe('path_contains_nul');
  });

  it('accepts an existing file, reports a missing one and a directory', () => {
    expect(validatePythonExecutable('/usr/bin/python3', ['p'], probe)).toBeUndefined();
    expect(validatePythonExecutable('/usr/bin/python9', ['p'], probe)?.code).toBe('path_not_found');
    expect(validatePythonExecutable('/usr/bin', ['p'], probe)?.code).toBe('invalid_python_executable');
  });
});
