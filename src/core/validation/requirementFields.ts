/**
 * Validators for the fields of one requirement: package name, exact pin, hash, markers,
 * `python_requires`. Each returns the first problem as a {@link StructuredError} carrying the
 * given `path`, or `undefined`. Pure, no I/O; never throws, whatever the input string.
 */
import { valid, validRange } from '@renovatebot/pep440';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { LIMITS, hasControlChars, hasWhitespace, preview, validateLength } from './limits.js';

type Path = readonly (string | number)[];

/** PEP 508 distribution name: letters/digits at both ends, `.`, `_`, `-` inside. */
const PEP508_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
/** Characters a shell or an installer command line would interpret. */
const SHELL_METACHARACTERS = /[;&|`$<>(){}[\]!*?~'"\\#=,@%^+]/;

/**
 * `invalid_package_name` unless `value` is a PEP 508 name. Leading `-` (option injection),
 * whitespace, newlines, NUL, `;` and shell metacharacters are named in the message.
 * `string_too_long` beyond {@link LIMITS.packageName}.
 * @example validatePackageName('stable-audio-tools', ['name']) === undefined
 */
export function validatePackageName(value: string, path: Path): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_package_name', 'package name must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.packageName, 'package name');
  if (tooLong) return tooLong;
  if (PEP508_NAME.test(value)) return undefined;
  const why =
    value.length === 0
      ? 'is empty'
      : value.startsWith('-')
        ? 'starts with "-" (it would be read as an installer option)'
        : hasControlChars(value) || hasWhitespace(value)
          ? 'contains whitespace or control characters'
          : SHELL_METACHARACTERS.test(value)
            ? 'contains shell or specifier metacharacters'
            : 'is not a PEP 508 name (letters, digits, ".", "_", "-"; a letter or digit at both ends)';
  return structuredError('invalid_package_name', `package name ${preview(value)} ${why}`, path);
}

/**
 * `invalid_pin` unless `value` is exactly `==` followed by a valid PEP 440 version, with no
 * whitespace, wildcard, `===`, extra specifier, marker or anything else. Local versions
 * (`==2.5.1+cu121`) are exact pins. `string_too_long` beyond {@link LIMITS.pin}.
 * @example validateExactPin('==2.5.1+cu121', ['exact_pin']) === undefined
 */
export function validateExactPin(value: string, path: Path): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_pin', 'exact_pin must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.pin, 'exact_pin');
  if (tooLong) return tooLong;
  const hint = 'v1 requires exact pins such as ==2.5.1.';
  if (!value.startsWith('==') || value.startsWith('===')) {
    return structuredError('invalid_pin', `exact_pin ${preview(value)} is not of the form ==<version>`, path, hint);
  }
  const version = value.slice(2);
  if (version.length === 0 || hasWhitespace(version) || hasControlChars(version) || valid(version) === null) {
    return structuredError(
      'invalid_pin',
      `exact_pin ${preview(value)}: ${preview(version)} is not a valid PEP 440 version`,
      path,
      hint,
    );
  }
  return undefined;
}

const SHA256_HASH = /^sha256:[0-9a-f]{64}$/i;

/**
 * `invalid_payload` unless `value` is `sha256:<64 hex digits>` (any case; normalization
 * lowercases). `string_too_long` beyond {@link LIMITS.hash}.
 */
export function validateHash(value: string, path: Path): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_payload', 'hash must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.hash, 'hash');
  if (tooLong) return tooLong;
  if (SHA256_HASH.test(value)) return undefined;
  return structuredError('invalid_payload', `hash ${preview(value)} is not sha256:<64 hex digits>`, path);
}

/**
 * PEP 508 environment markers (`platform_system != "Darwin"`), checked for safety only — the
 * installer evaluates them: `invalid_payload` for newlines, NUL or other control characters,
 * `string_too_long` beyond {@link LIMITS.marker}.
 */
export function validateMarkers(value: string, path: Path): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_payload', 'markers must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.marker, 'markers');
  if (tooLong) return tooLong;
  if (hasControlChars(value))
    return structuredError('invalid_payload', `markers ${preview(value)} contain control characters`, path);
  return undefined;
}

/**
 * A PEP 440 specifier set such as `>=3.9,<3.13` (empty means any): `invalid_payload` when it does
 * not parse or has control characters, `string_too_long` beyond {@link LIMITS.pythonRequires}.
 */
export function validatePythonRequires(value: string, path: Path): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_payload', 'python_requires must be a string', path);
  const tooLong = validateLength(value, path, LIMITS.pythonRequires, 'python_requires');
  if (tooLong) return tooLong;
  if (value.trim() === '') return undefined;
  if (hasControlChars(value) || !safeValidRange(value.trim())) {
    return structuredError('invalid_payload', `python_requires ${preview(value)} is not a PEP 440 specifier set`, path);
  }
  return undefined;
}

function safeValidRange(spec: string): boolean {
  try {
    return validRange(spec);
  } catch {
    return false;
  }
}

/**
 * A free-text field (ids, keys, selectors, provenance): `string_too_long` beyond `max`,
 * `invalid_payload` for control characters (NUL and newlines included).
 */
export function validateText(value: string, path: Path, max: number = LIMITS.text, label = 'value'): StructuredError | undefined {
  if (typeof value !== 'string') return structuredError('invalid_payload', `${label} must be a string`, path);
  const tooLong = validateLength(value, path, max, label);
  if (tooLong) return tooLong;
  if (hasControlChars(value))
    return structuredError('invalid_payload', `${label} ${preview(value)} contains control characters`, path);
  return undefined;
}
