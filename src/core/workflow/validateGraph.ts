/**
 * Graph rules of a parsed workflow: unique ids, known node types, edges between existing nodes
 * and ports, compatible port types, one edge per input, no cycles, required inputs satisfied.
 * Pure; browser-safe.
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { ErrorCode } from '../errors/errorCodes.js';
import { buildAdjacency, findCycles } from './graphOrder.js';
import { arePortTypesCompatible, findInputPort, findOutputPort, getNodeType, isScalarPortType } from './nodeTypes.js';
import type { PortDefinition } from './nodeTypes.js';
import type { WorkflowDocument, WorkflowNode } from './workflowSchema.js';

/** A graph error that also names the node, edge and port concerned, when there is one. */
export interface WorkflowGraphError extends StructuredError {
  readonly nodeId?: string;
  readonly edgeId?: string;
  readonly port?: string;
}

type Where = { nodeId?: string; edgeId?: string; port?: string };

function graphError(
  code: ErrorCode,
  message: string,
  path: (string | number)[],
  where: Where,
  hint?: string,
): WorkflowGraphError {
  const defined = Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined)) as Where;
  return { ...structuredError(code, message, path, hint), ...defined };
}

/** True when `value` counts as a typed-in value for a scalar input (not absent, null or ''). */
export function hasScalarValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function scalarValueProblem(port: PortDefinition, value: unknown): string | undefined {
  if (!hasScalarValue(value)) return undefined;
  if (port.allowedValues && !port.allowedValues.includes(value as string))
    return `must be one of ${port.allowedValues.join(', ')}`;
  const expected = port.type === 'prompt' ? 'string' : port.type;
  if (expected === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) return 'must be a finite number';
  if (expected === 'boolean' && typeof value !== 'boolean') return 'must be a boolean';
  if (expected === 'string' && typeof value !== 'string') return 'must be a string';
  return undefined;
}

/**
 * Every graph problem of `doc`, all at once, in a stable order (ids, node types, edges, cycles,
 * inputs). Each error's `path` points into the document (`['graph','nodes',i,…]` or
 * `['graph','edges',i,…]`) and it carries `nodeId` / `edgeId` / `port` when relevant. Codes:
 * `duplicate_node_id`, `duplicate_edge_id`, `unknown_node_type`, `dangling_edge`, `unknown_port`,
 * `incompatible_ports`, `invalid_workflow` (two edges into one input, a typed-in value of the
 * wrong type), `cycle_detected`, `missing_required_input`. An empty array means valid. Pure.
 */
export function validateWorkflowGraph(doc: WorkflowDocument): WorkflowGraphError[] {
  const errors: WorkflowGraphError[] = [];
  const nodes = new Map<string, { node: WorkflowNode; index: number }>();
  doc.graph.nodes.forEach((node, index) => {
    const first = nodes.get(node.id);
    if (first)
      errors.push(
        graphError(
          'duplicate_node_id',
          `node id "${node.id}" is also used by node #${first.index}`,
          ['graph', 'nodes', index, 'id'],
          { nodeId: node.id },
        ),
      );
    else nodes.set(node.id, { node, index });
  });
  const edgeIds = new Map<string, number>();
  doc.graph.edges.forEach((edge, index) => {
    const first = edgeIds.get(edge.id);
    if (first !== undefined)
      errors.push(
        graphError('duplicate_edge_id', `edge id "${edge.id}" is also used by edge #${first}`, ['graph', 'edges', index, 'id'], {
          edgeId: edge.id,
        }),
      );
    else edgeIds.set(edge.id, index);
  });
  doc.graph.nodes.forEach((node, index) => {
    if (!getNodeType(node.node_type)) {
      errors.push(
        graphError(
          'unknown_node_type',
          `node "${node.id}" has unknown type "${node.node_type}"`,
          ['graph', 'nodes', index, 'node_type'],
          { nodeId: node.id },
          'Remove the node or open the file with a newer Pantograph.',
        ),
      );
    }
  });

  const connectedInputs = new Map<string, number>();
  doc.graph.edges.forEach((edge, index) => {
    const at = (field: string): (string | number)[] => ['graph', 'edges', index, field];
    const source = nodes.get(edge.source)?.node;
    const target = nodes.get(edge.target)?.node;
    if (!source)
      errors.push(
        graphError('dangling_edge', `edge "${edge.id}" starts at missing node "${edge.source}"`, at('source'), {
          edgeId: edge.id,
          nodeId: edge.source,
        }),
      );
    if (!target)
      errors.push(
        graphError('dangling_edge', `edge "${edge.id}" ends at missing node "${edge.target}"`, at('target'), {
          edgeId: edge.id,
          nodeId: edge.target,
        }),
      );
    if (!source || !target) return;
    const inputKey = `${edge.target}\u0000${edge.target_handle}`;
    const previous = connectedInputs.get(inputKey);
    if (previous !== undefined) {
      errors.push(
        graphError(
          'invalid_workflow',
          `input "${edge.target_handle}" of node "${edge.target}" already has edge #${previous}`,
          at('target_handle'),
          { edgeId: edge.id, nodeId: edge.target, port: edge.target_handle },
          'An input takes one edge: remove one of them.',
        ),
      );
    } else connectedInputs.set(inputKey, index);
    const knownSource = getNodeType(source.node_type) !== undefined;
    const knownTarget = getNodeType(target.node_type) !== undefined;
    const out = findOutputPort(source.node_type, edge.source_handle);
    const inp = findInputPort(target.node_type, edge.target_handle);
    if (knownSource && !out)
      errors.push(
        graphError(
          'unknown_port',
          `node "${source.id}" (${source.node_type}) has no output "${edge.source_handle}"`,
          at('source_handle'),
          { edgeId: edge.id, nodeId: source.id, port: edge.source_handle },
        ),
      );
    if (knownTarget && !inp)
      errors.push(
        graphError(
          'unknown_port',
          `node "${target.id}" (${target.node_type}) has no input "${edge.target_handle}"`,
          at('target_handle'),
          { edgeId: edge.id, nodeId: target.id, port: edge.target_handle },
        ),
      );
    if (out && inp && !arePortTypesCompatible(out.type, inp.type)) {
      errors.push(
        graphError(
          'incompatible_ports',
          `edge "${edge.id}": output "${out.name}" [${out.type}] of "${source.id}" cannot feed input "${inp.name}" [${inp.type}] of "${target.id}"`,
          ['graph', 'edges', index],
          { edgeId: edge.id, nodeId: target.id, port: inp.name },
        ),
      );
    }
  });

  for (const cycle of findCycles(buildAdjacency(doc))) {
    const first = cycle[0] as string;
    errors.push(
      graphError(
        'cycle_detected',
        `nodes form a cycle: ${[...cycle, first].join(' → ')}`,
        ['graph', 'nodes', nodes.get(first)?.index ?? 0],
        { nodeId: first },
        'Remove one of the edges in the cycle.',
      ),
    );
  }

  for (const { node, index } of nodes.values()) {
    const definition = getNodeType(node.node_type);
    if (!definition) continue;
    for (const port of definition.inputs) {
      const connected = connectedInputs.has(`${node.id}\u0000${port.name}`);
      const value = node.data[port.name];
      const problem = connected || !isScalarPortType(port.type) ? undefined : scalarValueProblem(port, value);
      if (problem)
        errors.push(
          graphError(
            'invalid_workflow',
            `node "${node.id}": value of input "${port.name}" ${problem}`,
            ['graph', 'nodes', index, 'data', port.name],
            { nodeId: node.id, port: port.name },
          ),
        );
      if (!port.required || connected || (isScalarPortType(port.type) && hasScalarValue(value))) continue;
      errors.push(
        graphError(
          'missing_required_input',
          `node "${node.id}" (${node.node_type}): required input "${port.name}" [${port.type}] is not connected${isScalarPortType(port.type) ? ' and has no value' : ''}`,
          ['graph', 'nodes', index],
          { nodeId: node.id, port: port.name },
          isScalarPortType(port.type) ? `Connect "${port.name}" or type a value.` : `Connect an output to "${port.name}".`,
        ),
      );
    }
  }
  return errors;
}
