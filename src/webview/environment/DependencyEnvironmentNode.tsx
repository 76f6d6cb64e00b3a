/**
 * The `dependency-environment` node, compact by default: mode (`set_mode`) and Ensure
 * (`environment/ensure`), the state (title badge), the environment key with a copy button, the
 * package count when the host reports one, one input line per missing field, the status timeline
 * on one line and any diagnostic. The per-binding values (field, effective value, provenance) and
 * the Python path open on demand behind a disclosure button (`aria-expanded`), kept per node in
 * the store so a re-render or a re-layout does not close it.
 */
import type { NodeProps } from '@xyflow/react';
import { useId } from 'react';
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import type { MissingField } from '../../core/contracts/environmentStatus.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { NodeShell } from '../nodes/NodeShell.js';
import { useEditor } from '../state/useEditor.js';
import { BindingValuesList } from './BindingValuesList.js';
import { rowsFromPatches, rowsFromResolved } from './effectiveRows.js';
import { CopyValue, EnvironmentActions, EnvironmentDetails } from './EnvironmentDetails.js';
import { summarize } from './environmentSummary.js';
import { MissingFieldsForm } from './MissingFieldsForm.js';
import { StatusTimeline } from './StatusTimeline.js';

const EMPTY: readonly MissingField[] = [];

/** Renders a dependency-environment node. */
export function DependencyEnvironmentNode({ id, data, selected }: NodeProps<WorkflowFlowNode>): ReactNode {
  const { entry, readOnly, applyEdits, host, showToast, ensuring, expanded, setExpanded } = useEditor((s) => ({
    entry: s.environments[id],
    readOnly: s.readOnly,
    applyEdits: s.applyEdits,
    host: s.host,
    showToast: s.showToast,
    ensuring: s.activity[id]?.kind === 'ensure' && (s.activity[id]?.phase === 'started' || s.activity[id]?.phase === 'progress'),
    expanded: s.expanded[id] === true,
    setExpanded: s.setExpanded,
  }));
  const detailsId = useId();
  const mode = data.data.mode === 'manual' ? 'manual' : 'auto';
  const patches = data.data.override_patches;
  const resolvedRows = rowsFromResolved(entry?.resolved);
  const rows = resolvedRows ?? rowsFromPatches(patches);
  const state = entry?.status.state ?? 'unresolved';
  const missing = state === 'needs_user_input' ? (entry?.status.missing_fields ?? EMPTY) : EMPTY;
  const busy = ensuring || state === 'checking' || state === 'installing';
  const summary = summarize(entry);
  const bindingCount = new Set(rows.map((r) => r.binding_id)).size;

  const setMode = (next: 'auto' | 'manual'): void => {
    if (next !== mode) applyEdits([{ kind: 'set_mode', node_id: id, mode: next }], `Set mode ${next}`);
  };
  const ensure = (): void => {
    host
      .request('environment/ensure', { nodeId: id })
      .catch((error: unknown) => showToast(`Ensure failed: ${error instanceof Error ? error.message : String(error)}`));
  };

  return (
    <NodeShell
      id={id}
      nodeType={data.nodeType}
      selected={selected}
      badge={
        <span className={`pg-badge pg-state-${state}`} data-testid={`env-state-${id}`} aria-label={`Environment state: ${state}`}>
          {state}
        </span>
      }
      footer={
        <>
          {summary.key ? <CopyValue label="Environment key" value={summary.key} /> : null}
          {summary.packageCount === undefined ? null : (
            <div className="pg-env-fact" data-testid={`env-packages-${id}`}>
              <span className="pg-muted">Packages</span> {summary.packageCount}
            </div>
          )}
          {entry ? <StatusTimeline status={entry.status} /> : null}
          {entry ? <EnvironmentDetails entry={entry} /> : null}
          <button
            type="button"
            className="pg-disclosure"
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={() => setExpanded(id, !expanded)}
          >
            <span aria-hidden="true" className="pg-disclosure-icon">
              {expanded ? '▾' : '▸'}
            </span>{' '}
            Values per binding
            {rows.length > 0 ? (
              <span className="pg-muted">
                {' '}
                ({bindingCount} binding{bindingCount === 1 ? '' : 's'}, {rows.length} field{rows.length === 1 ? '' : 's'})
              </span>
            ) : null}
          </button>
          {expanded ? (
            <div id={detailsId} className="pg-env-expanded" role="region" aria-label="Values per binding">
              <BindingValuesList
                rows={rows}
                note={
                  resolvedRows
                    ? rows.length === 0
                      ? 'No index, wheel or interpreter settings.'
                      : undefined
                    : 'Overrides stored in this node (base values appear after Ensure).'
                }
              />
              {summary.python ? <CopyValue label="Python" value={summary.python} /> : null}
              {state === 'ready' && summary.key ? <EnvironmentActions environmentKey={summary.key} /> : null}
            </div>
          ) : null}
        </>
      }
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
      {missing.length > 0 ? (
        <MissingFieldsForm
          key={entry?.status.checked_at}
          nodeId={id}
          missing={missing}
          existingPatches={patches}
          disabled={readOnly}
          submit={(edits) => applyEdits(edits, 'Set manual override')}
        />
      ) : null}
    </NodeShell>
  );
}
