/**
 * Which base interpreter an environment is built from: the binding's explicit `python_executable`,
 * else the `pantograph.pythonPath` setting when it satisfies `python_requires`, else the newest
 * interpreter the locator finds that does. Used by `EnvironmentService`.
 */
import type { MissingField } from '../contracts/environmentStatus.js';
import type { StructuredError } from '../errors/structuredError.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import type { ResolvedRequest } from './resolveRequest.js';
import type { InterpreterSelector } from './serviceTypes.js';

/** The chosen interpreter, or why none: `needsInput` (ask for `python_executable`) or an error. */
export type BaseInterpreterChoice =
  | { ok: true; facts: InterpreterFacts }
  | { ok: false; needsInput: boolean; errors: readonly StructuredError[]; missing: MissingField[] };

/**
 * Chooses the base interpreter for `resolved` (see the module comment). An explicit interpreter
 * that fails is an error (`needsInput: false`); finding none is a missing `python_executable` for
 * every binding (`needsInput: true`). Never throws.
 */
export async function selectBaseInterpreter(
  locator: InterpreterSelector,
  resolved: ResolvedRequest,
  defaultPythonPath: string | null | undefined,
): Promise<BaseInterpreterChoice> {
  const constraints = { pythonRequires: resolved.pythonRequires };
  if (resolved.explicitPython) {
    const chosen = await locator.select({ ...constraints, explicitPath: resolved.explicitPython });
    return chosen.ok ? { ok: true, facts: chosen.value } : { ok: false, needsInput: false, errors: chosen.errors, missing: [] };
  }
  if (defaultPythonPath) {
    const preferred = await locator.select({ ...constraints, explicitPath: defaultPythonPath });
    if (preferred.ok) return { ok: true, facts: preferred.value };
  }
  const chosen = await locator.select(constraints);
  if (chosen.ok) return { ok: true, facts: chosen.value };
  const reason = chosen.errors[0]?.message ?? 'no interpreter satisfies python_requires';
  const missing = resolved.bindings.map((b) => ({
    binding_id: b.binding_id,
    requirement_name: null,
    field: 'python_executable',
    reason,
  }));
  return { ok: false, needsInput: true, errors: chosen.errors, missing };
}
