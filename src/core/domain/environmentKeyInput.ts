/**
 * Builds the environment-key input from effective bindings, so the service computes a key with
 * one call: `computeEnvironmentKey(unwrap(buildEnvironmentKeyInput(bindings, context)))`.
 * Pure; no I/O.
 */
import { redactUrl } from '../validation/urls.js';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import type { EnvironmentKeyInput, KeyBindingOverrides, KeyRequirementInput } from './environmentKey.js';
import type { EffectiveBinding, EffectiveRequirement } from './types.js';

/** The machine facts the key depends on besides the bindings. */
export interface EnvironmentKeyContext {
  readonly platform_key: string;
  /** The base interpreter's version (`3.12.3`); only major.minor enters the key. */
  readonly python_version: string;
  readonly installer: { readonly name: string; readonly version: string };
  /**
   * The default-index setting (`null` = offline). It is the effective source of every requirement
   * that names no index of its own (nor through its binding), so it enters the key there; a
   * requirement with its own index is unaffected by the setting.
   */
  readonly default_index_url?: string | null;
}

/**
 * Index URLs enter the key without their `user:password@` part: a rotated token must not rebuild
 * (or orphan) a multi-gigabyte environment, and the key payload is stored in the manifest.
 */
function withoutCredentials(url: string | null): string | null {
  return url === null ? null : redactUrl(url);
}

function keyRequirement(
  req: EffectiveRequirement,
  binding: EffectiveBinding,
  defaultIndexUrl: string | null,
): KeyRequirementInput {
  const ownIndex = req.effective_index_url.effective ?? binding.index_url.effective ?? null;
  return {
    name: req.name,
    exact_pin: req.exact_pin,
    hashes: req.hashes,
    markers: req.markers,
    index_url: withoutCredentials(ownIndex ?? defaultIndexUrl),
    extra_index_urls: (req.effective_extra_index_urls.effective ?? []).map((u) => withoutCredentials(u) ?? u),
    // Only a wheel source is installable; provenance (`source`) never enters the key.
    wheel_source: req.wheel_source,
    wheel_source_path: req.effective_wheel_source_path.effective ?? null,
    package_source_override: req.effective_package_source_override.effective ?? null,
  };
}

function keyOverrides(binding: EffectiveBinding): KeyBindingOverrides {
  return {
    binding_id: binding.binding_id,
    python_executable: binding.python_executable.effective ?? null,
    index_url: withoutCredentials(binding.index_url.effective ?? null),
    extra_index_urls: binding.extra_index_urls.effective?.map((u) => withoutCredentials(u) ?? u) ?? null,
    wheel_source_path: binding.wheel_source_path.effective ?? null,
  };
}

/**
 * Collects the key input of one environment built from all `bindings` together.
 * Fails (never throws) with:
 * - `no_dependency_bindings` when `bindings` is empty;
 * - `env_id_missing` for each binding without an env_id (path `['bindings', i, 'env_id']`);
 * - `unsupported_environment_kind` when a binding has no kind or the bindings disagree on it.
 * Requirements carry their effective install source; binding-level effective settings
 * (`python_executable`, `index_url`, `extra_index_urls`, `wheel_source_path`) go under `overrides`.
 * Input order does not matter: the key sorts everything. Pure, deterministic, no I/O.
 */
export function buildEnvironmentKeyInput(
  bindings: readonly EffectiveBinding[],
  context: EnvironmentKeyContext,
): Result<EnvironmentKeyInput> {
  if (bindings.length === 0)
    return fail(
      structuredError('no_dependency_bindings', 'no bindings are selected, so there is no environment to key', ['bindings']),
    );
  const errors: StructuredError[] = [];
  const envIds: string[] = [];
  bindings.forEach((binding, i) => {
    const envId = binding.env_id?.trim();
    if (envId) envIds.push(envId);
    else errors.push(structuredError('env_id_missing', `binding ${binding.binding_id} has no env_id`, ['bindings', i, 'env_id']));
  });
  const kinds = [...new Set(bindings.map((b) => b.environment_kind?.trim() || null))];
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === null || kind === undefined) {
    errors.push(
      structuredError(
        'unsupported_environment_kind',
        kinds.length === 1
          ? 'the selected bindings declare no environment_kind'
          : `the selected bindings disagree on environment_kind (${kinds.map(String).join(', ')})`,
        ['bindings'],
      ),
    );
  }
  if (errors.length > 0 || kind === null || kind === undefined) return fail(...errors);
  return ok({
    environment_kind: kind,
    env_ids: envIds,
    requirements: bindings.flatMap((b) => b.requirements.map((r) => keyRequirement(r, b, context.default_index_url ?? null))),
    overrides: bindings.map(keyOverrides),
    platform_key: context.platform_key,
    python_version: context.python_version,
    installer: { name: context.installer.name, version: context.installer.version },
  });
}
