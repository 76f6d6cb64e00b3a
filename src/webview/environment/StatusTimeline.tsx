/** The live status timeline of a dependency environment: each state transition with its time. */
import type { ReactNode } from 'react';
import type { DependencyEnvironmentStatusV1 } from '../../core/contracts/environmentStatus.js';

/** `HH:MM:SS` local time of an RFC 3339 timestamp, or the raw text when it does not parse. */
export function formatTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Renders `status.history` (oldest first), or the current state alone when there is none. */
export function StatusTimeline({ status }: { status: DependencyEnvironmentStatusV1 }): ReactNode {
  const entries = status.history.length > 0 ? status.history : [{ from: null, to: status.state, at: status.checked_at, code: status.code, message: status.message }];
  return (
    <ol className="pg-timeline" aria-label="Status timeline">
      {entries.map((h, i) => (
        <li key={`${h.at}-${i}`} className={`pg-timeline-entry pg-state-${h.to}`}>
          <time dateTime={h.at}>{formatTime(h.at)}</time> <span className="pg-state">{h.from ? `${h.from} → ${h.to}` : h.to}</span>
          {h.code ? <code> {h.code}</code> : null}
          {h.message ? <span className="pg-muted"> {h.message}</span> : null}
        </li>
      ))}
    </ol>
  );
}
