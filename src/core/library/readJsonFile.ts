/**
 * Reads a strict JSON file for the model library (a model's `config.json`, a library's task
 * profiles). A parse failure names the file and the 1-based line and column of the first error.
 */
import { readFile, stat } from 'node:fs/promises';
import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import type { ErrorCode } from '../errors/errorCodes.js';
import { findExcessiveNesting, LineMap } from '../workflow/sourceLocation.js';

/** Larger files are refused unread: a model's config.json or a profiles file is a few kilobytes. */
export const MAX_JSON_FILE_BYTES = 16 * 1024 * 1024;
/** Deeper nesting is refused before parsing (the parsers recurse). */
const MAX_JSON_DEPTH = 256;

/**
 * Reads and parses `file`. Fails with `code` (path `[file]`) when the file cannot be read (a
 * dangling symlink included: the message says so), is larger than {@link MAX_JSON_FILE_BYTES},
 * nests deeper than 256 levels, or is not strict JSON (no comments, no trailing commas); the parse message ends with `(line L, column C)` and the error carries
 * `line`/`column`. Never throws.
 */
export async function readStrictJsonFile(file: string, code: ErrorCode, hint?: string): Promise<Result<unknown>> {
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_JSON_FILE_BYTES)
      return fail(
        structuredError(
          code,
          `${file} is too large for a JSON settings file (${size} bytes; at most ${MAX_JSON_FILE_BYTES})`,
          [file],
          hint,
        ),
      );
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'is missing (or is a link to a missing file)'
        : `cannot be read: ${(error as Error).message}`;
    return fail(structuredError(code, `${file} ${reason}`, [file], hint));
  }
  return parseStrictJson(text, file, code, hint);
}

/** Parses `text` (the content of `file`) as strict JSON; see {@link readStrictJsonFile}. Pure. */
export function parseStrictJson(text: string, file: string, code: ErrorCode, hint?: string): Result<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = findExcessiveNesting(body, MAX_JSON_DEPTH);
  if (deep >= 0)
    return fail(new LineMap(body).error(code, `${file} nests deeper than ${MAX_JSON_DEPTH} levels`, [file], deep, 1, hint));
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (error) {
    const errors: ParseError[] = [];
    parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first === undefined)
      return fail(structuredError(code, `${file} is not valid JSON: ${(error as Error).message}`, [file], hint));
    return fail(
      new LineMap(body).error(
        code,
        `${file} is not valid JSON: ${printParseErrorCode(first.error)}`,
        [file],
        first.offset,
        first.length,
        hint,
      ),
    );
  }
}
