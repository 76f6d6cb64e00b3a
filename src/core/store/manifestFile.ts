/**
 * Reading and writing `manifest.json`. Reads are schema-validated and never throw: anything
 * other than a well-formed manifest for the expected key is a "not ready" result with a reason.
 * Writes are atomic (write-file-atomic: temp file in the same folder, fsync, rename), so a reader
 * sees either the old manifest or the new one, never half of one.
 */
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { EnvironmentManifestV1Schema, MANIFEST_VERSION, redactCredentials } from './manifest.js';
import type { EnvironmentManifestV1, EnvironmentManifestV1Input } from './manifest.js';

/** Why a manifest is not usable for reuse. */
export type ManifestNotReadyReason =
  'invalid_key' | 'missing' | 'unreadable' | 'corrupt' | 'unsupported_version' | 'invalid' | 'foreign' | 'installing' | 'failed';

/**
 * The outcome of reading a manifest. `ready: true` only for a valid manifest of the expected key
 * in state `ready`. An `installing`/`failed` manifest is returned too (`manifest` set) so callers
 * can show or clean it; corrupt, foreign or missing ones have no `manifest`.
 */
export type ManifestReadResult =
  | { readonly ready: true; readonly manifest: EnvironmentManifestV1 }
  | {
      readonly ready: false;
      readonly reason: ManifestNotReadyReason;
      readonly message: string;
      readonly manifest?: EnvironmentManifestV1;
    };

function notReady(reason: ManifestNotReadyReason, message: string, manifest?: EnvironmentManifestV1): ManifestReadResult {
  return manifest ? { ready: false, reason, message, manifest } : { ready: false, reason, message };
}

/**
 * Parses manifest text for `expectedKey`. Pure; never throws.
 * - not JSON (e.g. truncated) → `corrupt`; `manifest_version` other than 1 → `unsupported_version`;
 * - schema mismatch → `invalid`; `environment_key` ≠ `expectedKey` → `foreign`;
 * - state `installing`/`failed` → that reason, with the manifest.
 */
export function parseManifestText(text: string, expectedKey: string): ManifestReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return notReady('corrupt', `manifest is not valid JSON: ${(error as Error).message}`);
  }
  const version = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['manifest_version'] : undefined;
  if (version !== MANIFEST_VERSION) {
    return notReady(
      'unsupported_version',
      `manifest_version ${JSON.stringify(version)} is not supported; supported: ${MANIFEST_VERSION}`,
    );
  }
  const parsed = EnvironmentManifestV1Schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return notReady('invalid', `manifest does not match the schema${first ? `: ${first.path.join('.')} ${first.message}` : ''}`);
  }
  const manifest = parsed.data;
  if (manifest.environment_key !== expectedKey) {
    return notReady('foreign', `manifest belongs to ${manifest.environment_key}, not ${expectedKey}`);
  }
  if (manifest.state === 'installing')
    return notReady('installing', 'environment is still installing or was interrupted', manifest);
  if (manifest.state === 'failed')
    return notReady('failed', manifest.failure?.message ?? 'environment installation failed', manifest);
  return { ready: true, manifest };
}

/** Reads and parses the manifest at `manifestPath` for `expectedKey`. Never throws. */
export async function readManifestFile(manifestPath: string, expectedKey: string): Promise<ManifestReadResult> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return notReady('missing', 'no manifest');
    return notReady('unreadable', `manifest cannot be read: ${(error as Error).message}`);
  }
  return parseManifestText(text, expectedKey);
}

/**
 * Validates `manifest` with the schema (defaults applied, history bounded, credentials in every
 * URL redacted to `***@`) and writes it atomically to `manifestPath` (the folder must exist). Returns what was
 * written. Throws a `PantographError`: `invalid_payload` for a manifest that does not match the
 * schema (a programming error), `io_error` when the write fails.
 */
export async function writeManifestFile(
  manifestPath: string,
  manifest: EnvironmentManifestV1Input,
): Promise<EnvironmentManifestV1> {
  const parsed = EnvironmentManifestV1Schema.safeParse(manifest);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new PantographError(
      structuredError(
        'invalid_payload',
        `refusing to write an invalid manifest: ${first?.message ?? 'schema mismatch'}`,
        first ? first.path.map(String) : [],
      ),
    );
  }
  // Credentials can sit in any URL the manifest records (index_config, effective requirements,
  // applied overrides, the key payload, a failure message): redact every string, not one field.
  const value = redactCredentials(parsed.data) as EnvironmentManifestV1;
  try {
    await writeFileAtomic(manifestPath, `${JSON.stringify(value, null, 2)}\n`, { encoding: 'utf8', fsync: true });
  } catch (error) {
    throw new PantographError(
      structuredError('io_error', `cannot write manifest ${manifestPath}: ${(error as Error).message}`, ['manifest']),
    );
  }
  return value;
}

/**
 * True for a temp file left by an interrupted atomic manifest write (`manifest.json.<digits>`,
 * write-file-atomic's naming). `cleanOrphans` removes them once old enough.
 */
export function isManifestTempFile(fileName: string): boolean {
  return /^manifest\.json\.\d+$/.test(fileName);
}
