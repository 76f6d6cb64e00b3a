import { describe, expect, it } from 'vitest';
import { computeEnvironmentKey } from '../../../src/core/domain/environmentKey.js';
import { buildEnvironmentKeyInput } from '../../../src/core/domain/environmentKeyInput.js';
import type { EnvironmentKeyContext } from '../../../src/core/domain/environmentKeyInput.js';
import type { EffectiveBinding } from '../../../src/core/domain/types.js';
import { applyOverrides } from '../../../src/core/overrides/applyOverrides.js';
import type { BindingWithRequirements } from '../../../src/core/overrides/applyOverrides.js';
import type { DependencyOverridePatchV1 } from '../../../src/core/contracts/overridePatch.js';
import { binding, loadFixture, normalized, patch, withRequirements } from './builders.js';

const CONTEXT: EnvironmentKeyContext = {
  platform_key: 'linux-x86_64',
  python_version: '3.12.3',
  installer: { name: 'pip', version: '24.2' },
};

function keyOf(bindings: readonly BindingWithRequirements[], patches: DependencyOverridePatchV1[] = []): string {
  const input = buildEnvironmentKeyInput(applyOverrides(bindings, patches), CONTEXT);
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  return computeEnvironmentKey(input.value).key;
}

describe('buildEnvironmentKeyInput', () => {
  it('collects env_ids, effective requirement sources and binding-level settings', () => {
    const effective = applyOverrides(withRequirements(loadFixture('onnx-tts.needs-input.json')), [
      patch({
        binding_id: 'tiny-tts-runtime',
        scope: 'requirement',
        requirement_name: 'Tiny-TTS',
        fields: { wheel_source_path: '/home/me/wheels' },
      }),
      patch({ binding_id: 'tiny-tts-runtime', fields: { python_executable: '/usr/bin/python3.12' } }),
    ]);
    const result = buildEnvironmentKeyInput(effective, CONTEXT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.environment_kind).toBe('python-venv');
    expect(result.value.env_ids).toEqual(['python-venv:tiny-tts-runtime:1:none:linux-x86_64:onnx-runtime']);
    expect(result.value.requirements).toEqual([
      {
        name: 'tiny-tts',
        exact_pin: '==0.3.0',
        hashes: [],
        markers: null,
        index_url: null,
        extra_index_urls: [],
        wheel_source: null,
        wheel_source_path: '/home/me/wheels',
        package_source_override: null,
      },
    ]);
    expect(result.value.overrides).toEqual([
      {
        binding_id: 'tiny-tts-runtime',
        python_executable: '/usr/bin/python3.12',
        index_url: null,
        extra_index_urls: null,
        wheel_source_path: null,
      },
    ]);
  });

  it('leaves a provenance-only source out of the key but keys a wheel source', () => {
    const withSource = (source: string | null): BindingWithRequirements[] => [
      {
        binding: binding('b'),
        requirements: [normalized('b', { name: 'pkg', exact_pin: '==1.0', index_url: 'https://i.example', source })],
      },
    ];
    const none = keyOf(withSource(null));
    expect(keyOf(withSource('https://example.org/project-page-not-a-wheel'))).toBe(none);
    expect(keyOf(withSource('git+https://github.com/org/pkg@v1.0'))).toBe(none);
    expect(keyOf(withSource('https://files.example/pkg-1.0-py3-none-any.whl'))).not.toBe(none);
  });

  it('does not depend on binding order and does depend on an applied override', () => {
    const a = { binding: binding('a'), requirements: [normalized('a', { name: 'numpy', exact_pin: '==2.1.0' })] };
    const b = { binding: binding('b'), requirements: [normalized('b', { name: 'Torch', exact_pin: '==2.5.1' })] };
    expect(keyOf([a, b])).toBe(keyOf([b, a]));
    expect(keyOf([a, b], [patch({ binding_id: 'a', fields: { index_url: 'https://mirror.example/simple' } })])).not.toBe(
      keyOf([a, b]),
    );
    expect(
      keyOf(
        [a, b],
        [
          patch({
            binding_id: 'b',
            scope: 'requirement',
            requirement_name: 'torch',
            fields: { package_source_override: '/t.whl' },
          }),
        ],
      ),
    ).not.toBe(keyOf([a, b]));
  });

  it('fails with no_dependency_bindings for an empty selection', () => {
    const result = buildEnvironmentKeyInput([], CONTEXT);
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'no_dependency_bindings' }] });
  });

  it('fails with env_id_missing per binding lacking an env_id', () => {
    const effective = applyOverrides(
      [
        { binding: binding('a'), requirements: [] },
        { binding: binding('b', { env_id: '  ' }), requirements: [] },
      ],
      [],
    );
    expect(buildEnvironmentKeyInput(effective, CONTEXT)).toMatchObject({
      ok: false,
      errors: [{ code: 'env_id_missing', path: ['bindings', 1, 'env_id'] }],
    });
  });

  it('fails with unsupported_environment_kind when kinds are missing or disagree', () => {
    const mixed: EffectiveBinding[] = applyOverrides(
      [
        { binding: binding('a'), requirements: [] },
        { binding: binding('b', { environment_kind: 'python' }), requirements: [] },
      ],
      [],
    );
    const mixedResult = buildEnvironmentKeyInput(mixed, CONTEXT);
    expect(mixedResult).toMatchObject({ ok: false, errors: [{ code: 'unsupported_environment_kind' }] });
    const missing = applyOverrides([{ binding: binding('a', { environment_kind: null }), requirements: [] }], []);
    expect(buildEnvironmentKeyInput(missing, CONTEXT)).toMatchObject({
      ok: false,
      errors: [{ code: 'unsupported_environment_kind' }],
    });
  });
});
