/**
 * DependencyOverridePatchV1: a user's manual override for one binding or one requirement.
 * Shape only; semantic rules (scope, allowed fields, paths that exist) live in the override
 * validation of `core/overrides`, applied once at the boundary.
 */
import * as z from 'zod';
import { parseContract } from './versionGate.js';
import type { Result } from '../errors/structuredError.js';

/** Field names a patch may set. `python_executable` is binding-scope only. */
export const OVERRIDE_FIELD_NAMES = [
  'python_executable',
  'index_url',
  'extra_index_urls',
  'wheel_source_path',
  'package_source_override',
] as const;
export type OverrideFieldName = (typeof OVERRIDE_FIELD_NAMES)[number];

/** The fields of a patch. Unknown extra fields are kept but never applied. */
export const OverrideFieldsSchema = z.looseObject({
  python_executable: z.string().optional(),
  index_url: z.string().optional(),
  extra_index_urls: z.array(z.string()).optional(),
  wheel_source_path: z.string().optional(),
  package_source_override: z.string().optional(),
});
export type OverrideFields = z.infer<typeof OverrideFieldsSchema>;

export const DependencyOverridePatchV1Schema = z.looseObject({
  contract_version: z.literal(1),
  binding_id: z.string(),
  scope: z.enum(['binding', 'requirement']),
  requirement_name: z.string().nullish(),
  fields: OverrideFieldsSchema,
  source: z.literal('user'),
  /** RFC 3339 timestamp. */
  updated_at: z.iso.datetime({ offset: true }),
});
export type DependencyOverridePatchV1 = z.infer<typeof DependencyOverridePatchV1Schema>;

/** Version-gates (`contract_version` must be 1) and parses a patch's shape. Never throws. */
export function parseOverridePatch(payload: unknown): Result<DependencyOverridePatchV1> {
  return parseContract(DependencyOverridePatchV1Schema, payload, 'contract_version', true);
}
