import { describe, expect, it } from 'vitest';
import { isWheelSource } from '../../../src/core/validation/wheelSource.js';

describe('isWheelSource', () => {
  it('recognises wheel URLs over http, https and file', () => {
    expect(isWheelSource('https://download.pytorch.org/whl/cu121/torch-2.5.1%2Bcu121-cp312-cp312-linux_x86_64.whl')).toBe(true);
    expect(isWheelSource('http://localhost:8000/tiny_tts-0.3.0-py3-none-any.WHL')).toBe(true);
    expect(isWheelSource('file:///opt/wheels/tiny_tts-0.3.0-py3-none-any.whl')).toBe(true);
    expect(isWheelSource('https://u:p@host/pkg-1.0-py3-none-any.whl#sha256=abc')).toBe(true);
  });

  it('recognises absolute wheel paths on POSIX and Windows, spaces included', () => {
    expect(isWheelSource('/opt/my wheels/tiny_tts-0.3.0-py3-none-any.whl')).toBe(true);
    expect(isWheelSource('C:\\wheels\\tiny_tts-0.3.0-py3-none-any.whl')).toBe(true);
  });

  it('rejects project pages, indexes, other schemes, relative paths and empty values', () => {
    for (const source of [
      'https://example.org/project-page-not-a-wheel',
      'https://pypi.org/simple/torch/',
      'https://host/page?file=x.whl',
      'https://host/.whl',
      'ftp://host/pkg-1.0-py3-none-any.whl',
      'file:///opt/../etc/pkg-1.0-py3-none-any.whl',
      'wheels/pkg-1.0-py3-none-any.whl',
      '/opt/wheels/',
      '/opt/a\u0000b.whl',
      '',
      null,
      undefined,
    ]) {
      expect(isWheelSource(source), String(source)).toBe(false);
    }
  });
});
