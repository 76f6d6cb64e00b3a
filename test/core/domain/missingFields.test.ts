import { describe, expect, it } from 'vitest';
import { MissingFieldSchema } from '../../../src/core/contracts/environmentStatus.js';
import { analyzeMissingFields } from '../../../src/core/domain/missingFields.js';
import { applyOverrides } from '../../../src/core/overrides/applyOverrides.js';
import { binding, loadFixture, normalized, patch, withRequirements } from './builders.js';

const PYTHONS = ['3.10.12', '3.12.3'];

describe('analyzeMissingFields', () => {
  it('asks for an index_url or wheel_source_path for tiny-tts in the needs-input fixture when offline', () => {
    const effective = applyOverrides(withRequirements(loadFixture('onnx-tts.needs-input.json')), []);
    const result = analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: PYTHONS });
    expect(result.errors).toEqual([]);
    expect(
      result.missing_fields.map(({ binding_id, requirement_name, field }) => ({ binding_id, requirement_name, field })),
    ).toEqual([
      { binding_id: 'tiny-tts-runtime', requirement_name: 'tiny-tts', field: 'index_url' },
      { binding_id: 'tiny-tts-runtime', requirement_name: 'tiny-tts', field: 'wheel_source_path' },
    ]);
    for (const entry of result.missing_fields) {
      expect(entry.reason).toContain('index_url');
      expect(entry.reason).toContain('wheel_source_path');
      expect(entry.reason).toContain('tiny_tts');
      expect(MissingFieldSchema.safeParse(entry).success).toBe(true);
    }
  });

  it('reports nothing for the fixture once a wheel_source_path override points at a wheel directory', () => {
    const effective = applyOverrides(withRequirements(loadFixture('onnx-tts.needs-input.json')), [
      patch({
        binding_id: 'tiny-tts-runtime',
        scope: 'requirement',
        requirement_name: 'tiny_tts',
        fields: { wheel_source_path: '/home/me/wheels' },
      }),
    ]);
    expect(analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: PYTHONS })).toEqual({
      missing_fields: [],
      errors: [],
    });
  });

  it('is satisfied by a binding-scope index override, a default index, or a wheel source on the requirement', () => {
    const payload = withRequirements(loadFixture('onnx-tts.needs-input.json'));
    const withBindingIndex = applyOverrides(payload, [
      patch({ binding_id: 'tiny-tts-runtime', fields: { index_url: 'https://mirror.example/simple' } }),
    ]);
    expect(
      analyzeMissingFields({ bindings: withBindingIndex, defaultIndexUrl: null, availablePythonVersions: PYTHONS })
        .missing_fields,
    ).toEqual([]);

    const plain = applyOverrides(payload, []);
    expect(
      analyzeMissingFields({ bindings: plain, defaultIndexUrl: 'https://pypi.org/simple', availablePythonVersions: PYTHONS })
        .missing_fields,
    ).toEqual([]);

    const wheel = normalized('w', {
      name: 'tiny_tts',
      exact_pin: '==0.3.0',
      source: 'https://files.example/tiny_tts-0.3.0-py3-none-any.whl',
    });
    const withWheel = applyOverrides([{ binding: binding('w'), requirements: [wheel] }], []);
    expect(
      analyzeMissingFields({ bindings: withWheel, defaultIndexUrl: null, availablePythonVersions: PYTHONS }).missing_fields,
    ).toEqual([]);
  });

  it('counts extra index urls and package_source_override as install sources', () => {
    const extra = normalized('b', { name: 'a', exact_pin: '==1.0', extra_index_urls: ['https://extra.example/simple'] });
    const plain = normalized('b', { name: 'pkg', exact_pin: '==1.0' });
    const effective = applyOverrides(
      [{ binding: binding('b'), requirements: [extra, plain] }],
      [
        patch({
          binding_id: 'b',
          scope: 'requirement',
          requirement_name: 'PKG',
          fields: { package_source_override: '/src/pkg-1.0-py3-none-any.whl' },
        }),
      ],
    );
    expect(
      analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: PYTHONS }).missing_fields,
    ).toEqual([]);
  });

  it('reports env_id_missing for each binding without an env_id, with its path', () => {
    const effective = applyOverrides(
      [
        { binding: binding('ok'), requirements: [] },
        { binding: binding('unresolved', { env_id: null }), requirements: [] },
      ],
      [],
    );
    const { errors } = analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: PYTHONS });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'env_id_missing', path: ['bindings', 1, 'env_id'] });
    expect(errors[0]?.message).toContain('unresolved');
  });

  it('asks for python_executable when no available interpreter satisfies every python_requires together', () => {
    const reqs = [
      normalized('b', { name: 'new_lib', exact_pin: '==1.0', python_requires: '>=3.11', index_url: 'https://i.example' }),
      normalized('b', { name: 'old_lib', exact_pin: '==1.0', python_requires: '<3.11', index_url: 'https://i.example' }),
    ];
    const effective = applyOverrides([{ binding: binding('b'), requirements: reqs }], []);
    const { missing_fields } = analyzeMissingFields({
      bindings: effective,
      defaultIndexUrl: null,
      availablePythonVersions: PYTHONS,
    });
    expect(missing_fields).toHaveLength(1);
    expect(missing_fields[0]).toMatchObject({ binding_id: 'b', field: 'python_executable' });
    expect(missing_fields[0]?.reason).toContain('<3.11 (old-lib)');
    expect(missing_fields[0]?.reason).toContain('>=3.11 (new-lib)');
    expect(missing_fields[0]?.reason).toContain('3.12.3');
  });

  it('does not ask for python_executable when one interpreter satisfies every constraint', () => {
    const reqs = [
      normalized('b', { name: 'x', exact_pin: '==1.0', python_requires: '>=3.12,<3.13', index_url: 'https://i.example' }),
    ];
    const effective = applyOverrides([{ binding: binding('b'), requirements: reqs }], []);
    expect(
      analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: PYTHONS }).missing_fields,
    ).toEqual([]);
    expect(
      analyzeMissingFields({
        bindings: effective,
        defaultIndexUrl: null,
        availablePythonVersions: ['3.10.12'],
      }).missing_fields.map((m) => m.field),
    ).toEqual(['python_executable']);
  });

  it('does not ask for python_executable once any binding has one overridden', () => {
    const reqs = [normalized('b', { name: 'x', exact_pin: '==1.0', python_requires: '>=3.14', index_url: 'https://i.example' })];
    const effective = applyOverrides(
      [{ binding: binding('b'), requirements: reqs }],
      [patch({ binding_id: 'b', fields: { python_executable: '/opt/python3.14/bin/python3' } })],
    );
    expect(
      analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: PYTHONS }).missing_fields,
    ).toEqual([]);
  });

  it('asks for python_executable when no interpreter is available at all', () => {
    const effective = applyOverrides([{ binding: binding('b'), requirements: [] }], []);
    const { missing_fields } = analyzeMissingFields({ bindings: effective, defaultIndexUrl: null, availablePythonVersions: [] });
    expect(missing_fields.map((m) => m.field)).toEqual(['python_executable']);
    expect(missing_fields[0]?.reason).toContain('no Python interpreter');
  });
});
