/**
 * One entry point for "Export Lock File…" and `pantograph envs export`: a ready environment's
 * manifest → the text of a `pylock.toml` or a hash-checking `requirements.txt`. Pure.
 */
import type { Result } from '../errors/structuredError.js';
import { ok } from '../errors/structuredError.js';
import type { EnvironmentManifestV1 } from '../store/manifest.js';
import { buildHashedRequirements } from './hashedRequirements.js';
import { buildPylock, lockedPackagesOf } from './pylock.js';

/** The export formats. */
export const LOCK_FORMATS = ['pylock', 'requirements'] as const;
/** One of {@link LOCK_FORMATS}. */
export type LockFormat = (typeof LOCK_FORMATS)[number];

/** The conventional file name of each format. */
export const LOCK_FILE_NAMES: Readonly<Record<LockFormat, string>> = { pylock: 'pylock.toml', requirements: 'requirements.txt' };

/** True for a known format name. */
export function isLockFormat(value: string): value is LockFormat {
  return (LOCK_FORMATS as readonly string[]).includes(value);
}

/**
 * The lock text of `manifest` in `format`. Fails with `invalid_lock_file` when the environment is
 * not ready or records no resolved package set (`resolved_packages`). Pure.
 */
export function exportLock(manifest: EnvironmentManifestV1, format: LockFormat, createdBy: string): Result<string> {
  if (format === 'pylock') return buildPylock(manifest, { createdBy });
  const packages = lockedPackagesOf(manifest);
  if (!packages.ok) return packages;
  return ok(
    buildHashedRequirements(packages.value, {
      environmentKey: manifest.environment_key,
      pythonVersion: manifest.base_interpreter.version,
      platformKey: manifest.platform_key,
      createdBy,
    }),
  );
}
