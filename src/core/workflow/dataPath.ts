/**
 * Setting and removing a value at a path inside a node's `data`, in place on a private copy.
 * Refuses prototype keys. Pure apart from mutating the container it is given.
 */
import { formatPath } from '../errors/structuredError.js';
import { isForbiddenKey } from './jsonValue.js';

const where = (path: readonly (string | number)[]): string => formatPath(['data', ...path]);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets `root` at `path` to `value`, or removes the entry when `value` is `undefined` (removing
 * something absent is a no-op). String segments index objects (missing ones are created as `{}`),
 * numbers index arrays (an index equal to the length appends; removal splices). Mutates `root`;
 * returns a reason string when the path cannot be followed, `undefined` on success.
 */
export function setAtPath(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): string | undefined {
  const forbidden = path.find((segment) => typeof segment === 'string' && isForbiddenKey(segment));
  if (forbidden !== undefined) return `the key "${String(forbidden)}" is not allowed`;
  let container: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] as string | number;
    const next = path[i + 1] as string | number;
    let child: unknown;
    if (typeof segment === 'number') {
      if (!Array.isArray(container)) return `${where(path.slice(0, i))} is not an array`;
      child = container[segment];
      if (child === undefined) return value === undefined ? undefined : `index ${segment} is out of range`;
    } else {
      if (!isPlainRecord(container)) return `${where(path.slice(0, i))} is not an object`;
      child = Object.prototype.hasOwnProperty.call(container, segment) ? container[segment] : undefined;
      if (child === undefined || child === null) {
        if (value === undefined) return undefined;
        if (typeof next === 'number') return `${where(path.slice(0, i + 1))} does not exist`;
        child = {};
        container[segment] = child;
      }
    }
    container = child;
  }
  const last = path[path.length - 1] as string | number;
  if (typeof last === 'number') {
    if (!Array.isArray(container)) return `${where(path.slice(0, -1))} is not an array`;
    if (value === undefined) {
      if (last < container.length) container.splice(last, 1);
      return undefined;
    }
    if (last > container.length) return `index ${last} is out of range (length ${container.length})`;
    container[last] = value;
    return undefined;
  }
  if (!isPlainRecord(container)) return `${where(path.slice(0, -1))} is not an object`;
  if (value === undefined) delete container[last];
  else container[last] = value;
  return undefined;
}
