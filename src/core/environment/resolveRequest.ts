/**
 * Step 1 of ensure(): validate the request at the boundary, select bindings, normalize
 * requirements, validate and merge overrides, and decide whether anything required is missing.
 * Pure apart from the optional injected path probe; takes no lock and writes nothing.
 */
import { parseDependencyRequirements } from '../contracts/requirements.js';
import type { DependencyRequirementsV1 } from '../contracts/requirements.js';
import { parseOverridePatch } from '../contracts/overridePatch.js';
import type { DependencyOverridePatchV1 } from '../contracts/overridePatch.js';
import type { MissingField } from '../contracts/environmentStatus.js';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { validateRequirementsPayload } from '../validation/requirementsPayload.js';
import type { PathProbe } from '../validation/paths.js';
import { validateIndexUrl } from '../validation/urls.js';
import { selectBindings } from '../requirements/bindingSelection.js';
import { normalizeRequirements } from '../requirements/normalize.js';
import { checkPinPolicy } from '../requirements/pinPolicy.js';
import type { ModelHints } from '../requirements/pinPolicy.js';
import { applyOverrides } from '../overrides/applyOverrides.js';
import { validateOverridePatches } from '../overrides/validateOverrides.js';
import { analyzeMissingFields } from '../domain/missingFields.js';
import { isSupportedEnvironmentKind } from '../domain/types.js';
import type { EffectiveBinding } from '../domain/types.js';
import type { NormalizedRequirement } from '../requirements/normalizedRequirement.js';
import type { EnvironmentKind } from '../contracts/requirements.js';

/** What a caller asks the environment service for. Raw values: validated here, once. */
export interface EnvironmentRequest {
  /** A DependencyRequirementsV1 payload (as parsed JSON). */
  readonly requirements: unknown;
  /** Explicit binding ids from the node input; overrides the payload's own selection. */
  readonly selectedBindingIds?: readonly string[] | null;
  /** DependencyOverridePatchV1 patches (as parsed JSON). */
  readonly overrides?: readonly unknown[];
  readonly modelHints?: ModelHints;
}

/** Settings that shape resolution. */
export interface ResolveContext {
  /** The default package index, or `null` for offline. */
  readonly defaultIndexUrl: string | null;
  /**
   * Versions of the interpreters available on this machine (for the python_requires analysis), or
   * `null` when the caller locates the interpreter itself afterwards (the service does): then no
   * `python_executable` missing field is reported here.
   */
  readonly availablePythonVersions: readonly string[] | null;
  /** When given, override paths must exist. */
  readonly probe?: PathProbe;
  /**
   * Extra package indexes from the user's settings. Applied to every selected binding as a
   * lowest-precedence binding-scope patch, so they reach pip and the environment key through the
   * same path as any override; a user's own `extra_index_urls` patch replaces them.
   */
  readonly extraIndexUrls?: readonly string[];
}

/** Missing fields that only matter when something has to be installed. */
const INSTALL_SOURCE_FIELDS: ReadonlySet<string> = new Set(['index_url', 'wheel_source_path']);

/** `updated_at` of settings-derived patches: older than any user patch, so users always win. */
const SETTINGS_PATCH_TIME = '1970-01-01T00:00:00Z';

function settingsPatches(
  bindingIds: readonly string[],
  extraIndexUrls: readonly string[],
): { patches: DependencyOverridePatchV1[]; errors: StructuredError[] } {
  const errors = extraIndexUrls.flatMap((url, i) => {
    const error = validateIndexUrl(url, ['settings', 'extraIndexUrls', i]);
    return error ? [error] : [];
  });
  if (extraIndexUrls.length === 0 || errors.length > 0) return { patches: [], errors };
  const patches = bindingIds.map((binding_id) => ({
    contract_version: 1 as const,
    binding_id,
    scope: 'binding' as const,
    fields: { extra_index_urls: [...extraIndexUrls] },
    source: 'user' as const,
    updated_at: SETTINGS_PATCH_TIME,
  }));
  return { patches, errors };
}

/** A request that can proceed to locating Python and computing the key. */
export interface ResolvedRequest {
  readonly payload: DependencyRequirementsV1;
  readonly patches: readonly DependencyOverridePatchV1[];
  readonly bindings: readonly EffectiveBinding[];
  readonly kind: EnvironmentKind;
  /** Every non-empty `python_requires` of the selected requirements. */
  readonly pythonRequires: readonly string[];
  /** The effective binding-scope `python_executable`, when the user set one. */
  readonly explicitPython: string | null;
  /** Non-fatal findings (e.g. unknown binding ids that were dropped). */
  readonly warnings: readonly StructuredError[];
}

/** The outcome of resolution. `needs_user_input` carries the exact fields to ask for. */
export type ResolveOutcome =
  | { readonly status: 'resolved'; readonly request: ResolvedRequest }
  | {
      readonly status: 'needs_user_input';
      readonly missingFields: readonly MissingField[];
      readonly errors: readonly StructuredError[];
      readonly bindings: readonly EffectiveBinding[];
      /**
       * Set for the `python` kind when only install sources are missing: an interpreter whose
       * pins are already met needs none, so the caller may check it before asking the user.
       */
      readonly deferrable?: ResolvedRequest;
    }
  | { readonly status: 'failed'; readonly errors: readonly StructuredError[]; readonly bindings: readonly EffectiveBinding[] };

function parsePatches(raw: readonly unknown[]): { patches: DependencyOverridePatchV1[]; errors: StructuredError[] } {
  const patches: DependencyOverridePatchV1[] = [];
  const errors: StructuredError[] = [];
  raw.forEach((value, i) => {
    const parsed = parseOverridePatch(value);
    if (parsed.ok) patches.push(parsed.value);
    else
      errors.push(
        ...parsed.errors.map((e) => ({
          ...e,
          code: e.code === 'invalid_payload' ? ('invalid_override' as const) : e.code,
          path: ['overrides', i, ...e.path],
        })),
      );
  });
  return { patches, errors };
}

function singleKind(bindings: readonly EffectiveBinding[]): EnvironmentKind | StructuredError {
  const kinds = [...new Set(bindings.map((b) => b.environment_kind ?? ''))];
  if (kinds.length !== 1) {
    return structuredError(
      'unsupported_environment_kind',
      `selected bindings disagree on environment_kind (${kinds.join(', ') || 'none'}); one environment needs one kind`,
      ['bindings'],
    );
  }
  const kind = kinds[0];
  if (!isSupportedEnvironmentKind(kind)) {
    return structuredError(
      'unsupported_environment_kind',
      `environment_kind ${JSON.stringify(kind)} is not supported; supported: python, python-venv`,
      ['bindings', 0, 'environment_kind'],
    );
  }
  return kind;
}

function explicitPythonOf(bindings: readonly EffectiveBinding[]): string | null | StructuredError {
  const values = [
    ...new Set(bindings.map((b) => b.python_executable.effective).filter((v): v is string => typeof v === 'string' && v !== '')),
  ];
  if (values.length > 1)
    return structuredError('invalid_override', `selected bindings name different python executables: ${values.join(', ')}`, [
      'overrides',
    ]);
  return values[0] ?? null;
}

/**
 * Resolves a raw request. Never throws. Hard problems (bad payload, bad overrides, unsupported
 * kind, pin conflicts, missing env_id) → `failed`; missing install metadata, an unpinned torch or
 * no interpreter satisfying `python_requires` → `needs_user_input` with `missing_fields`.
 */
export function resolveEnvironmentRequest(request: EnvironmentRequest, context: ResolveContext): ResolveOutcome {
  const parsed = parseDependencyRequirements(request.requirements);
  if (!parsed.ok) return { status: 'failed', errors: parsed.errors, bindings: [] };
  const payload = parsed.value;
  const payloadErrors = validateRequirementsPayload(payload);
  if (payloadErrors.length > 0) return { status: 'failed', errors: payloadErrors, bindings: [] };

  const selection = selectBindings(payload, request.selectedBindingIds ?? null);
  const hardSelectionErrors = selection.errors.filter((e) => e.code !== 'unknown_binding_id');
  if (selection.bindings.length === 0 || hardSelectionErrors.length > 0) {
    const errors =
      hardSelectionErrors.length > 0
        ? hardSelectionErrors
        : [structuredError('no_dependency_bindings', 'no dependency bindings are selected', ['bindings'])];
    return { status: 'failed', errors, bindings: [] };
  }
  const normalized = normalizeRequirements(selection.bindings);
  if (!normalized.ok) return { status: 'failed', errors: normalized.errors, bindings: [] };
  const byBinding = new Map<string, NormalizedRequirement[]>();
  for (const req of normalized.value) byBinding.set(req.binding_id, [...(byBinding.get(req.binding_id) ?? []), req]);
  const withRequirements = selection.bindings.map((binding) => ({
    binding,
    requirements: byBinding.get(binding.binding_id) ?? [],
  }));

  const { patches, errors: patchShapeErrors } = parsePatches(request.overrides ?? []);
  const patchErrors = [
    ...patchShapeErrors,
    ...validateOverridePatches(
      patches,
      withRequirements.map((b) => ({ binding_id: b.binding.binding_id, requirementNames: b.requirements.map((r) => r.name) })),
      context.probe,
    ),
  ];
  const fromSettings = settingsPatches(
    selection.bindings.map((b) => b.binding_id),
    context.extraIndexUrls ?? [],
  );
  patchErrors.push(...fromSettings.errors);
  const bindings = applyOverrides(withRequirements, patchErrors.length > 0 ? [] : [...fromSettings.patches, ...patches]);
  if (patchErrors.length > 0) return { status: 'failed', errors: patchErrors, bindings };

  const kind = singleKind(bindings);
  if (typeof kind !== 'string') return { status: 'failed', errors: [kind], bindings };
  const explicitPython = explicitPythonOf(bindings);
  if (explicitPython !== null && typeof explicitPython !== 'string')
    return { status: 'failed', errors: [explicitPython], bindings };

  const locateLater = context.availablePythonVersions === null;
  const analysis = analyzeMissingFields({
    bindings,
    defaultIndexUrl: context.defaultIndexUrl,
    availablePythonVersions: explicitPython ? ['999'] : (context.availablePythonVersions ?? []),
  });
  if (analysis.errors.length > 0) return { status: 'failed', errors: analysis.errors, bindings };
  const hints: ModelHints = {
    ...request.modelHints,
    model_id: request.modelHints?.model_id ?? payload.model_id,
    backend_key: request.modelHints?.backend_key ?? payload.backend_key ?? null,
  };
  const pinFindings = selection.bindings.flatMap((b) => checkPinPolicy(b, hints));
  const missingFields: MissingField[] = [
    ...analysis.missing_fields.filter((f) => !(locateLater && f.field === 'python_executable')),
    ...pinFindings.map((f) => ({
      binding_id: f.binding_id,
      requirement_name: f.requirement_name,
      field: f.field,
      reason: f.reason,
    })),
  ];
  const pythonRequires = [
    ...new Set(
      bindings
        .flatMap((b) => b.requirements.map((r) => r.python_requires))
        .filter((v): v is string => typeof v === 'string' && v.trim() !== ''),
    ),
  ].sort();
  const resolved: ResolvedRequest = {
    payload,
    patches,
    bindings,
    kind,
    pythonRequires,
    explicitPython,
    warnings: selection.errors.filter((e) => e.code === 'unknown_binding_id'),
  };
  if (missingFields.length > 0) {
    const errors =
      pinFindings.length > 0
        ? [structuredError('unpinned_dependency', pinFindings.map((f) => f.reason).join('; '), ['bindings'])]
        : [];
    const onlySources = missingFields.every((f) => INSTALL_SOURCE_FIELDS.has(f.field));
    return {
      status: 'needs_user_input',
      missingFields,
      errors: [
        ...errors,
        structuredError('requirements_missing', `${missingFields.length} field(s) need your input`, ['bindings']),
      ],
      bindings,
      ...(kind === 'python' && onlySources ? { deferrable: resolved } : {}),
    };
  }
  return { status: 'resolved', request: resolved };
}
