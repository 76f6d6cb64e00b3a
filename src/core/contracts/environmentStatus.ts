/**
 * DependencyEnvironmentStatusV1: the Dependency Environment node's `status` output, also the
 * payload of the status timeline in the webview.
 */
import * as z from 'zod';
import { EnvironmentModeSchema, EnvironmentStateSchema } from './environmentState.js';
import { parseContract } from './versionGate.js';
import type { Result } from '../errors/structuredError.js';

/** One state transition, for the status timeline. `at` is RFC 3339. */
export const StatusHistoryEntrySchema = z.looseObject({
  from: EnvironmentStateSchema.nullish(),
  to: EnvironmentStateSchema,
  at: z.string(),
  code: z.string().nullish(),
  message: z.string().nullish(),
});
export type StatusHistoryEntry = z.infer<typeof StatusHistoryEntrySchema>;

/** A field the user must provide before the environment can be built. */
export const MissingFieldSchema = z.looseObject({
  binding_id: z.string(),
  requirement_name: z.string().nullish(),
  field: z.string(),
  reason: z.string(),
});
export type MissingField = z.infer<typeof MissingFieldSchema>;

export const BindingStatusSchema = z.looseObject({
  binding_id: z.string(),
  env_id: z.string().nullish(),
  state: EnvironmentStateSchema,
  code: z.string().nullish(),
  message: z.string().nullish(),
  missing_requirements: z.array(z.string()).default([]),
  installed_requirements: z.array(z.string()).default([]),
  failed_requirements: z.array(z.string()).default([]),
});
export type BindingStatus = z.infer<typeof BindingStatusSchema>;

export const DependencyEnvironmentStatusV1Schema = z.looseObject({
  contract_version: z.literal(1),
  mode: EnvironmentModeSchema,
  state: EnvironmentStateSchema,
  code: z.string().nullish(),
  message: z.string().nullish(),
  checked_at: z.string(),
  environment_key: z.string().nullish(),
  history: z.array(StatusHistoryEntrySchema).default([]),
  missing_fields: z.array(MissingFieldSchema).default([]),
  bindings: z.array(BindingStatusSchema).default([]),
  /** How many distributions the ready environment holds (its recorded resolved set); absent when unknown. */
  package_count: z.number().int().nonnegative().nullish(),
});
export type DependencyEnvironmentStatusV1 = z.infer<typeof DependencyEnvironmentStatusV1Schema>;

/** Version-gates (`contract_version` must be 1) and parses a status payload. Never throws. */
export function parseEnvironmentStatus(payload: unknown): Result<DependencyEnvironmentStatusV1> {
  return parseContract(DependencyEnvironmentStatusV1Schema, payload, 'contract_version', true);
}
