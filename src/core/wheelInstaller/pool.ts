/**
 * A small bounded-concurrency loop over items. On the first failure no new item starts, and the
 * returned promise settles only after every running item has finished — so nothing keeps writing
 * after the caller has seen the error (and may be removing the folder).
 */

/**
 * Runs `work` on every item, at most `concurrency` at once, in order of start. Rejects with the
 * first error once all started items have settled. `beforeEach` runs before each item starts
 * (e.g. to throw on cancellation).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  beforeEach?: () => void,
): Promise<void> {
  let next = 0;
  let firstError: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < items.length && firstError === null) {
      const item = items[next++]!;
      try {
        beforeEach?.();
        await work(item);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (firstError !== null) throw (firstError as { error: unknown }).error;
}

/** How {@link runPoolAndSlices} splits and runs its items. */
export interface PoolAndSlices<T> {
  /** Items for the pool (streamed, thread-pool I/O); the others run synchronously in slices. */
  isBig(item: T): boolean;
  /** Pool items running at once. */
  readonly concurrency: number;
  work(item: T): Promise<void>;
  workSync(item: T): void;
  /** The bytes a synchronous item handles; a slice ends after about `sliceBytes` (+ 4096 per item). */
  sizeOf(item: T): number;
  readonly sliceBytes: number;
  /** Runs before each pool item and each slice starts; throws to stop (e.g. on cancellation). */
  beforeEach(): void;
}

/**
 * Runs `work` on the big items on a pool while the small ones run synchronously (`workSync`) in
 * slices, yielding to the event loop between slices — a thread-pool round trip per small file
 * costs more than its work. On the first failure on either side nothing new starts on either;
 * rejects with it (a failure of the synchronous side wins) once every started item has settled.
 */
export async function runPoolAndSlices<T>(items: readonly T[], how: PoolAndSlices<T>): Promise<void> {
  const big = items.filter((item) => how.isBig(item));
  const small = items.filter((item) => !how.isBig(item));
  let failed = false;
  const stopIfFailed = (): void => {
    if (failed) throw new Error('stopped: the other side failed');
    how.beforeEach();
  };
  const bigDone = runPool(big, how.concurrency, how.work, stopIfFailed).then(
    () => null,
    (error: unknown) => {
      failed = true;
      return { error };
    },
  );
  try {
    for (let start = 0; start < small.length && !failed;) {
      how.beforeEach();
      let budget = how.sliceBytes;
      for (; start < small.length && budget > 0; start++) {
        const item = small[start]!;
        how.workSync(item);
        budget -= how.sizeOf(item) + 4096;
      }
      await new Promise<void>((resolveSlice) => setImmediate(resolveSlice));
    }
  } catch (error) {
    failed = true;
    await bigDone;
    throw error;
  }
  const outcome = await bigDone;
  if (outcome) throw outcome.error;
}
