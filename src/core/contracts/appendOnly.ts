/**
 * The append-only rule for frozen contracts, checked on their JSON Schemas: a newer schema may
 * add optional fields and accept more values, but must still accept every payload the frozen one
 * described. Pure: no I/O, deterministic output order (the frozen schema's order).
 *
 * Understood: `type` (string or list; `number` accepts `integer`), `const`/`enum`, `properties`,
 * `required`, `additionalProperties`, `items`, `anyOf`/`oneOf` (flattened into alternatives),
 * local `$ref`s (`#/...`, cycles stopped), and tightened bounds (`minimum`, `maxLength`,
 * `pattern`, …). `allOf`, `not` and conditionals are not compared.
 */

/** How a current schema breaks a frozen one. */
export type AppendOnlyViolationKind = 'removed' | 'retyped' | 'made_required';

/** One break of the append-only rule. `path` is `$`-rooted: `$.bindings[].requirements[].name`. */
export interface AppendOnlyViolation {
  readonly path: string;
  readonly kind: AppendOnlyViolationKind;
  readonly message: string;
}

type SchemaObject = Record<string, unknown>;

/** One single-typed alternative of a schema; `type` undefined means any JSON value. */
interface Alternative {
  readonly type: string | undefined;
  readonly schema: SchemaObject;
}

interface Context {
  readonly frozenRoot: unknown;
  readonly currentRoot: unknown;
  /** `$ref` pairs already being compared, so recursive schemas terminate. */
  readonly seen: Set<string>;
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const EXACT_CONSTRAINTS = ['pattern', 'format', 'multipleOf'];

/**
 * Lists every way `current` breaks the append-only rule against `frozen` (both JSON Schemas,
 * as parsed JSON): a frozen property that is gone (`removed`), a value the frozen schema accepted
 * that the current one rejects — changed type, narrowed enum, tightened bound, closed
 * `additionalProperties` (`retyped`) — or a property that became required, including a new
 * required property (`made_required`). An empty list means `current` is a compatible extension.
 *
 * @example
 * findAppendOnlyViolations(
 *   { type: 'object', properties: { a: { type: 'string' } } },
 *   { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
 * ); // → [{ path: '$.a', kind: 'made_required', message: … }]
 */
export function findAppendOnlyViolations(frozen: unknown, current: unknown): AppendOnlyViolation[] {
  return compare({ frozenRoot: frozen, currentRoot: current, seen: new Set() }, frozen, current, '$');
}

function compare(ctx: Context, frozen: unknown, current: unknown, path: string): AppendOnlyViolation[] {
  const f = resolveRef(ctx.frozenRoot, frozen);
  const c = resolveRef(ctx.currentRoot, current);
  if (f.ref !== undefined || c.ref !== undefined) {
    const pair = `${f.ref ?? path}|${c.ref ?? path}`;
    if (ctx.seen.has(pair)) return [];
    ctx.seen.add(pair);
  }
  const currentAlternatives = alternatives(ctx.currentRoot, c.schema);
  const violations: AppendOnlyViolation[] = [];
  for (const frozenAlternative of alternatives(ctx.frozenRoot, f.schema)) {
    const candidates = currentAlternatives.filter((alt) => typeAccepts(alt.type, frozenAlternative.type));
    if (candidates.length === 0) {
      violations.push({
        path,
        kind: 'retyped',
        message: `${frozenAlternative.type ?? 'any value'} is no longer accepted (now ${describeTypes(currentAlternatives)})`,
      });
      continue;
    }
    const outcomes = candidates.map((candidate) => compareAlternative(ctx, frozenAlternative, candidate, path));
    violations.push(...outcomes.reduce((best, next) => (next.length < best.length ? next : best)));
  }
  return violations;
}

function compareAlternative(ctx: Context, frozen: Alternative, current: Alternative, path: string): AppendOnlyViolation[] {
  const violations = [...compareValues(frozen, current, path), ...compareBounds(frozen.schema, current.schema, path)];
  if (frozen.type === undefined || frozen.type === 'object')
    violations.push(...compareObjects(ctx, frozen.schema, current.schema, path));
  if (frozen.type === undefined || frozen.type === 'array') {
    if (frozen.schema['items'] !== undefined || current.schema['items'] !== undefined) {
      violations.push(...compare(ctx, frozen.schema['items'] ?? {}, current.schema['items'] ?? {}, `${path}[]`));
    }
  }
  return violations;
}

function compareValues(frozen: Alternative, current: Alternative, path: string): AppendOnlyViolation[] {
  const currentValues = allowedValues(current);
  if (currentValues === undefined) return [];
  const frozenValues = allowedValues(frozen);
  if (frozenValues === undefined) {
    return [
      {
        path,
        kind: 'retyped',
        message: `any ${frozen.type ?? 'value'} was accepted; now only ${currentValues.map((v) => JSON.stringify(v)).join(', ')}`,
      },
    ];
  }
  const kept = new Set(currentValues.map((v) => JSON.stringify(v)));
  const dropped = frozenValues.filter((v) => !kept.has(JSON.stringify(v)));
  if (dropped.length === 0) return [];
  return [
    { path, kind: 'retyped', message: `enum narrowed: ${dropped.map((v) => JSON.stringify(v)).join(', ')} no longer accepted` },
  ];
}

function compareBounds(frozen: SchemaObject, current: SchemaObject, path: string): AppendOnlyViolation[] {
  const violations: AppendOnlyViolation[] = [];
  const tightened = (key: string, isTighter: (was: unknown, now: unknown) => boolean): void => {
    const was = frozen[key];
    const now = current[key];
    if (now === undefined || !isTighter(was, now)) return;
    const from = was === undefined ? 'none' : JSON.stringify(was);
    violations.push({ path, kind: 'retyped', message: `${key} tightened from ${from} to ${JSON.stringify(now)}` });
  };
  for (const key of LOWER_BOUNDS) tightened(key, (was, now) => typeof now === 'number' && (typeof was !== 'number' || now > was));
  for (const key of UPPER_BOUNDS) tightened(key, (was, now) => typeof now === 'number' && (typeof was !== 'number' || now < was));
  for (const key of EXACT_CONSTRAINTS) tightened(key, (was, now) => JSON.stringify(was) !== JSON.stringify(now));
  return violations;
}

function compareObjects(ctx: Context, frozen: SchemaObject, current: SchemaObject, path: string): AppendOnlyViolation[] {
  const violations: AppendOnlyViolation[] = [];
  const frozenProperties = asObject(frozen['properties']);
  const currentProperties = asObject(current['properties']);
  for (const [name, frozenProperty] of Object.entries(frozenProperties)) {
    const childPath = `${path}.${name}`;
    if (!Object.hasOwn(currentProperties, name)) {
      violations.push({ path: childPath, kind: 'removed', message: `field "${name}" was removed (or renamed)` });
      continue;
    }
    violations.push(...compare(ctx, frozenProperty, currentProperties[name], childPath));
  }
  const frozenRequired = new Set(asStrings(frozen['required']));
  for (const name of asStrings(current['required'])) {
    if (frozenRequired.has(name)) continue;
    const known = Object.hasOwn(frozenProperties, name);
    violations.push({
      path: `${path}.${name}`,
      kind: 'made_required',
      message: known
        ? `optional field "${name}" is now required`
        : `new field "${name}" was added as required; new fields must be optional`,
    });
  }
  const frozenExtra = frozen['additionalProperties'];
  const currentExtra = current['additionalProperties'];
  if (currentExtra === false && frozenExtra !== false) {
    violations.push({ path, kind: 'retyped', message: 'unknown fields were accepted; now additionalProperties is false' });
  } else if (isObject(frozenExtra) && isObject(currentExtra)) {
    violations.push(...compare(ctx, frozenExtra, currentExtra, `${path}.*`));
  }
  return violations;
}

/** Flattens `anyOf`/`oneOf` and type lists into single-typed alternatives; sibling keys are inherited. */
function alternatives(root: unknown, schema: unknown): Alternative[] {
  if (schema === false) return [];
  if (!isObject(schema)) return [{ type: undefined, schema: {} }];
  const branches = [...asArray(schema['anyOf']), ...asArray(schema['oneOf'])];
  if (branches.length > 0) {
    const { anyOf: _anyOf, oneOf: _oneOf, ...inherited } = schema;
    return branches.flatMap((branch) => {
      const resolved = resolveRef(root, branch).schema;
      return alternatives(root, isObject(resolved) ? { ...inherited, ...resolved } : resolved);
    });
  }
  const declared = schema['type'];
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? asStrings(declared) : inferTypes(schema);
  return types.length === 0 ? [{ type: undefined, schema }] : types.map((type) => ({ type, schema }));
}

/** Types implied by `const`/`enum` when no `type` is declared; empty means unconstrained. */
function inferTypes(schema: SchemaObject): string[] {
  const values = 'const' in schema ? [schema['const']] : Array.isArray(schema['enum']) ? schema['enum'] : [];
  return [...new Set(values.map(jsonType))];
}

/** The values an alternative is restricted to (of its own type), or undefined when unrestricted. */
function allowedValues(alternative: Alternative): unknown[] | undefined {
  const { schema, type } = alternative;
  const values = 'const' in schema ? [schema['const']] : Array.isArray(schema['enum']) ? schema['enum'] : undefined;
  if (values === undefined || type === undefined) return values;
  return values.filter((value) => typeAccepts(type, jsonType(value)));
}

function typeAccepts(current: string | undefined, frozen: string | undefined): boolean {
  if (current === undefined) return true;
  return current === frozen || (current === 'number' && frozen === 'integer');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describeTypes(alternatives: readonly Alternative[]): string {
  if (alternatives.length === 0) return 'nothing';
  return [...new Set(alternatives.map((alt) => alt.type ?? 'any value'))].join(' | ');
}

/** Follows local `#/…` references (JSON Pointer) within `root`; anything else is returned as is. */
function resolveRef(root: unknown, schema: unknown): { schema: unknown; ref?: string } {
  let current = schema;
  let ref: string | undefined;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current['$ref'] === 'string'; hops++) {
    ref = current['$ref'];
    if (!ref.startsWith('#')) break;
    const { $ref: _ref, ...siblings } = current;
    const target = ref
      .slice(1)
      .split('/')
      .filter((part) => part.length > 0)
      .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), root);
    current = isObject(target) ? { ...target, ...siblings } : target;
  }
  return ref === undefined ? { schema: current } : { schema: current, ref };
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): SchemaObject {
  return isObject(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asStrings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}
