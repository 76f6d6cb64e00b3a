/** Canonical JSON for hashing: one byte sequence per value. Pure, no I/O. */

/** A JSON value that {@link canonicalJson} accepts. */
export type CanonicalValue =
  string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

/**
 * Serialises `value` canonically: object keys sorted by UTF-16 code unit order, no whitespace,
 * array order kept (callers sort arrays whose order carries no meaning), object properties whose
 * value is `undefined` omitted (as `JSON.stringify` does). Throws a `TypeError` for
 * values JSON cannot represent exactly (non-finite numbers), so a key can never silently depend on
 * `null`-coerced garbage.
 * @example canonicalJson({ b: [2, 1], a: 'x' }) === '{"a":"x","b":[2,1]}'
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(',')}]`;
  const record = value as { readonly [key: string]: CanonicalValue };
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key] as CanonicalValue)}`).join(',')}}`;
}
