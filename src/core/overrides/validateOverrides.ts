/**
 * Semantic validation of override patches, once, at the boundary (the zod shape is checked by
 * `parseOverridePatch`). Pure: the only contact with the disk is the optional injected
 * {@link PathProbe}; without one, paths are checked for shape only.
 */
import { OVERRIDE_FIELD_NAMES } from '../contracts/overridePatch.js';
import type { DependencyOverridePatchV1 } from '../contracts/overridePatch.js';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { normalizePackageName } from '../requirements/packageName.js';
import { isAbsolutePathShape, validateAbsolutePathShape, validateExistingPath } from '../validation/paths.js';
import type { PathProbe } from '../validation/paths.js';
import { validatePythonExecutable, validatePythonExecutableShape } from '../validation/identifiers.js';
import { validateIndexUrl } from '../validation/urls.js';
import { preview } from '../validation/limits.js';

/** What a patch may target: a selected binding and its requirement names (any spelling). */
export interface OverrideTarget {
  readonly binding_id: string;
  readonly requirementNames: readonly string[];
}

type Path = readonly (string | number)[];

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

/** A directory, or a `.whl` file. */
function validateWheelSourcePath(value: string, path: Path, probe: PathProbe | undefined): StructuredError | undefined {
  if (!probe) return validateAbsolutePathShape(value, path);
  const existing = validateExistingPath(value, path, probe, 'any');
  if (existing) return existing;
  if (!/\.whl$/i.test(value) && safeKind(probe, value) === 'file') {
    return structuredError(
      'invalid_path',
      `${preview(value)} is a file but not a wheel (.whl)`,
      path,
      'Point at a directory of wheels or at one .whl file.',
    );
  }
  return undefined;
}

function safeKind(probe: PathProbe, value: string): 'file' | 'directory' | 'missing' | 'error' {
  try {
    return probe.kind(value);
  } catch {
    return 'error';
  }
}

/** A URL scheme of two or more characters, so a Windows drive (`C:`) is not taken for one. */
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/** An http/https/file URL when it has a scheme; otherwise a local path (absolute, existing with a probe). */
function validatePackageSource(value: string, path: Path, probe: PathProbe | undefined): StructuredError | undefined {
  if (URL_SCHEME.test(value) && !isAbsolutePathShape(value)) return validateIndexUrl(value, path);
  return probe ? validateExistingPath(value, path, probe, 'any') : validateAbsolutePathShape(value, path);
}

function validateFields(patch: DependencyOverridePatchV1, base: Path, probe: PathProbe | undefined): StructuredError[] {
  const errors: StructuredError[] = [];
  const fields = patch.fields;
  const at = (field: string): Path => [...base, 'fields', field];
  const push = (error: StructuredError | undefined): void => {
    if (error) errors.push(error);
  };

  if (fields.python_executable !== undefined) {
    if (patch.scope !== 'binding') {
      errors.push(
        structuredError(
          'invalid_override',
          'python_executable can only be overridden for a whole binding (scope "binding")',
          at('python_executable'),
        ),
      );
    } else {
      const value = fields.python_executable;
      push(
        probe
          ? validatePythonExecutable(value, at('python_executable'), probe)
          : validatePythonExecutableShape(value, at('python_executable')),
      );
    }
  }
  if (fields.index_url !== undefined) push(validateIndexUrl(fields.index_url, at('index_url')));
  fields.extra_index_urls?.forEach((url, j) => push(validateIndexUrl(url, [...at('extra_index_urls'), j])));
  if (fields.wheel_source_path !== undefined)
    push(validateWheelSourcePath(fields.wheel_source_path, at('wheel_source_path'), probe));
  if (fields.package_source_override !== undefined) {
    if (patch.scope !== 'requirement') {
      errors.push(
        structuredError(
          'invalid_override',
          'package_source_override applies to one package (scope "requirement")',
          at('package_source_override'),
        ),
      );
    } else {
      push(validatePackageSource(fields.package_source_override, at('package_source_override'), probe));
    }
  }
  return errors;
}

function validateTarget(
  patch: DependencyOverridePatchV1,
  base: Path,
  targets: ReadonlyMap<string, ReadonlySet<string>>,
): StructuredError[] {
  const names = targets.get(patch.binding_id);
  if (names === undefined) {
    const known = [...targets.keys()].sort().join(', ') || 'none';
    return [
      structuredError(
        'unknown_binding_id',
        `override targets binding ${JSON.stringify(patch.binding_id)}, which is not selected (selected: ${known})`,
        [...base, 'binding_id'],
      ),
    ];
  }
  if (patch.scope === 'binding') {
    return isBlank(patch.requirement_name)
      ? []
      : [
          structuredError('invalid_override', 'a binding-scope override must not name a requirement; use scope "requirement"', [
            ...base,
            'requirement_name',
          ]),
        ];
  }
  if (isBlank(patch.requirement_name)) {
    return [
      structuredError('invalid_override', 'a requirement-scope override needs requirement_name', [...base, 'requirement_name']),
    ];
  }
  const name = patch.requirement_name as string;
  if (!names.has(normalizePackageName(name))) {
    return [
      structuredError('invalid_override', `binding ${patch.binding_id} has no requirement named ${JSON.stringify(name)}`, [
        ...base,
        'requirement_name',
      ]),
    ];
  }
  return [];
}

/**
 * Validates override patches against the selected bindings. Returns every problem (empty when
 * all patches are valid), each with a path under `['overrides', i, …]` where `i` indexes
 * `patches`:
 * - `unknown_binding_id` — the patch's binding is not among `bindings` (`…, 'binding_id'`);
 * - `invalid_override` — binding scope with a requirement_name; requirement scope without one,
 *   or naming a requirement the binding lacks (names compared after PEP 503 normalization);
 *   `fields` with none of the supported fields; `python_executable` outside binding scope;
 *   `package_source_override` outside requirement scope;
 * - the validation module's codes for values: URLs (`index_url`, each `extra_index_urls[j]`,
 *   a URL `package_source_override`) via `validateIndexUrl`; local paths absolute and NUL-free
 *   (`path_not_absolute`, `path_contains_nul`, …); with a `probe`, paths must exist
 *   (`path_not_found`), `python_executable` must be a file (`invalid_python_executable`), and
 *   `wheel_source_path` must be a directory or a `.whl` file (`invalid_path`).
 * Deterministic; no I/O beyond `probe`.
 * @example
 * validateOverridePatches([{ …, scope: 'requirement', requirement_name: 'Tiny_TTS', fields: {} }],
 *   [{ binding_id: 'tiny-tts-runtime', requirementNames: ['tiny-tts'] }])
 * // → [{ code: 'invalid_override', path: ['overrides', 0, 'fields'], … }]
 */
export function validateOverridePatches(
  patches: readonly DependencyOverridePatchV1[],
  bindings: readonly OverrideTarget[],
  probe?: PathProbe,
): StructuredError[] {
  const targets = new Map<string, ReadonlySet<string>>(
    bindings.map((b) => [b.binding_id, new Set(b.requirementNames.map(normalizePackageName))]),
  );
  return patches.flatMap((patch, i) => {
    const base: Path = ['overrides', i];
    const errors = validateTarget(patch, base, targets);
    const fields = patch.fields as Record<string, unknown>;
    if (!OVERRIDE_FIELD_NAMES.some((name) => fields[name] !== undefined)) {
      errors.push(
        structuredError(
          'invalid_override',
          `override sets no field; supported: ${OVERRIDE_FIELD_NAMES.join(', ')}`,
          [...base, 'fields'],
          'Remove the override or set at least one field.',
        ),
      );
      return errors;
    }
    return [...errors, ...validateFields(patch, base, probe)];
  });
}
