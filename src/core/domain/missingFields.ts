/**
 * Needs-user-input analysis: what must the user still provide before an environment can be
 * built from these effective bindings? Runs after the override merge and before any lock, key or
 * process. Pure and deterministic; no I/O (available interpreters are passed in).
 */
import type { MissingField } from '../contracts/environmentStatus.js';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { versionSatisfies } from '../requirements/pep440.js';
import type { EffectiveBinding, EffectiveRequirement } from './types.js';

/** Inputs of {@link analyzeMissingFields}. */
export interface MissingFieldsInput {
  /** Selected bindings with overrides applied (see `applyOverrides`). */
  readonly bindings: readonly EffectiveBinding[];
  /** The package index configured in settings/pip config, or `null` (offline / none). */
  readonly defaultIndexUrl: string | null;
  /** Versions (`3.12.3`) of the interpreters found on this machine; may be empty. */
  readonly availablePythonVersions: readonly string[];
}

/** What {@link analyzeMissingFields} found: fields to ask the user for, and hard errors. */
export interface MissingFieldsAnalysis {
  readonly missing_fields: MissingField[];
  readonly errors: StructuredError[];
}

function present(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** True when the requirement can be fetched from some index (its own, the binding's, or the default). */
export function hasEffectiveIndex(req: EffectiveRequirement, binding: EffectiveBinding, defaultIndexUrl: string | null): boolean {
  return (
    present(req.effective_index_url.effective) ||
    (req.effective_extra_index_urls.effective ?? []).some(present) ||
    present(binding.index_url.effective) ||
    (binding.extra_index_urls.effective ?? []).some(present) ||
    present(defaultIndexUrl)
  );
}

/** True when the requirement has a direct install source: a wheel path, a package source override or a wheel `source`. */
export function hasWheelSource(req: EffectiveRequirement): boolean {
  return (
    present(req.effective_wheel_source_path.effective) ||
    present(req.effective_package_source_override.effective) ||
    present(req.wheel_source)
  );
}

function installSourceEntries(binding: EffectiveBinding, req: EffectiveRequirement): MissingField[] {
  const reason =
    `${req.display_name} ${req.exact_pin} has no package index (no index_url or extra_index_urls, and no default index ` +
    `is configured) and no wheel source; set either index_url or wheel_source_path for ${req.display_name}`;
  return [
    { binding_id: binding.binding_id, requirement_name: req.name, field: 'index_url', reason },
    { binding_id: binding.binding_id, requirement_name: req.name, field: 'wheel_source_path', reason },
  ];
}

/** `>=3.8 (tiny-tts), <3.12 (foo)`: each distinct constraint with the packages that impose it. */
function describeConstraints(bindings: readonly EffectiveBinding[]): { specs: string[]; text: string } {
  const bySpec = new Map<string, string[]>();
  for (const binding of bindings) {
    for (const req of binding.requirements) {
      const spec = req.python_requires?.trim();
      if (!spec) continue;
      const names = bySpec.get(spec) ?? [];
      if (!names.includes(req.name)) names.push(req.name);
      bySpec.set(spec, names);
    }
  }
  const specs = [...bySpec.keys()].sort();
  return { specs, text: specs.map((spec) => `${spec} (${(bySpec.get(spec) ?? []).join(', ')})`).join(', ') };
}

function pythonEntries(input: MissingFieldsInput): MissingField[] {
  const { bindings, availablePythonVersions } = input;
  // One environment serves every selected binding, so a python_executable on any of them picks
  // the interpreter; the service then checks its version (python_version_unsatisfiable).
  if (bindings.length === 0 || bindings.some((b) => present(b.python_executable.effective))) return [];
  const { specs, text } = describeConstraints(bindings);
  const satisfied = availablePythonVersions.some((version) => specs.every((spec) => versionSatisfies(version, spec)));
  if (satisfied) return [];
  const found =
    availablePythonVersions.length > 0
      ? `the available interpreters (${availablePythonVersions.join(', ')})`
      : 'no Python interpreter was found, so nothing';
  const reason =
    specs.length > 0
      ? `${found} satisfies python_requires ${text}; set python_executable to an interpreter that does`
      : `${found} is available to build the environment; set python_executable`;
  return bindings.map((b) => ({ binding_id: b.binding_id, requirement_name: null, field: 'python_executable', reason }));
}

/**
 * Decides what the user must still provide. Rules:
 * - a binding without `env_id` → error `env_id_missing` at `['bindings', i, 'env_id']`
 *   (`i` indexes `input.bindings`);
 * - a requirement with no effective index (its own or the binding's `index_url` /
 *   `extra_index_urls`, or `defaultIndexUrl`) and no wheel source (effective `wheel_source_path`,
 *   `package_source_override`, or a wheel `source`) → **two** missing fields, `index_url` and
 *   `wheel_source_path`, sharing one reason that names both options: either one resolves it, and
 *   the UI can offer both inputs side by side;
 * - when no binding has an effective `python_executable` and no available interpreter satisfies
 *   every `python_requires` of every selected requirement together (one environment serves all
 *   bindings) → a `python_executable` missing field for each binding, the reason naming the
 *   constraints and the packages imposing them. An empty `availablePythonVersions` is reported the
 *   same way.
 *
 * Output order: bindings in input order, their requirements in order, then the
 * `python_executable` entries. Pure, deterministic, no I/O.
 * @example
 * // onnx-tts.needs-input.json, defaultIndexUrl null, no overrides →
 * // missing_fields: [{ binding_id: 'tiny-tts-runtime', requirement_name: 'tiny-tts', field: 'index_url', … },
 * //                  { …, field: 'wheel_source_path', … }]
 */
export function analyzeMissingFields(input: MissingFieldsInput): MissingFieldsAnalysis {
  const missing_fields: MissingField[] = [];
  const errors: StructuredError[] = [];
  input.bindings.forEach((binding, i) => {
    if (!present(binding.env_id)) {
      errors.push(
        structuredError(
          'env_id_missing',
          `binding ${binding.binding_id} has no env_id: the model library did not resolve it`,
          ['bindings', i, 'env_id'],
          'Re-resolve the model in the model library, or select a resolved binding.',
        ),
      );
    }
    for (const req of binding.requirements) {
      if (!hasEffectiveIndex(req, binding, input.defaultIndexUrl) && !hasWheelSource(req))
        missing_fields.push(...installSourceEntries(binding, req));
    }
  });
  missing_fields.push(...pythonEntries(input));
  return { missing_fields, errors };
}
