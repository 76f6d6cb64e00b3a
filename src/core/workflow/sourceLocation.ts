/**
 * Source positions for workflow errors: offsets ↔ 1-based line/column, JSON paths → offsets in a
 * jsonc-parser tree, a stack-free nesting-depth pre-scan, and a prototype-safe tree → value
 * conversion. Pure; browser-safe.
 */
import { findNodeAtLocation } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { ErrorCode } from '../errors/errorCodes.js';
import { isForbiddenKey } from './jsonValue.js';

/** A structured error that also says where in the text it is (1-based line and column). */
export interface LocatedError extends StructuredError {
  readonly line: number;
  readonly column: number;
  /** 0-based character offset and length of the offending text. */
  readonly offset: number;
  readonly length: number;
}

/** True when `error` carries a text location (errors from `parseWorkflowText` do). */
export function isLocatedError(error: StructuredError): error is LocatedError {
  const e = error as Partial<LocatedError>;
  return typeof e.line === 'number' && typeof e.column === 'number';
}

/** Maps character offsets of one text to 1-based line/column. Line starts are computed on first use. */
export class LineMap {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** 1-based line and column of `offset` (clamped to the text). */
  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.computeStarts());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  private computeStarts(): number[] {
    const starts = [0];
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
    return starts;
  }

  /** Builds a {@link LocatedError}; the message gets a `(line L, column C)` suffix. */
  error(
    code: ErrorCode,
    message: string,
    path: readonly (string | number)[],
    offset: number,
    length: number,
    hint?: string,
  ): LocatedError {
    const { line, column } = this.position(offset);
    return { ...structuredError(code, `${message} (line ${line}, column ${column})`, path, hint), line, column, offset, length };
  }
}

/**
 * The tree node at `path`, or its nearest existing ancestor when the value is missing (so a
 * missing field points at the object that lacks it).
 */
export function locatePath(tree: JsonNode, path: readonly (string | number)[]): JsonNode {
  for (let n = path.length; n > 0; n--) {
    const found = findNodeAtLocation(tree, path.slice(0, n) as (string | number)[]);
    if (found) return found;
  }
  return tree;
}

/**
 * Scans `text` for the first `{`/`[` (outside strings) that exceeds `maxDepth` levels and returns
 * its offset, or -1. Iterative, so absurd nesting cannot overflow the stack before we refuse it.
 */
export function findExcessiveNesting(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/**
 * Converts a jsonc-parser tree to plain values. Objects are built with define semantics and
 * forbidden keys (`__proto__`, `constructor`, `prototype`) are left out and reported, as are
 * duplicate keys; nothing can reach a prototype. Errors are appended to `errors`.
 */
export function treeToValue(node: JsonNode, path: (string | number)[], lines: LineMap, errors: LocatedError[]): unknown {
  switch (node.type) {
    case 'object': {
      const entries: [string, unknown][] = [];
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        if (isForbiddenKey(key)) {
          errors.push(
            lines.error(
              'invalid_workflow',
              `the key "${key}" is not allowed`,
              [...path, key],
              keyNode.offset,
              keyNode.length,
              'Remove or rename this key.',
            ),
          );
          continue;
        }
        if (seen.has(key)) {
          errors.push(lines.error('invalid_workflow', `duplicate key "${key}"`, [...path, key], keyNode.offset, keyNode.length));
          continue;
        }
        seen.add(key);
        path.push(key);
        entries.push([key, treeToValue(valueNode, path, lines, errors)]);
        path.pop();
      }
      return Object.fromEntries(entries);
    }
    case 'array':
      return (node.children ?? []).map((child, i) => {
        path.push(i);
        const value = treeToValue(child, path, lines, errors);
        path.pop();
        return value;
      });
    default:
      return node.value as unknown;
  }
}
