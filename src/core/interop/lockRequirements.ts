/**
 * The pure half of `ensure --lock`: the pins a requirements payload asks for, whether a parsed
 * lock satisfies them, and the environment key of a locked environment. No I/O.
 *
 * Key decision: a locked environment's key is `sha256(canonicalJson({ version, lock_sha256,
 * pins, platform_key, python_version, installer }))`. The lock's own hash is in it (another lock,
 * even for the same pins, is another environment), the payload's pins are (the check it passed),
 * and so are platform, interpreter and installer as in every key. Index URLs and wheel sources
 * are not: the lock names every file and its hash. So `ensure --lock` never equals a plain
 * `ensure` key, and needs no index or wheel-folder override.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonicalJson.js';
import { SHORT_KEY_LENGTH } from '../domain/environmentKey.js';
import type { EnvironmentKey } from '../domain/environmentKey.js';
import { parseDependencyRequirements } from '../contracts/requirements.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { selectBindings } from '../requirements/bindingSelection.js';
import { normalizePackageName } from '../requirements/packageName.js';
import { normalizeVersion, versionMatchesPin } from '../requirements/pep440.js';
import type { ParsedPylock } from './pylock.js';

/** Version tag of the locked-environment key payload. */
export const LOCKED_KEY_VERSION = 'pantograph-locked-env-key/v1';

/** One exact pin of the payload. */
export interface RequestedPin {
  readonly name: string;
  readonly version: string;
}

/** What `ensure --lock` takes from the payload. */
export interface LockRequestFacts {
  /** Normalized names with the pinned version, sorted by name. */
  readonly pins: readonly RequestedPin[];
  /** `env_id`s of the selected bindings, sorted. */
  readonly envIds: readonly string[];
  /** Every `python_requires` of the selected requirements. */
  readonly pythonRequires: readonly string[];
}

/**
 * The pins of the selected bindings of a raw DependencyRequirementsV1 payload. Fails with the
 * payload's structured errors (`invalid_payload`, `unsupported_contract_version`,
 * `no_dependency_bindings`, `invalid_pin`). Pure.
 */
export function lockRequestFacts(
  payload: unknown,
  selectedBindingIds: readonly string[] | null = null,
): Result<LockRequestFacts> {
  const parsed = parseDependencyRequirements(payload);
  if (!parsed.ok) return parsed;
  const selection = selectBindings(parsed.value, selectedBindingIds);
  const fatal = selection.errors.filter((e) => e.code === 'no_dependency_bindings');
  if (fatal.length > 0) return fail(...fatal);
  const pins = new Map<string, RequestedPin>();
  const errors: StructuredError[] = [];
  const pythonRequires: string[] = [];
  for (const [b, binding] of selection.bindings.entries()) {
    for (const [r, req] of (binding.requirements ?? []).entries()) {
      const version = /^==\s*([^=*\s][^*\s]*)$/.exec(req.exact_pin.trim())?.[1];
      if (!version || normalizeVersion(version) === null) {
        errors.push(
          structuredError('invalid_pin', `${req.name}: ${JSON.stringify(req.exact_pin)} is not an exact ==<version> pin`, [
            'bindings',
            b,
            'requirements',
            r,
            'exact_pin',
          ]),
        );
        continue;
      }
      pins.set(normalizePackageName(req.name), { name: normalizePackageName(req.name), version });
      if (req.python_requires) pythonRequires.push(req.python_requires);
    }
  }
  if (errors.length > 0) return fail(...errors);
  const envIds = selection.bindings
    .map((b) => b.env_id)
    .filter((id): id is string => typeof id === 'string' && id !== '')
    .sort();
  return ok({ pins: [...pins.values()].sort((a, b) => a.name.localeCompare(b.name)), envIds, pythonRequires });
}

/**
 * One `lock_mismatch` error per pin the lock does not hold at that version (compared as
 * normalized PEP 440 versions: `1.0` equals `1.0.0`). Empty when the lock satisfies every pin. Pure.
 */
export function lockMismatches(pins: readonly RequestedPin[], lock: ParsedPylock, lockPath: string): StructuredError[] {
  const locked = new Map(lock.packages.map((p) => [p.name, p.version]));
  return pins.flatMap((pin) => {
    const version = locked.get(pin.name);
    if (version === undefined)
      return [
        structuredError(
          'lock_mismatch',
          `${pin.name}==${pin.version} is required but ${lockPath} does not lock ${pin.name}`,
          ['packages'],
          'Export the lock again from an environment built for these requirements.',
        ),
      ];
    if (!versionMatchesPin(version, `==${pin.version}`))
      return [
        structuredError(
          'lock_mismatch',
          `${pin.name}==${pin.version} is required but ${lockPath} locks ${pin.name} ${version}`,
          ['packages'],
          'Export the lock again from an environment built for these requirements.',
        ),
      ];
    return [];
  });
}

/** Inputs of {@link lockedEnvironmentKey}. */
export interface LockedKeyInput {
  /** sha256 (hex) of the lock file's bytes. */
  readonly lockSha256: string;
  readonly pins: readonly RequestedPin[];
  readonly platformKey: string;
  /** The base interpreter's full version. */
  readonly pythonVersion: string;
  readonly installer: { readonly name: string; readonly version: string };
}

/** The key of a locked environment (see the module comment). Pure and deterministic. */
export function lockedEnvironmentKey(input: LockedKeyInput): EnvironmentKey {
  const payload = canonicalJson({
    version: LOCKED_KEY_VERSION,
    lock_sha256: input.lockSha256,
    pins: input.pins.map((p) => ({ name: p.name, version: p.version })),
    platform_key: input.platformKey,
    python_version: input.pythonVersion,
    installer: { name: input.installer.name, version: input.installer.version },
  });
  const key = createHash('sha256').update(payload, 'utf8').digest('hex');
  return { key, shortKey: key.slice(0, SHORT_KEY_LENGTH), payload };
}
