/**
 * Small pure helpers over plain JSON values: prototype-safe deep copy, key-sorted canonical
 * JSON and a 64-bit FNV-1a hash. No I/O, no Node built-ins (the webview imports this).
 */

/** A plain JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Keys that could reach an object's prototype if assigned naïvely; never accepted in workflow data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting of objects/arrays accepted anywhere in a workflow. */
export const MAX_JSON_DEPTH = 64;

/** True when `key` is one of {@link FORBIDDEN_KEYS}. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** Why a value is not acceptable workflow JSON, with the path of the offending part. */
export interface JsonProblem {
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

/**
 * Returns the first reason `value` is not plain, finite, prototype-safe JSON within
 * {@link MAX_JSON_DEPTH}, or `undefined` when it is. Object properties whose value is `undefined`
 * are tolerated (they vanish on serialization). Never throws (cycles are reported as depth).
 */
export function findJsonProblem(value: unknown, path: readonly (string | number)[] = [], depth = 0): JsonProblem | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, reason: 'numbers must be finite' };
  if (typeof value !== 'object') return { path, reason: `a ${typeof value} is not JSON` };
  if (depth >= MAX_JSON_DEPTH) return { path, reason: `nesting deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findJsonProblem(value[i], [...path, i], depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return { path, reason: 'only plain objects are JSON' };
  for (const key of Object.keys(value)) {
    if (isForbiddenKey(key)) return { path: [...path, key], reason: `the key "${key}" is not allowed` };
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined) continue;
    const problem = findJsonProblem(child, [...path, key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Deep-copies a JSON value into fresh plain objects/arrays, dropping object properties whose value
 * is `undefined`. Keys are copied with
 * `Object.fromEntries` (define semantics), so even an own `__proto__` key cannot change a
 * prototype. Non-JSON leaves are copied by reference; call {@link findJsonProblem} first to refuse them.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => cloneJson(item)) as T;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, cloneJson(v)]),
  ) as T;
}

/**
 * Canonical JSON: object keys sorted, no whitespace. Returns `undefined` for values that cannot be
 * canonicalised (functions, symbols, bigints, cycles, non-plain objects). Deterministic and pure.
 * @example stableStringify({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function stableStringify(value: unknown): string | undefined {
  const seen = new Set<object>();
  const walk = (v: unknown): string | undefined => {
    if (v === null) return 'null';
    if (v === undefined) return '"\u0000undefined"';
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : `"\u0000${String(v)}"`;
    if (typeof v !== 'object' || seen.has(v)) return undefined;
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return undefined;
    seen.add(v);
    const parts: string[] = [];
    if (Array.isArray(v)) {
      for (const item of v) {
        const s = walk(item);
        if (s === undefined) return undefined;
        parts.push(s);
      }
      seen.delete(v);
      return `[${parts.join(',')}]`;
    }
    for (const key of Object.keys(v).sort()) {
      const s = walk((v as Record<string, unknown>)[key]);
      if (s === undefined) return undefined;
      parts.push(`${JSON.stringify(key)}:${s}`);
    }
    seen.delete(v);
    return `{${parts.join(',')}}`;
  };
  return walk(value);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** 64-bit FNV-1a over the UTF-16 code units of `text`, as 16 lowercase hex digits. Not cryptographic. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
