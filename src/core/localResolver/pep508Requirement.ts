/**
 * One PEP 508 dependency specification as a wheel's `Requires-Dist` states it
 * (`numpy (>=1.24,<3) ; python_version >= "3.9"`, `foo[bar]>=1`, `pkg @ https://…`). Pure.
 */
import { valid } from '@renovatebot/pep440';
import { normalizePackageName } from '../requirements/packageName.js';

/** A parsed dependency. */
export interface DependencySpec {
  /** PEP 503 normalized name. */
  readonly name: string;
  /** Normalized extras (`[]` when none). */
  readonly extras: readonly string[];
  /** The specifier set without spaces (`>=1.24,<3`), `''` for any version. */
  readonly specifier: string;
  /** The URL of a direct reference (`name @ url`), else `null`. */
  readonly url: string | null;
  /** The marker text after `;`, else `null`. */
  readonly marker: string | null;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;
const CLAUSE = /^(===|==|!=|<=|>=|~=|<|>)\s*(\S+)$/;

/**
 * Parses one dependency line; `null` when it is not one this parser can read with certainty
 * (the caller then lets pip decide). Marker text is returned as is; see `evaluateMarker`.
 */
export function parseDependencySpec(text: string): DependencySpec | null {
  const nameMatch = NAME.exec(text);
  if (!nameMatch) return null;
  let rest = text.slice(nameMatch[0].length);
  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return null;
    extras = rest
      .slice(1, close)
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '')
      .map(normalizePackageName);
    rest = rest.slice(close + 1).trimStart();
  }
  let url: string | null = null;
  let specifier = '';
  let marker: string | null = null;
  if (rest.startsWith('@')) {
    const match = /^@\s*(\S+)(?:\s+;\s*(.*)|\s*)$/.exec(rest);
    if (!match) return null;
    url = match[1] ?? null;
    marker = match[2]?.trim() || null;
  } else {
    const semicolon = rest.indexOf(';');
    let versionPart = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
    marker = semicolon < 0 ? null : rest.slice(semicolon + 1).trim() || null;
    if (versionPart.startsWith('(')) {
      if (!versionPart.endsWith(')')) return null;
      versionPart = versionPart.slice(1, -1).trim();
    }
    if (versionPart !== '') {
      const clauses = versionPart.split(',').map((c) => c.trim());
      if (!clauses.every(isValidClause)) return null;
      specifier = clauses.map((c) => c.replace(/\s+/g, '')).join(',');
    }
  }
  return { name: normalizePackageName(nameMatch[1] ?? ''), extras, specifier, url, marker };
}

function isValidClause(clause: string): boolean {
  const match = CLAUSE.exec(clause);
  if (!match) return false;
  const [, op, version = ''] = match;
  if (op === '===') return false;
  if (version.endsWith('.*')) return (op === '==' || op === '!=') && valid(version.slice(0, -2)) !== null;
  return valid(version) !== null;
}
