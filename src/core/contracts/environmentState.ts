/** The lifecycle states of a dependency environment, shared by refs and status payloads. */
import * as z from 'zod';

export const ENVIRONMENT_STATES = [
  'unresolved',
  'needs_user_input',
  'checking',
  'missing',
  'installing',
  'ready',
  'failed',
] as const;
export const EnvironmentStateSchema = z.enum(ENVIRONMENT_STATES);
export type EnvironmentState = z.infer<typeof EnvironmentStateSchema>;

export const EnvironmentModeSchema = z.enum(['auto', 'manual']);
export type EnvironmentMode = z.infer<typeof EnvironmentModeSchema>;
