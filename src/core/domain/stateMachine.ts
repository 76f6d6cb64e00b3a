/**
 * The lifecycle of a dependency environment as data plus a small recorder. The transition table
 * is the one of DependencyEnvironmentStatusV1 (docs/contracts): anything not listed is a
 * programming error, so {@link EnvironmentStateMachine.transition} throws instead of returning.
 * Pure: time comes from an injected clock; no I/O.
 */
import type { EnvironmentState } from '../contracts/environmentState.js';
import type { StatusHistoryEntry } from '../contracts/environmentStatus.js';

/**
 * Legal transitions, `from → allowed targets`. Frozen; the single source of truth for
 * {@link canTransition} and the status timeline.
 * - unresolved → checking | needs_user_input | failed
 * - needs_user_input → unresolved (after an override patch)
 * - checking → ready | missing | failed
 * - missing → installing | needs_user_input (manual mode: install waits for the user)
 * - installing → ready | failed
 * - ready → checking (re-validation)
 * - failed → unresolved (retry)
 */
export const ENVIRONMENT_TRANSITIONS: Readonly<Record<EnvironmentState, readonly EnvironmentState[]>> = Object.freeze({
  unresolved: Object.freeze(['checking', 'needs_user_input', 'failed'] as const),
  needs_user_input: Object.freeze(['unresolved'] as const),
  checking: Object.freeze(['ready', 'missing', 'failed'] as const),
  missing: Object.freeze(['installing', 'needs_user_input'] as const),
  installing: Object.freeze(['ready', 'failed'] as const),
  ready: Object.freeze(['checking'] as const),
  failed: Object.freeze(['unresolved'] as const),
});

/**
 * True when `from → to` is listed in {@link ENVIRONMENT_TRANSITIONS}. Pure.
 * @example canTransition('checking', 'ready') === true; canTransition('ready', 'installing') === false
 */
export function canTransition(from: EnvironmentState, to: EnvironmentState): boolean {
  return ENVIRONMENT_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Thrown for a transition the table does not allow: a bug in the caller, never user error. */
export class IllegalTransitionError extends Error {
  readonly from: EnvironmentState;
  readonly to: EnvironmentState;

  constructor(from: EnvironmentState, to: EnvironmentState) {
    const allowed = ENVIRONMENT_TRANSITIONS[from]?.join(', ') || 'nothing';
    super(`illegal environment transition ${from} → ${to} (from ${from} only ${allowed} is allowed)`);
    this.name = 'IllegalTransitionError';
    this.from = from;
    this.to = to;
  }
}

/** Optional details recorded with a transition (an error code and/or a human message). */
export interface TransitionDetails {
  readonly code?: string;
  readonly message?: string;
}

/**
 * Tracks one environment's state and records every transition as a {@link StatusHistoryEntry}
 * (`at` is RFC 3339 from the injected clock). Deterministic given the clock; no I/O.
 * @example
 * const sm = new EnvironmentStateMachine('unresolved', () => new Date('2025-01-01T00:00:00Z'));
 * sm.transition('checking');
 * sm.transition('ready');
 * sm.history[1] // { from: 'checking', to: 'ready', at: '2025-01-01T00:00:00.000Z' }
 */
export class EnvironmentStateMachine {
  private current: EnvironmentState;
  private readonly entries: StatusHistoryEntry[] = [];
  private readonly clock: () => Date;

  constructor(initial: EnvironmentState, clock: () => Date) {
    this.current = initial;
    this.clock = clock;
  }

  /** The current state. */
  get state(): EnvironmentState {
    return this.current;
  }

  /** Every transition so far, oldest first. A copy: mutating it does not affect the machine. */
  get history(): StatusHistoryEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  /**
   * Moves to `to` and records it. Throws {@link IllegalTransitionError} (state unchanged,
   * nothing recorded) when the table does not allow `state → to`.
   */
  transition(to: EnvironmentState, details: TransitionDetails = {}): StatusHistoryEntry {
    const from = this.current;
    if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
    const entry: StatusHistoryEntry = { from, to, at: this.clock().toISOString() };
    if (details.code !== undefined) entry.code = details.code;
    if (details.message !== undefined) entry.message = details.message;
    this.current = to;
    this.entries.push(entry);
    return { ...entry };
  }
}
