/**
 * In-process de-duplication of concurrent work per key: the first caller for a key starts the
 * work, every concurrent caller for the same key receives the same promise, and the entry is
 * removed as soon as that promise settles (so a later call starts fresh work). Different keys
 * never wait for each other. This only covers one process — pair it with a cross-process lock
 * (`acquireKeyLock`) for work that touches shared files.
 */
export class KeyedSingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /**
   * Runs `work` for `key` unless a run for `key` is already in flight, in which case the caller
   * joins it (its result or rejection is shared). `work` starts synchronously within this call
   * for the first caller; a synchronous throw becomes a rejection. Cancellation is the work's own
   * business: joiners share the outcome of the first caller's run.
   *
   * @example
   * const flights = new KeyedSingleFlight<Ref>();
   * const [a, b] = await Promise.all([flights.run(key, build), flights.run(key, build)]); // build ran once
   */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    let started: Promise<T>;
    try {
      started = Promise.resolve(work());
    } catch (error) {
      started = Promise.reject(error);
    }
    const tracked = started.finally(() => {
      if (this.#inFlight.get(key) === tracked) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, tracked);
    return tracked;
  }

  /** True while a run for `key` has not settled. */
  isInFlight(key: string): boolean {
    return this.#inFlight.has(key);
  }

  /** Number of keys with a run in flight. */
  get size(): number {
    return this.#inFlight.size;
  }
}
