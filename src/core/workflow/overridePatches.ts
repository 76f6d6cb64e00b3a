/**
 * Override patches stored in a dependency-environment node's `data.override_patches`, identified
 * by binding_id + scope + requirement_name (PEP 503-normalized). Shape only: semantic validation
 * of a patch belongs to the overrides module. Pure apart from mutating the data object given.
 */
import type { DependencyOverridePatchV1 } from '../contracts/overridePatch.js';
import { normalizePackageName } from '../requirements/packageName.js';

/** The node-data field holding a dependency-environment node's override patches. */
export const OVERRIDE_PATCHES_FIELD = 'override_patches';

/** What identifies a patch within one node. */
export interface OverridePatchKey {
  readonly binding_id: string;
  readonly scope: 'binding' | 'requirement';
  readonly requirement_name?: string | null | undefined;
}

/** True when `entry` is a stored patch with the same identity as `key`. Never throws. */
export function matchesPatchKey(entry: unknown, key: OverridePatchKey): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Record<string, unknown>;
  const name = (value: unknown): string => (typeof value === 'string' ? normalizePackageName(value) : '');
  return e.binding_id === key.binding_id && e.scope === key.scope && name(e.requirement_name) === name(key.requirement_name);
}

function patchList(data: Record<string, unknown>): unknown[] | string {
  const list = data[OVERRIDE_PATCHES_FIELD];
  if (list === undefined || list === null) return [];
  return Array.isArray(list) ? list : `data.${OVERRIDE_PATCHES_FIELD} is not an array`;
}

function describe(key: OverridePatchKey): string {
  return `binding "${key.binding_id}", scope ${key.scope}${key.requirement_name ? `, requirement "${key.requirement_name}"` : ''}`;
}

/**
 * Replaces the stored patch with `patch`'s identity in place, or appends it. Writes a new array
 * into `data`; returns a reason when the stored field is not an array, else `undefined`.
 */
export function upsertOverridePatch(data: Record<string, unknown>, patch: DependencyOverridePatchV1): string | undefined {
  const list = patchList(data);
  if (typeof list === 'string') return list;
  const index = list.findIndex((entry) => matchesPatchKey(entry, patch));
  data[OVERRIDE_PATCHES_FIELD] = index < 0 ? [...list, patch] : list.map((entry, i) => (i === index ? patch : entry));
  return undefined;
}

/** Removes the stored patch with identity `key`; returns a reason when there is none. */
export function removeOverridePatch(data: Record<string, unknown>, key: OverridePatchKey): string | undefined {
  const list = patchList(data);
  if (typeof list === 'string') return list;
  const kept = list.filter((entry) => !matchesPatchKey(entry, key));
  if (kept.length === list.length) return `no override patch for ${describe(key)}`;
  data[OVERRIDE_PATCHES_FIELD] = kept;
  return undefined;
}
