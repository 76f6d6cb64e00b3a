/**
 * Run / Cancel for one node (Cancel while it runs). Run sends the `workflow/run` request with the
 * node id. The run state itself (phase, progress, error) is the frame's `RunState`.
 */
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import { isActive } from '../state/runState.js';
import { useEditor } from '../state/useEditor.js';

/** Run controls of node `nodeId`: Run, and Cancel while it is queued or running. */
export function RunControls({ nodeId }: { nodeId: string }): ReactNode {
  const { busy, readOnly, host, showToast } = useEditor((s) => ({
    busy: s.runs[nodeId]?.kind === 'run' && isActive(s.runs[nodeId]),
    readOnly: s.readOnly,
    host: s.host,
    showToast: s.showToast,
  }));
  const run = (): void => {
    host
      .request('workflow/run', { nodeId })
      .catch((error: unknown) => showToast(`Run failed: ${error instanceof Error ? error.message : String(error)}`));
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
      </div>
    </div>
  );
}
