/**
 * The `puma-lib` node: a model picker (a dropdown you can type into to filter) fed by the `library/list` request, and what the
 * chosen model emits — backend, platform and selected bindings (from the node's last outputs
 * when it has run, else from the library entry). Deliberately no resolve/check/install actions:
 * environments are the Dependency Environment node's job. The node has a fixed width: a long
 * model name or binding list ends in an ellipsis, whole in its tooltip.
 */
import type { NodeProps } from '@xyflow/react';
import { useEffect, useId, useMemo } from 'react';
import type { ReactNode } from 'react';
import { Select } from '../controls/Select.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { useEditor } from '../state/useEditor.js';
import { NodeShell } from './NodeShell.js';
import { useNodeData } from './useNodeData.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) =>
    typeof v === 'string'
      ? v
      : typeof v === 'object' && v !== null && 'binding_id' in v
        ? String((v as { binding_id: unknown }).binding_id)
        : JSON.stringify(v),
  );
}

/** One fact on one line: a long value ends in an ellipsis, whole in its tooltip. */
function Fact({ term, value }: { term: string; value: string | undefined }): ReactNode {
  return (
    <>
      <dt>{term}</dt>
      <dd title={value}>{value ?? '—'}</dd>
    </>
  );
}

/** Renders a puma-lib node. */
export function PumaLibNode({ id, data, selected }: NodeProps<WorkflowFlowNode>): ReactNode {
  const { readOnly, setData } = useNodeData(id);
  const { library, loadLibrary, outputs } = useEditor((s) => ({
    library: s.library,
    loadLibrary: s.loadLibrary,
    outputs: s.outputs[id]?.outputs,
  }));
  const pickerId = useId();
  useEffect(() => void loadLibrary(), [loadLibrary]);
  const modelId = text(data.data.model_id) ?? '';
  const model = library.models.find((m) => m.model_id === modelId);
  const options = useMemo(
    () => library.models.map((m) => ({ value: m.model_id, label: `${m.display_name} (${m.model_type})` })),
    [library.models],
  );

  const platform = outputs?.platform_context as { platform_key?: unknown } | undefined;
  const backend = text(outputs?.backend_key) ?? text(model?.backend_key);
  const platformKey = text(platform?.platform_key) ?? text(model?.platform_key);
  const bindings = list(outputs?.selected_binding_ids) ?? list(model?.selected_binding_ids) ?? list(model?.bindings);
  return (
    <NodeShell id={id} nodeType={data.nodeType} selected={selected}>
      <div className="pg-field">
        <label htmlFor={pickerId}>Model</label>
        <Select
          id={pickerId}
          label="Models"
          filterable
          value={modelId}
          options={options}
          disabled={readOnly}
          onValue={(next) => next !== modelId && setData(['model_id'], next, modelId)}
        />
        {library.status === 'loading' ? <span className="pg-muted">Loading library…</span> : null}
        {library.status === 'error' ? (
          <span className="pg-error" role="alert">
            Library: {library.error}
          </span>
        ) : null}
        {modelId && !model && library.status === 'ready' ? (
          <span className="pg-error">“{modelId}” is not in the library</span>
        ) : null}
      </div>
      <dl className="pg-facts">
        <Fact term="Model" value={model?.display_name ?? (modelId || undefined)} />
        <Fact term="Backend" value={backend} />
        <Fact term="Platform" value={platformKey} />
        <Fact term="Bindings" value={bindings && bindings.length > 0 ? bindings.join(', ') : undefined} />
      </dl>
    </NodeShell>
  );
}
