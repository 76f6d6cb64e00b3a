/**
 * The one error shape that crosses every boundary of Pantograph: a stable machine-readable
 * `code`, a human `message`, and `path`, the location of the offending value (field path inside
 * a payload, node id / port in a workflow, …). Never throw raw strings or bare `Error`s across
 * layers: return a {@link Result} or throw a {@link PantographError}.
 */
import type { ErrorCode } from './errorCodes.js';

/** A structured, serialisable error. `path` is empty when the error concerns the whole input. */
export interface StructuredError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly path: readonly (string | number)[];
  /** An actionable next step for the user, when one exists. */
  readonly hint?: string;
}

/** Success or a non-empty list of structured errors. Never both. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly StructuredError[] };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result} from one or more errors. */
export function fail<T = never>(...errors: StructuredError[]): Result<T> {
  return { ok: false, errors };
}

/** Builds a {@link StructuredError}; `path` defaults to the whole input. */
export function structuredError(
  code: ErrorCode,
  message: string,
  path: readonly (string | number)[] = [],
  hint?: string,
): StructuredError {
  return hint === undefined ? { code, message, path } : { code, message, path, hint };
}

/** Renders a path as `a.b[0].c` for messages and logs; `(root)` when empty. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** An exception carrying structured errors, for code paths where throwing is the natural flow. */
export class PantographError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly StructuredError[];

  constructor(errors: StructuredError | readonly StructuredError[]) {
    const list = Array.isArray(errors) ? (errors as readonly StructuredError[]) : [errors as StructuredError];
    const first = list[0];
    super(
      first ? `${first.code}: ${first.message}${first.path.length ? ` (at ${formatPath(first.path)})` : ''}` : 'unknown error',
    );
    this.name = 'PantographError';
    this.code = first?.code ?? 'internal_error';
    this.errors = list;
  }
}

/** Unwraps a {@link Result}, throwing a {@link PantographError} on failure. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new PantographError(result.errors);
}
