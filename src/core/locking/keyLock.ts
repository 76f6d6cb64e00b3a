/**
 * Cross-process, per-key lock over proper-lockfile (an atomic `mkdir` of `locks/<key>.lock`,
 * safe on network filesystems). The holder refreshes the lock directory's mtime every
 * `updateMs`; a lock whose mtime is older than `staleMs` (its holder died, e.g. SIGKILL) is taken
 * over by the next acquirer. If the holder discovers its lock was taken or removed, the lock is
 * "compromised": we record it, flag `compromised`, and call the caller's handler — never throw
 * (proper-lockfile's default handler throws from a timer, which would crash the extension host).
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';

/** Default stale threshold: a lock not refreshed for 10 s is considered abandoned. */
export const DEFAULT_STALE_MS = 10_000;
/** Default refresh interval of a held lock (well below the stale threshold). */
export const DEFAULT_UPDATE_MS = 2_000;
/** proper-lockfile's floor for `stale`; smaller values are raised to it. */
export const MIN_STALE_MS = 2_000;
/** proper-lockfile's floor for `update`; smaller values are raised to it. */
export const MIN_UPDATE_MS = 1_000;
/** Minimum time between two `onWaiting` reports. */
export const WAITING_REPORT_INTERVAL_MS = 1_000;

/** Reported while another holder keeps the lock. */
export interface LockWaitInfo {
  /** e.g. `waiting for another process installing 0123abcd…`. */
  readonly message: string;
  readonly lockPath: string;
  readonly waitedMs: number;
  readonly attempts: number;
}

/** Options of {@link acquireKeyLock}. */
export interface KeyLockOptions {
  /** Aborting rejects a pending acquisition with `cancelled` (a held lock is not released). */
  readonly signal?: AbortSignal;
  /** Called when the lock is busy: at the first busy attempt, then at most once per second. */
  readonly onWaiting?: (info: LockWaitInfo) => void;
  /** Called once if the held lock is found taken over or removed. Must not throw (ignored if it does). */
  readonly onCompromised?: (error: StructuredError) => void;
  /** Age after which an unrefreshed lock is taken over. Default 10 s, floor 2 s. */
  readonly staleMs?: number;
  /** Refresh interval of the held lock. Default 2 s, clamped to [1 s, staleMs / 2]. */
  readonly updateMs?: number;
  /** Name shown in waiting messages; defaults to the lock file's name without `.lock`. */
  readonly label?: string;
  /** Upper bound of the retry backoff (starts at 25 ms, doubles). Default 500 ms. */
  readonly maxBackoffMs?: number;
}

/** A held lock. */
export interface KeyLock {
  readonly lockPath: string;
  /**
   * True once the lock was found taken over or removed while held. Check it right before a
   * commit (e.g. the `ready` manifest write) and fail with `lock_compromised` when set.
   */
  readonly compromised: boolean;
  /**
   * Checks now, rather than at the next refresh, that the lock folder is still there; marks the lock
   * compromised (calling `onCompromised`) when it is gone. Resolves to `!compromised`. Call it
   * right before a commit: an install shorter than the refresh interval would otherwise commit
   * under a lock removed meanwhile.
   */
  confirm(): Promise<boolean>;
  /** The compromise, when {@link compromised}. */
  readonly compromisedError: StructuredError | undefined;
  /** Releases the lock. Idempotent; never rejects (a compromised lock has nothing to release). */
  release(): Promise<void>;
}

function labelOf(lockPath: string, options: KeyLockOptions): string {
  return options.label ?? path.basename(lockPath).replace(/\.lock$/, '');
}

function lockTimings(options: KeyLockOptions): { stale: number; update: number } {
  const stale = Math.max(options.staleMs ?? DEFAULT_STALE_MS, MIN_STALE_MS);
  const update = Math.max(Math.min(options.updateMs ?? DEFAULT_UPDATE_MS, stale / 2), MIN_UPDATE_MS);
  return { stale, update };
}

function cancelledError(label: string): PantographError {
  return new PantographError(structuredError('cancelled', `cancelled while waiting for the lock of ${label}`));
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

class HeldKeyLock implements KeyLock {
  #compromisedError: StructuredError | undefined;
  #released = false;
  #release: (() => Promise<void>) | undefined;

  constructor(
    readonly lockPath: string,
    private readonly label: string,
    private readonly onCompromised: KeyLockOptions['onCompromised'],
  ) {}

  async confirm(): Promise<boolean> {
    if (this.compromised || this.#released) return !this.compromised;
    try {
      await stat(this.lockPath);
    } catch (error) {
      this.markCompromised(error as Error, this.label, this.onCompromised);
    }
    return !this.compromised;
  }

  get compromised(): boolean {
    return this.#compromisedError !== undefined;
  }

  get compromisedError(): StructuredError | undefined {
    return this.#compromisedError;
  }

  attach(release: () => Promise<void>): void {
    this.#release = release;
  }

  markCompromised(error: Error, label: string, handler: KeyLockOptions['onCompromised']): void {
    if (this.#compromisedError) return;
    this.#compromisedError = structuredError(
      'lock_compromised',
      `the lock of ${label} was taken over or removed while held (${error.message})`,
      [],
      'Another process may be changing this environment; run Ensure Environment again.',
    );
    try {
      handler?.(this.#compromisedError);
    } catch {
      // A throwing handler must not escape into proper-lockfile's timer (it would crash the host).
    }
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (this.compromised || !this.#release) return;
    try {
      await this.#release();
    } catch {
      // ERELEASED / ENOTACQUIRED (compromised meanwhile) or a vanished directory: nothing left to free.
    }
  }
}

/**
 * One attempt to take the lock at `lockPath` (creating its parent folder). Resolves to the held
 * lock, or `undefined` when another live holder has it. Throws `io_error` for other failures.
 */
export async function tryAcquireKeyLock(lockPath: string, options: KeyLockOptions = {}): Promise<KeyLock | undefined> {
  const { stale, update } = lockTimings(options);
  const label = labelOf(lockPath, options);
  const held = new HeldKeyLock(lockPath, label, options.onCompromised);
  try {
    await mkdir(path.dirname(lockPath), { recursive: true });
    const release = await lockfile.lock(lockPath, {
      lockfilePath: lockPath,
      realpath: false,
      stale,
      update,
      retries: 0,
      onCompromised: (error) => held.markCompromised(error, label, options.onCompromised),
    });
    held.attach(release);
    return held;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw new PantographError(structuredError('io_error', `cannot take the lock ${lockPath}: ${(error as Error).message}`));
  }
}

/**
 * Takes the lock at `lockPath` (e.g. `locks/<key>.lock`), waiting as long as needed: retries
 * with exponential backoff (25 ms doubling to `maxBackoffMs`), reports through `onWaiting` at
 * most about once per second, takes over a lock left stale for `staleMs`. Rejects with a
 * `PantographError`: `cancelled` when `signal` aborts, `io_error` when the lock cannot be created.
 *
 * @example
 * const lock = await acquireKeyLock(paths.lockPath, { signal, onWaiting: (w) => report(w.message), onCompromised: log });
 * try { … if (lock.compromised) fail('lock_compromised'); commit(); } finally { await lock.release(); }
 */
export async function acquireKeyLock(lockPath: string, options: KeyLockOptions = {}): Promise<KeyLock> {
  const { signal, onWaiting } = options;
  const label = labelOf(lockPath, options);
  const maxBackoff = Math.max(options.maxBackoffMs ?? 500, 25);
  const startedAt = Date.now();
  let backoff = 25;
  let attempts = 0;
  let lastReport = Number.NEGATIVE_INFINITY;
  for (;;) {
    if (signal?.aborted) throw cancelledError(label);
    attempts += 1;
    const lock = await tryAcquireKeyLock(lockPath, options);
    if (lock) {
      if (signal?.aborted) {
        await lock.release();
        throw cancelledError(label);
      }
      return lock;
    }
    const now = Date.now();
    if (onWaiting && now - lastReport >= WAITING_REPORT_INTERVAL_MS) {
      lastReport = now;
      try {
        onWaiting({ message: `waiting for another process installing ${label}`, lockPath, waitedMs: now - startedAt, attempts });
      } catch {
        // A listener failure must not break the wait.
      }
    }
    await abortableDelay(backoff + Math.floor(Math.random() * (backoff / 2)), signal);
    backoff = Math.min(backoff * 2, maxBackoff);
  }
}

/**
 * True when a live (not stale) lock exists at `lockPath`. A snapshot: the answer may change right
 * after. Never throws (an unreadable lock counts as held, the safe answer for GC and removal).
 */
export async function isKeyLocked(lockPath: string, options: Pick<KeyLockOptions, 'staleMs'> = {}): Promise<boolean> {
  const stale = Math.max(options.staleMs ?? DEFAULT_STALE_MS, MIN_STALE_MS);
  try {
    return await lockfile.check(lockPath, { lockfilePath: lockPath, realpath: false, stale });
  } catch {
    return true;
  }
}
