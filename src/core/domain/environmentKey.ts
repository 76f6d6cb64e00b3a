/**
 * The environment key: sha256 over a canonical, versioned, labelled payload describing exactly
 * what makes two environments interchangeable. Same inputs → same key, on every machine and in
 * every process; no I/O (node:crypto hashing only).
 *
 * CALLER CONTRACT
 * - Pass the *effective* install view (after overrides), not raw producer data. Build the input
 *   with `buildEnvironmentKeyInput` (environmentKeyInput.ts) rather than by hand.
 * - Cosmetic differences never change the key: requirement / binding / hash / env_id / extra-index
 *   order, package-name case and separators (`Foo_Bar` ≡ `foo-bar`), surrounding whitespace,
 *   hash and platform case, Python patch version (`3.12.1` ≡ `3.12.8`).
 * - Every meaningful difference does: a pin, a hash, markers, an index URL, a wheel source, an
 *   applied override, the platform, Python major.minor, the installer name or version, an env_id,
 *   the environment kind.
 * - A requirement `source` that is only provenance (not a wheel) is never part of the key.
 *
 * VERSIONING — read before changing anything here
 * The payload carries `key_version: 'pantograph-env-key/v1'`. Existing keys name directories on
 * users' disks. Adding an input, or changing how one is normalised, MUST introduce a new
 * `key_version` label (v2, …) with its own payload builder; never silently change what v1
 * produces, or every existing environment would be orphaned and rebuilt. The tests pin a v1 key.
 *
 * @example
 * // before: requirements [{ name: 'Torch', exact_pin: '==2.5.1', … }], python '3.12.3', pip 24.2
 * // after : { key: '3f0c…(64 hex)', shortKey: '3f0c…(20 hex)',
 * //           payload: '{"contract_version":1,"env_ids":[…],"environment_kind":"python-venv",…}' }
 */
import { createHash } from 'node:crypto';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { normalizePackageName } from '../requirements/packageName.js';
import { normalizeVersion } from '../requirements/pep440.js';
import { canonicalJson } from './canonicalJson.js';
import type { CanonicalValue } from './canonicalJson.js';

/** The label of the current key payload format. */
export const ENVIRONMENT_KEY_VERSION = 'pantograph-env-key/v1';

/** Length of the displayed/stored key prefix (keeps env paths short for shebangs and MAX_PATH). */
export const SHORT_KEY_LENGTH = 20;

/** One requirement as it will be installed. */
export interface KeyRequirementInput {
  readonly name: string;
  /** `==<version>`. */
  readonly exact_pin: string;
  readonly hashes: readonly string[];
  readonly markers: string | null;
  /** Effective index URL (after overrides), or null. */
  readonly index_url: string | null;
  /** Effective extra index URLs (after overrides). */
  readonly extra_index_urls: readonly string[];
  /** The requirement's `source` only when it is a wheel; provenance sources must be null here. */
  readonly wheel_source: string | null;
  /** Effective `wheel_source_path` (after overrides), or null. */
  readonly wheel_source_path: string | null;
  /** Effective `package_source_override`, or null. */
  readonly package_source_override: string | null;
}

/** Binding-level effective settings; a binding whose fields are all null contributes nothing. */
export interface KeyBindingOverrides {
  readonly binding_id: string;
  readonly python_executable: string | null;
  readonly index_url: string | null;
  /** null = not set; `[]` = explicitly cleared. */
  readonly extra_index_urls: readonly string[] | null;
  readonly wheel_source_path: string | null;
}

/** Everything the key depends on. */
export interface EnvironmentKeyInput {
  readonly environment_kind: string;
  readonly env_ids: readonly string[];
  readonly requirements: readonly KeyRequirementInput[];
  readonly overrides: readonly KeyBindingOverrides[];
  readonly platform_key: string;
  /** The base interpreter's version, `3.12.3` or `3.12`; only major.minor enters the key. */
  readonly python_version: string;
  readonly installer: { readonly name: string; readonly version: string };
}

/** The key, its short form, and the exact canonical payload it was hashed from (store it). */
export interface EnvironmentKey {
  /** 64 lowercase hex chars. */
  readonly key: string;
  /** The first {@link SHORT_KEY_LENGTH} hex chars of `key`. */
  readonly shortKey: string;
  readonly payload: string;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function sortedUnique(values: readonly string[], transform: (v: string) => string = (v) => v): string[] {
  const cleaned = values
    .map((v) => text(v))
    .filter((v): v is string => v !== null)
    .map(transform);
  return [...new Set(cleaned)].sort();
}

/** `==2.5.1+CU121 ` → `==2.5.1+cu121`; anything unparsable is kept trimmed. */
function normalizePin(pin: string): string {
  const trimmed = pin.trim();
  if (!trimmed.startsWith('==') || trimmed.startsWith('===')) return trimmed;
  const version = trimmed.slice(2).trim();
  return `==${normalizeVersion(version) ?? version}`;
}

/** `3.12.3` → `3.12`. Throws when the version has no major.minor (a caller bug). */
export function pythonMajorMinor(version: string): string {
  const match = /^\s*v?(\d+)\.(\d+)/i.exec(version);
  if (!match) {
    throw new PantographError(
      structuredError('internal_error', `environment key: python version ${JSON.stringify(version)} has no major.minor`, [
        'python_version',
      ]),
    );
  }
  return `${Number(match[1])}.${Number(match[2])}`;
}

function requirementPayload(req: KeyRequirementInput): { [key: string]: CanonicalValue } {
  return {
    name: normalizePackageName(req.name),
    pin: normalizePin(req.exact_pin),
    hashes: sortedUnique(req.hashes, (h) => h.toLowerCase()),
    markers: text(req.markers),
    source: {
      index_url: text(req.index_url),
      extra_index_urls: sortedUnique(req.extra_index_urls),
      wheel_source: text(req.wheel_source),
      wheel_source_path: text(req.wheel_source_path),
      package_source_override: text(req.package_source_override),
    },
  };
}

function overridePayload(o: KeyBindingOverrides): { [key: string]: CanonicalValue } | null {
  const entry = {
    python_executable: text(o.python_executable),
    index_url: text(o.index_url),
    extra_index_urls: o.extra_index_urls === null ? null : sortedUnique(o.extra_index_urls),
    wheel_source_path: text(o.wheel_source_path),
  };
  if (Object.values(entry).every((v) => v === null)) return null;
  return { binding_id: o.binding_id.trim(), ...entry };
}

/** Sorts by a primary label, then by canonical form; drops exact duplicates. */
function sortEntries(entries: { [key: string]: CanonicalValue }[], label: string): CanonicalValue[] {
  const byCanonical = new Map(entries.map((e) => [canonicalJson(e), e] as const));
  return [...byCanonical.entries()]
    .sort(([ca, a], [cb, b]) => {
      const la = String(a[label]);
      const lb = String(b[label]);
      if (la !== lb) return la < lb ? -1 : 1;
      return ca < cb ? -1 : ca > cb ? 1 : 0;
    })
    .map(([, e]) => e);
}

/**
 * The canonical v1 payload object (before serialisation). Exposed for diagnostics and tests;
 * {@link computeEnvironmentKey} is what callers use. Pure.
 */
export function environmentKeyPayload(input: EnvironmentKeyInput): { [key: string]: CanonicalValue } {
  return {
    key_version: ENVIRONMENT_KEY_VERSION,
    contract_version: 1,
    environment_kind: input.environment_kind.trim().toLowerCase(),
    env_ids: sortedUnique(input.env_ids),
    requirements: sortEntries(input.requirements.map(requirementPayload), 'name'),
    overrides: sortEntries(
      input.overrides.map(overridePayload).filter((o): o is { [key: string]: CanonicalValue } => o !== null),
      'binding_id',
    ),
    platform_key: input.platform_key.trim().toLowerCase(),
    python: pythonMajorMinor(input.python_version),
    installer: {
      name: input.installer.name.trim().toLowerCase(),
      version: normalizeVersion(input.installer.version) ?? input.installer.version.trim(),
    },
  };
}

/**
 * Computes the environment key: `sha256(canonicalJson(environmentKeyPayload(input)))`.
 * Deterministic; no I/O. Throws only for a python version without major.minor (a caller bug).
 * See the module comment for the caller contract and the versioning rule.
 */
export function computeEnvironmentKey(input: EnvironmentKeyInput): EnvironmentKey {
  const payload = canonicalJson(environmentKeyPayload(input));
  const key = createHash('sha256').update(payload, 'utf8').digest('hex');
  return { key, shortKey: key.slice(0, SHORT_KEY_LENGTH), payload };
}
