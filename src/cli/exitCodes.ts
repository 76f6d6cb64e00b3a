/**
 * Exit statuses of `pantograph` and the one error type commands throw to end with one of them.
 * Documented in docs/cli.md; scripts rely on them, so never renumber.
 */
import type { EnvironmentState } from '../core/contracts/environmentState.js';
import { ENVIRONMENT_ERROR_CODES, VALIDATION_ERROR_CODES, WORKFLOW_ERROR_CODES } from '../core/errors/errorCodes.js';
import type { ErrorCode } from '../core/errors/errorCodes.js';
import type { StructuredError } from '../core/errors/structuredError.js';

/** Everything went as asked. */
export const EXIT_OK = 0;
/** A node, an ensure or an operation failed. */
export const EXIT_FAILED = 1;
/** Bad usage or invalid input: unknown option, bad workflow, bad payload or patch. */
export const EXIT_USAGE = 2;
/** The environment needs user input (`needs_user_input`), or is not ready in manual mode. */
export const EXIT_NEEDS_INPUT = 3;
/** Cancelled (Ctrl+C). */
export const EXIT_CANCELLED = 130;

/** One of the exit statuses above. */
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILED | typeof EXIT_USAGE | typeof EXIT_NEEDS_INPUT | typeof EXIT_CANCELLED;

/** A command failure: one clear message, an optional hint, the structured errors behind it, and the exit status. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly errors: readonly StructuredError[];
  /** Extra lines printed under the message (e.g. every error of a workflow, `file:line:column code message`). */
  readonly details: readonly string[];

  constructor(
    exitCode: ExitCode,
    message: string,
    options: { hint?: string; errors?: readonly StructuredError[]; details?: readonly string[] } = {},
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.errors = options.errors ?? [];
    this.details = options.details ?? [];
  }
}

/** Codes that mean "the input is wrong" (exit 2) rather than "something failed" (exit 1). */
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...VALIDATION_ERROR_CODES,
  ...WORKFLOW_ERROR_CODES.filter(
    (c) =>
      ![
        'node_failed',
        'upstream_failed',
        'environment_not_ready',
        'worker_failed',
        'worker_timeout',
        'model_not_found',
        'invalid_model_library',
      ].includes(c),
  ),
  ...ENVIRONMENT_ERROR_CODES.filter((c) =>
    [
      'unsupported_contract_version',
      'invalid_override',
      'no_dependency_bindings',
      'env_id_missing',
      'unsupported_environment_kind',
      'unpinned_dependency',
    ].includes(c),
  ),
]);

/** Exit status for a list of structured errors: 130 for `cancelled`, 2 for invalid input, else 1. */
export function exitCodeForErrors(errors: readonly StructuredError[]): ExitCode {
  if (errors.some((e) => e.code === 'cancelled')) return EXIT_CANCELLED;
  if (errors.length > 0 && errors.every((e) => INPUT_CODES.has(e.code))) return EXIT_USAGE;
  return EXIT_FAILED;
}

/** Exit status of an ensure that ended in `state` with `errors`. */
export function exitCodeForState(state: EnvironmentState, errors: readonly StructuredError[]): ExitCode {
  if (state === 'ready') return EXIT_OK;
  if (state === 'needs_user_input' || state === 'missing') return EXIT_NEEDS_INPUT;
  return exitCodeForErrors(errors);
}
