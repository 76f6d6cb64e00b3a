/**
 * Where the shared package store lives inside the data dir. Pure: paths only, every sha256 is
 * checked before a path is built from it.
 *
 * ```
 * <dataDir>/store/wheels/<sha256>/<wheel file name>   each wheel once, named by its own sha256
 * <dataDir>/store/packages/<sha256>/                  that wheel unpacked (immutable entry)
 * <dataDir>/store/built/<sdist sha256>.json           an sdist built once → the wheel's sha256
 * <dataDir>/store/locks/<kind>-<id>.lock              one proper-lockfile lock per entry
 * <dataDir>/tmp/                                      downloads and unpacks before their rename
 * ```
 */
import path from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';

/** Lowercase hex sha256. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The store's folders and per-entry path builders. */
export interface PackageStoreLayout {
  readonly dataDir: string;
  readonly storeDir: string;
  readonly wheelsDir: string;
  readonly packagesDir: string;
  readonly builtDir: string;
  readonly locksDir: string;
  readonly tmpDir: string;
  /** `wheels/<sha256>/` (holds one file: the wheel under its own name). */
  wheelDir(sha256: string): string;
  /** `packages/<sha256>/`. */
  packageDir(sha256: string): string;
  /** `built/<sdist sha256>.json`. */
  builtRecord(sdistSha256: string): string;
  /** `locks/<kind>-<id>.lock`. */
  lockPath(kind: 'wheel' | 'package' | 'built' | 'url', id: string): string;
}

function checked(sha256: string): string {
  if (!SHA256_PATTERN.test(sha256))
    throw new PantographError(structuredError('internal_error', `not a sha256: ${JSON.stringify(sha256.slice(0, 80))}`));
  return sha256;
}

/** Builds the layout for an absolute data dir. Pure. */
export function packageStoreLayout(dataDir: string): PackageStoreLayout {
  const root = path.resolve(dataDir);
  const storeDir = path.join(root, 'store');
  const wheelsDir = path.join(storeDir, 'wheels');
  const packagesDir = path.join(storeDir, 'packages');
  const builtDir = path.join(storeDir, 'built');
  const locksDir = path.join(storeDir, 'locks');
  return {
    dataDir: root,
    storeDir,
    wheelsDir,
    packagesDir,
    builtDir,
    locksDir,
    tmpDir: path.join(root, 'tmp'),
    wheelDir: (sha256) => path.join(wheelsDir, checked(sha256)),
    packageDir: (sha256) => path.join(packagesDir, checked(sha256)),
    builtRecord: (sha256) => path.join(builtDir, `${checked(sha256)}.json`),
    lockPath: (kind, id) => path.join(locksDir, `${kind}-${checked(id)}.lock`),
  };
}
