import { describe, expect, it } from 'vitest';
import type { EffectiveBinding, EffectiveRequirement, EffectiveValue } from '../../../src/core/domain/types.js';
import { installPlanFromBindings, isWheelFile } from '../../../src/core/provision/installPlan.js';

function value<T>(base: T | undefined, override?: T): EffectiveValue<T> {
  const effective = override ?? base;
  return { base, override, effective, provenance: override !== undefined ? 'override' : base !== undefined ? 'base' : 'none' };
}
function requirement(name: string, version: string, extra: Partial<EffectiveRequirement> = {}): EffectiveRequirement {
  return {
    binding_id: 'b1',
    name,
    display_name: name,
    version,
    exact_pin: `==${version}`,
    hashes: [],
    markers: null,
    python_requires: null,
    index_url: null,
    extra_index_urls: [],
    source: null,
    wheel_source: null,
    effective_index_url: value<string>(undefined),
    effective_extra_index_urls: value<readonly string[]>(undefined),
    effective_wheel_source_path: value<string>(undefined),
    effective_package_source_override: value<string>(undefined),
    ...extra,
  };
}
function binding(requirements: EffectiveRequirement[], extra: Partial<EffectiveBinding> = {}): EffectiveBinding {
  return {
    binding_id: 'b1',
    profile_id: 'p',
    profile_version: 1,
    env_id: null,
    environment_kind: 'python-venv',
    backend_key: null,
    python_executable: value<string>(undefined),
    index_url: value<string>(undefined),
    extra_index_urls: value<readonly string[]>(undefined),
    wheel_source_path: value<string>(undefined),
    requirements,
    ...extra,
  };
}

describe('installPlanFromBindings', () => {
  it('resolves the index from the requirement first, then the binding, leaving the default to the plan', () => {
    const plan = installPlanFromBindings(
      [
        binding(
          [
            requirement('a', '1', { effective_index_url: value('https://req.example', 'https://req-override.example') }),
            requirement('b', '2'),
          ],
          { index_url: value('https://binding.example') },
        ),
        binding([requirement('c', '3')]),
      ],
      'https://default.example',
    );
    expect(plan.defaultIndexUrl).toBe('https://default.example');
    expect(plan.requirements.map((r) => [r.name, r.indexUrl])).toEqual([
      ['a', 'https://req-override.example'],
      ['b', 'https://binding.example'],
      ['c', null],
    ]);
  });

  it('applies a binding wheel directory to all its requirements but a binding .whl only to the matching package', () => {
    const dirPlan = installPlanFromBindings(
      [binding([requirement('a', '1'), requirement('b', '1')], { wheel_source_path: value('/w dir') })],
      null,
    );
    expect(dirPlan.requirements.map((r) => r.wheelSourcePath)).toEqual(['/w dir', '/w dir']);
    const filePlan = installPlanFromBindings(
      [
        binding([requirement('stable-audio', '1'), requirement('b', '1')], {
          wheel_source_path: value('/w/stable_audio-1-py3-none-any.whl'),
        }),
      ],
      null,
    );
    expect(filePlan.requirements.map((r) => r.wheelSourcePath)).toEqual(['/w/stable_audio-1-py3-none-any.whl', null]);
  });

  it('carries the package source override, the producer wheel, markers and hashes', () => {
    const [r] = installPlanFromBindings(
      [
        binding([
          requirement('a', '1', {
            markers: 'os_name == "nt"',
            hashes: ['sha256:00'],
            wheel_source: 'https://x/a.whl',
            effective_package_source_override: value<string>(undefined, '/p/a-1-py3-none-any.whl'),
          }),
        ]),
      ],
      null,
    ).requirements;
    expect(r).toMatchObject({
      markers: 'os_name == "nt"',
      hashes: ['sha256:00'],
      wheelSource: 'https://x/a.whl',
      packageSourceOverride: '/p/a-1-py3-none-any.whl',
    });
  });
});

describe('isWheelFile', () => {
  it('recognizes .whl paths and URLs, ignoring query strings', () => {
    expect(isWheelFile('/a/b-1-py3-none-any.WHL')).toBe(true);
    expect(isWheelFile('https://x/b-1-py3-none-any.whl?token=1')).toBe(true);
    expect(isWheelFile('/a/wheels')).toBe(false);
  });
});
