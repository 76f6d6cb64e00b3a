/**
 * EnvironmentRefV1: what inference nodes consume. Older producers sent thinner refs (no key,
 * manifest or fingerprint, sometimes no `contract_version`): they parse, but an inference node
 * must refuse any ref that is not `ready` or lacks `python_executable` (see `isRunnableRef`).
 */
import * as z from 'zod';
import { EnvironmentStateSchema } from './environmentState.js';
import { parseContract } from './versionGate.js';
import type { Result } from '../errors/structuredError.js';

export const EnvironmentRefV1Schema = z.looseObject({
  contract_version: z.literal(1).optional(),
  environment_key: z.string().optional(),
  environment_kind: z.string(),
  env_id: z.string().nullish(),
  env_ids: z.array(z.string()).default([]),
  /** Absolute path of the environment's interpreter; required for python kinds to be runnable. */
  python_executable: z.string().nullish(),
  state: EnvironmentStateSchema,
  requirements_fingerprint: z.string().optional(),
  platform_key: z.string().optional(),
  backend_key: z.string().nullish(),
  manifest_path: z.string().optional(),
});
export type EnvironmentRefV1 = z.infer<typeof EnvironmentRefV1Schema>;

/** Version-gates (a present `contract_version` must be 1; absent = legacy) and parses a ref. */
export function parseEnvironmentRef(payload: unknown): Result<EnvironmentRefV1> {
  return parseContract(EnvironmentRefV1Schema, payload, 'contract_version', false);
}

/** True when a ref may be used to run Python: state `ready` and a python executable present. */
export function isRunnableRef(ref: EnvironmentRefV1): ref is EnvironmentRefV1 & { python_executable: string } {
  return ref.state === 'ready' && typeof ref.python_executable === 'string' && ref.python_executable.length > 0;
}
