/**
 * The pure inputs of a locked install: the `installing` manifest it records first, and the hashed
 * requirements file pip installs from. No I/O.
 */
import { pathToFileURL } from 'node:url';
import type { EnvironmentKey } from '../domain/environmentKey.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { EnvironmentManifestV1Input } from '../store/manifest.js';
import { lockedWheelLocation } from './lockCheck.js';
import type { LockRequestFacts } from './lockRequirements.js';
import type { LockedPackage } from './pylock.js';

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

/** What {@link lockedInstallingManifest} records. */
export interface LockedManifestInput {
  readonly key: EnvironmentKey;
  readonly facts: LockRequestFacts;
  readonly packages: readonly LockedPackage[];
  readonly lockPath: string;
  readonly lockDir: string;
  readonly base: InterpreterFacts;
  readonly platformKey: string;
  /** The environment's interpreter (inside the venv). */
  readonly pythonExecutable: string;
  /** ISO time the install started: `started_at`, `created_at` and `last_used_at`. */
  readonly startedAt: string;
}

/**
 * The `installing` manifest of a locked `python-venv` environment: every locked package pinned
 * `==version` as an effective requirement and recorded as a resolved package (its wheel
 * location, sha256, and `requested` when the payload pins it); installer `pip` with the lock
 * file as its index config; `env_id` the first selected binding's (or `''`).
 */
export function lockedInstallingManifest(input: LockedManifestInput): EnvironmentManifestV1Input {
  const { key, facts, packages, base, startedAt } = input;
  const pins = new Set(facts.pins.map((p) => p.name));
  return {
    manifest_version: 1,
    environment_key: key.shortKey,
    state: 'installing',
    environment_kind: 'python-venv',
    env_id: facts.envIds[0] ?? '',
    env_ids: [...facts.envIds],
    platform_key: input.platformKey,
    python_executable: input.pythonExecutable,
    base_interpreter: { executable: base.executable, version: base.version },
    requirements_fingerprint: key.key,
    key_payload: key.payload,
    effective_requirements: packages.map((p) => ({ name: p.name, version: p.version, exact_pin: `==${p.version}` })),
    resolved_packages: packages.map((p) => ({
      name: p.name,
      version: p.version,
      wheel: p.wheel,
      source: lockedWheelLocation(p, input.lockDir),
      sha256: p.sha256,
      requested: pins.has(p.name),
    })),
    install: {
      installer: 'pip',
      installer_version: base.pipVersion ?? 'unknown',
      index_config: { lock_file: input.lockPath },
      started_at: startedAt,
    },
    created_at: startedAt,
    last_used_at: startedAt,
  };
}

/**
 * The requirements file of a locked install: one `name @ <url> --hash=sha256:<hex>` line per
 * package, in lock order, newline-terminated. A URL location is kept as is; a path (relative ones
 * resolved against `lockDir`) becomes a `file:` URL.
 *
 * @example
 * lockedRequirementsText([{ name: 'toy', path: 'wheels/toy-1.0-py3-none-any.whl', url: null, sha256: 'ab…', … }], '/locks')
 * // 'toy @ file:///locks/wheels/toy-1.0-py3-none-any.whl --hash=sha256:ab…\n'
 */
export function lockedRequirementsText(packages: readonly LockedPackage[], lockDir: string): string {
  return (
    packages
      .map((p) => {
        const location = lockedWheelLocation(p, lockDir);
        return `${p.name} @ ${URL_PATTERN.test(location) ? location : pathToFileURL(location).href} --hash=sha256:${p.sha256}`;
      })
      .join('\n') + '\n'
  );
}
