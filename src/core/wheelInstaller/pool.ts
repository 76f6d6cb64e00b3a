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
