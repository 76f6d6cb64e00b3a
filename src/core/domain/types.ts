/**
 * Shared shapes of the pure environment domain, built on requirement normalization's
 * `NormalizedRequirement` (core/requirements). Produced by the override merge; consumed by the
 * needs-input analysis, the environment key, the provisioners and the UI. No I/O anywhere in `core/domain`.
 */
import type { EnvironmentKind } from '../contracts/requirements.js';
import type { NormalizedRequirement } from '../requirements/normalizedRequirement.js';

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
