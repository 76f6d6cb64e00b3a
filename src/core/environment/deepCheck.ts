/**
 * The deep check: re-hashes every file of an environment against its distributions' `RECORD`s
 * (the wheel installer's `verifyEnvironment`) and names each changed file. A changed environment is
 * marked `failed` (code `dependency_check_failed`) in its manifest, so the warm path — which never
 * hashes — stops reusing it and the next ensure rebuilds it. Runs under the environment's lock.
 */
import { tryAcquireKeyLock } from '../locking/keyLock.js';
import { pythonMajorMinor } from '../domain/environmentKey.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import { appendValidation } from '../store/manifest.js';
import type { ResolvedPackage } from '../store/manifest.js';
import { removeTree } from '../store/diskOps.js';
import { packageStoreLayout } from '../packageStore/packageStoreLayout.js';
import { normalizePackageName } from '../requirements/packageName.js';
import { venvSchemeFromLayout } from '../wheelInstaller/venvScheme.js';
import { verifyEnvironment } from '../wheelInstaller/verifyEnvironment.js';
import type { ChangedFile } from '../wheelInstaller/verifyEnvironment.js';

/** How many changed files the manifest records (the command prints them all). */
export const RECORDED_CHANGES_LIMIT = 20;

/** The verdict of {@link deepCheckEnvironment}. */
export interface DeepCheckReport {
  readonly key: string;
  readonly ok: boolean;
  readonly distributions: number;
  readonly checkedFiles: number;
  readonly changed: readonly ChangedFile[];
  /** Package-store entries (sha256) that had changed too (hard links share the bytes) and were removed, so the rebuild unpacks them afresh. */
  readonly removedStoreEntries: readonly string[];
  readonly durationMs: number;
}

/**
 * Deep-checks the ready `python-venv` environment `key`. Errors: `invalid_environment_key`,
 * `environment_not_ready` (no ready manifest), `unsupported_environment_kind` (a `python`-kind
 * environment is someone else's interpreter), `lock_compromised` (locked: being installed),
 * `cancelled`, `io_error`. Records the result in the manifest's validation history.
 */
export async function deepCheckEnvironment(
  store: EnvironmentStore,
  key: string,
  options: { platform: NodeJS.Platform; signal?: AbortSignal; now?: () => Date },
): Promise<Result<DeepCheckReport>> {
  const started = Date.now();
  let paths;
  try {
    paths = store.paths(key);
  } catch {
    return fail(
      structuredError(
        'invalid_environment_key',
        `environment key ${JSON.stringify(key.slice(0, 64))} is not 20 lowercase hex characters`,
        ['environment_key'],
      ),
    );
  }
  const read = await store.readManifest(key);
  if (!read.ready)
    return fail(
      structuredError('environment_not_ready', `environment ${key} is not ready (${read.reason})`, ['environment_key']),
    );
  if (read.manifest.environment_kind !== 'python-venv')
    return fail(
      structuredError(
        'unsupported_environment_kind',
        `environment ${key} is an existing interpreter (kind python); the deep check covers python-venv environments`,
      ),
    );
  const lock = await tryAcquireKeyLock(paths.lockPath);
  if (!lock)
    return fail(
      structuredError('lock_compromised', `environment ${key} is locked (being installed or removed); try again when it is done`),
    );
  try {
    const scheme = venvSchemeFromLayout(paths.envDir, options.platform, pythonMajorMinor(read.manifest.base_interpreter.version));
    let verdict;
    try {
      verdict = await verifyEnvironment({
        sitePackagesDirs: [scheme.purelib, scheme.platlib],
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      const errors = (error as { errors?: unknown }).errors;
      if (Array.isArray(errors)) return fail(...(errors as Parameters<typeof fail>));
      return fail(structuredError('io_error', `the deep check of ${key} failed: ${(error as Error).message}`));
    }
    const at = (options.now?.() ?? new Date()).toISOString();
    const changedNames = [...new Set(verdict.changed.map((c) => c.distribution))];
    const entry = {
      at,
      ok: verdict.ok,
      missing: [],
      mismatched: changedNames,
      deep: true,
      changed_files: verdict.changed.slice(0, RECORDED_CHANGES_LIMIT).map((c) => ({ ...c })),
    };
    const current = await store.readManifest(key);
    if (current.ready) {
      const recorded = appendValidation(current.manifest, entry);
      await store.writeManifest(
        verdict.ok
          ? recorded
          : {
              ...recorded,
              state: 'failed',
              failure: {
                code: 'dependency_check_failed',
                message: `the deep check found ${verdict.changed.length} changed file(s) in ${changedNames.join(', ')}; the next ensure rebuilds it`,
              },
            },
      );
    }
    const removedStoreEntries = verdict.ok
      ? []
      : await removeChangedEntries(store, read.manifest.resolved_packages ?? [], changedNames, options.signal);
    return ok({
      key,
      ok: verdict.ok,
      distributions: verdict.distributions,
      checkedFiles: verdict.checkedFiles,
      changed: verdict.changed,
      removedStoreEntries,
      durationMs: Date.now() - started,
    });
  } finally {
    await lock.release();
  }
}

/**
 * A file changed in place in a linked environment changed the store entry too. Each entry of a
 * changed distribution is verified against its own RECORD and, when it differs, removed under its
 * lock (renamed away first), so the next install unpacks the intact wheel again.
 */
async function removeChangedEntries(
  store: EnvironmentStore,
  resolved: readonly ResolvedPackage[],
  changedNames: readonly string[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const layout = packageStoreLayout(store.layout.dataDir);
  const wanted = new Set(changedNames.map(normalizePackageName));
  const removed: string[] = [];
  for (const pkg of resolved.filter((p) => wanted.has(normalizePackageName(p.name)))) {
    const entryDir = layout.packageDir(pkg.sha256);
    const lock = await tryAcquireKeyLock(layout.lockPath('package', pkg.sha256));
    if (!lock) continue;
    try {
      const verdict = await verifyEnvironment({ sitePackagesDirs: [entryDir], ...(signal ? { signal } : {}) }).catch(() => null);
      if (verdict === null || verdict.ok) continue;
      await removeTree(entryDir, store.layout.tmpDir);
      removed.push(pkg.sha256);
    } finally {
      await lock.release();
    }
  }
  return removed;
}
