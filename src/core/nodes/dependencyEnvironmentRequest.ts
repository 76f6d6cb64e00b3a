/**
 * The rules of a Dependency Environment node, once for every front (CLI `run`/`ensure`/`demo`,
 * the extension's Ensure / Run / Run Node): which requirements, bindings and mode reach it, and
 * which override patches apply — the node's stored `override_patches`, then machine-local patches
 * supplied by the host through a callback. Upstream values are evaluated by the workflow executor
 * (the node's inputs), never here.
 */
import type { EnvironmentMode } from '../contracts/environmentState.js';
import type { EnvironmentRequest } from '../environment/resolveRequest.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { DEPENDENCY_ENVIRONMENT_NODE } from '../workflow/nodeTypes.js';
import type { WorkflowDocument } from '../workflow/workflowSchema.js';

/**
 * Machine-local override patches (never written to the workflow) for Dependency Environment node
 * `nodeId`, given the requirements payload that reached it — e.g. the bundled demo's wheel folder,
 * or the CLI's `--override node=patch.json`. Applied after the node's stored patches.
 */
export type MachineOverrides = (nodeId: string, requirements: unknown) => readonly unknown[] | Promise<readonly unknown[]>;

/** Machine overrides from a fixed table of patches per node id (the CLI's `--override`). */
export function machineOverridesByNode(byNode: Readonly<Record<string, readonly unknown[]>>): MachineOverrides {
  return (nodeId) => (Object.prototype.hasOwnProperty.call(byNode, nodeId) ? (byNode[nodeId] ?? []) : []);
}

/** Ids of every Dependency Environment node, in document order. */
export function dependencyEnvironmentNodeIds(doc: WorkflowDocument): string[] {
  return doc.graph.nodes.filter((n) => n.node_type === DEPENDENCY_ENVIRONMENT_NODE).map((n) => n.id);
}

/** The node as the rules see it (a `WorkflowNode` satisfies it). */
export interface DependencyEnvironmentNode {
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** How the request is made. */
export interface DependencyEnvironmentRequestOptions {
  /** Forced mode for every node (the CLI's `--mode`). */
  readonly modeOverride?: EnvironmentMode;
  readonly machineOverrides?: MachineOverrides;
}

/** What `EnvironmentService.ensure` is called with for one node. */
export interface DependencyEnvironmentRequest {
  readonly request: EnvironmentRequest;
  readonly mode: EnvironmentMode;
}

function where(node: DependencyEnvironmentNode, field: string): string[] {
  return ['graph', 'nodes', node.id, field];
}

/**
 * The ensure request of one Dependency Environment node from its evaluated `inputs`:
 * requirements from the `dependency_requirements` input; bindings from `selected_binding_ids`
 * (input, else `data`), null = every binding; mode = `modeOverride` → input → `data.mode` → auto;
 * overrides = `data.override_patches` then the machine-local ones. Fails with
 * `missing_required_input` without requirements, `invalid_payload` for malformed binding ids or
 * mode, `invalid_override` when `override_patches` is not a list. The payloads themselves are
 * validated by the service, once.
 */
export async function dependencyEnvironmentRequest(
  node: DependencyEnvironmentNode,
  inputs: Readonly<Record<string, unknown>>,
  options: DependencyEnvironmentRequestOptions = {},
): Promise<Result<DependencyEnvironmentRequest>> {
  const requirements = inputs.dependency_requirements;
  if (requirements === undefined || requirements === null) {
    return fail(
      structuredError(
        'missing_required_input',
        `node "${node.id}": connect dependency_requirements (from a Puma-Lib node)`,
        where(node, 'dependency_requirements'),
        'Connect a Puma-Lib node to it.',
      ),
    );
  }
  const ids = inputs.selected_binding_ids ?? node.data.selected_binding_ids;
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
    return fail(
      structuredError(
        'invalid_payload',
        `selected_binding_ids of node "${node.id}" must be a list of strings`,
        where(node, 'selected_binding_ids'),
      ),
    );
  }
  const mode = options.modeOverride ?? inputs.mode ?? node.data.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'manual')
    return fail(structuredError('invalid_payload', `mode of node "${node.id}" must be auto or manual`, where(node, 'mode')));
  const stored = node.data.override_patches ?? [];
  if (!Array.isArray(stored))
    return fail(
      structuredError(
        'invalid_override',
        `override_patches of node "${node.id}" must be a list`,
        where(node, 'override_patches'),
      ),
    );
  const machine = options.machineOverrides ? await options.machineOverrides(node.id, requirements) : [];
  return ok({
    request: {
      requirements,
      selectedBindingIds: Array.isArray(ids) ? (ids as string[]) : null,
      overrides: [...(stored as unknown[]), ...machine],
    },
    mode,
  });
}
