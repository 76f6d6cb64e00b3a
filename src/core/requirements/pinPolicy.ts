/**
 * Pin policy worth enforcing as `needs_user_input`: torch-based bindings must pin torch and the
 * companion package the model needs. Pure.
 */
import type { BindingV1 } from '../contracts/requirements.js';
import { validateExactPin } from '../validation/requirementFields.js';
import { normalizeBackendKey } from './backendKey.js';
import { normalizePackageName } from './packageName.js';

/** A missing pin, shaped like a status `missing_fields` entry plus its error code. */
export interface MissingFieldLike {
  readonly binding_id: string;
  readonly requirement_name: string;
  readonly field: 'exact_pin';
  readonly reason: string;
  readonly code: 'unpinned_dependency';
}

/** What is known about the model; `backend_key` is used when the binding has none. */
export interface ModelHints {
  readonly model_id?: string;
  readonly model_type?: string;
  readonly backend_key?: string | null;
}

/** Normalized backends that run on torch. */
const TORCH_BACKENDS: readonly string[] = ['pytorch', 'stable_audio'];

/**
 * True for an audio model: `model_type` mentions `audio` or `model_id` starts with `audio/`.
 */
export function isAudioModel(hints: ModelHints): boolean {
  return (hints.model_type ?? '').toLowerCase().includes('audio') || (hints.model_id ?? '').toLowerCase().startsWith('audio/');
}

/**
 * True for an image/diffusion model: `model_type` mentions `image` or `diffusion`, or
 * `model_id` starts with `image/` or `diffusion/`.
 */
export function isImageModel(hints: ModelHints): boolean {
  const type = (hints.model_type ?? '').toLowerCase();
  const id = (hints.model_id ?? '').toLowerCase();
  return type.includes('image') || type.includes('diffusion') || id.startsWith('image/') || id.startsWith('diffusion/');
}

/**
 * The pins a binding lacks under the policy. A binding whose normalized backend (its own, else
 * `modelHints.backend_key`) is `pytorch` or `stable_audio` must pin `torch`, plus `torchaudio`
 * for audio models and `torchvision` for image/diffusion models. A package counts as pinned when
 * a requirement with that PEP 503 name has a valid `==<version>` exact pin. Other backends
 * need nothing. Output order: torch, torchaudio, torchvision.
 */
export function checkPinPolicy(binding: BindingV1, modelHints: ModelHints): MissingFieldLike[] {
  const backend = normalizeBackendKey(binding.backend_key) ?? normalizeBackendKey(modelHints.backend_key);
  if (backend === null || !TORCH_BACKENDS.includes(backend)) return [];
  const required = ['torch'];
  if (isAudioModel(modelHints)) required.push('torchaudio');
  if (isImageModel(modelHints)) required.push('torchvision');
  const pinned = new Set(
    (binding.requirements ?? [])
      .filter((r) => typeof r.name === 'string' && validateExactPin(r.exact_pin, []) === undefined)
      .map((r) => normalizePackageName(r.name)),
  );
  return required
    .filter((name) => !pinned.has(name))
    .map((name) => ({
      binding_id: binding.binding_id,
      requirement_name: name,
      field: 'exact_pin' as const,
      reason: `the ${backend} backend needs an exact pin (==<version>) for ${name}`,
      code: 'unpinned_dependency' as const,
    }));
}
