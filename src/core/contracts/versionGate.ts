/**
 * Parsing at the contract boundary: a version gate, then the zod schema, with every problem
 * turned into a {@link StructuredError}. The only way payloads from outside enter the core.
 */
import type { z } from 'zod';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';

/** Contract versions this build understands. */
export const SUPPORTED_CONTRACT_VERSIONS: readonly number[] = [1];

/**
 * Rejects a payload whose version field is present and not a supported version with
 * `unsupported_contract_version`, naming the version found and the versions supported.
 * A missing field passes when `required` is false (thin legacy payloads).
 */
export function checkContractVersion(payload: unknown, field: string, required: boolean): StructuredError | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const record = payload as Record<string, unknown>;
  if (!(field in record) || record[field] === undefined) {
    return required
      ? structuredError(
          'unsupported_contract_version',
          `${field} is missing; supported: ${SUPPORTED_CONTRACT_VERSIONS.join(', ')}`,
          [field],
        )
      : undefined;
  }
  const found = record[field];
  if (typeof found === 'number' && SUPPORTED_CONTRACT_VERSIONS.includes(found)) return undefined;
  return structuredError(
    'unsupported_contract_version',
    `${field} ${describeValue(found)} is not supported; supported: ${SUPPORTED_CONTRACT_VERSIONS.join(', ')}`,
    [field],
    'Update Pantograph, or ask the producer for a v1 payload.',
  );
}

/** A short, never-throwing rendering of any value for messages (BigInt, symbols, cycles included). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

/** Converts zod issues into structured `invalid_payload` errors with their paths. */
export function zodIssuesToErrors(error: z.ZodError): StructuredError[] {
  return error.issues.map((issue) =>
    structuredError(
      'invalid_payload',
      issue.message,
      issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    ),
  );
}

/** Version-gates then parses `payload` with `schema`. Pure; never throws. */
export function parseContract<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  versionField: string,
  versionRequired: boolean,
): Result<z.output<S>> {
  const versionError = checkContractVersion(payload, versionField, versionRequired);
  if (versionError) return fail(versionError);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return fail(...zodIssuesToErrors(parsed.error));
  return ok(parsed.data);
}
