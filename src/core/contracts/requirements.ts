/**
 * DependencyRequirementsV1: what Puma-Lib emits and the Dependency Environment node reads.
 * Wire names are snake_case. Unknown fields are kept (producers may be newer than us).
 * Append-only after v1: add optional fields only. See docs/contracts/README.md.
 */
import * as z from 'zod';
import { parseContract } from './versionGate.js';
import type { Result } from '../errors/structuredError.js';

/** Validation states of a binding or of the whole payload (the top level carries the worst). */
export const VALIDATION_STATES = ['resolved', 'unknown_profile', 'invalid_profile', 'profile_conflict'] as const;
export const ValidationStateSchema = z.enum(VALIDATION_STATES);
export type ValidationState = z.infer<typeof ValidationStateSchema>;

/** Environment kinds the v1 service can build. Anything else ends `failed`/`unsupported_environment_kind`. */
export const ENVIRONMENT_KINDS = ['python', 'python-venv'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** A producer-side validation error (kept verbatim, extra fields preserved). */
export const ProducerValidationErrorSchema = z.looseObject({
  code: z.string(),
  scope: z.enum(['top_level', 'binding']),
  binding_id: z.string().nullish(),
  field: z.string().nullish(),
  message: z.string(),
});
export type ProducerValidationError = z.infer<typeof ProducerValidationErrorSchema>;

/** One pinned Python package requirement. `exact_pin` is `==<version>` in v1. */
export const RequirementSchema = z.looseObject({
  kind: z.literal('python_package'),
  name: z.string(),
  exact_pin: z.string(),
  index_url: z.string().nullish(),
  extra_index_urls: z.array(z.string()).nullish(),
  markers: z.string().nullish(),
  python_requires: z.string().nullish(),
  platform_constraints: z.array(z.string()).nullish(),
  hashes: z.array(z.string()).nullish(),
  /** Provenance, or a direct wheel URL/path; only a wheel is ever handed to the installer. */
  source: z.string().nullish(),
});
export type RequirementV1 = z.infer<typeof RequirementSchema>;

/** A binding: one profile's requirements for one backend/platform. */
export const BindingSchema = z.looseObject({
  binding_id: z.string(),
  profile_id: z.string(),
  profile_version: z.number().int(),
  profile_hash: z.string().nullish(),
  backend_key: z.string().nullish(),
  /** null, `*`, a string split on `,` or `|`, or a list. */
  platform_selector: z.union([z.string(), z.array(z.string())]).nullish(),
  /** Kept as a string so that an unsupported kind is reported by the service, not rejected here. */
  environment_kind: z.string().nullish(),
  env_id: z.string().nullish(),
  validation_state: ValidationStateSchema,
  validation_errors: z.array(ProducerValidationErrorSchema).default([]),
  requirements: z.array(RequirementSchema).default([]),
  /** Tolerated from older producers; Pantograph's own overrides live in override patches. */
  python_executable_override: z.string().nullish(),
});
export type BindingV1 = z.infer<typeof BindingSchema>;

/** The whole payload. */
export const DependencyRequirementsV1Schema = z.looseObject({
  model_id: z.string(),
  platform_key: z.string(),
  backend_key: z.string().nullish(),
  dependency_contract_version: z.literal(1),
  validation_state: ValidationStateSchema,
  validation_errors: z.array(ProducerValidationErrorSchema).default([]),
  selected_binding_ids: z.array(z.string()).nullish(),
  bindings: z.array(BindingSchema),
});
export type DependencyRequirementsV1 = z.infer<typeof DependencyRequirementsV1Schema>;

/** Version-gates (`dependency_contract_version` must be 1) and parses a payload. Never throws. */
export function parseDependencyRequirements(payload: unknown): Result<DependencyRequirementsV1> {
  return parseContract(DependencyRequirementsV1Schema, payload, 'dependency_contract_version', true);
}
