/**
 * `ensure --requirements X --lock pylock.toml`: builds (or reuses) the environment holding exactly
 * the locked set — no resolution: one `pip install --no-deps --require-hashes --no-index` of the
 * locked wheel files in the isolated child environment, under the key's cross-process lock, with
 * the same commit protocol as every environment (`installing` manifest → venv → pip → validate →
 * `ready` manifest last). Refuses a lock that does not satisfy the payload's pins
 * (`lock_mismatch`) or a local wheel whose sha256 differs from the lock (`lock_hash_mismatch`)
 * before anything is written. Never throws. The checks live in `lockCheck.ts` and the install
 * under the lock in `lockedInstall.ts`; this module picks the interpreter, computes the key, and
 * takes the fast path or the lock.
 */
import { createHash } from 'node:crypto';
import { acquireKeyLock } from '../locking/keyLock.js';
import type { KeyLock } from '../locking/keyLock.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { ProgressListener } from '../domain/progress.js';
import { decideReuse } from '../environment/reuseCheck.js';
import type { ProcessRunner } from '../process/processRunner.js';
import type { PythonRuntimeLocator } from '../python/pythonRuntimeLocator.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import { checkLock } from './lockCheck.js';
import { installLockedSet } from './lockedInstall.js';
import { lockedEnvironmentKey } from './lockRequirements.js';

/** What a locked ensure needs (the parts of `createDefaultEnvironmentService`'s result). */
export interface LockedEnsureDeps {
  readonly store: EnvironmentStore;
  readonly locator: PythonRuntimeLocator;
  readonly runner: ProcessRunner;
  readonly platform: NodeJS.Platform;
  readonly platformKey: string;
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
}

/** One locked ensure. */
export interface LockedEnsureRequest {
  /** A raw DependencyRequirementsV1 payload. */
  readonly requirements: unknown;
  readonly selectedBindingIds?: readonly string[] | null;
  /** The lock file's bytes and absolute path (relative wheel paths are relative to its folder). */
  readonly lockBytes: Uint8Array;
  readonly lockPath: string;
  /** Preferred base interpreter (must satisfy the lock's requires-python). */
  readonly python?: string | null;
}

/** How it ended. */
export interface LockedEnsureOutcome {
  readonly state: 'ready' | 'failed';
  readonly environmentKey: string | null;
  readonly pythonExecutable: string | null;
  readonly reused: boolean;
  readonly installed: boolean;
  readonly packages: number;
  readonly durationMs: number;
  readonly errors: readonly StructuredError[];
}

/** Builds or reuses the locked environment (see the module comment). */
export async function ensureLocked(
  deps: LockedEnsureDeps,
  request: LockedEnsureRequest,
  options: { signal?: AbortSignal; onProgress?: ProgressListener } = {},
): Promise<LockedEnsureOutcome> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const failed = (errors: readonly StructuredError[], key: string | null = null): LockedEnsureOutcome => ({
    state: 'failed',
    environmentKey: key,
    pythonExecutable: null,
    reused: false,
    installed: false,
    packages: 0,
    durationMs: Date.now() - started,
    errors,
  });
  const checked = await checkLock(request);
  if (!checked.ok) return failed(checked.errors);
  const { lock, facts } = checked.value;

  progress({ phase: 'resolve', message: 'choosing the interpreter for the lock' });
  const base = await deps.locator.select(
    {
      pythonRequires: [...facts.pythonRequires, ...(lock.requiresPython ? [lock.requiresPython] : [])],
      ...(request.python ? { explicitPath: request.python } : {}),
    },
    options.signal,
  );
  if (!base.ok) return failed(base.errors);
  const key = lockedEnvironmentKey({
    lockSha256: createHash('sha256').update(request.lockBytes).digest('hex'),
    pins: facts.pins,
    platformKey: deps.platformKey,
    pythonVersion: base.value.version,
    installer: { name: 'pip', version: base.value.pipVersion ?? 'none' },
  });
  const shortKey = key.shortKey;
  const done = (pythonExecutable: string, reused: boolean): LockedEnsureOutcome => ({
    state: 'ready',
    environmentKey: shortKey,
    pythonExecutable,
    reused,
    installed: !reused,
    packages: lock.packages.length,
    durationMs: Date.now() - started,
    errors: [],
  });

  const reuse = await decideReuse(deps.store, shortKey, key.key, base.value);
  if (reuse.reusable) {
    await deps.store.markUsed(shortKey);
    progress({ phase: 'reuse', message: `cache hit: reusing ${shortKey}`, environmentKey: shortKey });
    return done(reuse.manifest.python_executable, true);
  }

  let held: KeyLock;
  try {
    await deps.store.ensureLayout();
    held = await acquireKeyLock(deps.store.lockPath(shortKey), {
      signal: options.signal,
      label: shortKey,
      onWaiting: (info) => progress({ phase: 'lock-wait', message: info.message, environmentKey: shortKey }),
    });
  } catch (error) {
    return failed(
      error instanceof PantographError ? error.errors : [structuredError('internal_error', (error as Error).message)],
      shortKey,
    );
  }
  try {
    return await installLockedSet(
      deps,
      { key, checked: checked.value, lockPath: request.lockPath, base: base.value },
      held,
      { signal: options.signal, onProgress: progress },
      { ready: done, failed: (errors) => failed(errors, shortKey) },
    );
  } finally {
    await held.release();
  }
}
