/**
 * Finds where a JSON path (`['graph', 'nodes', 2, 'id']`) sits in a JSON text, so graph errors
 * (which carry a document path but no position) print as `file:line:column`. Pure; expects text
 * that already parsed as strict JSON; answers the nearest existing ancestor when the path is
 * missing.
 */

/** 1-based line and column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
  return i;
}

function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return i;
}

/** End offset of the value starting at `i` (after whitespace). Iterative over brackets. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      i = skipString(text, i) - 1;
      if (depth === 0) return i + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) return i + 1;
    } else if (depth === 0 && ',}] \t\r\n'.includes(c)) return i;
  }
  return i;
}

/** Offset of the value at `key` (a property name or array index) inside the container at `start`, or -1. */
function childOffset(text: string, start: number, key: string | number): number {
  const open = text.charAt(start);
  if (open !== '{' && open !== '[') return -1;
  let i = skipWhitespace(text, start + 1);
  let index = 0;
  while (i < text.length && text.charAt(i) !== (open === '{' ? '}' : ']')) {
    let matches: boolean;
    if (open === '{') {
      const end = skipString(text, i);
      matches = JSON.parse(text.slice(i, end)) === String(key);
      i = skipWhitespace(text, end) + 1;
      i = skipWhitespace(text, i);
    } else {
      matches = index === key;
    }
    if (matches) return i;
    i = skipWhitespace(text, skipValue(text, i));
    if (text.charAt(i) === ',') i = skipWhitespace(text, i + 1);
    index++;
  }
  return -1;
}

/** The position of `path`'s value in `text` (or of its nearest existing ancestor). */
export function locateJsonPath(text: string, path: readonly (string | number)[]): TextPosition {
  let offset = skipWhitespace(text, 0);
  for (const key of path) {
    const next = childOffset(text, offset, key);
    if (next < 0) break;
    offset = next;
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
