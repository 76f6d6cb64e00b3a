/**
 * The `dependency-environment` node: auto/manual mode (`set_mode`), the base / override /
 * effective table, the needs-user-input form, Ensure (`environment/ensure`), the live status
 * timeline, diagnostics, and the ready environment's key and Python path.
 */
import type { NodeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import type { MissingField } from '../../core/contracts/environmentStatus.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { NodeShell } from '../nodes/NodeShell.js';
import { useEditor } from '../state/useEditor.js';
import { rowsFromPatches, rowsFromResolved } from './effectiveRows.js';
import { EffectiveValuesTable } from './EffectiveValuesTable.js';
import { EnvironmentDetails } from './EnvironmentDetails.js';
import { MissingFieldsForm } from './MissingFieldsForm.js';
import { StatusTimeline } from './StatusTimeline.js';

const EMPTY: readonly MissingField[] = [];

/** Renders a dependency-environment node. */
export function DependencyEnvironmentNode({ id, data, selected }: NodeProps<WorkflowFlowNode>): ReactNode {
  const { entry, readOnly, applyEdits, host, showToast, ensuring } = useEditor((s) => ({
    entry: s.environments[id],
    readOnly: s.readOnly,
    applyEdits: s.applyEdits,
    host: s.host,
    showToast: s.showToast,
    ensuring: s.activity[id]?.kind === 'ensure' && (s.activity[id]?.phase === 'started' || s.activity[id]?.phase === 'progress'),
  }));
  const mode = data.data.mode === 'manual' ? 'manual' : 'auto';
  const patches = data.data.override_patches;
  const resolvedRows = rowsFromResolved(entry?.resolved);
  const rows = resolvedRows ?? rowsFromPatches(patches);
  const state = entry?.status.state ?? 'unresolved';
  const missing = state === 'needs_user_input' ? (entry?.status.missing_fields ?? EMPTY) : EMPTY;
  const busy = ensuring || state === 'checking' || state === 'installing';

  const setMode = (next: 'auto' | 'manual'): void => {
    if (next !== mode) applyEdits([{ kind: 'set_mode', node_id: id, mode: next }], `Set mode ${next}`);
  };
  const ensure = (): void => {
    host.request('environment/ensure', { nodeId: id }).catch((error: unknown) => showToast(`Ensure failed: ${error instanceof Error ? error.message : String(error)}`));
  };

  return (
    <NodeShell
      id={id}
      nodeType={data.nodeType}
      selected={selected}
      badge={<span className={`pg-badge pg-state-${state}`} data-testid={`env-state-${id}`}>{state}</span>}
      footer={entry ? <><StatusTimeline status={entry.status} /><EnvironmentDetails entry={entry} /></> : null}
    >
      <div className="pg-row" role="group" aria-label="Mode">
        {(['auto', 'manual'] as const).map((m) => (
          <Button key={m} secondary={mode !== m} pressed={mode === m} onClick={() => setMode(m)}>
            {m}
          </Button>
        ))}
        <Button className="pg-ensure" onClick={ensure} disabled={busy}>
          {busy ? 'Ensuring…' : 'Ensure'}
        </Button>
      </div>
      <EffectiveValuesTable rows={rows} note={resolvedRows ? undefined : 'Overrides stored in this node (base values appear after Ensure).'} />
      {missing.length > 0 ? (
        <MissingFieldsForm key={entry?.status.checked_at} nodeId={id} missing={missing} existingPatches={patches} disabled={readOnly} submit={(edits) => applyEdits(edits, 'Set manual override')} />
      ) : null}
    </NodeShell>
  );
}
