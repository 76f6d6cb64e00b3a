/**
 * Keeps the package store's measurement for the Environments view: lazy (nothing runs until the
 * view asks), cached (a known value is reused until something changes), never blocking (the view
 * gets the current state at once and is told when a measurement lands), one measurement at a time
 * (changes during a walk trigger exactly one more walk afterwards). No `vscode`.
 */
import type { Result } from '../../core/errors/structuredError.js';
import type { PackageStoreSummary } from '../../core/packageStore/storeSummary.js';
import type { PackageStoreState } from './packageStoreItemModel.js';

/** What the meter needs. */
export interface PackageStoreMeterOptions {
  /** The current store folder (it follows the data dir). */
  readonly storeDir: () => string;
  /** Measures the current store (e.g. `summarizePackageStore`); must not throw. */
  readonly measure: () => Promise<Result<PackageStoreSummary>>;
  /** Called when a measurement landed (the view re-reads {@link PackageStoreMeter.state}). */
  readonly onDidMeasure: () => void;
}

/** See the module comment. */
export class PackageStoreMeter {
  readonly #options: PackageStoreMeterOptions;
  #state: PackageStoreState;
  #stale = true;
  #running: Promise<void> | undefined;

  constructor(options: PackageStoreMeterOptions) {
    this.#options = options;
    this.#state = { kind: 'measuring', storeDir: options.storeDir() };
  }

  /**
   * The state to show now. Starts a measurement in the background when the value is stale and
   * none is running; never waits for it.
   */
  state(): PackageStoreState {
    const storeDir = this.#options.storeDir();
    if (this.#storeDirOf(this.#state) !== storeDir) {
      this.#state = { kind: 'measuring', storeDir };
      this.#stale = true;
    }
    if (this.#stale && this.#running === undefined) this.#start(storeDir);
    return this.#state;
  }

  /** Something changed (an install, a removal, a GC): the next {@link state} measures again. */
  invalidate(): void {
    this.#stale = true;
  }

  /** Resolves when the running measurement (if any) has landed. For tests and shutdown. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #storeDirOf(state: PackageStoreState): string {
    return state.kind === 'measured' ? state.summary.storeDir : state.storeDir;
  }

  #start(storeDir: string): void {
    this.#stale = false;
    if (this.#state.kind === 'measured') this.#state = { kind: 'measuring', storeDir, previous: this.#state.summary };
    this.#running = this.#options.measure().then(
      (result) => this.#land(storeDir, result),
      (error: unknown) =>
        this.#land(storeDir, { ok: false, errors: [{ code: 'internal_error', message: String(error), path: [] }] }),
    );
  }

  #land(storeDir: string, result: Result<PackageStoreSummary>): void {
    this.#running = undefined;
    // A data-dir switch during the walk: the result belongs to the old store.
    if (storeDir !== this.#options.storeDir()) {
      this.#stale = true;
    } else {
      this.#state = result.ok
        ? { kind: 'measured', summary: result.value }
        : { kind: 'error', storeDir, message: result.errors[0]?.message ?? 'unknown error' };
    }
    this.#options.onDidMeasure();
  }
}
