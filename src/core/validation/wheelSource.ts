/** Recognising a requirement `source` that is a direct wheel the installer may use. Pure. */
import { isAbsolutePathShape, validateAbsolutePathShape } from './paths.js';
import { validateIndexUrl } from './urls.js';

const WHEEL_BASENAME = /(?:^|[\\/])[^\\/]+\.whl$/i;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * True when `source` is a wheel: an http, https or file URL that passes `validateIndexUrl` and
 * whose path (not query or fragment) ends in `<something>.whl`, or an absolute POSIX/Windows path
 * with a valid shape ending in `<something>.whl`. Project pages, relative paths, other schemes,
 * `null`/`undefined`/empty are not. Existence of a local file is checked elsewhere (probe).
 * @example isWheelSource('https://download.pytorch.org/whl/cu121/torch-2.5.1%2Bcu121-cp312-cp312-linux_x86_64.whl') === true
 * @example isWheelSource('https://example.org/project-page-not-a-wheel') === false
 */
export function isWheelSource(source: string | null | undefined): boolean {
  if (typeof source !== 'string' || source.length === 0) return false;
  if (isAbsolutePathShape(source)) {
    return validateAbsolutePathShape(source, []) === undefined && WHEEL_BASENAME.test(source);
  }
  if (!URL_SCHEME.test(source) || validateIndexUrl(source, []) !== undefined) return false;
  try {
    return WHEEL_BASENAME.test(new URL(source).pathname);
  } catch {
    return false;
  }
}
