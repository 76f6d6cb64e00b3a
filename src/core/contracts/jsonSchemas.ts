/**
 * JSON Schema export of the v1 contracts (zod 4's own `toJSONSchema`). `scripts/generateSchemas.ts`
 * writes these to `docs/contracts/`; a test fails when the committed files drift.
 */
import * as z from 'zod';
import { DependencyRequirementsV1Schema } from './requirements.js';
import { DependencyOverridePatchV1Schema } from './overridePatch.js';
import { EnvironmentRefV1Schema } from './environmentRef.js';
import { DependencyEnvironmentStatusV1Schema } from './environmentStatus.js';

/** Contract name → zod schema; the names are the file stems under docs/contracts/. */
export const CONTRACT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'dependency-requirements.v1': DependencyRequirementsV1Schema,
  'dependency-override-patch.v1': DependencyOverridePatchV1Schema,
  'environment-ref.v1': EnvironmentRefV1Schema,
  'dependency-environment-status.v1': DependencyEnvironmentStatusV1Schema,
};

/** Renders one schema as the JSON Schema of its accepted input (draft 2020-12). Pure. */
export function contractJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
