/**
 * EnvironmentService — the heart of Pantograph: turns a requirements payload (+ overrides, mode)
 * into a ready, reusable Python environment, installing each key exactly once across callers,
 * windows and processes. See src/core/environment/README.md for the algorithm. The steps live in
 * their own modules: `locateEnvironment` (resolve, interpreter, key), `reuseCheck` (fast path),
 * `installFlights` + `installUnderLock` (install), `ensureEnding` (outcome + `done` event) and
 * `recheckPins` (check()).
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { EnvironmentStateMachine } from '../domain/stateMachine.js';
import type { EnvironmentKey } from '../domain/environmentKey.js';
import type { MissingField } from '../contracts/environmentStatus.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { EnvironmentSummary } from '../store/environmentStore.js';
import type { GcOptions, GcPlan } from '../store/gcPolicy.js';
import type { EnvironmentRequest } from './resolveRequest.js';
import { packageCountOf } from './ensureReport.js';
import type { EnsureOutcome } from './ensureReport.js';
import { finishEnsure } from './ensureEnding.js';
import type { EnsureRun } from './ensureEnding.js';
import { InstallFlights } from './installFlights.js';
import { interpreterMeetsPins, locateEnvironment } from './locateEnvironment.js';
import type { Located } from './locateEnvironment.js';
import { safeEmit } from './progressRelay.js';
import { recheckPins } from './recheckPins.js';
import { decideReuse } from './reuseCheck.js';
import type { EnsureOptions, EnvironmentServiceDeps, EnvironmentServiceSettings } from './serviceTypes.js';

/** The environment service. One instance per data dir is enough; it holds only in-flight state. */
export class EnvironmentService {
  readonly #deps: EnvironmentServiceDeps;
  readonly #settings: () => EnvironmentServiceSettings;
  readonly #flights: InstallFlights;

  /** `settings` is read on every call, so setting changes apply without a restart. */
  constructor(deps: EnvironmentServiceDeps, settings: () => EnvironmentServiceSettings) {
    this.#deps = deps;
    this.#settings = settings;
    this.#flights = new InstallFlights(deps, settings);
  }

  /**
   * Makes the environment for `request` ready (auto mode) or reports what it lacks (manual mode:
   * never installs; ends `ready`, `missing` or `needs_user_input`). Never throws: every failure is
   * a `failed` outcome with structured errors. The warm path (manifest ready, fingerprint equal,
   * interpreters present) starts no process.
   */
  async ensure(request: EnvironmentRequest, options: EnsureOptions = {}): Promise<EnsureOutcome> {
    const clock = (): Date => this.#now();
    const run: EnsureRun = {
      mode: options.mode ?? 'auto',
      startedAt: Date.now(),
      clock,
      machine: new EnvironmentStateMachine('unresolved', clock),
      deps: this.#deps,
      emit: (event) => safeEmit(options.onProgress ? [options.onProgress] : [], event),
    };
    const { machine } = run;
    run.emit({ phase: 'resolve', message: 'resolving requirements and overrides' });
    const located = await locateEnvironment(request, this.#deps, this.#settings(), options.signal);
    if (located.status === 'needs_user_input') {
      machine.transition('needs_user_input', { code: located.errors[0]?.code, message: located.errors[0]?.message });
      return finishEnsure(run, { bindings: located.bindings, errors: located.errors, missing: located.missingFields });
    }
    if (located.status === 'failed') {
      machine.transition('failed', { code: located.errors[0]?.code, message: located.errors[0]?.message });
      return finishEnsure(run, { bindings: located.bindings, errors: located.errors });
    }
    const { key, base } = located.value;
    machine.transition('checking');
    run.emit({ phase: 'check', message: `checking environment ${key.shortKey}`, environmentKey: key.shortKey });
    const reuse = await decideReuse(this.#deps.store, key.shortKey, key.key, base);
    if (reuse.reusable) {
      await this.#deps.store.markUsed(key.shortKey);
      machine.transition('ready', { message: 'cache hit' });
      run.emit({ phase: 'reuse', message: `cache hit: reusing ${key.shortKey}`, environmentKey: key.shortKey });
      return finishEnsure(run, {
        located: located.value,
        reused: true,
        pythonExecutable: reuse.manifest.python_executable,
        ...packageCountOf(reuse.manifest),
      });
    }
    machine.transition('missing', { message: reuse.reason });
    return this.#ensureMissing(run, located.value, reuse.reason, options.signal);
  }

  /**
   * Step 4 onward, for a located key that is not reusable (the machine is in `missing`, `reason`
   * says why): python kind with deferred sources whose interpreter lacks the pins →
   * `needs_user_input`; manual mode → stays `missing`; an aborted signal → `failed`
   * (`cancelled`); otherwise installs through the single flight → `ready` or `failed`.
   */
  async #ensureMissing(run: EnsureRun, located: Located, reason: string, signal?: AbortSignal): Promise<EnsureOutcome> {
    const { machine } = run;
    if (located.deferredMissing.length > 0 && !(await interpreterMeetsPins(located, this.#deps, signal))) {
      machine.transition('needs_user_input', {
        code: 'requirements_missing',
        message: 'the interpreter lacks pinned packages and no install source is configured',
      });
      return finishEnsure(run, {
        located,
        errors: [
          structuredError('requirements_missing', `${located.deferredMissing.length} field(s) need your input`, ['bindings']),
        ],
        missing: located.deferredMissing,
      });
    }
    if (run.mode === 'manual')
      return finishEnsure(run, {
        located,
        errors: [
          structuredError(
            'requirements_missing',
            `environment ${located.key.shortKey} is not installed (${reason}); manual mode waits for you to run Ensure`,
          ),
        ],
      });
    if (signal?.aborted) {
      machine.transition('installing');
      machine.transition('failed', { code: 'cancelled' });
      return finishEnsure(run, { located, errors: [structuredError('cancelled', 'cancelled before installing')] });
    }
    machine.transition('installing');
    const result = await this.#flights.install(located, signal, run.emit);
    if (!result.ok) {
      machine.transition('failed', { code: result.errors[0]?.code, message: result.errors[0]?.message });
      return finishEnsure(run, { located, errors: result.errors, check: result.check });
    }
    machine.transition('ready');
    const installedHere = result.installed && !result.joined;
    return finishEnsure(run, {
      located,
      installed: installedHere,
      reused: !installedHere && !result.installed,
      pythonExecutable: result.manifest.python_executable,
      check: result.check,
      ...packageCountOf(result.manifest),
    });
  }

  /**
   * Deep validation without installing: resolves, locates, and (when an environment exists for the
   * key) checks its installed distributions in one Python process, recording the result in the
   * manifest's validation history. Ends `ready`, `missing`, `needs_user_input` or `failed`.
   */
  async check(request: EnvironmentRequest, options: Omit<EnsureOptions, 'mode'> = {}): Promise<EnsureOutcome> {
    const outcome = await this.ensure(request, { ...options, mode: 'manual' });
    return recheckPins(outcome, this.#deps, () => this.#now(), options.signal);
  }

  #now(): Date {
    return this.#deps.clock ? this.#deps.clock() : new Date();
  }

  /** The key an ensure would use, without touching the store (for CI cache keys). */
  async computeKey(
    request: EnvironmentRequest,
  ): Promise<
    | { ok: true; key: EnvironmentKey; python: InterpreterFacts }
    | { ok: false; errors: readonly StructuredError[]; missingFields: readonly MissingField[] }
  > {
    const located = await locateEnvironment(request, this.#deps, this.#settings());
    if (located.status === 'resolved') return { ok: true, key: located.value.key, python: located.value.base };
    return {
      ok: false,
      errors: located.errors,
      missingFields: located.status === 'needs_user_input' ? located.missingFields : [],
    };
  }

  /** Every cached environment, for the tree view and `pantograph envs list`. */
  list(options: { includeSize?: boolean } = {}): Promise<EnvironmentSummary[]> {
    return this.#deps.store.list(options);
  }

  /** Removes one environment; refuses while it is locked (being installed) unless forced. */
  remove(key: string, options: { force?: boolean } = {}): ReturnType<EnvironmentServiceDeps['store']['remove']> {
    return this.#deps.store.remove(key, options);
  }

  /** The GC dry run: what the policy would remove, and why. */
  planGc(options: Partial<GcOptions> = {}): Promise<GcPlan> {
    return this.#deps.store.planGc(options);
  }

  /** Applies a GC plan (re-checking locks entry by entry). */
  applyGc(plan: GcPlan): ReturnType<EnvironmentServiceDeps['store']['applyGc']> {
    return this.#deps.store.applyGc(plan);
  }
}
