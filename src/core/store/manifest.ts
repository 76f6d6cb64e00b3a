/**
 * EnvironmentManifestV1: the record written into `envs/python/<key>/manifest.json`. Writing it
 * with `state: "ready"` is the commit point of an ensure. Snake_case like the other on-disk and
 * wire shapes; unknown extra fields are kept (a newer Pantograph may have written them).
 * Append-only after v1: add optional fields only. Pure module: schema and helpers, no I/O.
 */
import * as z from 'zod';
import { ENVIRONMENT_KINDS } from '../contracts/requirements.js';

/** The manifest format version this build reads and writes. */
export const MANIFEST_VERSION = 1;

/** How many validation results a manifest keeps (oldest dropped first). */
export const VALIDATION_HISTORY_LIMIT = 20;

/** Lifecycle of an environment on disk. Only `ready` may be reused. */
export const MANIFEST_STATES = ['installing', 'ready', 'failed'] as const;
export const ManifestStateSchema = z.enum(MANIFEST_STATES);
export type ManifestState = z.infer<typeof ManifestStateSchema>;

/** The base interpreter the environment was created from. */
export const BaseInterpreterSchema = z.looseObject({
  executable: z.string().min(1),
  version: z.string().min(1),
  realpath: z.string().optional(),
});

/** One validation run: which pinned packages were missing or at the wrong version. */
export const ValidationEntrySchema = z.looseObject({
  at: z.string(),
  ok: z.boolean(),
  missing: z.array(z.string()).default([]),
  /** Names, or `{ name, expected, found }` records — kept loose for the validator's needs. */
  mismatched: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])).default([]),
});
export type ValidationEntry = z.input<typeof ValidationEntrySchema>;

/** How the environment was installed. `index_config` must already be redacted (no credentials). */
export const InstallRecordSchema = z.looseObject({
  installer: z.string(),
  installer_version: z.string(),
  index_config: z.record(z.string(), z.unknown()).default({}),
  /** Null while `installing`. */
  duration_ms: z.number().nonnegative().nullable().default(null),
  started_at: z.string(),
  /** Null while `installing`. */
  finished_at: z.string().nullable().default(null),
});

/**
 * One distribution of the resolved set: exactly what is installed in the environment. `source` is
 * the URL (credentials redacted) or absolute local path the wheel came from; `sha256` the wheel
 * file's hash (also the name of its package-store entry); `requested` is true for a top-level
 * requirement, false for one pulled in as a dependency.
 */
export const ResolvedPackageSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string().min(1),
  wheel: z.string().min(1),
  source: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  requested: z.boolean(),
});
export type ResolvedPackage = z.output<typeof ResolvedPackageSchema>;

/** The manifest schema. Parsing also trims `validation_history` to the last 20 entries. */
export const EnvironmentManifestV1Schema = z.looseObject({
  manifest_version: z.literal(MANIFEST_VERSION),
  environment_key: z.string(),
  state: ManifestStateSchema,
  environment_kind: z.enum(ENVIRONMENT_KINDS),
  env_id: z.string(),
  env_ids: z.array(z.string()).default([]),
  platform_key: z.string(),
  backend_key: z.string().nullable().default(null),
  /** Absolute path of the environment's interpreter (the base interpreter for kind `python`). */
  python_executable: z.string().min(1),
  base_interpreter: BaseInterpreterSchema,
  requirements_fingerprint: z.string(),
  /** The canonical key payload string the key was hashed from. */
  key_payload: z.string(),
  effective_requirements: z.array(z.looseObject({ name: z.string() })).default([]),
  applied_overrides: z.array(z.looseObject({})).default([]),
  /** The resolved set (every installed distribution), sorted by name; absent in older manifests. */
  resolved_packages: z.array(ResolvedPackageSchema).optional(),
  install: InstallRecordSchema,
  created_at: z.string(),
  /** Time of the last manifest write; the `last_used` marker's mtime is the reuse time. */
  last_used_at: z.string(),
  validation_history: z
    .array(ValidationEntrySchema)
    .default([])
    .transform((entries) => entries.slice(-VALIDATION_HISTORY_LIMIT)),
  failure: z.looseObject({ code: z.string(), message: z.string() }).optional(),
});
/** A parsed manifest (defaults applied, history bounded). */
export type EnvironmentManifestV1 = z.output<typeof EnvironmentManifestV1Schema>;
/** What a writer may pass (defaults may be omitted). */
export type EnvironmentManifestV1Input = z.input<typeof EnvironmentManifestV1Schema>;

/**
 * Returns a copy of `manifest` with `entry` appended to `validation_history`, keeping only the
 * last {@link VALIDATION_HISTORY_LIMIT} entries. Pure.
 */
export function appendValidation<M extends { validation_history?: readonly ValidationEntry[] | undefined }>(
  manifest: M,
  entry: ValidationEntry,
): M {
  const history = [...(manifest.validation_history ?? []), entry].slice(-VALIDATION_HISTORY_LIMIT);
  return { ...manifest, validation_history: history };
}

/**
 * Replaces the user-info part of every URL-looking string (`https://user:secret@host/` →
 * `https://***@host/`), recursively through arrays and plain objects. Used on `index_config`
 * before it is written, so a credential in an index URL never lands on disk. Pure.
 */
export function redactCredentials(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactCredentials(v)]));
  }
  return value;
}
