/**
 * The `puma-lib` node runner: looks the node's `model_id` up in a model library and emits the
 * model's folder, settings and DependencyRequirementsV1. It never checks or installs anything.
 */
import type { NodeRunner } from '../workflow/executorTypes.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { findModel } from './loadModelLibrary.js';
import type { ModelLibrary } from './loadModelLibrary.js';
import { buildPumaLibOutputs } from './pumaLibOutputs.js';
import { withTorchBuild } from './hfLibraryModels.js';

/** What the runner needs: a loaded library and the machine's platform key. */
export interface PumaLibServices {
  /** A loaded library, or a function loading it (called once per node run). */
  readonly library: ModelLibrary | (() => Promise<ModelLibrary>);
  readonly platformKey: string;
}

/**
 * Reads `node.data.model_id` (and optional overrides: `node.data.backend_key`, and for Hugging
 * Face folder models `node.data.torch_build` — `auto`, `cpu`, `default` or a CUDA variant such as
 * `cu128`). Throws a `PantographError`: `missing_required_input` when no model is chosen,
 * `model_not_found` when the library lacks it, the model's own error when it is listed but
 * unusable (`model_config_invalid`, `model_weights_missing`, `model_unsupported_architecture`),
 * `invalid_payload` for an unknown torch build.
 */
export function createPumaLibRunner(services: PumaLibServices): NodeRunner {
  return async ({ node }) => {
    const modelId = node.data.model_id;
    if (typeof modelId !== 'string' || modelId === '') {
      throw new PantographError(
        structuredError('missing_required_input', `node "${node.id}": choose a model (model_id is empty)`, [node.id, 'model_id']),
      );
    }
    const library = typeof services.library === 'function' ? await services.library() : services.library;
    const model = findModel(library, modelId);
    if (!model.ok)
      throw new PantographError(
        model.errors.map((e) => (e.code === 'model_not_found' ? { ...e, path: [node.id, 'model_id'] } : e)),
      );
    const torchBuild = typeof node.data.torch_build === 'string' ? node.data.torch_build : undefined;
    const built = withTorchBuild(model.value, torchBuild, services.platformKey);
    if (!built.ok) throw new PantographError(built.errors.map((e) => ({ ...e, path: [node.id, 'torch_build'] })));
    const backendKey =
      typeof node.data.backend_key === 'string' && node.data.backend_key !== '' ? node.data.backend_key : undefined;
    return { ...buildPumaLibOutputs(built.value, { platformKey: services.platformKey, backendKey }) };
  };
}
