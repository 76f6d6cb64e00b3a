/**
 * Turns a library model's declared dependencies into the DependencyRequirementsV1 payload the
 * Puma-Lib node emits. Pure: no I/O, no interpreter, no installer — the Puma-Lib node never
 * checks or installs anything; the Dependency Environment node does.
 */
import { createHash } from 'node:crypto';
import type {
  BindingV1,
  DependencyRequirementsV1,
  ProducerValidationError,
  RequirementV1,
  ValidationState,
} from '../contracts/requirements.js';
import { DependencyProfileSchema } from './modelManifest.js';
import type { LibraryBinding, LibraryRequirement, ModelManifest, RawProfile } from './modelManifest.js';
import { normalizeBackendKey } from '../requirements/backendKey.js';
import { matchesPlatformSelector } from '../requirements/platform.js';

/** What the caller knows about the machine and the wanted backend. */
export interface ResolveOptions {
  /** e.g. `linux-x86_64`. */
  readonly platformKey: string;
  /** Overrides the model's own `backend_key`; aliases are normalized. */
  readonly backendKey?: string | null;
}

const SEVERITY: Record<ValidationState, number> = { resolved: 0, unknown_profile: 1, invalid_profile: 2, profile_conflict: 3 };

/** The worse of two validation states (resolved < unknown_profile < invalid_profile < profile_conflict). Pure. */
export function worstValidationState(a: ValidationState, b: ValidationState): ValidationState {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * JSON with object keys sorted at every depth and no whitespace; `undefined` members dropped.
 * The same value always gives the same string. Pure.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (lowercase hex) of the profile's canonical JSON, exactly as the library declares it. Pure. */
export function profileHash(profile: RawProfile): string {
  return createHash('sha256').update(canonicalJson(profile), 'utf8').digest('hex');
}

/**
 * `{environment_kind}:{profile_id}:{profile_version}:{profile_hash|none}:{platform_key}:{backend_key|any}`.
 * @example formatEnvId({ environmentKind: 'python-venv', profileId: 'demo', profileVersion: 1, profileHash: null, platformKey: 'linux-x86_64', backendKey: null })
 *   === 'python-venv:demo:1:none:linux-x86_64:any'
 */
export function formatEnvId(parts: {
  environmentKind: string;
  profileId: string;
  profileVersion: number;
  profileHash: string | null;
  platformKey: string;
  backendKey: string | null;
}): string {
  return [
    parts.environmentKind,
    parts.profileId,
    parts.profileVersion,
    parts.profileHash ?? 'none',
    parts.platformKey,
    parts.backendKey ?? 'any',
  ].join(':');
}

/**
 * Resolves a model's requirements for a platform and backend. A binding is selected when its
 * (normalized) backend is absent or equals the wanted backend (`backendKey` option, else the
 * model's `backend_key`) and its platform selector matches `platformKey`. Each selected binding
 * is `resolved` (with an `env_id`), `unknown_profile` (its profile is not declared),
 * `invalid_profile` (the profile fails the schema) or `profile_conflict` (two profiles share
 * its id); the top level carries the worst. `selected_binding_ids` lists the selected bindings,
 * sorted. When none is selected, a top-level `no_matching_binding` error explains why. Pure.
 */
export function resolveModelRequirements(manifest: ModelManifest, options: ResolveOptions): DependencyRequirementsV1 {
  const backend = normalizeBackendKey(options.backendKey ?? manifest.backend_key);
  const { profiles, bindings } = manifest.dependencies;
  const selected = bindings
    .filter(
      (b) =>
        (b.backend_key == null || normalizeBackendKey(b.backend_key) === backend) &&
        matchesPlatformSelector(b.platform_selector, options.platformKey),
    )
    .sort((a, b) => (a.binding_id < b.binding_id ? -1 : a.binding_id > b.binding_id ? 1 : 0));
  const resolved = selected.map((binding) => resolveBinding(binding, profiles, options.platformKey));
  const topErrors: ProducerValidationError[] = [];
  if (resolved.length === 0) {
    topErrors.push({
      code: 'no_matching_binding',
      scope: 'top_level',
      binding_id: null,
      field: 'bindings',
      message: `no binding of ${manifest.model_id} serves backend ${backend ?? 'any'} on ${options.platformKey} (${bindings.length} declared)`,
    });
  }
  return {
    model_id: manifest.model_id,
    platform_key: options.platformKey,
    backend_key: backend,
    dependency_contract_version: 1,
    validation_state: resolved.reduce<ValidationState>((worst, b) => worstValidationState(worst, b.validation_state), 'resolved'),
    validation_errors: topErrors,
    selected_binding_ids: resolved.map((b) => b.binding_id),
    bindings: resolved,
  };
}

function resolveBinding(binding: LibraryBinding, profiles: readonly RawProfile[], platformKey: string): BindingV1 {
  const backendKey = normalizeBackendKey(binding.backend_key);
  const base = {
    binding_id: binding.binding_id,
    profile_id: binding.profile_id,
    backend_key: backendKey,
    platform_selector: binding.platform_selector ?? null,
  };
  const candidates = profiles.filter((p) => p.profile_id === binding.profile_id);
  const error = (code: string, field: string, message: string): ProducerValidationError => ({
    code,
    scope: 'binding',
    binding_id: binding.binding_id,
    field,
    message,
  });
  const raw = candidates[0];
  if (raw === undefined) {
    return {
      ...base,
      profile_version: 0,
      profile_hash: null,
      environment_kind: null,
      env_id: null,
      validation_state: 'unknown_profile',
      validation_errors: [
        error(
          'unknown_profile',
          'profile_id',
          `binding ${binding.binding_id} references profile ${binding.profile_id}, which the model does not declare`,
        ),
      ],
      requirements: [],
    };
  }
  const hash = profileHash(raw);
  const rawVersion = typeof raw.profile_version === 'number' && Number.isInteger(raw.profile_version) ? raw.profile_version : 0;
  const rawKind = typeof raw.environment_kind === 'string' ? raw.environment_kind : null;
  // A binding whose profile cannot be used: no env_id, no requirements, the reason in its errors.
  const unusable = (validation_state: 'profile_conflict' | 'invalid_profile', validation_errors: ReturnType<typeof error>[]) => ({
    ...base,
    profile_version: rawVersion,
    profile_hash: hash,
    environment_kind: rawKind,
    env_id: null,
    validation_state,
    validation_errors,
    requirements: [],
  });
  if (candidates.length > 1) {
    return unusable('profile_conflict', [
      error('profile_conflict', 'profile_id', `profile ${binding.profile_id} is declared ${candidates.length} times`),
    ]);
  }
  const parsed = DependencyProfileSchema.safeParse(raw);
  if (!parsed.success) {
    return unusable(
      'invalid_profile',
      parsed.error.issues.map((issue) =>
        error(
          'invalid_profile',
          ['profile', ...issue.path.map(String)].join('.'),
          `profile ${binding.profile_id}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
        ),
      ),
    );
  }
  const profile = parsed.data;
  return {
    ...base,
    profile_version: profile.profile_version,
    profile_hash: hash,
    environment_kind: profile.environment_kind,
    env_id: formatEnvId({
      environmentKind: profile.environment_kind,
      profileId: profile.profile_id,
      profileVersion: profile.profile_version,
      profileHash: hash,
      platformKey,
      backendKey,
    }),
    validation_state: 'resolved',
    validation_errors: [],
    requirements: profile.requirements.map(toRequirementV1),
  };
}

function toRequirementV1(req: LibraryRequirement): RequirementV1 {
  return {
    ...req,
    kind: 'python_package',
    name: req.name,
    exact_pin: req.exact_pin.replace(/\s+/g, ''),
    index_url: req.index_url ?? null,
    extra_index_urls: req.extra_index_urls ?? [],
    markers: req.markers ?? null,
    python_requires: req.python_requires ?? null,
    platform_constraints: req.platform_constraints ?? [],
    hashes: req.hashes ?? [],
    source: req.source ?? null,
  };
}
