/**
 * Builds the environment service's request for one dependency-environment node from the workflow
 * graph: its `dependency_requirements` and `selected_binding_ids` inputs (from an upstream
 * Puma-Lib node resolved against the model library, or typed into the node), its `mode`, and its
 * `data.override_patches`. Pure given a loaded library; no `vscode`.
 */
import { buildPumaLibOutputs } from '../core/library/pumaLibOutputs.js';
import type { PumaLibOutputs } from '../core/library/pumaLibOutputs.js';
import { findModel } from '../core/library/loadModelLibrary.js';
import { withTorchBuild } from '../core/library/hfLibraryModels.js';
import type { ModelLibrary } from '../core/library/loadModelLibrary.js';
import { EnvironmentModeSchema } from '../core/contracts/environmentState.js';
import type { EnvironmentMode } from '../core/contracts/environmentState.js';
import type { EnvironmentRequest } from '../core/environment/resolveRequest.js';
import { fail, ok, structuredError } from '../core/errors/structuredError.js';
import type { Result } from '../core/errors/structuredError.js';
import type { WorkflowDocument, WorkflowNode } from '../core/workflow/workflowSchema.js';

/** What resolving upstream values needs. */
export interface UpstreamContext {
  /** The loaded model library (failures of the load itself are reported by the caller). */
  readonly library: ModelLibrary;
  /** e.g. `linux-x86_64`. */
  readonly platformKey: string;
}

/** The request for one node, ready for `EnvironmentService.ensure`. */
export interface NodeEnsureRequest {
  readonly nodeId: string;
  readonly request: EnvironmentRequest;
  readonly mode: EnvironmentMode;
}

/** Ids of every dependency-environment node, in document order. */
export function dependencyEnvironmentNodeIds(doc: WorkflowDocument): string[] {
  return doc.graph.nodes.filter((n) => n.node_type === 'dependency-environment').map((n) => n.id);
}

/**
 * The outputs of a Puma-Lib node: its `data.model_id` looked up in the library, resolved for the
 * platform, the node's optional `data.backend_key` and (Hugging Face folder models) `data.torch_build`.
 * `model_not_found` when the id is empty or unknown; the model's own error when it is unusable.
 */
export function pumaLibOutputsFor(node: WorkflowNode, context: UpstreamContext): Result<PumaLibOutputs> {
  const modelId = typeof node.data.model_id === 'string' ? node.data.model_id : '';
  if (modelId === '') return fail(structuredError('model_not_found', `Puma-Lib node "${node.id}" has no model selected`, ['graph', 'nodes', node.id, 'model_id'], 'Pick a model in the node.'));
  const found = findModel(context.library, modelId);
  if (!found.ok) return found;
  // A Hugging Face folder model may ask for another torch build than the machine's (as the runner does).
  const model = withTorchBuild(found.value, typeof node.data.torch_build === 'string' ? node.data.torch_build : null, context.platformKey);
  if (!model.ok) return fail(...model.errors.map((e) => ({ ...e, path: ['graph', 'nodes', node.id, 'torch_build'] })));
  const backendKey = typeof node.data.backend_key === 'string' && node.data.backend_key !== '' ? node.data.backend_key : null;
  return ok(buildPumaLibOutputs(model.value, { platformKey: context.platformKey, backendKey }));
}

/**
 * The value reaching input `port` of `node`: the upstream output when an edge feeds it (only
 * Puma-Lib and Text Input sources can be evaluated without running anything), else
 * `node.data[port]` (possibly `undefined`).
 */
export function inputValue(doc: WorkflowDocument, node: WorkflowNode, port: string, context: UpstreamContext): Result<unknown> {
  const edge = doc.graph.edges.find((e) => e.target === node.id && e.target_handle === port);
  if (!edge) return ok(node.data[port]);
  const source = doc.graph.nodes.find((n) => n.id === edge.source);
  if (!source) return fail(structuredError('dangling_edge', `edge "${edge.id}" comes from a missing node "${edge.source}"`, ['graph', 'edges', edge.id]));
  if (source.node_type === 'puma-lib') {
    const outputs = pumaLibOutputsFor(source, context);
    return outputs.ok ? ok(outputs.value[edge.source_handle]) : outputs;
  }
  if (source.node_type === 'text-input' && edge.source_handle === 'text') return ok(source.data.text);
  return fail(structuredError('node_failed', `input "${port}" of node "${node.id}" comes from a ${source.node_type} node, which must run first; use Run Workflow instead`, ['graph', 'nodes', node.id, port]));
}

/**
 * The ensure request of dependency-environment node `nodeId`. Fails with `unknown_node_type` when
 * the node is not a dependency-environment node, `missing_required_input` without requirements,
 * `invalid_payload` for malformed binding ids or overrides, or the upstream error. The payloads
 * themselves are validated by the service, once.
 */
export function buildEnsureRequest(doc: WorkflowDocument, nodeId: string, context: UpstreamContext): Result<NodeEnsureRequest> {
  const node = doc.graph.nodes.find((n) => n.id === nodeId);
  if (!node || node.node_type !== 'dependency-environment') {
    return fail(structuredError('unknown_node_type', `node "${nodeId}" is not a dependency-environment node`, ['nodeId']));
  }
  const requirements = inputValue(doc, node, 'dependency_requirements', context);
  if (!requirements.ok) return requirements;
  if (requirements.value === undefined || requirements.value === null) {
    return fail(structuredError('missing_required_input', `node "${nodeId}" has no dependency_requirements`, ['graph', 'nodes', nodeId, 'dependency_requirements'], 'Connect a Puma-Lib node to it.'));
  }
  const bindings = inputValue(doc, node, 'selected_binding_ids', context);
  if (!bindings.ok) return bindings;
  const ids = bindings.value;
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
    return fail(structuredError('invalid_payload', `selected_binding_ids of node "${nodeId}" must be a list of strings`, ['graph', 'nodes', nodeId, 'selected_binding_ids']));
  }
  const modeValue = inputValue(doc, node, 'mode', context);
  if (!modeValue.ok) return modeValue;
  const mode = EnvironmentModeSchema.safeParse(modeValue.value ?? 'auto');
  if (!mode.success) return fail(structuredError('invalid_payload', `mode of node "${nodeId}" must be auto or manual`, ['graph', 'nodes', nodeId, 'mode']));
  const patches = node.data.override_patches ?? [];
  if (!Array.isArray(patches)) return fail(structuredError('invalid_override', `override_patches of node "${nodeId}" must be a list`, ['graph', 'nodes', nodeId, 'override_patches']));
  const request: EnvironmentRequest = { requirements: requirements.value, selectedBindingIds: Array.isArray(ids) ? (ids as string[]) : null, overrides: patches };
  return ok({ nodeId, request, mode: mode.data });
}
