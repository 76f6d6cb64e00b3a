/**
 * PEP 508 environment markers (`python_version < "3.12" and sys_platform == "linux"`), parsed and
 * evaluated the way `packaging.markers` does. Pure, no I/O.
 *
 * The local resolver only acts when it is certain, so evaluation answers `null` ("cannot say")
 * wherever packaging's answer could depend on details this evaluator does not model: an unknown
 * variable, a version comparison with a value that is not a plain PEP 440 version, a pre-release
 * interpreter. The caller then lets pip decide.
 */
import { explain, satisfies, valid } from '@renovatebot/pep440';
import { normalizePackageName } from '../requirements/packageName.js';

/** A parsed marker expression. */
export type MarkerNode =
  | { readonly kind: 'and' | 'or'; readonly left: MarkerNode; readonly right: MarkerNode }
  | { readonly kind: 'compare'; readonly left: MarkerValue; readonly op: MarkerOperator; readonly right: MarkerValue };

/** One side of a comparison: a variable of the environment or a quoted string. */
export type MarkerValue = { readonly variable: string } | { readonly literal: string };

/** The comparison operators of PEP 508. */
export type MarkerOperator = '===' | '==' | '!=' | '<=' | '>=' | '~=' | '<' | '>' | 'in' | 'not in';

/** Deprecated spellings packaging still accepts, mapped to their PEP 508 names. */
const ALIASES: Readonly<Record<string, string>> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};

const TOKEN =
  /\s*(?:(\()|(\))|'([^']*)'|"([^"]*)"|(===|==|!=|<=|>=|~=|<|>)|(not\s+in\b)|(in\b|and\b|or\b)|([A-Za-z_][A-Za-z0-9_.]*))/y;

type Token =
  | { readonly type: 'open' | 'close' }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'op'; readonly value: MarkerOperator }
  | { readonly type: 'word'; readonly value: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (!match) return null;
    if (match[1]) tokens.push({ type: 'open' });
    else if (match[2]) tokens.push({ type: 'close' });
    else if (match[3] !== undefined || match[4] !== undefined) tokens.push({ type: 'string', value: match[3] ?? match[4] ?? '' });
    else if (match[5]) tokens.push({ type: 'op', value: match[5] as MarkerOperator });
    else if (match[6]) tokens.push({ type: 'op', value: 'not in' });
    else if (match[7] === 'in') tokens.push({ type: 'op', value: 'in' });
    else tokens.push({ type: 'word', value: match[7] ?? match[8] ?? '' });
  }
  return tokens;
}

/** Parses a marker expression; `null` when it is not valid PEP 508 marker syntax. Pure. */
export function parseMarker(text: string): MarkerNode | null {
  const tokens = tokenize(text);
  if (tokens === null || tokens.length === 0) return null;
  let at = 0;
  const peekWord = (word: string): boolean => {
    const token = tokens[at];
    return token?.type === 'word' && token.value === word;
  };
  const value = (): MarkerValue | null => {
    const token = tokens[at++];
    if (token?.type === 'string') return { literal: token.value };
    if (token?.type === 'word' && token.value !== 'and' && token.value !== 'or')
      return { variable: ALIASES[token.value] ?? token.value };
    return null;
  };
  const atom = (): MarkerNode | null => {
    if (tokens[at]?.type === 'open') {
      at += 1;
      const inner = or();
      if (inner === null || tokens[at++]?.type !== 'close') return null;
      return inner;
    }
    const left = value();
    const op = tokens[at++];
    const right = value();
    if (left === null || op?.type !== 'op' || right === null) return null;
    return { kind: 'compare', left, op: op.value, right };
  };
  const chain = (kind: 'and' | 'or', operand: () => MarkerNode | null): MarkerNode | null => {
    let left = operand();
    while (left !== null && peekWord(kind)) {
      at += 1;
      const right = operand();
      left = right === null ? null : { kind, left, right };
    }
    return left;
  };
  const and = (): MarkerNode | null => chain('and', atom);
  const or = (): MarkerNode | null => chain('or', and);
  const tree = or();
  return tree !== null && at === tokens.length ? tree : null;
}

/**
 * Evaluates `marker` in `environment` (the probe's marker environment plus `extra`, "" when the
 * distribution was asked for without extras). `true`/`false` as packaging would answer; `null`
 * when the answer is uncertain (see the module comment) or the marker does not parse. Pure.
 */
export function evaluateMarker(marker: string, environment: Readonly<Record<string, string>>): boolean | null {
  const tree = parseMarker(marker);
  return tree === null ? null : evaluateNode(tree, environment);
}

function evaluateNode(node: MarkerNode, environment: Readonly<Record<string, string>>): boolean | null {
  if (node.kind === 'compare') return compare(node, environment);
  const left = evaluateNode(node.left, environment);
  const right = evaluateNode(node.right, environment);
  if (node.kind === 'and') {
    if (left === false || right === false) return false;
    return left === null || right === null ? null : true;
  }
  if (left === true || right === true) return true;
  return left === null || right === null ? null : false;
}

function compare(node: Extract<MarkerNode, { kind: 'compare' }>, environment: Readonly<Record<string, string>>): boolean | null {
  const read = (value: MarkerValue): string | null =>
    'literal' in value ? value.literal : (environment[value.variable] ?? null);
  let left = read(node.left);
  let right = read(node.right);
  if (left === null || right === null) return null;
  const isExtra = (value: MarkerValue): boolean => 'variable' in value && value.variable === 'extra';
  if (isExtra(node.left) || isExtra(node.right)) {
    // packaging compares extras by their normalized names.
    left = left === '' ? '' : normalizePackageName(left);
    right = right === '' ? '' : normalizePackageName(right);
  }
  switch (node.op) {
    case 'in':
      return right.includes(left);
    case 'not in':
      return !right.includes(left);
    case '===':
      return left === right;
    default:
      return versionOrStringCompare(left, node.op, right);
  }
}

/**
 * packaging's rule: when `<op><right>` is a valid version specifier, the comparison is a
 * version match of `left` (pre-releases included); otherwise a plain string comparison.
 */
function versionOrStringCompare(left: string, op: MarkerOperator, right: string): boolean | null {
  const rightIsVersion = valid(right) !== null || (op === '==' || op === '!=' ? /^[0-9][0-9.]*\.\*$/.test(right) : false);
  if (rightIsVersion) {
    if (valid(left) === null) return null;
    const parsed = explain(left);
    if (parsed === null || parsed.is_prerelease || parsed.is_devrelease) return null;
    try {
      return satisfies(left, `${op}${right}`);
    } catch {
      return null;
    }
  }
  if (op === '~=') return null;
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return null;
  }
}
