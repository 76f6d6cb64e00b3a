/**
 * The shape requirement normalization produces, consumed by the override merge, the needs-input
 * analysis and the environment key (core/domain builds its effective views on it). Types only.
 */

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
