/**
 * Local path validation: the pure shape check, and an existence check through an injected
 * {@link PathProbe} (the node-fs probe lives in `nodePathProbe.ts`, the only I/O in this folder).
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { LIMITS, hasControlChars, preview, validateLength } from './limits.js';

/** What exists at a path. Implementations follow symlinks and never throw. */
export interface PathProbe {
  kind(path: string): 'file' | 'directory' | 'missing';
}

/** What {@link validateExistingPath} expects to find. */
export type ExpectedPathKind = 'file' | 'directory' | 'any';

/**
 * True when `value` is absolute in POSIX form (`/…`) or Windows form (`C:\…`, `C:/…`,
 * UNC `\\server\share…`, `\\?\…`). Drive-relative `C:foo` and rooted `\foo` are not absolute.
 */
export function isAbsolutePathShape(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || /^\\\\[^\\]/.test(value);
}

/**
 * Validates the shape of a local absolute path without touching the disk. Spaces are fine.
 * Returns `string_too_long` (beyond {@link LIMITS.path}), `path_contains_nul`, `invalid_path`
 * (empty, or other control characters such as newlines), `path_not_absolute`, or `undefined`.
 * @example validateAbsolutePathShape('C:\\Program Files\\Python312\\python.exe', ['python_executable']) === undefined
 */
export function validateAbsolutePathShape(value: string, path: readonly (string | number)[]): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_path', 'path must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.path, 'path');
  if (tooLong) return tooLong;
  if (value.includes('\u0000')) return structuredError('path_contains_nul', 'path contains a NUL character', path);
  if (value.length === 0) return structuredError('invalid_path', 'path is empty', path);
  if (hasControlChars(value)) return structuredError('invalid_path', `path ${preview(value)} contains control characters`, path);
  if (!isAbsolutePathShape(value)) {
    return structuredError(
      'path_not_absolute',
      `path ${preview(value)} is not absolute`,
      path,
      'Use a full path such as /opt/wheels or C:\\wheels.',
    );
  }
  return undefined;
}

/**
 * Validates the shape, then asks `probe` what is there: `path_not_found` when nothing is,
 * `invalid_path` when it is a file but a directory was expected or vice versa, `io_error` if the
 * probe throws (it should not). `expected: 'any'` accepts a file or a directory.
 */
export function validateExistingPath(
  value: string,
  path: readonly (string | number)[],
  probe: PathProbe,
  expected: ExpectedPathKind,
): StructuredError | undefined {
  const shape = validateAbsolutePathShape(value, path);
  if (shape) return shape;
  const kind = probeKind(probe, value, path);
  if (typeof kind !== 'string') return kind;
  if (kind === 'missing') return structuredError('path_not_found', `${preview(value)} does not exist`, path);
  if (expected !== 'any' && kind !== expected) {
    return structuredError('invalid_path', `${preview(value)} is a ${kind}, expected a ${expected}`, path);
  }
  return undefined;
}

/** Asks `probe` what is at `value`; a throwing probe becomes a structured `io_error` at `path`. */
export function probeKind(
  probe: PathProbe,
  value: string,
  path: readonly (string | number)[],
): 'file' | 'directory' | 'missing' | StructuredError {
  try {
    return probe.kind(value);
  } catch (error) {
    return structuredError(
      'io_error',
      `could not inspect ${preview(value)}: ${error instanceof Error ? error.message : String(error)}`,
      path,
    );
  }
}
