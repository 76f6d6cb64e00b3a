import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAbsolutePathShape, validateAbsolutePathShape, validateExistingPath } from '../../../src/core/validation/paths.js';
import type { PathProbe } from '../../../src/core/validation/paths.js';
import { nodePathProbe } from '../../../src/core/validation/nodePathProbe.js';

const P = ['fields', 'wheel_source_path'] as const;

function fakeProbe(entries: Record<string, 'file' | 'directory'>): PathProbe {
  return { kind: (p) => entries[p] ?? 'missing' };
}

describe('validateAbsolutePathShape', () => {
  it('accepts POSIX and Windows absolute paths, spaces included', () => {
    for (const p of [
      '/opt/my wheels',
      'C:\\Program Files\\Python312\\python.exe',
      'd:/wheels',
      '\\\\server\\share\\w',
      '\\\\?\\C:\\long',
    ]) {
      expect(validateAbsolutePathShape(p, P), p).toBeUndefined();
    }
  });

  it('rejects relative and drive-relative paths with path_not_absolute', () => {
    for (const p of ['wheels', './wheels', '../x', 'C:wheels', '\\rooted', '~/wheels']) {
      const error = validateAbsolutePathShape(p, P);
      expect(error?.code, p).toBe('path_not_absolute');
      expect(error?.path).toEqual(P);
    }
  });

  it('rejects NUL with path_contains_nul', () => {
    expect(validateAbsolutePathShape('/opt/a\u0000b', P)?.code).toBe('path_contains_nul');
  });

  it('rejects empty paths and other control characters with invalid_path', () => {
    expect(validateAbsolutePathShape('', P)?.code).toBe('invalid_path');
    expect(validateAbsolutePathShape('/opt/a\nb', P)?.code).toBe('invalid_path');
  });

  it('rejects overlong paths with string_too_long', () => {
    expect(validateAbsolutePathShape(`/${'a'.repeat(5000)}`, P)?.code).toBe('string_too_long');
  });

  it('isAbsolutePathShape agrees with the validator', () => {
    expect(isAbsolutePathShape('/x')).toBe(true);
    expect(isAbsolutePathShape('x')).toBe(false);
  });
});

describe('validateExistingPath', () => {
  const probe = fakeProbe({ '/opt/wheels': 'directory', '/usr/bin/python3': 'file' });

  it('accepts what exists with the expected kind', () => {
    expect(validateExistingPath('/opt/wheels', P, probe, 'directory')).toBeUndefined();
    expect(validateExistingPath('/usr/bin/python3', P, probe, 'file')).toBeUndefined();
    expect(validateExistingPath('/opt/wheels', P, probe, 'any')).toBeUndefined();
  });

  it('reports a missing path as path_not_found', () => {
    expect(validateExistingPath('/nope', P, probe, 'any')?.code).toBe('path_not_found');
  });

  it('reports the wrong kind as invalid_path', () => {
    expect(validateExistingPath('/opt/wheels', P, probe, 'file')?.code).toBe('invalid_path');
    expect(validateExistingPath('/usr/bin/python3', P, probe, 'directory')?.code).toBe('invalid_path');
  });

  it('checks the shape before asking the probe', () => {
    const calls: string[] = [];
    const spy: PathProbe = { kind: (p) => (calls.push(p), 'file') };
    expect(validateExistingPath('relative', P, spy, 'any')?.code).toBe('path_not_absolute');
    expect(calls).toEqual([]);
  });

  it('turns a throwing probe into io_error', () => {
    const throwing: PathProbe = {
      kind: () => {
        throw new Error('EACCES');
      },
    };
    expect(validateExistingPath('/x', P, throwing, 'any')?.code).toBe('io_error');
  });
});

describe('nodePathProbe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pantograph probe '));
  const file = join(dir, 'torch-2.5.1-py3-none-any.whl');
  writeFileSync(file, '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports files, directories and missing paths on the real filesystem, spaces included', () => {
    expect(nodePathProbe.kind(dir)).toBe('directory');
    expect(nodePathProbe.kind(file)).toBe('file');
    expect(nodePathProbe.kind(join(dir, 'absent'))).toBe('missing');
  });

  it('never throws, even for a NUL path', () => {
    expect(nodePathProbe.kind('/tmp/a\u0000b')).toBe('missing');
  });
});
