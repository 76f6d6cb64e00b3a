/**
 * A StructuredError as the editor protocol carries it: code, message, path, hint, and the
 * line/column of a located parse error — offsets and graph extras are dropped. Pure, browser-safe.
 */
import type { StructuredError } from '../errors/structuredError.js';
import type { NotificationParams } from './editorProtocol.js';

/** One error in protocol form (the element type of `workflow/state`'s `errors`). */
export type ProtocolError = NotificationParams<'workflow/state'>['errors'][number];

/** Keeps only the protocol's error fields (drops offsets and graph extras). */
export function toProtocolError(error: StructuredError): ProtocolError {
  const { code, message, path, hint } = error;
  const { line, column } = error as { line?: unknown; column?: unknown };
  return {
    code,
    message,
    path: [...path],
    ...(hint !== undefined ? { hint } : {}),
    ...(typeof line === 'number' ? { line } : {}),
    ...(typeof column === 'number' ? { column } : {}),
  };
}
