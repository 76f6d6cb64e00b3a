/**
 * The Dependency Environment node: the only node that checks or installs anything. Turns its
 * evaluated inputs into a request (`dependencyEnvironmentRequest`: requirements, bindings, mode,
 * stored then machine-local override patches), calls the environment service, and outputs
 * `environment_ref`, `resolved_dependency_requirements` and `status`. A non-ready outcome is an
 * output, not a failure: the inference gate downstream refuses it with an actionable message.
 */
import type { NodeRunner } from '../workflow/executorTypes.js';
import type { EnvironmentMode } from '../contracts/environmentState.js';
import { PantographError } from '../errors/structuredError.js';
import type { EnvironmentService } from '../environment/environmentService.js';
import type { EnsureOutcome } from '../environment/ensureReport.js';
import type { EnsureProgressEvent } from '../domain/progress.js';
import { dependencyEnvironmentRequest } from './dependencyEnvironmentRequest.js';
import type { MachineOverrides } from './dependencyEnvironmentRequest.js';

/** What the runner needs from its host. */
export interface DependencyEnvironmentServices {
  readonly service: EnvironmentService;
  /** Machine-local override patches of a node (e.g. a local wheel folder), applied after the stored ones. */
  readonly machineOverrides?: MachineOverrides;
  /** Forced mode for every node (e.g. the CLI's `--mode`). */
  readonly modeOverride?: EnvironmentMode;
  /** Receives every ensure outcome (for status bars, logs, the webview). */
  readonly onOutcome?: (nodeId: string, outcome: EnsureOutcome) => void;
  /** Receives ensure progress events. */
  readonly onProgress?: (nodeId: string, event: EnsureProgressEvent) => void;
}

/** Builds the runner. Fails the node (not the outputs) only when the request cannot be made. */
export function createDependencyEnvironmentRunner(services: DependencyEnvironmentServices): NodeRunner {
  return async ({ node, inputs, signal, emitProgress }) => {
    const built = await dependencyEnvironmentRequest(node, inputs, {
      ...(services.modeOverride ? { modeOverride: services.modeOverride } : {}),
      ...(services.machineOverrides ? { machineOverrides: services.machineOverrides } : {}),
    });
    if (!built.ok) throw new PantographError(built.errors);
    const outcome = await services.service.ensure(built.value.request, {
      mode: built.value.mode,
      signal,
      onProgress: (event) => {
        services.onProgress?.(node.id, event);
        if (!event.line) emitProgress(event.message, event.percent);
      },
    });
    services.onOutcome?.(node.id, outcome);
    if (outcome.errors[0]?.code === 'cancelled') throw new PantographError(outcome.errors[0]);
    return {
      environment_ref: outcome.ref,
      resolved_dependency_requirements: outcome.bindings,
      status: outcome.status,
    };
  };
}
