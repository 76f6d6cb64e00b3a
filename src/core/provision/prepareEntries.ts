/**
 * Brings every resolved distribution into the store (its wheel, then its unpacked entry), at most {@link STORE_CONCURRENCY} entries at a time. Entries of
 * different sha256 proceed in parallel; the same entry is fetched once across processes.
 */
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { EntryLockOptions } from '../packageStore/entryLock.js';
import { mapWithLimit } from '../packageStore/mapWithLimit.js';
import type { PackageStoreLayout } from '../packageStore/packageStoreLayout.js';
import type { ResolvedDistribution } from '../packageStore/pipReport.js';
import type { BuildContext } from './sdistBuild.js';
import { storeBuiltWheel } from './sdistBuild.js';
import { storeWheel } from '../packageStore/wheelStore.js';
import { ensurePackageEntry } from '../packageStore/packageEntries.js';
import type { StoredWheel } from '../packageStore/wheelStore.js';

/** How many store entries are prepared at once. */
export const STORE_CONCURRENCY = 4;

/** A resolved distribution and its wheel in the store. */
export interface PreparedDistribution {
  readonly dist: ResolvedDistribution;
  readonly wheel: StoredWheel;
  /** The complete, immutable `store/packages/<sha256>/` entry. */
  readonly entryDir: string;
}

/**
 * Stores the wheel of every distribution (building sdists once) and unpacks it once. Throws `PantographError`
 * (`dependency_install_failed`, `cancelled`).
 */
export async function prepareWheels(
  layout: PackageStoreLayout,
  dists: readonly ResolvedDistribution[],
  build: BuildContext,
  options: EntryLockOptions & { onStored?: (prepared: PreparedDistribution) => void },
): Promise<PreparedDistribution[]> {
  return mapWithLimit(dists, STORE_CONCURRENCY, async (dist) => {
    if (options.signal?.aborted)
      throw new PantographError(structuredError('cancelled', 'preparing the package store was cancelled'));
    const wheel =
      dist.kind === 'wheel' ? await storeWheel(layout, dist, options) : await storeBuiltWheel(layout, dist, build, options);
    const entryDir = await ensurePackageEntry(layout, wheel, options);
    const prepared = { dist, wheel, entryDir };
    options.onStored?.(prepared);
    return prepared;
  });
}
