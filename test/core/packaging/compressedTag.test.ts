import { describe, expect, it } from 'vitest';
import { expandCompressedTag } from '../../../src/core/packaging/compressedTag.js';

describe('expandCompressedTag', () => {
  it('gives every combination of a compressed tag set, in file-name order', () => {
    expect(expandCompressedTag('py3-none-any')).toEqual(['py3-none-any']);
    expect(expandCompressedTag('py2.py3-none-any')).toEqual(['py2-none-any', 'py3-none-any']);
    expect(expandCompressedTag('cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64')).toEqual([
      'cp311-cp311-manylinux_2_17_x86_64',
      'cp311-cp311-manylinux2014_x86_64',
    ]);
  });

  it('gives no tags for a malformed set', () => {
    expect(expandCompressedTag('py3-none')).toEqual([]);
    expect(expandCompressedTag('a-b-c-d')).toEqual([]);
  });
});
