/**
 * How every ensure ends: the {@link EnsureOutcome} built from the state machine's final state,
 * and the closing `done` progress event (`<state>` or `<state>: <first error message>`).
 */
import type { MissingField } from '../contracts/environmentStatus.js';
import type { EnvironmentMode } from '../contracts/environmentState.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { EnvironmentStateMachine } from '../domain/stateMachine.js';
import type { EffectiveBinding } from '../domain/types.js';
import type { ProgressListener } from '../domain/progress.js';
import type { InstalledCheck } from '../provision/inspectInstalled.js';
import { buildRef, buildStatus } from './ensureReport.js';
import type { EnsureOutcome } from './ensureReport.js';
import type { Located } from './locateEnvironment.js';
import type { EnvironmentServiceDeps } from './serviceTypes.js';

/** The fixed facts of one ensure call, shared by each of the ways it can end. */
export interface EnsureRun {
  readonly mode: EnvironmentMode;
  readonly machine: EnvironmentStateMachine;
  /** `Date.now()` when the call started, for `durationMs`. */
  readonly startedAt: number;
  /** The service's clock, for the status's `checked_at`. */
  readonly clock: () => Date;
  readonly deps: Pick<EnvironmentServiceDeps, 'platformKey' | 'store'>;
  /** The caller's progress listener (never throws). */
  readonly emit: ProgressListener;
}

/** What one ending knows; every field is optional and defaults to "none" / `false`. */
export interface EnsureEnding {
  /** The bindings to report; defaults to the located request's. */
  readonly bindings?: readonly EffectiveBinding[];
  /** The located request, when there is one (then the outcome carries a ref). */
  readonly located?: Located;
  readonly errors?: readonly StructuredError[];
  readonly missing?: readonly MissingField[];
  readonly reused?: boolean;
  readonly installed?: boolean;
  readonly pythonExecutable?: string | null;
  readonly check?: InstalledCheck | null;
  /** Installed distributions (the manifest's resolved set), when recorded. */
  readonly packageCount?: number;
}

/**
 * Builds the outcome of `run` in the machine's current state from `ending` (ref only when a
 * request was located; status checked at `run.clock()`), emits the `done` event, and returns the
 * outcome with its duration since `run.startedAt`. Call it once per ensure, after the last transition.
 */
export function finishEnsure(run: EnsureRun, ending: EnsureEnding): EnsureOutcome {
  const { machine } = run;
  const located = ending.located;
  const bindings = ending.bindings ?? located?.resolved.bindings ?? [];
  const ref = located
    ? buildRef({
        state: machine.state,
        environmentKey: located.key.shortKey,
        fingerprint: located.key.key,
        kind: located.resolved.kind,
        bindings,
        pythonExecutable: ending.pythonExecutable ?? null,
        platformKey: run.deps.platformKey,
        backendKey: located.resolved.payload.backend_key ?? null,
        manifestPath: run.deps.store.paths(located.key.shortKey).manifestPath,
      })
    : null;
  const status = buildStatus({
    mode: run.mode,
    machine,
    bindings,
    environmentKey: located?.key.shortKey ?? null,
    missingFields: ending.missing,
    errors: ending.errors,
    check: ending.check ?? null,
    ...(ending.packageCount === undefined ? {} : { packageCount: ending.packageCount }),
    now: run.clock(),
  });
  run.emit({
    phase: 'done',
    message: `${machine.state}${ending.errors?.[0] ? `: ${ending.errors[0].message}` : ''}`,
    environmentKey: located?.key.shortKey,
  });
  return {
    state: machine.state,
    ref,
    status,
    bindings,
    reused: ending.reused ?? false,
    installed: ending.installed ?? false,
    durationMs: Date.now() - run.startedAt,
    errors: ending.errors ?? [],
  };
}
