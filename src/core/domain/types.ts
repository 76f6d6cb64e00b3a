/**
 * Shared shapes of the pure environment domain. Produced by requirement normalization and the
 * override merge; consumed by the needs-input analysis, the environment key, the provisioners
 * and the UI. No I/O anywhere in `core/domain`.
 */
import type { EnvironmentKind } from '../contracts/requirements.js';

/** Where an effective value came from. */
export type Provenance = 'base' | 'override' | 'none';

/**
 * The three views of one field: `base` (from the model library), `override` (from the user),
 * `effective` (override when present, else base). The UI shows all three.
 */
export interface EffectiveValue<T> {
  readonly base: T | undefined;
  readonly override: T | undefined;
  readonly effective: T | undefined;
  readonly provenance: Provenance;
}

/** A requirement after normalization (PEP 503 name, parsed exact pin), before overrides. */
export interface NormalizedRequirement {
  readonly binding_id: string;
  /** PEP 503 normalized name: lowercase, runs of `-_.` collapsed to `-`. */
  readonly name: string;
  /** The name exactly as the producer spelled it (for display). */
  readonly display_name: string;
  /** The pinned version without the `==` operator, PEP 440 normalized (e.g. `2.5.1+cu121`). */
  readonly version: string;
  /** `==<version>`. */
  readonly exact_pin: string;
  /** Sorted, de-duplicated, lowercase `sha256:<hex>` entries. */
  readonly hashes: readonly string[];
  readonly markers: string | null;
  readonly python_requires: string | null;
  readonly index_url: string | null;
  readonly extra_index_urls: readonly string[];
  /** The producer's `source` (provenance or a direct wheel). */
  readonly source: string | null;
  /** `source` when it is a wheel (`*.whl` URL or path) that may be handed to the installer. */
  readonly wheel_source: string | null;
  /**
   * Display only, never part of the key: why this torch build was chosen, from the producer's
   * `torch_build` field (`torch build: cpu (no CUDA GPU found)`). The choice itself is in the pin
   * and index, which are keyed.
   */
  readonly torch_build?: string;
}

/** A requirement with overrides applied. */
export interface EffectiveRequirement extends NormalizedRequirement {
  readonly effective_index_url: EffectiveValue<string>;
  readonly effective_extra_index_urls: EffectiveValue<readonly string[]>;
  readonly effective_wheel_source_path: EffectiveValue<string>;
  readonly effective_package_source_override: EffectiveValue<string>;
}

/** A selected binding with overrides applied. */
export interface EffectiveBinding {
  readonly binding_id: string;
  readonly profile_id: string;
  readonly profile_version: number;
  readonly env_id: string | null;
  /** Raw kind from the payload; may be unsupported (the service reports that). */
  readonly environment_kind: string | null;
  readonly backend_key: string | null;
  readonly python_executable: EffectiveValue<string>;
  readonly index_url: EffectiveValue<string>;
  readonly extra_index_urls: EffectiveValue<readonly string[]>;
  readonly wheel_source_path: EffectiveValue<string>;
  readonly requirements: readonly EffectiveRequirement[];
}

/** True when `kind` is one the v1 service can build. */
export function isSupportedEnvironmentKind(kind: string | null | undefined): kind is EnvironmentKind {
  return kind === 'python' || kind === 'python-venv';
}
