/** One cross-process lock per store entry (proper-lockfile through `acquireKeyLock`). */
import { acquireKeyLock } from '../locking/keyLock.js';
import type { PackageStoreLayout } from './packageStoreLayout.js';

/** Lock timings and cancellation for store entries. */
export interface EntryLockOptions {
  readonly signal?: AbortSignal;
  readonly staleMs?: number;
  readonly updateMs?: number;
  readonly onWaiting?: (message: string) => void;
}

/**
 * Runs `work` while holding the lock `locks/<kind>-<id>.lock`; always releases it. Throws
 * `PantographError(cancelled)` when aborted while waiting, and whatever `work` throws.
 */
export async function withEntryLock<T>(
  layout: PackageStoreLayout,
  kind: 'wheel' | 'package' | 'built' | 'url',
  id: string,
  options: EntryLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const lock = await acquireKeyLock(layout.lockPath(kind, id), {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.staleMs === undefined ? {} : { staleMs: options.staleMs }),
    ...(options.updateMs === undefined ? {} : { updateMs: options.updateMs }),
    label: `store ${kind} ${id.slice(0, 12)}`,
    onWaiting: (info) => options.onWaiting?.(info.message),
  });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
