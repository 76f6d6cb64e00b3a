/**
 * Per-node run state, as the canvas shows it: queued, running (message, percent, since when),
 * done (duration), failed (the error), cancelled, skipped. Pure reducers over the host's
 * `run/started`, `node/activity` (runs and ensures) and `run/finished` notifications; times are the
 * host's (`at`, epoch ms), else the `now` the caller passes (the time the message arrived).
 */
import type { NodeActivity, NotificationParams } from '../../core/protocol/editorProtocol.js';

/** The phases a node goes through in a run (or an ensure). */
export type NodeRunPhase = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** What the canvas knows about one node's latest run. */
export interface NodeRunState {
  readonly phase: NodeRunPhase;
  /** `run` (a workflow run) or `ensure` (the Ensure button of an environment node). */
  readonly kind: NodeActivity['kind'];
  readonly runId?: string;
  /** When it started running (epoch ms). */
  readonly startedAt?: number;
  /** When it settled (epoch ms). */
  readonly endedAt?: number;
  /** Latest progress message (install phase, …) and percentage. */
  readonly message?: string;
  readonly percent?: number;
  readonly error?: NodeActivity['error'];
}

/** Node id → its run state. */
export type RunStates = Readonly<Record<string, NodeRunState>>;

/** True while a node is queued or running. */
export function isActive(state: NodeRunState | undefined): boolean {
  return state !== undefined && (state.phase === 'queued' || state.phase === 'running');
}

/** `run/started`: every listed node becomes queued for `runId` (their previous state is dropped). */
export function onRunStarted(states: RunStates, params: NotificationParams<'run/started'>): RunStates {
  const next: Record<string, NodeRunState> = { ...states };
  for (const id of params.nodeIds) next[id] = { phase: 'queued', kind: 'run', runId: params.runId };
  return next;
}

/** One `node/activity`, seen at `now` unless it carries its host time. */
export function onActivity(states: RunStates, activity: NodeActivity, now: number): RunStates {
  const previous = states[activity.nodeId];
  const at = activity.at ?? now;
  const runId = activity.kind === 'run' ? previous?.runId : undefined;
  const base = { kind: activity.kind, ...(runId !== undefined ? { runId } : {}) };
  let state: NodeRunState;
  switch (activity.phase) {
    case 'started':
      state = {
        ...base,
        phase: 'running',
        startedAt: at,
        ...(activity.message !== undefined ? { message: activity.message } : {}),
      };
      break;
    case 'progress': {
      const running = previous?.phase === 'running' ? previous : { ...base, phase: 'running' as const, startedAt: at };
      state = {
        ...running,
        ...(activity.message !== undefined ? { message: activity.message } : {}),
        ...(activity.percent !== undefined ? { percent: activity.percent } : {}),
      };
      break;
    }
    case 'finished':
      state = { ...base, phase: 'done', startedAt: previous?.phase === 'running' ? (previous.startedAt ?? at) : at, endedAt: at };
      break;
    default: {
      const phase: NodeRunPhase =
        activity.phase === 'failed' ? 'failed' : activity.phase === 'cancelled' ? 'cancelled' : 'skipped';
      state = {
        ...base,
        phase,
        ...(previous?.phase === 'running' && previous.startedAt !== undefined ? { startedAt: previous.startedAt } : {}),
        endedAt: at,
        ...(activity.message !== undefined ? { message: activity.message } : {}),
        ...(activity.error ? { error: activity.error } : {}),
      };
    }
  }
  return { ...states, [activity.nodeId]: state };
}

/** `run/finished`: nodes of that run still queued or running are cancelled. */
export function onRunFinished(states: RunStates, params: NotificationParams<'run/finished'>): RunStates {
  let next: Record<string, NodeRunState> | undefined;
  for (const [id, state] of Object.entries(states)) {
    if (state.runId !== params.runId || !isActive(state)) continue;
    next ??= { ...states };
    next[id] = { ...state, phase: 'cancelled', endedAt: params.finishedAt };
  }
  return next ?? states;
}

/** `1.4 s`, `42 s`, `3 min 05 s`, `1 h 02 min`: a duration for a node badge. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 10_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The ids of the nodes running now, sorted and `'|'`-joined (a cheap, comparable selector value). */
export function runningNodeKey(states: RunStates): string {
  return Object.keys(states)
    .filter((id) => states[id]?.phase === 'running')
    .sort()
    .join('|');
}

/**
 * `edges` with `animated: true` on those into a running node (`running` as from
 * {@link runningNodeKey}); the very same array when none is, and untouched edges keep their identity.
 */
export function animateEdgesIntoRunning<E extends { readonly target: string; readonly animated?: boolean }>(
  edges: E[],
  running: string,
): E[] {
  if (running === '') return edges;
  const ids = new Set(running.split('|'));
  return edges.map((e) => (ids.has(e.target) && !e.animated ? { ...e, animated: true, className: 'pg-edge-running' } : e));
}
