import { describe, expect, it } from 'vitest';
import { unsafePathReason } from '../../../src/core/packaging/archivePaths.js';

describe('unsafePathReason', () => {
  it('accepts plain relative archive paths', () => {
    for (const path of ['pkg/__init__.py', 'pkg-1.0.dist-info/RECORD', 'pkg-1.0.data/scripts/run', 'top.py', 'a/.hidden']) {
      expect(unsafePathReason(path)).toBeNull();
    }
  });

  it('names why a path could escape or confuse the folder it is joined onto', () => {
    expect(unsafePathReason('')).toBe('empty path');
    expect(unsafePathReason('pkg/a\0b')).toBe('NUL in path');
    expect(unsafePathReason('pkg\\evil.py')).toBe('backslash in path');
    expect(unsafePathReason('/etc/passwd')).toBe('absolute path');
    expect(unsafePathReason('C:/Windows/evil.dll')).toBe('absolute path');
    expect(unsafePathReason('c:evil.py')).toBe('absolute path');
    expect(unsafePathReason('pkg/../../etc/passwd')).toBe('path traversal');
    expect(unsafePathReason('..')).toBe('path traversal');
    expect(unsafePathReason('pkg//a.py')).toBe('empty or "." path segment');
    expect(unsafePathReason('./pkg/a.py')).toBe('empty or "." path segment');
    expect(unsafePathReason('pkg/')).toBe('empty or "." path segment');
  });

  it('reports the first rule a path breaks, in a fixed order', () => {
    expect(unsafePathReason('/abs/../x')).toBe('absolute path');
    expect(unsafePathReason('a\\..\\b')).toBe('backslash in path');
    expect(unsafePathReason('../a//b')).toBe('path traversal');
  });
});
