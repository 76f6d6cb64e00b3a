/**
 * The environment store: one folder per environment key under `envs/python/`, a manifest that
 * commits it, a `last_used` marker, and a cross-process lock per key under `locks/`. The store
 * does no installing itself; `EnvironmentService.ensure()` drives it (see README.md).
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { isKeyLocked, tryAcquireKeyLock } from '../locking/keyLock.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { directorySize, removeTree } from './diskOps.js';
import { readLastUsed, touchLastUsed } from './lastUsedMarker.js';
import { readManifestFile, writeManifestFile } from './manifestFile.js';
import { storeLayout, validateEnvironmentKey } from './storeLayout.js';
import { applyGcPlan, cleanStoreOrphans, planStoreGc } from './storeMaintenance.js';
import type { GcApplyReport, OrphanCleanupOptions, OrphanCleanupReport } from './storeMaintenance.js';
import type { GcOptions, GcPlan } from './gcPolicy.js';
import type { EnvironmentManifestV1, EnvironmentManifestV1Input, ManifestState } from './manifest.js';
import type { ManifestNotReadyReason, ManifestReadResult } from './manifestFile.js';
import type { EnvironmentPaths, StoreLayout } from './storeLayout.js';

/** Injected time source (tests pass a fixed clock). */
export interface StoreClock {
  now(): Date;
}

/** The system clock. */
export const systemClock: StoreClock = { now: () => new Date() };

/** Options of {@link EnvironmentStore}. */
export interface EnvironmentStoreOptions {
  /** Absolute data directory (see `resolveDataDir`). */
  readonly dataDir: string;
  readonly clock?: StoreClock;
  /** Stale threshold used when asking whether a key is locked; match the lockers' `staleMs`. */
  readonly lockStaleMs?: number;
}

/** One package recorded in a manifest. */
export interface PackageSummary {
  readonly name: string;
  readonly version: string | null;
}

/** One environment as listed to users (`pantograph env list`, the Environments view). */
export interface EnvironmentSummary {
  readonly key: string;
  readonly envDir: string;
  readonly manifestPath: string;
  /** `unknown` when the manifest is missing or unusable (see `problem`). */
  readonly state: ManifestState | 'unknown';
  readonly problem: ManifestNotReadyReason | null;
  readonly envId: string | null;
  readonly environmentKind: string | null;
  readonly pythonExecutable: string | null;
  readonly pythonVersion: string | null;
  /** Bytes on disk; `null` unless `list({ includeSize: true })`. */
  readonly sizeBytes: number | null;
  readonly createdAt: string | null;
  /** The `last_used` marker's mtime, else the manifest's `last_used_at`, else the folder's mtime. */
  readonly lastUsedAt: string;
  readonly locked: boolean;
  readonly packages: readonly PackageSummary[];
  /** How many distributions are installed (the manifest's `resolved_packages`), `null` when not recorded. */
  readonly packageCount?: number | null;
}

/** Outcome of {@link EnvironmentStore.remove}. */
export type RemoveOutcome = { readonly removed: true } | { readonly removed: false; readonly reason: 'not_found' | 'locked' };

function packagesOf(manifest: EnvironmentManifestV1): PackageSummary[] {
  return manifest.effective_requirements.map((r) => {
    const record = r as Record<string, unknown>;
    const version =
      typeof record['version'] === 'string'
        ? record['version']
        : typeof record['exact_pin'] === 'string'
          ? record['exact_pin'].replace(/^==/, '')
          : null;
    return { name: r.name, version };
  });
}

/** Access to the environment store rooted at a data directory. Holds no state beyond paths. */
export class EnvironmentStore {
  readonly layout: StoreLayout;
  readonly clock: StoreClock;
  readonly lockStaleMs: number | undefined;

  constructor(options: EnvironmentStoreOptions) {
    this.layout = storeLayout(options.dataDir);
    this.clock = options.clock ?? systemClock;
    this.lockStaleMs = options.lockStaleMs;
  }

  /** All paths of `key`. Throws `invalid_environment_key` (PantographError) for a bad key. */
  paths(key: string): EnvironmentPaths {
    return this.layout.paths(key);
  }

  /** `envs/python/<key>/` — where the environment must be created (venvs are not relocatable). */
  envDir(key: string): string {
    return this.paths(key).envDir;
  }

  /** `locks/<key>.lock` — pass it to `acquireKeyLock`. */
  lockPath(key: string): string {
    return this.paths(key).lockPath;
  }

  /** Creates `envs/python/`, `locks/`, `tmp/` and `cache/`. Throws `io_error` on failure. */
  async ensureLayout(): Promise<void> {
    const { envsDir, locksDir, tmpDir, cacheDir } = this.layout;
    try {
      await Promise.all([envsDir, locksDir, tmpDir, cacheDir].map((dir) => mkdir(dir, { recursive: true })));
    } catch (error) {
      throw new PantographError(
        structuredError('io_error', `cannot create the store in ${this.layout.dataDir}: ${(error as Error).message}`),
      );
    }
  }

  /**
   * Reads `key`'s manifest. Never throws: an invalid key, a missing, corrupt, truncated or foreign
   * manifest (other key, other version) is `{ ready: false, reason, message }`. Fast-path use:
   * `r.ready && r.manifest.requirements_fingerprint === fingerprint`.
   */
  async readManifest(key: string): Promise<ManifestReadResult> {
    const checked = validateEnvironmentKey(key);
    if (!checked.ok) return { ready: false, reason: 'invalid_key', message: checked.errors[0]?.message ?? 'invalid key' };
    return readManifestFile(this.paths(key).manifestPath, key);
  }

  /**
   * Validates and atomically writes `manifest` to its key's folder (created if needed). Writing
   * `state: "ready"` is the commit point of an ensure: do it last, under the key's lock, after
   * checking the lock is not compromised. Returns the manifest as written (defaults applied,
   * history bounded, index config redacted). Throws PantographError: `invalid_environment_key`,
   * `invalid_payload`, `io_error`.
   */
  async writeManifest(manifest: EnvironmentManifestV1Input): Promise<EnvironmentManifestV1> {
    const { envDir, manifestPath } = this.paths(manifest.environment_key);
    try {
      await mkdir(envDir, { recursive: true });
    } catch (error) {
      throw new PantographError(structuredError('io_error', `cannot create ${envDir}: ${(error as Error).message}`));
    }
    return writeManifestFile(manifestPath, manifest);
  }

  /**
   * Records a reuse of `key` by touching its `last_used` marker (mtime = clock now). Cheap, needs
   * no lock, never rewrites the manifest and never throws: false when the folder is gone.
   */
  async markUsed(key: string): Promise<boolean> {
    if (!validateEnvironmentKey(key).ok) return false;
    return touchLastUsed(this.paths(key).lastUsedPath, this.clock.now());
  }

  /** The `last_used` marker's mtime, or `undefined` when `key` was never marked used. */
  async lastUsed(key: string): Promise<Date | undefined> {
    return readLastUsed(this.paths(key).lastUsedPath);
  }

  /** True when a live lock is held on `key` (snapshot). */
  async isLocked(key: string): Promise<boolean> {
    return isKeyLocked(this.paths(key).lockPath, this.lockStaleMs === undefined ? {} : { staleMs: this.lockStaleMs });
  }

  /** Bytes of regular files under `key`'s folder (slow on big environments; 0 when absent). */
  async sizeOf(key: string): Promise<number> {
    return directorySize(this.paths(key).envDir);
  }

  /**
   * Deletes a leftover folder of `key` that is not a committed (`ready`) environment — an
   * interrupted or failed install. Call it while holding `key`'s lock. Returns true when
   * something was removed, false when there was nothing or the environment is ready (kept).
   */
  async removeIncomplete(key: string): Promise<boolean> {
    const read = await this.readManifest(key);
    if (read.ready) return false;
    const { envDir, manifestPath } = this.paths(key);
    return removeTree(envDir, this.layout.tmpDir, manifestPath);
  }

  /**
   * Removes `key`'s environment. Without `force`, takes the key's lock for the removal and
   * refuses (`{ removed: false, reason: 'locked' }`) while another holder has it; with `force`,
   * removes regardless. Throws `io_error` when removal fails.
   */
  async remove(key: string, options: { force?: boolean } = {}): Promise<RemoveOutcome> {
    const { envDir, manifestPath, lockPath } = this.paths(key);
    const lock = options.force
      ? undefined
      : await tryAcquireKeyLock(lockPath, this.lockStaleMs === undefined ? {} : { staleMs: this.lockStaleMs });
    if (!options.force && !lock) return { removed: false, reason: 'locked' };
    try {
      const removed = await removeTree(envDir, this.layout.tmpDir, manifestPath);
      return removed ? { removed: true } : { removed: false, reason: 'not_found' };
    } catch (error) {
      throw new PantographError(structuredError('io_error', `cannot remove ${envDir}: ${(error as Error).message}`));
    } finally {
      await lock?.release();
    }
  }

  /** Keys of the folders under `envs/python/` that are valid environment keys, sorted. */
  async keys(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.envsDir);
    } catch {
      return [];
    }
    return names.filter((name) => validateEnvironmentKey(name).ok).sort();
  }

  /** Summarizes one environment folder (it must exist). Never throws. */
  async summarize(key: string, options: { includeSize?: boolean } = {}): Promise<EnvironmentSummary> {
    const paths = this.paths(key);
    const [read, marker, locked, size, dirStat] = await Promise.all([
      this.readManifest(key),
      readLastUsed(paths.lastUsedPath),
      this.isLocked(key),
      options.includeSize ? this.sizeOf(key) : Promise.resolve(null),
      stat(paths.envDir).catch(() => undefined),
    ]);
    const manifest = read.manifest;
    const candidates = [marker?.getTime(), manifest ? Date.parse(manifest.last_used_at) : undefined].filter(
      (t): t is number => t !== undefined && Number.isFinite(t),
    );
    const lastUsed = candidates.length > 0 ? Math.max(...candidates) : (dirStat?.mtimeMs ?? 0);
    return {
      key,
      envDir: paths.envDir,
      manifestPath: paths.manifestPath,
      state: manifest?.state ?? 'unknown',
      problem: read.ready ? null : manifest ? null : read.reason,
      envId: manifest?.env_id ?? null,
      environmentKind: manifest?.environment_kind ?? null,
      pythonExecutable: manifest?.python_executable ?? null,
      pythonVersion: manifest?.base_interpreter.version ?? null,
      sizeBytes: size,
      createdAt: manifest?.created_at ?? null,
      lastUsedAt: new Date(lastUsed).toISOString(),
      locked,
      packages: manifest ? packagesOf(manifest) : [],
      packageCount: manifest?.resolved_packages?.length ?? null,
    };
  }

  /** Lists every environment folder, sorted by key. `includeSize` walks each tree (slow). */
  async list(options: { includeSize?: boolean } = {}): Promise<EnvironmentSummary[]> {
    const keys = await this.keys();
    return Promise.all(keys.map((key) => this.summarize(key, options)));
  }

  /**
   * Removes debris: manifest temp files left by interrupted atomic writes, `tmp/` entries, and
   * environment folders with no manifest or an abandoned `installing` one — each only when older
   * than `olderThanMs` (default 1 h) and, for folders, only while this call holds the key's lock.
   */
  async cleanOrphans(options: OrphanCleanupOptions = {}): Promise<OrphanCleanupReport> {
    return cleanStoreOrphans(this, options);
  }

  /** Plans a GC (dry run) with the policy documented in `gcPolicy.ts`; sizes measured with a budget. */
  async planGc(options: Partial<GcOptions> = {}): Promise<GcPlan> {
    return planStoreGc(this, { ...options, now: options.now ?? this.clock.now() });
  }

  /** Applies a plan: each removal re-checked under the key's lock (skipped if locked, installing or used since). */
  async applyGc(plan: GcPlan): Promise<GcApplyReport> {
    return applyGcPlan(this, plan);
  }
}
