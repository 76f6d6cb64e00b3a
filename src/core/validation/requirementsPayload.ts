/**
 * Whole-payload validation of DependencyRequirementsV1 at the boundary: every field of every
 * binding and requirement, every problem reported with its path. Pure, no I/O, never throws —
 * also on values that do not match the schema (it only reads what is there).
 */
import type { DependencyRequirementsV1 } from '../contracts/requirements.js';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { isWheelSource } from './wheelSource.js';
import { validateEnvId, validatePythonExecutableShape } from './identifiers.js';
import { LIMITS, preview } from './limits.js';
import { isAbsolutePathShape, validateAbsolutePathShape } from './paths.js';
import {
  validateExactPin,
  validateHash,
  validateMarkers,
  validatePackageName,
  validatePythonRequires,
  validateText,
} from './requirementFields.js';
import { validateIndexUrl } from './urls.js';

type Path = readonly (string | number)[];
type Sink = (error: StructuredError | undefined) => void;
type Rec = Record<string, unknown>;

const PROFILE_HASH = /^[0-9a-f]{64}$/i;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent: `null`, `undefined` or a blank string (normalization turns blanks into `null`). */
function isAbsent(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Validates every field of `payload` and returns ALL problems (empty when valid), each with its
 * path, e.g. `['bindings', 0, 'requirements', 2, 'name']`. Checks: text caps and control
 * characters on ids/keys/selectors; package names, exact pins, hashes, markers,
 * `python_requires`; index and extra index URLs; `env_id` charset; `profile_hash` (64 hex);
 * `python_executable_override` shape; a `source` that looks like a wheel (`*.whl`) must be a
 * valid wheel URL or absolute path; binding ids must be non-empty and unique. Does not check that
 * local paths exist (that needs a probe) nor the producer's `validation_state`.
 */
export function validateRequirementsPayload(payload: DependencyRequirementsV1): StructuredError[] {
  const errors: StructuredError[] = [];
  const add: Sink = (error) => {
    if (error) errors.push(error);
  };
  if (!isRecord(payload)) return [structuredError('invalid_payload', 'dependency requirements must be an object', [])];
  const top = payload as unknown as Rec;
  textField(top, 'model_id', [], LIMITS.text, add);
  textField(top, 'platform_key', [], LIMITS.platformSelector, add);
  textField(top, 'backend_key', [], LIMITS.platformSelector, add);
  stringList(top, 'selected_binding_ids', [], add, (v, p) => validateText(v, p, LIMITS.bindingId, 'binding id'));
  const bindings = top.bindings;
  if (!Array.isArray(bindings)) {
    add(structuredError('invalid_payload', 'bindings must be a list', ['bindings']));
    return errors;
  }
  const seen = new Map<string, number>();
  bindings.forEach((binding, i) => {
    const path = ['bindings', i];
    if (!isRecord(binding)) return add(structuredError('invalid_payload', 'a binding must be an object', path));
    validateBinding(binding, path, add);
    const id = binding.binding_id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined)
      add(
        structuredError('invalid_payload', `binding id ${preview(id)} is also used by bindings[${first}]`, [
          ...path,
          'binding_id',
        ]),
      );
    else seen.set(id, i);
  });
  return errors;
}

function validateBinding(binding: Rec, path: Path, add: Sink): void {
  if (binding.binding_id === '') add(structuredError('invalid_payload', 'binding_id is empty', [...path, 'binding_id']));
  textField(binding, 'binding_id', path, LIMITS.bindingId, add, true);
  textField(binding, 'profile_id', path, LIMITS.bindingId, add, true);
  textField(binding, 'backend_key', path, LIMITS.platformSelector, add);
  textField(binding, 'environment_kind', path, LIMITS.platformSelector, add);
  const hash = binding.profile_hash;
  if (!isAbsent(hash) && (typeof hash !== 'string' || !PROFILE_HASH.test(hash))) {
    add(
      structuredError(
        'invalid_payload',
        `profile_hash ${typeof hash === 'string' ? preview(hash) : typeof hash} is not 64 hex digits`,
        [...path, 'profile_hash'],
      ),
    );
  }
  const selector = binding.platform_selector;
  if (typeof selector === 'string')
    add(validateText(selector, [...path, 'platform_selector'], LIMITS.platformSelector, 'platform_selector'));
  else
    stringList(binding, 'platform_selector', path, add, (v, p) =>
      validateText(v, p, LIMITS.platformSelector, 'platform_selector'),
    );
  if (!isAbsent(binding.env_id)) add(validateEnvId(binding.env_id as string, [...path, 'env_id']));
  if (!isAbsent(binding.python_executable_override)) {
    add(validatePythonExecutableShape(binding.python_executable_override as string, [...path, 'python_executable_override']));
  }
  const requirements = binding.requirements;
  if (requirements === undefined || requirements === null) return;
  if (!Array.isArray(requirements))
    return add(structuredError('invalid_payload', 'requirements must be a list', [...path, 'requirements']));
  requirements.forEach((req, j) => {
    const reqPath = [...path, 'requirements', j];
    if (!isRecord(req)) return add(structuredError('invalid_payload', 'a requirement must be an object', reqPath));
    validateRequirement(req, reqPath, add);
  });
}

function validateRequirement(req: Rec, path: Path, add: Sink): void {
  if (req.kind !== 'python_package') {
    add(
      structuredError(
        'invalid_payload',
        `requirement kind ${typeof req.kind === 'string' ? preview(req.kind) : typeof req.kind} is not supported; v1 knows python_package`,
        [...path, 'kind'],
      ),
    );
  }
  add(validatePackageName(req.name as string, [...path, 'name']));
  add(validateExactPin(req.exact_pin as string, [...path, 'exact_pin']));
  if (!isAbsent(req.index_url)) add(validateIndexUrl(req.index_url as string, [...path, 'index_url']));
  stringList(req, 'extra_index_urls', path, add, validateIndexUrl);
  if (!isAbsent(req.markers)) add(validateMarkers(req.markers as string, [...path, 'markers']));
  if (!isAbsent(req.python_requires)) add(validatePythonRequires(req.python_requires as string, [...path, 'python_requires']));
  stringList(req, 'platform_constraints', path, add, (v, p) =>
    validateText(v, p, LIMITS.platformSelector, 'platform constraint'),
  );
  stringList(req, 'hashes', path, add, validateHash);
  if (!isAbsent(req.source)) add(validateSource(req.source as string, [...path, 'source']));
}

/**
 * `source` is provenance or a wheel. Provenance only needs to be sane text; a value whose path
 * ends in `.whl` is meant for the installer, so it must be a valid wheel URL or absolute path.
 */
function validateSource(value: string, path: Path): StructuredError | undefined {
  const text = validateText(value, path, LIMITS.source, 'source');
  if (text) return text;
  if (!/\.whl$/i.test(value.split(/[?#]/, 1)[0] ?? '') || isWheelSource(value)) return undefined;
  const asUrl = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && !isAbsolutePathShape(value);
  const specific = asUrl ? validateIndexUrl(value, path) : validateAbsolutePathShape(value, path);
  return (
    specific ??
    structuredError(
      'invalid_path',
      `source ${preview(value)} looks like a wheel but is not a usable wheel URL or absolute path`,
      path,
    )
  );
}

/** Optional text field: absent is fine; a non-string or a bad string is reported. */
function textField(record: Rec, key: string, path: Path, max: number, add: Sink, required = false): void {
  const value = record[key];
  if (value === undefined || value === null) {
    if (required) add(structuredError('invalid_payload', `${key} is missing`, [...path, key]));
    return;
  }
  add(validateText(value as string, [...path, key], max, key));
}

/** Optional list of strings: each entry checked by `check`; a non-list or non-string is reported. */
function stringList(
  record: Rec,
  key: string,
  path: Path,
  add: Sink,
  check: (value: string, path: Path) => StructuredError | undefined,
): void {
  const value = record[key];
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) return add(structuredError('invalid_payload', `${key} must be a list`, [...path, key]));
  value.forEach((entry, k) => {
    if (typeof entry !== 'string') add(structuredError('invalid_payload', `${key}[${k}] must be a string`, [...path, key, k]));
    else add(check(entry, [...path, key, k]));
  });
}
