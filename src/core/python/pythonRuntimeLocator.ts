/**
 * Finding the base interpreter an environment is built from. One interface, a POSIX and a
 * Windows implementation (see `createPythonLocator`); the selection rule lives here, once.
 */
import { fail, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { versionSatisfies } from '../requirements/pep440.js';
import type { InterpreterFacts } from './interpreterFacts.js';

/**
 * The oldest Python Pantograph builds environments from: validation reads `importlib.metadata`
 * (3.8+). Applied by {@link selectInterpreter} on top of the caller's `python_requires`.
 */
export const MINIMUM_PYTHON_SPECIFIER = '>=3.8';

/** What the caller asks for. */
export interface PythonConstraints {
  /** PEP 440 specifier sets (`>=3.12,<3.13`); the interpreter must satisfy every one. */
  readonly pythonRequires: readonly string[];
  /** An interpreter chosen by the user (override or setting); when given, nothing else is considered. */
  readonly explicitPath?: string | null;
}

/** Locates, probes and selects Python interpreters. */
export interface PythonRuntimeLocator {
  /** Every interpreter path worth probing, most preferred first, without duplicates. No process on POSIX. */
  candidates(): Promise<string[]>;
  /** Facts for `executable` (cached by path + mtime + size); see `probeInterpreter`. */
  probe(executable: string, signal?: AbortSignal): Promise<Result<InterpreterFacts>>;
  /** The preferred interpreter satisfying `constraints`; see {@link selectInterpreter}. */
  select(constraints: PythonConstraints, signal?: AbortSignal): Promise<Result<InterpreterFacts>>;
}

/** A group of candidates, produced lazily so selection can stop before costly sources. */
export type CandidateSource = () => Promise<readonly string[]>;

/**
 * The selection rule shared by every platform:
 * - with `explicitPath`, that interpreter or an error: `python_version_unsatisfiable` naming the
 *   unmet specifiers and the version found (probe errors pass through);
 * - otherwise the first candidate, in source order, that is a base interpreter (not a virtual
 *   environment) satisfying {@link MINIMUM_PYTHON_SPECIFIER} and every `pythonRequires`;
 *   nothing usable at all → `python_runtime_unavailable`; interpreters found but none satisfying
 *   → `python_version_unsatisfiable` listing the versions found.
 * A cancelled probe ends the search with `cancelled`.
 */
export async function selectInterpreter(
  constraints: PythonConstraints,
  sources: readonly CandidateSource[],
  probe: (executable: string, signal?: AbortSignal) => Promise<Result<InterpreterFacts>>,
  signal?: AbortSignal,
): Promise<Result<InterpreterFacts>> {
  const specifiers = [MINIMUM_PYTHON_SPECIFIER, ...constraints.pythonRequires.filter((s) => s.trim() !== '')];
  const unmet = (facts: InterpreterFacts): string[] => specifiers.filter((s) => !versionSatisfies(facts.version, s));

  if (constraints.explicitPath) {
    const probed = await probe(constraints.explicitPath, signal);
    if (!probed.ok) return probed;
    const missing = unmet(probed.value);
    if (missing.length === 0) return probed;
    return fail(
      structuredError(
        'python_version_unsatisfiable',
        `Python ${probed.value.version} at ${probed.value.executable} does not satisfy ${missing.join(' and ')}`,
        [],
        'Choose another interpreter or relax python_requires.',
      ),
    );
  }

  const seen = new Set<string>();
  const found: InterpreterFacts[] = [];
  for (const source of sources) {
    for (const executable of await source()) {
      if (seen.has(executable)) continue;
      seen.add(executable);
      const probed = await probe(executable, signal);
      if (!probed.ok) {
        if (probed.errors.some((e) => e.code === 'cancelled')) return probed;
        continue;
      }
      if (probed.value.prefix !== probed.value.basePrefix) continue;
      found.push(probed.value);
      if (unmet(probed.value).length === 0) return probed;
    }
  }
  if (found.length === 0) {
    return fail(
      structuredError(
        'python_runtime_unavailable',
        'No Python interpreter was found on this machine',
        [],
        'Install Python 3 or set the interpreter path explicitly.',
      ),
    );
  }
  const versions = found.map((f) => `${f.version} (${f.executable})`).join(', ');
  return fail(
    structuredError(
      'python_version_unsatisfiable',
      `No Python interpreter satisfies ${specifiers.join(' and ')}; found ${versions}`,
      [],
      'Install a matching Python (for example with pyenv) or set the interpreter path explicitly.',
    ),
  );
}
