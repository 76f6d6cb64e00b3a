/**
 * Index and wheel URL validation, and credential redaction for logs. Pure, no I/O (uses the
 * WHATWG `URL` global only to check that a value parses).
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { LIMITS, hasControlChars, hasWhitespace, preview, validateLength } from './limits.js';

/** URL schemes Pantograph hands to an installer. */
export const ALLOWED_URL_SCHEMES: readonly string[] = ['http', 'https', 'file'];

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * Validates a package index / wheel URL. Returns the first problem, or `undefined` when valid:
 * - `string_too_long` beyond {@link LIMITS.url} characters;
 * - `invalid_url` for whitespace, control characters (NUL included), a missing scheme, an
 *   unparseable value, an http(s) URL without a host, or a malformed percent-escape in a file URL;
 * - `url_scheme_not_allowed` for any scheme other than http, https, file;
 * - `path_traversal` for a file URL whose path has a `..` segment (also percent-encoded),
 *   checked on the raw text because URL parsing silently resolves `..`.
 * Credentials (`user:pass@`) are allowed; log such URLs through {@link redactUrl}.
 * @example validateIndexUrl('https://download.pytorch.org/whl/cu121', ['index_url']) === undefined
 */
export function validateIndexUrl(value: string, path: readonly (string | number)[]): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_url', 'URL must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.url, 'URL');
  if (tooLong) return tooLong;
  if (value.length === 0) return structuredError('invalid_url', 'URL is empty', path);
  if (hasControlChars(value) || hasWhitespace(value)) {
    return structuredError(
      'invalid_url',
      `URL ${preview(redactUrl(value))} contains whitespace or control characters`,
      path,
      'Percent-encode spaces as %20.',
    );
  }
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined)
    return structuredError(
      'invalid_url',
      `${preview(redactUrl(value))} is not a URL (no scheme)`,
      path,
      'Use an http://, https:// or file:// URL.',
    );
  if (!ALLOWED_URL_SCHEMES.includes(scheme)) {
    return structuredError('url_scheme_not_allowed', `URL scheme "${scheme}" is not allowed; use http, https or file`, path);
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return structuredError('invalid_url', `${preview(redactUrl(value))} is not a valid URL`, path);
  }
  if ((scheme === 'http' || scheme === 'https') && parsed.hostname === '') {
    return structuredError('invalid_url', `${preview(redactUrl(value))} has no host`, path);
  }
  if (scheme === 'file') return checkFileUrlPath(value, path);
  return undefined;
}

/** `path_traversal` when the raw file URL's path (percent-decoded) has a `..` segment. */
function checkFileUrlPath(value: string, path: readonly (string | number)[]): StructuredError | undefined {
  const rawPath = value.slice('file:'.length).split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return structuredError('invalid_url', `${preview(value)} has a malformed percent-escape`, path);
  }
  if (decoded.includes('\u0000')) return structuredError('path_contains_nul', 'file URL path contains a NUL character', path);
  if (decoded.split(/[\\/]/).includes('..')) {
    return structuredError(
      'path_traversal',
      `file URL ${preview(value)} contains a ".." segment`,
      path,
      'Use the resolved absolute path.',
    );
  }
  return undefined;
}

/** The authority's userinfo (`user:pass@`), matched on the raw text up to the last `@` before the path. */
const USERINFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#\\]*@/;

/**
 * Replaces the userinfo of a URL (`user:password@`, `token@`) with `***` so the URL can be logged;
 * everything else is returned unchanged (no re-serialisation). Never throws, accepts any string.
 * @example redactUrl('https://me:s3cret@pypi.example/simple') === 'https://***@pypi.example/simple'
 */
export function redactUrl(url: string): string {
  if (typeof url !== 'string') return '';
  return url.replace(USERINFO, '$1***@');
}
