/**
 * A node's run state, shown by the node frame: {@link RunStateBadge} in the title bar (queued,
 * running with percent and a ticking elapsed time, done with its duration, failed, cancelled,
 * skipped) and {@link RunStateDetail} under the ports (progress bar, the phase message — an
 * environment's install phases — and the error of a failed node). Reads `runs[nodeId]` only.
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useEditor } from '../state/useEditor.js';
import { formatDuration } from '../state/runState.js';
import type { NodeRunState } from '../state/runState.js';
import { OutputPreview } from './OutputPreview.js';

/** How often a running node's elapsed time is redrawn (ms). */
export const ELAPSED_TICK_MS = 250;

/** The current time (epoch ms), re-read every {@link ELAPSED_TICK_MS} while `ticking`. */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ELAPSED_TICK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

const WORDS: Record<NodeRunState['phase'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

/** The badge text of `state` at time `now`. */
export function runStateLabel(state: NodeRunState, now: number): string {
  const word = state.kind === 'ensure' && state.phase === 'running' ? 'ensuring' : WORDS[state.phase];
  if (state.phase === 'running') {
    const percent = state.percent !== undefined ? ` ${Math.round(state.percent)}%` : '';
    return `${word}${percent} · ${formatDuration(now - (state.startedAt ?? now))}`;
  }
  if (
    state.startedAt !== undefined &&
    state.endedAt !== undefined &&
    (state.phase === 'done' || state.phase === 'failed' || state.phase === 'cancelled')
  )
    return `${word} · ${formatDuration(state.endedAt - state.startedAt)}`;
  return word;
}

/** The title-bar badge of node `nodeId`; nothing before its first run. */
export function RunStateBadge({ nodeId }: { nodeId: string }): ReactNode {
  const state = useEditor((s) => s.runs[nodeId]);
  const now = useNow(state?.phase === 'running');
  if (!state) return null;
  const label = runStateLabel(state, now);
  return (
    <span
      className={`pg-run-badge pg-run-${state.phase}`}
      data-testid={`run-state-${nodeId}`}
      data-phase={state.phase}
      role="status"
      aria-label={`Run state: ${label}`}
      title={state.error ? `${state.error.code}: ${state.error.message}` : label}
    >
      {label}
    </span>
  );
}

/** Progress bar and phase message while running, the error once failed; nothing otherwise. */
export function RunStateDetail({ nodeId }: { nodeId: string }): ReactNode {
  const state = useEditor((s) => s.runs[nodeId]);
  if (!state) return null;
  if (state.phase === 'running') {
    return (
      <div className="pg-run-detail" data-testid={`run-detail-${nodeId}`}>
        {state.percent !== undefined ? (
          <progress className="pg-progress" max={100} value={state.percent} aria-label="progress" />
        ) : (
          <progress className="pg-progress" aria-label="progress" />
        )}
        {state.message ? <div className="pg-muted pg-run-message">{state.message}</div> : null}
      </div>
    );
  }
  if ((state.phase === 'failed' || state.phase === 'skipped') && state.error) {
    return (
      <div
        className={`pg-run-detail ${state.phase === 'failed' ? 'pg-error' : 'pg-muted'}`}
        role={state.phase === 'failed' ? 'alert' : undefined}
        data-testid={`run-detail-${nodeId}`}
      >
        <code>{state.error.code}</code> {state.error.message}
        {state.error.hint ? <div className="pg-muted">{state.error.hint}</div> : null}
      </div>
    );
  }
  return null;
}

/** The run section of a node frame (detail and text previews); nothing before its first run or output. */
export function NodeRunSection({ nodeId, nodeType }: { nodeId: string; nodeType: string }): ReactNode {
  const shown = useEditor((s) => s.runs[nodeId] !== undefined || s.outputs[nodeId] !== undefined);
  if (!shown) return null;
  return (
    <div className="pg-node-run nodrag nowheel">
      <RunStateDetail nodeId={nodeId} />
      <OutputPreview nodeId={nodeId} nodeType={nodeType} />
    </div>
  );
}
