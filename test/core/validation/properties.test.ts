import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DependencyRequirementsV1 } from '../../../src/core/contracts/requirements.js';
import { ALL_ERROR_CODES } from '../../../src/core/errors/errorCodes.js';
import type { StructuredError } from '../../../src/core/errors/structuredError.js';
import {
  validateEnvId,
  validateEnvironmentKey,
  validatePythonExecutable,
  validatePythonExecutableShape,
} from '../../../src/core/validation/identifiers.js';
import { validateAbsolutePathShape, validateExistingPath } from '../../../src/core/validation/paths.js';
import type { PathProbe } from '../../../src/core/validation/paths.js';
import {
  validateExactPin,
  validateHash,
  validateMarkers,
  validatePackageName,
  validatePythonRequires,
  validateText,
} from '../../../src/core/validation/requirementFields.js';
import { validateRequirementsPayload } from '../../../src/core/validation/requirementsPayload.js';
import { redactUrl, validateIndexUrl } from '../../../src/core/validation/urls.js';

const probe: PathProbe = { kind: (p) => (p.length % 3 === 0 ? 'file' : p.length % 3 === 1 ? 'directory' : 'missing') };

const VALIDATORS: Record<string, (value: string, path: readonly (string | number)[]) => StructuredError | undefined> = {
  validateIndexUrl,
  validateAbsolutePathShape,
  validateExistingPathFile: (v, p) => validateExistingPath(v, p, probe, 'file'),
  validatePackageName,
  validateExactPin,
  validateHash,
  validateMarkers,
  validatePythonRequires,
  validateText: (v, p) => validateText(v, p),
  validateEnvId,
  validateEnvironmentKey,
  validatePythonExecutableShape,
  validatePythonExecutable: (v, p) => validatePythonExecutable(v, p, probe),
};

/** Strings biased toward the characters validators care about, plus arbitrary Unicode. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      '/',
      '\\',
      '.',
      ':',
      '=',
      '+',
      '-',
      '%',
      '@',
      ' ',
      '\n',
      '\u0000',
      'a',
      'Z',
      '0',
      '9',
      'h',
      't',
      'p',
      's',
      'f',
      'w',
      'l',
      'C',
    ),
  }),
  fc.constantFrom('file:///a/../b', 'https://u:p@h/x.whl', '==1.0+local', 'sha256:', 'C:\\x', '\\\\srv\\share'),
);
const path = fc.array(fc.oneof(fc.string(), fc.nat()), { maxLength: 4 });

function expectWellFormed(error: StructuredError | undefined, expectedPath: readonly (string | number)[]): void {
  if (error === undefined) return;
  expect(ALL_ERROR_CODES).toContain(error.code);
  expect(typeof error.message).toBe('string');
  expect(error.path).toEqual(expectedPath);
}

describe('validator properties', () => {
  it.each(Object.keys(VALIDATORS))('%s never throws and every rejection carries a known code and the given path', (name) => {
    const validate = VALIDATORS[name]!;
    fc.assert(
      fc.property(nasty, path, (value, p) => {
        expectWellFormed(validate(value, p), p);
      }),
      { numRuns: 400 },
    );
  });

  it('redactUrl never throws and never keeps a password it was given', () => {
    fc.assert(
      fc.property(nasty, fc.stringMatching(/^[a-z0-9]{12,20}$/), (host, secret) => {
        redactUrl(host);
        expect(redactUrl(`https://user:${secret}@example.org/simple`)).not.toContain(secret);
      }),
    );
  });

  it('validateRequirementsPayload never throws on arbitrary values and every error has a code and a path', () => {
    const requirement = fc.record({
      kind: fc.oneof(fc.constant('python_package'), fc.anything()),
      name: fc.oneof(nasty, fc.anything()),
      exact_pin: fc.oneof(nasty, fc.anything()),
      index_url: fc.option(nasty),
      extra_index_urls: fc.oneof(fc.array(nasty, { maxLength: 3 }), fc.anything()),
      hashes: fc.option(fc.array(nasty, { maxLength: 3 })),
      markers: fc.option(nasty),
      source: fc.option(nasty),
    });
    const binding = fc.record({
      binding_id: fc.oneof(nasty, fc.anything()),
      profile_id: nasty,
      env_id: fc.option(nasty),
      platform_selector: fc.option(fc.oneof(nasty, fc.array(nasty, { maxLength: 3 }))),
      python_executable_override: fc.option(nasty),
      requirements: fc.oneof(fc.array(fc.oneof(requirement, fc.anything()), { maxLength: 4 }), fc.anything()),
    });
    const payload = fc.oneof(
      fc.record({
        model_id: nasty,
        platform_key: nasty,
        selected_binding_ids: fc.option(fc.array(nasty)),
        bindings: fc.array(fc.oneof(binding, fc.anything()), { maxLength: 3 }),
      }),
      fc.anything(),
    );
    fc.assert(
      fc.property(payload, (value) => {
        const errors = validateRequirementsPayload(value as unknown as DependencyRequirementsV1);
        for (const error of errors) {
          expect(ALL_ERROR_CODES).toContain(error.code);
          expect(Array.isArray(error.path)).toBe(true);
        }
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        if (isObject) for (const error of errors) expect(error.path.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
