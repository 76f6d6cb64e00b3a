/**
 * The in-process half of step 4: at most one install per environment key runs in this process;
 * callers arriving while it runs join it and share its result. Every attached caller receives the
 * install's progress. The cross-process half is `installUnderLock`'s key lock.
 */
import { KeyedSingleFlight } from '../locking/singleFlight.js';
import { installPlanFromBindings } from '../provision/installPlan.js';
import type { ProgressListener } from '../domain/progress.js';
import { installUnderLock } from './installUnderLock.js';
import type { InstallJob, InstallJobResult } from './installUnderLock.js';
import type { Located } from './locateEnvironment.js';
import { safeEmit } from './progressRelay.js';
import type { EnvironmentServiceDeps, EnvironmentServiceSettings } from './serviceTypes.js';

/** Outcome of {@link InstallFlights.install}: `joined` is true when another caller's install was joined. */
export type FlightResult = InstallJobResult & { readonly joined: boolean };

/**
 * The single flights of one service instance, keyed by the environment's short key. Holds only
 * in-flight state: a key's entry and its listeners are dropped once its install settles.
 */
export class InstallFlights {
  readonly #deps: EnvironmentServiceDeps;
  readonly #settings: () => EnvironmentServiceSettings;
  readonly #flights = new KeyedSingleFlight<InstallJobResult>();
  readonly #listeners = new Map<string, Set<ProgressListener>>();

  /** `settings` is read when an install starts, so setting changes apply without a restart. */
  constructor(deps: EnvironmentServiceDeps, settings: () => EnvironmentServiceSettings) {
    this.#deps = deps;
    this.#settings = settings;
  }

  /**
   * Joins the install of `located`'s key already running in this process (emitting a `lock-wait`
   * event to `emit` first) or starts one with `signal` — the first caller's signal governs a
   * shared install. `emit` receives the install's progress until this call settles. Rejects only
   * if `installUnderLock` does.
   */
  async install(located: Located, signal: AbortSignal | undefined, emit: ProgressListener): Promise<FlightResult> {
    const shortKey = located.key.shortKey;
    const listeners = this.#listeners.get(shortKey) ?? new Set<ProgressListener>();
    this.#listeners.set(shortKey, listeners);
    listeners.add(emit);
    const joined = this.#flights.isInFlight(shortKey);
    if (joined)
      emit({
        phase: 'lock-wait',
        message: `waiting for the install of ${shortKey} already running in this window`,
        environmentKey: shortKey,
      });
    const job = installJobOf(located, this.#settings().defaultIndexUrl);
    const flight = this.#flights.run(shortKey, () =>
      installUnderLock(job, this.#deps, this.#settings(), {
        signal,
        onProgress: (event) => safeEmit(this.#listeners.get(shortKey) ?? [], event),
      }),
    );
    try {
      return { ...(await flight), joined };
    } finally {
      listeners.delete(emit);
      if (listeners.size === 0 && this.#listeners.get(shortKey) === listeners) this.#listeners.delete(shortKey);
    }
  }
}

/** The install job of a located request, its plan built with `defaultIndexUrl`. Pure. */
function installJobOf(located: Located, defaultIndexUrl: string | null): InstallJob {
  const { resolved, base, key } = located;
  return {
    key,
    kind: resolved.kind,
    base,
    bindings: resolved.bindings,
    patches: resolved.patches,
    plan: installPlanFromBindings(resolved.bindings, defaultIndexUrl),
    backendKey: resolved.payload.backend_key ?? null,
    installer: located.installer,
  };
}
