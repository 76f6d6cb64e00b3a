/**
 * Builds the two outputs of an ensure — DependencyEnvironmentStatusV1 and EnvironmentRefV1 —
 * from the state machine, the effective bindings and the manifest. Pure.
 */
import type { DependencyEnvironmentStatusV1, MissingField, BindingStatus } from '../contracts/environmentStatus.js';
import type { EnvironmentRefV1 } from '../contracts/environmentRef.js';
import type { EnvironmentMode, EnvironmentState } from '../contracts/environmentState.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { EnvironmentStateMachine } from '../domain/stateMachine.js';
import type { EffectiveBinding } from '../domain/types.js';
import type { InstalledCheck } from '../provision/inspectInstalled.js';

/** What the caller of ensure()/check() receives. */
export interface EnsureOutcome {
  readonly state: EnvironmentState;
  /** Present when an environment key could be computed. */
  readonly ref: EnvironmentRefV1 | null;
  readonly status: DependencyEnvironmentStatusV1;
  /** The effective bindings (base / override / effective), for `resolved_dependency_requirements`. */
  readonly bindings: readonly EffectiveBinding[];
  /** True when an existing ready environment was reused without installing. */
  readonly reused: boolean;
  /** True when this call ran the installer (false for joiners of someone else's install). */
  readonly installed: boolean;
  readonly durationMs: number;
  readonly errors: readonly StructuredError[];
}

/** Inputs of {@link buildStatus}. */
export interface StatusInputs {
  readonly mode: EnvironmentMode;
  readonly machine: EnvironmentStateMachine;
  readonly bindings: readonly EffectiveBinding[];
  readonly environmentKey: string | null;
  readonly missingFields?: readonly MissingField[];
  readonly errors?: readonly StructuredError[];
  readonly check?: InstalledCheck | null;
  /** Installed distributions, when the manifest records its resolved set. */
  readonly packageCount?: number;
  readonly now: Date;
}

function bindingStatus(binding: EffectiveBinding, state: EnvironmentState, inputs: StatusInputs): BindingStatus {
  const names = new Set(binding.requirements.map((r) => r.name));
  const check = inputs.check;
  const firstError = inputs.errors?.[0];
  return {
    binding_id: binding.binding_id,
    env_id: binding.env_id,
    state,
    code: firstError?.code ?? null,
    message: firstError?.message ?? null,
    missing_requirements: check ? check.missing.filter((n) => names.has(n)) : [],
    installed_requirements: check
      ? check.installed.filter((p) => names.has(p.name) && p.ok).map((p) => `${p.name}==${p.version}`)
      : [],
    failed_requirements: check ? check.mismatched.filter((n) => names.has(n)) : [],
  };
}

/** The status payload for the node's `status` output and the webview timeline. */
export function buildStatus(inputs: StatusInputs): DependencyEnvironmentStatusV1 {
  const state = inputs.machine.state;
  const firstError = inputs.errors?.[0];
  return {
    contract_version: 1,
    mode: inputs.mode,
    state,
    code: firstError?.code ?? null,
    message: firstError ? firstError.message : state === 'ready' ? 'environment ready' : null,
    checked_at: inputs.now.toISOString(),
    environment_key: inputs.environmentKey,
    history: inputs.machine.history.map((h) => ({ ...h })),
    missing_fields: [...(inputs.missingFields ?? [])],
    bindings: inputs.bindings.map((b) => bindingStatus(b, state, inputs)),
    ...(inputs.packageCount === undefined ? {} : { package_count: inputs.packageCount }),
  };
}

/** Inputs of {@link buildRef}. */
export interface RefInputs {
  readonly state: EnvironmentState;
  readonly environmentKey: string;
  readonly fingerprint: string;
  readonly kind: string;
  readonly bindings: readonly EffectiveBinding[];
  readonly pythonExecutable: string | null;
  readonly platformKey: string;
  readonly backendKey: string | null;
  readonly manifestPath: string;
}

/** The EnvironmentRefV1 inference nodes consume. `python_executable` only when ready. */
export function buildRef(inputs: RefInputs): EnvironmentRefV1 {
  const envIds = inputs.bindings
    .map((b) => b.env_id)
    .filter((v): v is string => typeof v === 'string')
    .sort();
  return {
    contract_version: 1,
    environment_key: inputs.environmentKey,
    environment_kind: inputs.kind,
    env_id: envIds[0] ?? null,
    env_ids: envIds,
    python_executable: inputs.state === 'ready' ? inputs.pythonExecutable : null,
    state: inputs.state,
    requirements_fingerprint: inputs.fingerprint,
    platform_key: inputs.platformKey,
    backend_key: inputs.backendKey,
    manifest_path: inputs.manifestPath,
  };
}

/** `{ packageCount }` from a manifest that records its resolved set, else nothing. */
export function packageCountOf(manifest: { readonly resolved_packages?: readonly unknown[] | undefined }): {
  packageCount?: number;
} {
  return manifest.resolved_packages ? { packageCount: manifest.resolved_packages.length } : {};
}
