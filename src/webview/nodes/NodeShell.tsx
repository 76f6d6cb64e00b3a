/**
 * The frame every workflow node shares: title bar, typed input handles on the left and output
 * handles on the right (coloured by port data type, labelled, with the type in a tooltip), and the
 * node's own body between them. Zoomed out below {@link COMPACT_ZOOM} the body and footer are not
 * rendered (unreadable there anyway): a 500-node graph at fit-view zoom then costs a fraction of
 * the DOM, style, layout and paint of full nodes.
 */
import { Handle, Position, useStore } from '@xyflow/react';
import type { ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import type { ReactNode } from 'react';
import { getNodeType } from '../../core/workflow/nodeTypes.js';
import type { NodeTypeDefinition, PortDefinition } from '../../core/workflow/nodeTypes.js';
import { DisabledScope } from '../controls/DisabledScope.js';
import { portColor } from '../flow/portColors.js';
import { useEditor } from '../state/useEditor.js';
import { NodeRunSection, RunStateBadge } from './RunState.js';

/** Props of {@link NodeShell}. */
export interface NodeShellProps {
  readonly id: string;
  readonly nodeType: string;
  readonly selected?: boolean;
  /** Shown right of the title (a state badge, …). */
  readonly badge?: ReactNode;
  /** Editing controls: disabled as a group in read-only mode (a {@link DisabledScope}). */
  readonly children?: ReactNode;
  /** Non-editing content (copy buttons, players, links), usable in read-only mode too. */
  readonly footer?: ReactNode;
}

/** Below this zoom, nodes render only their title bar and ports. */
export const COMPACT_ZOOM = 0.4;

/** A boolean selector: nodes re-render only when the zoom crosses {@link COMPACT_ZOOM}. */
const isZoomedOut = (s: ReactFlowState): boolean => s.transform[2] < COMPACT_ZOOM;

function PortRow({ port, kind }: { port: PortDefinition; kind: 'input' | 'output' }): ReactNode {
  const title = `${port.name} [${port.type}]${port.required ? ' (required)' : ''}`;
  return (
    <div className={`pg-port pg-port-${kind}`} title={title}>
      <Handle
        id={port.name}
        type={kind === 'input' ? 'target' : 'source'}
        position={kind === 'input' ? Position.Left : Position.Right}
        className={`pg-handle pg-handle-${port.type}`}
        style={{ background: portColor(port.type) }}
        aria-label={`${kind} ${title}`}
      />
      <span className="pg-port-label">
        {port.name}
        {port.required ? <span className="pg-required">*</span> : null}
      </span>
    </div>
  );
}

/** The handles of a node type; the registry's definitions are stable, so this renders once per node. */
const Ports = memo(function Ports({ definition }: { definition: NodeTypeDefinition | undefined }): ReactNode {
  return (
    <div className="pg-ports">
      <div className="pg-ports-in">
        {definition?.inputs.map((p) => (
          <PortRow key={p.name} port={p} kind="input" />
        ))}
      </div>
      <div className="pg-ports-out">
        {definition?.outputs.map((p) => (
          <PortRow key={p.name} port={p} kind="output" />
        ))}
      </div>
    </div>
  );
});

/** The shared node frame. Renders the ports of `nodeType` from the registry. */
export function NodeShell({ id, nodeType, selected, badge, children, footer }: NodeShellProps): ReactNode {
  const definition = getNodeType(nodeType);
  const readOnly = useEditor((s) => s.readOnly);
  const compact = useStore(isZoomedOut);
  return (
    <div
      className={`pg-node pg-node-${nodeType}${selected ? ' pg-selected' : ''}${compact ? ' pg-compact' : ''}`}
      data-node-id={id}
      data-testid={`node-${id}`}
    >
      <div className="pg-node-header">
        <span className="pg-node-title">{definition?.title ?? nodeType}</span>
        <span className="pg-node-id">{id}</span>
        {badge}
        <RunStateBadge nodeId={id} />
      </div>
      <Ports definition={definition} />
      {children && !compact ? (
        <fieldset className="pg-node-body nodrag nowheel" disabled={readOnly}>
          <DisabledScope disabled={readOnly}>{children}</DisabledScope>
        </fieldset>
      ) : null}
      {compact ? null : <NodeRunSection nodeId={id} nodeType={nodeType} />}
      {footer && !compact ? <div className="pg-node-footer nodrag nowheel">{footer}</div> : null}
    </div>
  );
}
