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
      return splitList(value).map((v) => validateIndexUrl(v, path)?.message).find((m) => m !== undefined);
    case 'wheel_source_path':
    case 'python_executable':
      return validateAbsolutePathShape(value, path)?.message;
    case 'package_source_override':
      return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? validateIndexUrl(value, path)?.message : validateAbsolutePathShape(value, path)?.message;
    default:
      return undefined;
  }
}

function fieldValue(field: string, value: string): unknown {
  return field === 'extra_index_urls' ? splitList(value) : value.trim();
}

/**
 * One `set_override_patch` edit per binding/requirement among `missing`, carrying the typed
 * `values` (keyed by {@link missingFieldKey}) merged over the fields of the node's existing patch
 * with the same identity (a patch upsert replaces the whole patch). Scope is `requirement` when
 * the missing field names a requirement, else `binding`. Returns no edits when any value is
 * missing or invalid — check with {@link validateFieldValue} first.
 */
export function overridePatchEdits(nodeId: string, missing: readonly MissingField[], values: Readonly<Record<string, string>>, existingPatches: unknown, now: string): WorkflowEdit[] {
  const groups = new Map<string, { binding_id: string; requirement_name: string | null; fields: Record<string, unknown> }>();
  for (const m of missing) {
    const value = values[missingFieldKey(m)] ?? '';
    if (validateFieldValue(m.field, value) !== undefined) return [];
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
