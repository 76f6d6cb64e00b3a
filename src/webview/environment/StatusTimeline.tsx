/**
 * The live status timeline of a dependency environment on one wrapping line: each state it went
 * through, in order, with its time (and code, message) in the tooltip.
 */
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
  const entries =
    status.history.length > 0
      ? status.history
      : [{ from: null, to: status.state, at: status.checked_at, code: status.code, message: status.message }];
  return (
    <ol className="pg-timeline" aria-label="Status timeline">
      {entries.map((h, i) => {
        const title = [`${formatTime(h.at)} ${h.from ? `${h.from} → ${h.to}` : h.to}`, h.code, h.message]
          .filter(Boolean)
          .join(' — ');
        return (
          <li key={`${h.at}-${i}`} className={`pg-timeline-entry pg-state-${h.to}`} title={title}>
            <time dateTime={h.at} className="pg-visually-hidden">
              {formatTime(h.at)}{' '}
            </time>
            <span className="pg-state">{h.to}</span>
            {h.code ? <span className="pg-visually-hidden"> {h.code}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
