/**
 * Property tests over the boundary: every exported validator in src/core/validation (discovered
 * from the modules, so a new one cannot escape) and the four contract parsers. Whatever the input
 * — arbitrary Unicode, lone surrogates, control characters, any JS value — nothing throws, and
 * every rejection carries a code from ALL_ERROR_CODES and a path array.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../../src/core/errors/errorCodes.js';
import type { StructuredError } from '../../src/core/errors/structuredError.js';
import * as identifiers from '../../src/core/validation/identifiers.js';
import * as limits from '../../src/core/validation/limits.js';
import * as paths from '../../src/core/validation/paths.js';
import * as requirementFields from '../../src/core/validation/requirementFields.js';
import * as requirementsPayload from '../../src/core/validation/requirementsPayload.js';
import * as urls from '../../src/core/validation/urls.js';
import type { PathProbe } from '../../src/core/validation/paths.js';
import type { DependencyRequirementsV1 } from '../../src/core/contracts/requirements.js';
import { parseDependencyRequirements } from '../../src/core/contracts/requirements.js';
import { parseOverridePatch } from '../../src/core/contracts/overridePatch.js';
import { parseEnvironmentRef } from '../../src/core/contracts/environmentRef.js';
import { parseEnvironmentStatus } from '../../src/core/contracts/environmentStatus.js';

type Path = readonly (string | number)[];
type Adapter = (value: unknown, path: Path) => StructuredError | readonly StructuredError[] | undefined;

const probes: PathProbe[] = [{ kind: () => 'file' }, { kind: () => 'directory' }, { kind: () => 'missing' }];
const probe: PathProbe = { kind: (p) => probes[p.length % 3]!.kind(p) };

/** How to call each exported validator with one untrusted value. */
const ADAPTERS: Record<string, Adapter> = {
  validateEnvId: (v, p) => identifiers.validateEnvId(v as string, p),
  validateEnvironmentKey: (v, p) => identifiers.validateEnvironmentKey(v as string, p),
  validatePythonExecutableShape: (v, p) => identifiers.validatePythonExecutableShape(v as string, p),
  validatePythonExecutable: (v, p) => identifiers.validatePythonExecutable(v as string, p, probe),
  validateLength: (v, p) => limits.validateLength(v as string, p, 16),
  validateAbsolutePathShape: (v, p) => paths.validateAbsolutePathShape(v as string, p),
  validateExistingPath: (v, p) => paths.validateExistingPath(v as string, p, probe, 'file'),
  validatePackageName: (v, p) => requirementFields.validatePackageName(v as string, p),
  validateExactPin: (v, p) => requirementFields.validateExactPin(v as string, p),
  validateHash: (v, p) => requirementFields.validateHash(v as string, p),
  validateMarkers: (v, p) => requirementFields.validateMarkers(v as string, p),
  validatePythonRequires: (v, p) => requirementFields.validatePythonRequires(v as string, p),
  validateText: (v, p) => requirementFields.validateText(v as string, p),
  validateIndexUrl: (v, p) => urls.validateIndexUrl(v as string, p),
  validateRequirementsPayload: (v) => requirementsPayload.validateRequirementsPayload(v as DependencyRequirementsV1),
};

const MODULES: Record<string, unknown>[] = [identifiers, limits, paths, requirementFields, requirementsPayload, urls];
const exportedValidators = MODULES.flatMap((m) =>
  Object.entries(m)
    .filter(([name, value]) => name.startsWith('validate') && typeof value === 'function')
    .map(([name]) => name),
);

/** Strings that stress validators: any UTF-16 (lone surrogates included), hostile alphabets, known traps. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '-',
      '=',
      ';',
      '|',
      '$',
      '(',
      ')',
      '`',
      '\n',
      '\r',
      '\u0000',
      '\u2028',
      '\u00a0',
      '/',
      '\\',
      '.',
      ':',
      '@',
      '%',
      'a',
      '1',
    ),
    maxLength: 60,
  }),
  fc.constantFrom(
    '--index-url=http://evil',
    '-e',
    '-r file',
    '==1.0;id',
    'file:///a/%2e%2e/b',
    'javascript:alert(1)',
    'C:\\Python\\python.exe',
    '\\\\?\\C:\\x',
    'a'.repeat(100_000),
  ),
);
const anyPath = fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.nat()), { maxLength: 4 });

function errorsOf(result: StructuredError | readonly StructuredError[] | undefined): readonly StructuredError[] {
  if (result === undefined) return [];
  return Array.isArray(result) ? (result as readonly StructuredError[]) : [result as StructuredError];
}

function expectWellFormed(errors: readonly StructuredError[]): void {
  for (const error of errors) {
    expect(ALL_ERROR_CODES).toContain(error.code);
    expect(typeof error.message).toBe('string');
    expect(Array.isArray(error.path)).toBe(true);
  }
}

describe('every exported validator', () => {
  it('is covered by this suite (a new validator must be added to the adapter table)', () => {
    expect([...exportedValidators].sort()).toEqual(Object.keys(ADAPTERS).sort());
  });

  it.each(Object.keys(ADAPTERS))('%s never throws on hostile strings and rejects with a known code and a path array', (name) => {
    const validate = ADAPTERS[name]!;
    fc.assert(
      fc.property(hostileString, anyPath, (value, p) => expectWellFormed(errorsOf(validate(value, p)))),
      { numRuns: 300 },
    );
  });

  it.each(Object.keys(ADAPTERS))('%s never throws on any JavaScript value', (name) => {
    const validate = ADAPTERS[name]!;
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withMap: true, withSet: true }), anyPath, (value, p) =>
        expectWellFormed(errorsOf(validate(value, p))),
      ),
      { numRuns: 200 },
    );
  });

  it('the helpers (redactUrl, preview, hasControlChars, hasWhitespace, isAbsolutePathShape) never throw on hostile strings', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        expect(typeof urls.redactUrl(value)).toBe('string');
        expect(limits.preview(value).length).toBeLessThanOrEqual(200);
        limits.hasControlChars(value);
        limits.hasWhitespace(value);
        paths.isAbsolutePathShape(value);
      }),
      { numRuns: 300 },
    );
  });
});

const PARSERS = { parseDependencyRequirements, parseOverridePatch, parseEnvironmentRef, parseEnvironmentStatus };
const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withBigInt: true,
    withNullPrototype: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withDate: true,
    withSparseArray: true,
  }),
  fc.dictionary(
    fc.constantFrom('contract_version', 'dependency_contract_version', 'bindings', 'fields', 'state', '__proto__', 'constructor'),
    fc.jsonValue(),
  ),
);

describe('the contract parsers', () => {
  it.each(Object.keys(PARSERS))(
    '%s never throws on arbitrary values and every rejection has a known code and a path array',
    (name) => {
      const parse = PARSERS[name as keyof typeof PARSERS] as (payload: unknown) => {
        ok: boolean;
        errors?: readonly StructuredError[];
      };
      fc.assert(
        fc.property(anyValue, (value) => {
          const result = parse(value);
          if (result.ok) return;
          expect(result.errors!.length).toBeGreaterThan(0);
          expectWellFormed(result.errors!);
          for (const e of result.errors!) expect(['invalid_payload', 'unsupported_contract_version']).toContain(e.code);
        }),
        { numRuns: 400 },
      );
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );
});
