/**
 * The Dependency Environment node: the only node that checks or installs anything. Consumes
 * `dependency_requirements`, `selected_binding_ids`, `mode` and the node's stored override patches
 * (plus machine-local patches supplied by the host), calls the environment service, and outputs
 * `environment_ref`, `resolved_dependency_requirements` and `status`. A non-ready outcome is an
 * output, not a failure: the inference gate downstream refuses it with an actionable message.
 */
import type { NodeRunner } from '../workflow/executorTypes.js';
import type { EnvironmentMode } from '../contracts/environmentState.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { EnvironmentService } from '../environment/environmentService.js';
import type { EnsureOutcome } from '../environment/ensureReport.js';
import type { EnsureProgressEvent } from '../domain/progress.js';

/** What the runner needs from its host. */
export interface DependencyEnvironmentServices {
  readonly service: EnvironmentService;
  /** Machine-local override patches per node id (e.g. a local wheel folder), applied after the stored ones. */
  readonly machineOverrides?: Readonly<Record<string, readonly unknown[]>>;
  /** Forced mode for every node (e.g. the CLI's `--mode`). */
  readonly modeOverride?: EnvironmentMode;
  /** Receives every ensure outcome (for status bars, logs, the webview). */
  readonly onOutcome?: (nodeId: string, outcome: EnsureOutcome) => void;
  /** Receives ensure progress events. */
  readonly onProgress?: (nodeId: string, event: EnsureProgressEvent) => void;
}

function modeOf(value: unknown): EnvironmentMode | undefined {
  return value === 'auto' || value === 'manual' ? value : undefined;
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
}

/** Builds the runner. Fails the node (not the outputs) only when no requirements are connected. */
export function createDependencyEnvironmentRunner(services: DependencyEnvironmentServices): NodeRunner {
  return async ({ node, inputs, signal, emitProgress }) => {
    if (inputs.dependency_requirements === undefined || inputs.dependency_requirements === null) {
      throw new PantographError(
        structuredError('missing_required_input', `node "${node.id}": connect dependency_requirements (from a Puma-Lib node)`, [node.id, 'dependency_requirements']),
      );
    }
    const mode = services.modeOverride ?? modeOf(inputs.mode) ?? modeOf(node.data.mode) ?? 'auto';
    const stored = Array.isArray(node.data.override_patches) ? (node.data.override_patches as unknown[]) : [];
    const outcome = await services.service.ensure(
      {
        requirements: inputs.dependency_requirements,
        selectedBindingIds: stringList(inputs.selected_binding_ids) ?? stringList(node.data.selected_binding_ids),
        overrides: [...stored, ...(services.machineOverrides?.[node.id] ?? [])],
      },
      {
        mode,
        signal,
        onProgress: (event) => {
          services.onProgress?.(node.id, event);
          if (!event.line) emitProgress(event.message, event.percent);
        },
      },
    );
    services.onOutcome?.(node.id, outcome);
    if (outcome.errors[0]?.code === 'cancelled') throw new PantographError(outcome.errors[0]);
    return {
      environment_ref: outcome.ref,
      resolved_dependency_requirements: outcome.bindings,
      status: outcome.status,
    };
  };
}
