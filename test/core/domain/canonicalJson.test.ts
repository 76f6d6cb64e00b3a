import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/domain/canonicalJson.js';
import type { CanonicalValue } from '../../../src/core/domain/canonicalJson.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and emits no whitespace', () => {
    expect(canonicalJson({ b: { d: 1, c: [true, null] }, a: 'x y' })).toBe('{"a":"x y","b":{"c":[true,null],"d":1}}');
  });

  it('keeps array order, because callers decide which arrays are sets', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('gives the same text for objects that differ only in key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
        expect(JSON.parse(canonicalJson(dict))).toEqual(dict);
      }),
    );
  });

  it('omits undefined properties and rejects non-finite numbers', () => {
    expect(canonicalJson({ a: 1, b: undefined } as unknown as CanonicalValue)).toBe('{"a":1}');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ x: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });
});
