/**
 * Brings every resolved distribution into the store (wheel, and the unpacked entry once the
 * wheel installer is wired), at most {@link STORE_CONCURRENCY} entries at a time. Entries of
 * different sha256 proceed in parallel; the same entry is fetched once across processes.
 */
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { EntryLockOptions } from './entryLock.js';
import type { PackageStoreLayout } from './packageStoreLayout.js';
import type { ResolvedDistribution } from './pipReport.js';
import type { BuildContext } from './sdistBuild.js';
import { storeBuiltWheel } from './sdistBuild.js';
import { storeWheel } from './wheelStore.js';
import type { StoredWheel } from './wheelStore.js';

/** How many store entries are prepared at once. */
export const STORE_CONCURRENCY = 4;

/** A resolved distribution and its wheel in the store. */
export interface PreparedDistribution {
  readonly dist: ResolvedDistribution;
  readonly wheel: StoredWheel;
}

/**
 * Runs `work` over `items` with at most `limit` calls in flight; results keep the input order.
 * The first failure stops new work and is rethrown once the running calls settle.
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/**
 * Stores the wheel of every distribution (building sdists once). Throws `PantographError`
 * (`dependency_install_failed`, `cancelled`).
 */
export async function prepareWheels(layout: PackageStoreLayout, dists: readonly ResolvedDistribution[], build: BuildContext, options: EntryLockOptions & { onStored?: (prepared: PreparedDistribution) => void }): Promise<PreparedDistribution[]> {
  return mapWithLimit(dists, STORE_CONCURRENCY, async (dist) => {
    if (options.signal?.aborted) throw new PantographError(structuredError('cancelled', 'preparing the package store was cancelled'));
    const wheel = dist.kind === 'wheel' ? await storeWheel(layout, dist, options) : await storeBuiltWheel(layout, dist, build, options);
    const prepared = { dist, wheel };
    options.onStored?.(prepared);
    return prepared;
  });
}
