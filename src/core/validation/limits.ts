/**
 * Length caps and character-class checks shared by every validator in this folder. Pure, no I/O.
 * Caps are generous for real values and small enough to keep logs, keys and paths sane.
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';

/** Length caps (in UTF-16 code units, i.e. `string.length`). */
export const LIMITS = {
  url: 2048,
  path: 4096,
  packageName: 214,
  pin: 128,
  marker: 1024,
  pythonRequires: 256,
  hash: 200,
  envId: 512,
  bindingId: 256,
  platformSelector: 256,
  source: 4096,
  /** Default for free-text fields without a specific cap. */
  text: 4096,
} as const;

/** Any Unicode whitespace, plus line/paragraph separators. */
const WHITESPACE = /[\s\u2028\u2029\u0085]/;

/** True when `value` contains a C0 control character or DEL (NUL, newline and tab included). */
export function hasControlChars(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** True when `value` contains any whitespace (space, tab, newline, NBSP, separators, …). */
export function hasWhitespace(value: string): boolean {
  return WHITESPACE.test(value);
}

/**
 * `string_too_long` when `value.length > max`, else `undefined` (`invalid_payload` for a
 * non-string, so it never throws). The message states the cap and the actual length, never the
 * (possibly huge) value.
 */
export function validateLength(
  value: string,
  path: readonly (string | number)[],
  max: number,
  label = 'value',
): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_payload', `${label} must be a string`, path);
  if (value.length <= max) return undefined;
  return structuredError('string_too_long', `${label} is ${value.length} characters long; the limit is ${max}`, path);
}

/**
 * A short, single-line, printable rendering of an untrusted value for error messages: control
 * characters escaped, truncated to `max` characters.
 */
export function preview(value: string, max = 80): string {
  const escaped = JSON.stringify(value.length > max ? value.slice(0, max) : value);
  return value.length > max ? `${escaped}…` : escaped;
}
