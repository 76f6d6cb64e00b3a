/**
 * The needs-user-input form as data: validation of a typed value for one missing field, and the
 * `set_override_patch` edits built from the typed values. Pure; the clock is passed in.
 */
import type { MissingField } from '../../core/contracts/environmentStatus.js';
import type { DependencyOverridePatchV1, OverrideFields } from '../../core/contracts/overridePatch.js';
import { validateAbsolutePathShape } from '../../core/validation/paths.js';
import { validateIndexUrl } from '../../core/validation/urls.js';
import { matchesPatchKey } from '../../core/workflow/overridePatches.js';
import type { WorkflowEdit } from '../../core/workflow/workflowEdits.js';

/** A stable key for one missing field (binding, requirement, field). */
export function missingFieldKey(m: Pick<MissingField, 'binding_id' | 'requirement_name' | 'field'>): string {
  return `${m.binding_id}\u0000${m.requirement_name ?? ''}\u0000${m.field}`;
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((v) => v !== '');
}

/**
 * The problem with `value` for `field`, or `undefined` when it is acceptable: index URLs through
 * `validateIndexUrl` (each entry for `extra_index_urls`, comma or space separated), local paths
 * (`wheel_source_path`, `python_executable`) through `validateAbsolutePathShape`,
 * `package_source_override` as either; anything else must be non-empty.
 */
export function validateFieldValue(field: string, value: string): string | undefined {
  const path = [field];
  if (value.trim() === '') return 'required';
  switch (field) {
    case 'index_url':
      return validateIndexUrl(value, path)?.message;
    case 'extra_index_urls':
      return splitList(value)
        .map((v) => validateIndexUrl(v, path)?.message)
        .find((m) => m !== undefined);
    case 'wheel_source_path':
    case 'python_executable':
      return validateAbsolutePathShape(value, path)?.message;
    case 'package_source_override':
      return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)
        ? validateIndexUrl(value, path)?.message
        : validateAbsolutePathShape(value, path)?.message;
    default:
      return undefined;
  }
}

/** Install-source fields that stand in for each other: either one is enough for a requirement. */
const ALTERNATIVE_SOURCE_FIELDS: ReadonlySet<string> = new Set(['index_url', 'wheel_source_path']);

function targetKey(m: Pick<MissingField, 'binding_id' | 'requirement_name'>): string {
  return `${m.binding_id}\u0000${m.requirement_name ?? ''}`;
}

/**
 * The problem with each missing field's typed value (keyed by {@link missingFieldKey}), or
 * `undefined` when acceptable. An empty `index_url` or `wheel_source_path` is acceptable when
 * the other one is filled for the same binding and requirement — the analysis asks for either.
 */
export function missingFieldProblems(
  missing: readonly MissingField[],
  values: Readonly<Record<string, string>>,
): Record<string, string | undefined> {
  const filledSources = new Set(
    missing
      .filter((m) => ALTERNATIVE_SOURCE_FIELDS.has(m.field) && (values[missingFieldKey(m)] ?? '').trim() !== '')
      .map(targetKey),
  );
  const alternatives = (m: MissingField): string[] =>
    missing.filter((o) => o !== m && targetKey(o) === targetKey(m) && ALTERNATIVE_SOURCE_FIELDS.has(o.field)).map((o) => o.field);
  return Object.fromEntries(
    missing.map((m) => {
      const value = values[missingFieldKey(m)] ?? '';
      if (value.trim() === '' && ALTERNATIVE_SOURCE_FIELDS.has(m.field)) {
        const others = alternatives(m);
        if (filledSources.has(targetKey(m))) return [missingFieldKey(m), undefined];
        if (others.length > 0) return [missingFieldKey(m), `required: fill this or ${others.join(' or ')}`];
      }
      return [missingFieldKey(m), validateFieldValue(m.field, value)];
    }),
  );
}

function fieldValue(field: string, value: string): unknown {
  return field === 'extra_index_urls' ? splitList(value) : value.trim();
}

/**
 * One `set_override_patch` edit per binding/requirement among `missing`, carrying the typed
 * `values` (keyed by {@link missingFieldKey}) merged over the fields of the node's existing patch
 * with the same identity (a patch upsert replaces the whole patch). Scope is `requirement` when
 * the missing field names a requirement, else `binding`. An empty alternative source field (see
 * {@link missingFieldProblems}) is left out. Returns no edits when any value is missing or invalid.
 */
export function overridePatchEdits(
  nodeId: string,
  missing: readonly MissingField[],
  values: Readonly<Record<string, string>>,
  existingPatches: unknown,
  now: string,
): WorkflowEdit[] {
  const groups = new Map<string, { binding_id: string; requirement_name: string | null; fields: Record<string, unknown> }>();
  const problems = missingFieldProblems(missing, values);
  if (Object.values(problems).some((p) => p !== undefined)) return [];
  for (const m of missing) {
    const value = values[missingFieldKey(m)] ?? '';
    if (value.trim() === '') continue;
    const requirement_name = m.requirement_name ?? null;
    const key = `${m.binding_id}\u0000${requirement_name ?? ''}`;
    const group = groups.get(key) ?? { binding_id: m.binding_id, requirement_name, fields: {} };
    group.fields[m.field] = fieldValue(m.field, value);
    groups.set(key, group);
  }
  const existing = Array.isArray(existingPatches) ? existingPatches : [];
  return [...groups.values()].map((g) => {
    const scope = g.requirement_name ? 'requirement' : 'binding';
    const identity = { binding_id: g.binding_id, scope, requirement_name: g.requirement_name } as const;
    const previous = existing.find((p) => matchesPatchKey(p, identity)) as { fields?: OverrideFields } | undefined;
    const patch: DependencyOverridePatchV1 = {
      contract_version: 1,
      binding_id: g.binding_id,
      scope,
      ...(g.requirement_name ? { requirement_name: g.requirement_name } : {}),
      fields: { ...(previous?.fields ?? {}), ...g.fields } as OverrideFields,
      source: 'user',
      updated_at: now,
    };
    return { kind: 'set_override_patch', node_id: nodeId, patch };
  });
}
