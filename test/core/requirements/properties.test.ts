import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BindingV1, RequirementV1 } from '../../../src/core/contracts/requirements.js';
import { ALL_ERROR_CODES } from '../../../src/core/errors/errorCodes.js';
import { normalizeBackendKey } from '../../../src/core/requirements/backendKey.js';
import { normalizeRequirement, normalizeRequirements } from '../../../src/core/requirements/normalize.js';
import { matchesPlatformSelector } from '../../../src/core/requirements/platform.js';
import { isWheelSource } from '../../../src/core/validation/wheelSource.js';

const text = fc.string({ unit: 'binary' });
const pin = fc.oneof(text, fc.constantFrom('==1.0', '==2.5.1+cu121', '==1.13.0a0+gitunknown', '==2.5.1', '==2.4.0'));
const name = fc.oneof(text, fc.constantFrom('torch', 'Torch', 'numpy', 'stable_audio.tools'));
const requirement: fc.Arbitrary<RequirementV1> = fc.record({
  kind: fc.constant('python_package' as const),
  name,
  exact_pin: pin,
  hashes: fc.option(fc.array(text, { maxLength: 2 })),
  markers: fc.option(text),
  source: fc.option(text),
});

describe('requirement properties', () => {
  it('isWheelSource, normalizeBackendKey and matchesPlatformSelector never throw', () => {
    fc.assert(
      fc.property(text, fc.oneof(text, fc.array(text)), (value, selector) => {
        expect(typeof isWheelSource(value)).toBe('boolean');
        normalizeBackendKey(value);
        expect(typeof matchesPlatformSelector(selector, value)).toBe('boolean');
      }),
    );
  });

  it('normalizeRequirement either succeeds with a canonical pin or fails with coded, located errors', () => {
    fc.assert(
      fc.property(requirement, (req) => {
        const result = normalizeRequirement(req, 'b');
        if (result.ok) {
          expect(result.value.exact_pin).toBe(`==${result.value.version}`);
          expect([...result.value.hashes].sort()).toEqual(result.value.hashes);
        } else {
          for (const error of result.errors) {
            expect(ALL_ERROR_CODES).toContain(error.code);
            expect(error.path.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('normalizeRequirements output is sorted by name then binding and independent of input order', () => {
    const binding: fc.Arbitrary<BindingV1> = fc.record({
      binding_id: fc.constantFrom('a', 'b', 'c'),
      profile_id: fc.constant('p'),
      profile_version: fc.constant(1),
      validation_state: fc.constant('resolved' as const),
      validation_errors: fc.constant([]),
      requirements: fc.array(requirement, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(binding, { maxLength: 3 }), (bindings) => {
        const forward = normalizeRequirements(bindings);
        const backward = normalizeRequirements([...bindings].reverse());
        expect(forward.ok).toBe(backward.ok);
        if (!forward.ok || !backward.ok) return;
        expect(forward.value).toEqual(backward.value);
        const keys = forward.value.map((r) => [r.name, r.binding_id] as const);
        const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
        expect(keys).toEqual(sorted);
      }),
      { numRuns: 200 },
    );
  });
});
