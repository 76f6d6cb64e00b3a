/**
 * The `puma-lib` node runner: looks the node's `model_id` up in a model library and emits the
 * model's folder, settings and DependencyRequirementsV1. It never checks or installs anything.
 */
import type { NodeRunner } from '../workflow/executorTypes.js';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { findModel } from './loadModelLibrary.js';
import type { ModelLibrary } from './loadModelLibrary.js';
import { buildPumaLibOutputs } from './pumaLibOutputs.js';

/** What the runner needs: a loaded library and the machine's platform key. */
export interface PumaLibServices {
  /** A loaded library, or a function loading it (called once per node run). */
  readonly library: ModelLibrary | (() => Promise<ModelLibrary>);
  readonly platformKey: string;
}

/**
 * Reads `node.data.model_id` (and an optional `node.data.backend_key` override). Throws a
 * `PantographError`: `missing_required_input` when no model is chosen, `model_not_found` when
 * the library lacks it.
 */
export function createPumaLibRunner(services: PumaLibServices): NodeRunner {
  return async ({ node }) => {
    const modelId = node.data.model_id;
    if (typeof modelId !== 'string' || modelId === '') {
      throw new PantographError(structuredError('missing_required_input', `node "${node.id}": choose a model (model_id is empty)`, [node.id, 'model_id']));
    }
    const library = typeof services.library === 'function' ? await services.library() : services.library;
    const model = findModel(library, modelId);
    if (!model.ok) throw new PantographError(model.errors.map((e) => ({ ...e, path: [node.id, 'model_id'] })));
    const backendKey = typeof node.data.backend_key === 'string' && node.data.backend_key !== '' ? node.data.backend_key : undefined;
    return { ...buildPumaLibOutputs(model.value, { platformKey: services.platformKey, backendKey }) };
  };
}
