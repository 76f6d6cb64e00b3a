/**
 * The Puma-Lib node's outputs for one library model, as plain JSON values keyed by output port.
 * Pure: it reads only the already-loaded model. It never checks or installs anything.
 */
import type { DependencyRequirementsV1 } from '../contracts/requirements.js';
import type { LibraryModel } from './libraryModel.js';
import { resolveModelRequirements } from './resolveModelRequirements.js';
import type { ResolveOptions } from './resolveModelRequirements.js';

/** Output port name → value, matching the `puma-lib` node type's ports. */
export interface PumaLibOutputs {
  readonly model_path: string;
  readonly model_id: string;
  readonly backend_key: string | null;
  readonly platform_context: { readonly platform_key: string; readonly backend_key: string | null };
  readonly selected_binding_ids: readonly string[];
  readonly dependency_requirements: DependencyRequirementsV1;
  readonly inference_settings: Readonly<Record<string, unknown>>;
  /** The model's task (`text-generation`, `text-to-audio`, …): the manifest's `task_type_primary`. */
  readonly task: string;
  /** Index signature so the record can be handed to a node executor as-is. */
  readonly [port: string]: unknown;
}

/**
 * Builds the outputs: `model_path` is the model folder, `inference_settings` the manifest's
 * settings, `task` its `task_type_primary`, and `dependency_requirements` comes from {@link resolveModelRequirements}. Pure.
 */
export function buildPumaLibOutputs(model: LibraryModel, options: ResolveOptions): PumaLibOutputs {
  const requirements = resolveModelRequirements(model.manifest, options);
  return {
    model_path: model.folder,
    model_id: model.model_id,
    backend_key: requirements.backend_key ?? null,
    platform_context: { platform_key: options.platformKey, backend_key: requirements.backend_key ?? null },
    selected_binding_ids: requirements.selected_binding_ids ?? [],
    dependency_requirements: requirements,
    inference_settings: { ...model.manifest.inference_settings },
    task: model.manifest.task_type_primary,
  };
}
