/**
 * The override merge: base values from the model library + the user's override patches →
 * {@link EffectiveBinding}s with base / override / effective / provenance for every field.
 * Pure and deterministic; no I/O. Patches are assumed validated (see `validateOverrides.ts`);
 * patches that target nothing, or set a field the target cannot take, are simply not applied.
 */
import type { BindingV1 } from '../contracts/requirements.js';
import type { DependencyOverridePatchV1 } from '../contracts/overridePatch.js';
import type { EffectiveBinding, EffectiveRequirement, EffectiveValue } from '../domain/types.js';
import type { NormalizedRequirement } from '../requirements/normalizedRequirement.js';
import { normalizePackageName } from '../requirements/packageName.js';

/** One selected binding and its already-normalized requirements. */
export interface BindingWithRequirements {
  readonly binding: BindingV1;
  readonly requirements: readonly NormalizedRequirement[];
}

type StringField = 'python_executable' | 'index_url' | 'wheel_source_path' | 'package_source_override';
type Fields = DependencyOverridePatchV1['fields'];

/** An override slot's winner: the value plus the patch's ordering key. */
interface Winner<T> {
  readonly value: T;
  readonly time: number;
  readonly order: number;
}

/** The latest-updated override value of each field for one target (binding or requirement). */
interface TargetOverrides {
  python_executable?: Winner<string>;
  index_url?: Winner<string>;
  extra_index_urls?: Winner<readonly string[]>;
  wheel_source_path?: Winner<string>;
  package_source_override?: Winner<string>;
}

/** A trimmed non-empty string, else undefined: an empty string override means "not set". */
function cleanString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Trimmed, non-empty entries in their given order (an explicit `[]` is a real override: "none"). */
function cleanList(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** True when `candidate` beats `current`: later `updated_at`, ties broken by later array position. */
function beats(candidate: { time: number; order: number }, current: { time: number; order: number } | undefined): boolean {
  if (current === undefined) return true;
  if (candidate.time !== current.time) return candidate.time > current.time;
  return candidate.order > current.order;
}

function offer<K extends keyof TargetOverrides>(target: TargetOverrides, field: K, winner: TargetOverrides[K]): void {
  if (winner !== undefined && beats(winner, target[field])) target[field] = winner;
}

function collectInto(
  target: TargetOverrides,
  fields: Fields,
  time: number,
  order: number,
  allowed: readonly (StringField | 'extra_index_urls')[],
): void {
  for (const field of allowed) {
    if (field === 'extra_index_urls') {
      const list = cleanList(fields.extra_index_urls);
      if (list !== undefined) offer(target, field, { value: list, time, order });
    } else {
      const value = cleanString(fields[field]);
      if (value !== undefined) offer(target, field, { value, time, order });
    }
  }
}

const BINDING_FIELDS = ['python_executable', 'index_url', 'extra_index_urls', 'wheel_source_path'] as const;
const REQUIREMENT_FIELDS = ['index_url', 'extra_index_urls', 'wheel_source_path', 'package_source_override'] as const;

/** Indexes patches into per-binding and per-(binding, normalized requirement) winners. */
function indexPatches(patches: readonly DependencyOverridePatchV1[]): {
  byBinding: Map<string, TargetOverrides>;
  byRequirement: Map<string, TargetOverrides>;
} {
  const byBinding = new Map<string, TargetOverrides>();
  const byRequirement = new Map<string, TargetOverrides>();
  patches.forEach((patch, order) => {
    const parsed = Date.parse(patch.updated_at);
    const time = Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
    if (patch.scope === 'binding') {
      if (cleanString(patch.requirement_name) !== undefined) return;
      const target = byBinding.get(patch.binding_id) ?? {};
      collectInto(target, patch.fields, time, order, BINDING_FIELDS);
      byBinding.set(patch.binding_id, target);
    } else {
      const name = cleanString(patch.requirement_name);
      if (name === undefined) return;
      const key = requirementKey(patch.binding_id, normalizePackageName(name));
      const target = byRequirement.get(key) ?? {};
      collectInto(target, patch.fields, time, order, REQUIREMENT_FIELDS);
      byRequirement.set(key, target);
    }
  });
  return { byBinding, byRequirement };
}

function requirementKey(bindingId: string, normalizedName: string): string {
  return JSON.stringify([bindingId, normalizedName]);
}

/**
 * Builds one {@link EffectiveValue}: the first present override wins over base.
 * Provenance is `override` when an override is present, `base` when only base is, else `none`.
 */
export function effectiveValue<T>(base: T | undefined, ...overrides: (T | undefined)[]): EffectiveValue<T> {
  const override = overrides.find((o) => o !== undefined);
  if (override !== undefined) return { base, override, effective: override, provenance: 'override' };
  if (base !== undefined) return { base, override: undefined, effective: base, provenance: 'base' };
  return { base: undefined, override: undefined, effective: undefined, provenance: 'none' };
}

function nonEmptyList(list: readonly string[] | null | undefined): readonly string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/**
 * A base index the binding's wheel folder stands in for: present in the view (base), but no longer
 * effective — the install takes the package from the folder (or the default index).
 */
function supersededByWheelFolder<T>(base: T | undefined): EffectiveValue<T> {
  return { base, override: undefined, effective: undefined, provenance: base === undefined ? 'none' : 'override' };
}

function applyToRequirement(req: NormalizedRequirement, own: TargetOverrides, binding: TargetOverrides): EffectiveRequirement {
  // A binding-scope wheel folder replaces every index the profile names (torch's CPU/CUDA index
  // included) unless the user also set an index: an air-gapped machine must not reach for them.
  const folderOnly = binding.wheel_source_path !== undefined && own.wheel_source_path === undefined;
  const index = effectiveValue(req.index_url ?? undefined, own.index_url?.value, binding.index_url?.value);
  const extras = effectiveValue(nonEmptyList(req.extra_index_urls), own.extra_index_urls?.value, binding.extra_index_urls?.value);
  return {
    ...req,
    effective_index_url: folderOnly && index.provenance === 'base' ? supersededByWheelFolder(index.base) : index,
    effective_extra_index_urls: folderOnly && extras.provenance === 'base' ? supersededByWheelFolder(extras.base) : extras,
    effective_wheel_source_path: effectiveValue<string>(
      undefined,
      own.wheel_source_path?.value,
      binding.wheel_source_path?.value,
    ),
    effective_package_source_override: effectiveValue<string>(undefined, own.package_source_override?.value),
  };
}

/**
 * Applies override patches to selected bindings.
 *
 * Precedence per requirement field: requirement-scope override > binding-scope override > base.
 * Binding fields (`python_executable`, `index_url`, `extra_index_urls`, `wheel_source_path`) take
 * binding-scope overrides only; `package_source_override` is requirement-scope only; a
 * `python_executable` in a requirement-scope patch is ignored. For the same target and field the
 * patch with the latest `updated_at` wins (compared as instants, so offsets are honoured); ties go
 * to the patch later in the array. Requirement names match after PEP 503 normalization.
 *
 * Bases: a requirement's `index_url` / `extra_index_urls` (an empty list counts as absent); a
 * binding's `python_executable` base is the producer's tolerated `python_executable_override`;
 * bindings carry no base index or wheel path. String overrides are trimmed and an empty string
 * counts as unset; an explicit `extra_index_urls: []` override is kept (it clears the base list).
 * A binding-scope `wheel_source_path` (without a requirement-scope one) supersedes the
 * requirements' base `index_url` / `extra_index_urls` — the indexes a profile names, such as
 * torch's CPU or CUDA index — unless an index override is set: their view keeps the base, with
 * `effective` undefined and provenance `override`, so the install uses the wheel folder and the
 * default index only.
 *
 * Output order follows input order (bindings and requirements). Pure, deterministic, no I/O.
 * @example
 * applyOverrides([{ binding, requirements }], [{ contract_version: 1, binding_id: binding.binding_id,
 *   scope: 'requirement', requirement_name: 'Tiny_TTS', fields: { wheel_source_path: '/wheels' },
 *   source: 'user', updated_at: '2025-01-01T00:00:00Z' }])[0].requirements[0]
 *   .effective_wheel_source_path // { base: undefined, override: '/wheels', effective: '/wheels', provenance: 'override' }
 */
export function applyOverrides(
  bindings: readonly BindingWithRequirements[],
  patches: readonly DependencyOverridePatchV1[],
): EffectiveBinding[] {
  const { byBinding, byRequirement } = indexPatches(patches);
  return bindings.map(({ binding, requirements }) => {
    const own = byBinding.get(binding.binding_id) ?? {};
    return {
      binding_id: binding.binding_id,
      profile_id: binding.profile_id,
      profile_version: binding.profile_version,
      env_id: binding.env_id ?? null,
      environment_kind: binding.environment_kind ?? null,
      backend_key: binding.backend_key ?? null,
      python_executable: effectiveValue(cleanString(binding.python_executable_override), own.python_executable?.value),
      index_url: effectiveValue<string>(undefined, own.index_url?.value),
      extra_index_urls: effectiveValue<readonly string[]>(undefined, own.extra_index_urls?.value),
      wheel_source_path: effectiveValue<string>(undefined, own.wheel_source_path?.value),
      requirements: requirements.map((req) =>
        applyToRequirement(req, byRequirement.get(requirementKey(binding.binding_id, normalizePackageName(req.name))) ?? {}, own),
      ),
    };
  });
}
