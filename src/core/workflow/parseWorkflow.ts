/**
 * `.pantograph` text → {@link WorkflowDocument}. Strict JSON (no comments, no trailing commas),
 * size and depth caps, prototype-safe values, version gate, schema and id-uniqueness checks —
 * every problem reported at once with its JSON path and line/column. Pure; browser-safe.
 */
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { fail, formatPath, ok } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { MAX_JSON_DEPTH } from './jsonValue.js';
import { LineMap, findExcessiveNesting, locatePath, treeToValue } from './sourceLocation.js';
import type { LocatedError } from './sourceLocation.js';
import { WORKFLOW_VERSION, WorkflowDocumentSchema } from './workflowSchema.js';
import type { WorkflowDocument } from './workflowSchema.js';

/** Largest accepted workflow text, in UTF-16 characters (≈10 MB). */
export const MAX_WORKFLOW_TEXT_LENGTH = 10 * 1024 * 1024;

/** Syntax errors beyond this many are not reported (a binary file would yield millions). */
export const MAX_REPORTED_SYNTAX_ERRORS = 50;

const PARSE_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace expected',
  CloseBracketExpected: 'closing bracket expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not allowed in .pantograph files',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

function describeParseError(text: string, error: ParseError): string {
  const name = printParseErrorCode(error.error);
  if (name === 'PropertyNameExpected' || name === 'ValueExpected') {
    const next = text[error.offset];
    const before = text.slice(0, error.offset).trimEnd();
    if ((next === '}' || next === ']') && before.endsWith(',')) return 'trailing commas are not allowed in .pantograph files';
  }
  return PARSE_ERROR_MESSAGES[name] ?? name;
}

function checkDuplicateIds(doc: WorkflowDocument, tree: JsonNode, lines: LineMap): LocatedError[] {
  const errors: LocatedError[] = [];
  for (const [collection, code] of [
    ['nodes', 'duplicate_node_id'],
    ['edges', 'duplicate_edge_id'],
  ] as const) {
    const seen = new Map<string, number>();
    doc.graph[collection].forEach((item, index) => {
      const first = seen.get(item.id);
      if (first === undefined) {
        seen.set(item.id, index);
        return;
      }
      const path = ['graph', collection, index, 'id'];
      const at = locatePath(tree, path);
      const kind = collection === 'nodes' ? 'node' : 'edge';
      errors.push(
        lines.error(
          code,
          `${kind} id "${item.id}" is already used by ${formatPath(['graph', collection, first])}`,
          path,
          at.offset,
          at.length,
          `Give this ${kind} a unique id.`,
        ),
      );
    });
  }
  return errors;
}

/**
 * Parses and validates `.pantograph` text. Never throws. On failure every error is returned at
 * once; each is a {@link LocatedError} (`line`/`column`, 1-based) whose message ends with the
 * position: `invalid_json` for syntax (comments and trailing commas included), `invalid_workflow`
 * for oversized/too-deep text, forbidden or duplicate keys and schema violations (with the JSON
 * path), `unsupported_workflow_version` when `version` is not 1, and `duplicate_node_id` /
 * `duplicate_edge_id`. Graph rules (node types, ports, cycles) are `validateWorkflowGraph`'s job.
 */
export function parseWorkflowText(text: string): Result<WorkflowDocument> {
  if (text.length > MAX_WORKFLOW_TEXT_LENGTH) {
    return fail(
      new LineMap('').error(
        'invalid_workflow',
        `the file is ${text.length} characters long; the limit is ${MAX_WORKFLOW_TEXT_LENGTH}`,
        [],
        0,
        0,
      ),
    );
  }
  const lines = new LineMap(text);
  const deep = findExcessiveNesting(text, MAX_JSON_DEPTH);
  if (deep >= 0)
    return fail(lines.error('invalid_workflow', `values are nested deeper than ${MAX_JSON_DEPTH} levels`, [], deep, 1));

  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (parseErrors.length > 0 || !tree) {
    // jsonc-parser may report one mistake twice at the same offset (e.g. a trailing comma).
    const offsets = new Set<number>();
    const firstPerOffset = parseErrors
      .filter((e) => !offsets.has(e.offset) && offsets.add(e.offset))
      .slice(0, MAX_REPORTED_SYNTAX_ERRORS);
    const errors = firstPerOffset.map((e) => lines.error('invalid_json', describeParseError(text, e), [], e.offset, e.length));
    return fail(...(errors.length > 0 ? errors : [lines.error('invalid_json', 'the file is empty', [], 0, 0)]));
  }

  const errors: LocatedError[] = [];
  const value = treeToValue(tree, [], lines, errors);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'version' in value) {
    const version = (value as { version: unknown }).version;
    if (version !== WORKFLOW_VERSION) {
      const at = locatePath(tree, ['version']);
      return fail(
        lines.error(
          'unsupported_workflow_version',
          `workflow version ${JSON.stringify(version)} is not supported; supported: ${WORKFLOW_VERSION}`,
          ['version'],
          at.offset,
          at.length,
          'Open this file with a newer Pantograph.',
        ),
      );
    }
  }
  const parsed = WorkflowDocumentSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const at = locatePath(tree, path);
      errors.push(lines.error('invalid_workflow', `${formatPath(path)}: ${issue.message}`, path, at.offset, at.length));
    }
  } else {
    errors.push(...checkDuplicateIds(parsed.data, tree, lines));
  }
  if (errors.length > 0) return fail(...errors);
  return parsed.success ? ok(parsed.data) : fail();
}
