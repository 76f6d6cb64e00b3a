/**
 * The rules for a wheel's archive and RECORD paths, shared by the installer (unpacking, linking)
 * and the wheel writer, so that the writer never builds a wheel the installer refuses. Pure, no I/O.
 */

/** The `<name>-<version>.data/<scheme>/` schemes the wheel format allows. */
export const WHEEL_DATA_SCHEMES: ReadonlySet<string> = new Set(['purelib', 'platlib', 'scripts', 'headers', 'data']);

/**
 * Why a relative archive path is unsafe to join onto a folder, or `null` when it is safe. Refuses,
 * in this order: the empty path, NUL, a backslash, an absolute path (`/…` or a drive letter `C:…`,
 * drive-relative included), a `..` segment, and an empty or `.` segment (`a//b`, `./a`, `a/`).
 * Pure.
 * @example unsafePathReason('pkg/../../etc/passwd') === 'path traversal'
 * @example unsafePathReason('pkg-1.0.dist-info/RECORD') === null
 */
export function unsafePathReason(path: string): string | null {
  if (path === '') return 'empty path';
  if (path.includes('\0')) return 'NUL in path';
  if (path.includes('\\')) return 'backslash in path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path';
  const segments = path.split('/');
  if (segments.includes('..')) return 'path traversal';
  if (segments.some((s) => s === '' || s === '.')) return 'empty or "." path segment';
  return null;
}
