/**
 * Validators for identifiers that end up in file names, lock names and logs: `env_id`,
 * `environment_key`, and the python executable path. Pure except that existence checks go
 * through an injected {@link PathProbe}. Never throw.
 */
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { LIMITS, hasControlChars, hasWhitespace, preview, validateLength } from './limits.js';
import { probeKind, validateAbsolutePathShape } from './paths.js';
import type { PathProbe } from './paths.js';

type Path = readonly (string | number)[];

/**
 * `invalid_env_id` when `value` is empty or contains `/`, `\`, `..`, NUL, control characters or
 * whitespace; `string_too_long` beyond {@link LIMITS.envId}. Colons are fine
 * (`python-venv:tiny-tts-runtime:1:none:linux-x86_64:onnx-runtime`).
 */
export function validateEnvId(value: string, path: Path): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_env_id', 'env_id must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.envId, 'env_id');
  if (tooLong) return tooLong;
  const why =
    value.length === 0
      ? 'is empty'
      : value.includes('/') || value.includes('\\')
        ? 'contains a path separator'
        : value.includes('..')
          ? 'contains ".."'
          : hasControlChars(value) || hasWhitespace(value)
            ? 'contains whitespace or control characters'
            : undefined;
  return why === undefined ? undefined : structuredError('invalid_env_id', `env_id ${preview(value)} ${why}`, path);
}

const ENVIRONMENT_KEY = /^(?:[0-9a-f]{20}|[0-9a-f]{64})$/;

/**
 * `invalid_environment_key` unless `value` is lowercase hex of length 20 (the short form used
 * in paths) or 64 (the full sha256).
 */
export function validateEnvironmentKey(value: string, path: Path): StructuredError | undefined {
  if (typeof value === 'string' && ENVIRONMENT_KEY.test(value)) return undefined;
  const shown = typeof value === 'string' ? preview(value) : typeof value;
  return structuredError('invalid_environment_key', `environment key ${shown} is not 20 or 64 lowercase hex digits`, path);
}

/**
 * Shape of a python executable path: absolute (POSIX or Windows), NUL-free, no control
 * characters, within {@link LIMITS.path}. Same codes as {@link validateAbsolutePathShape}.
 */
export function validatePythonExecutableShape(value: string, path: Path): StructuredError | undefined {
  return validateAbsolutePathShape(value, path);
}

/**
 * Shape, then existence through `probe`: `path_not_found` when nothing is there,
 * `invalid_python_executable` when it is a directory. Whether it actually runs is checked by the
 * interpreter probe elsewhere (it needs a process).
 */
export function validatePythonExecutable(value: string, path: Path, probe: PathProbe): StructuredError | undefined {
  const shape = validatePythonExecutableShape(value, path);
  if (shape) return shape;
  const kind = probeKind(probe, value, path);
  if (typeof kind !== 'string') return kind;
  if (kind === 'missing') return structuredError('path_not_found', `python executable ${preview(value)} does not exist`, path);
  if (kind === 'directory') {
    return structuredError(
      'invalid_python_executable',
      `python executable ${preview(value)} is a directory`,
      path,
      'Point at the interpreter file, e.g. .../bin/python3 or ...\\python.exe.',
    );
  }
  return undefined;
}
