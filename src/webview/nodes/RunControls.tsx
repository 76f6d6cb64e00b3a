/**
 * Run / Cancel for one node, with its latest `node/activity` (phase, message, progress bar) and
 * error. Run sends the `workflow/run` request with the node id.
 */
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import { useEditor } from '../state/useEditor.js';

const BUSY = new Set(['started', 'progress']);

/** Run controls and activity of node `nodeId`. */
export function RunControls({ nodeId }: { nodeId: string }): ReactNode {
  const { activity, readOnly, host, showToast } = useEditor((s) => ({ activity: s.activity[nodeId], readOnly: s.readOnly, host: s.host, showToast: s.showToast }));
  const busy = activity !== undefined && activity.kind === 'run' && BUSY.has(activity.phase);
  const run = (): void => {
    host.request('workflow/run', { nodeId }).catch((error: unknown) => showToast(`Run failed: ${error instanceof Error ? error.message : String(error)}`));
  };
  return (
    <div className="pg-run">
      <div className="pg-row">
        <Button onClick={run} disabled={readOnly || busy}>
          Run
        </Button>
        {busy ? (
          <Button secondary onClick={() => host.command('run/cancel', { nodeId })}>
            Cancel
          </Button>
        ) : null}
        {activity ? (
          <span className={`pg-phase pg-phase-${activity.phase}`} data-testid={`activity-${nodeId}`}>
            {activity.kind} {activity.phase}
            {activity.message ? `: ${activity.message}` : ''}
          </span>
        ) : null}
      </div>
      {busy && activity.percent !== undefined ? <progress className="pg-progress" max={100} value={activity.percent} aria-label="progress" /> : null}
      {activity?.error ? (
        <div className="pg-error" role="alert">
          <code>{activity.error.code}</code> {activity.error.message}
          {activity.error.hint ? <div className="pg-muted">{activity.error.hint}</div> : null}
        </div>
      ) : null}
    </div>
  );
}
