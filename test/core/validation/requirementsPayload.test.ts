import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import type { DependencyRequirementsV1 } from '../../../src/core/contracts/requirements.js';
import { validateRequirementsPayload } from '../../../src/core/validation/requirementsPayload.js';
import { requirementFixturePath } from '../../support/requirementFixtures.js';

const FIXTURE_NAMES = ['stable-audio.resolved.json', 'pytorch-llm.resolved.json', 'onnx-tts.needs-input.json'];

function loadFixture(name: string): DependencyRequirementsV1 {
  const parsed = parseDependencyRequirements(JSON.parse(readFileSync(requirementFixturePath(name), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

function payload(requirements: unknown[], bindingExtra: Record<string, unknown> = {}): DependencyRequirementsV1 {
  return {
    model_id: 'm',
    platform_key: 'linux-x86_64',
    dependency_contract_version: 1,
    validation_state: 'resolved',
    validation_errors: [],
    bindings: [
      {
        binding_id: 'b',
        profile_id: 'p',
        profile_version: 1,
        validation_state: 'resolved',
        validation_errors: [],
        requirements,
        ...bindingExtra,
      },
    ],
  } as DependencyRequirementsV1;
}

const torch = { kind: 'python_package', name: 'torch', exact_pin: '==2.5.1' };

describe('validateRequirementsPayload', () => {
  it.each(FIXTURE_NAMES)('finds no problem in the fixture %s', (name) => {
    expect(validateRequirementsPayload(loadFixture(name))).toEqual([]);
  });

  it('reports every problem of every requirement with its full path', () => {
    const errors = validateRequirementsPayload(
      payload([
        torch,
        { kind: 'python_package', name: 'ok-pkg', exact_pin: '>=1.0', index_url: 'ftp://mirror/simple' },
        {
          kind: 'python_package',
          name: '-e',
          exact_pin: '==1.0',
          hashes: ['sha256:xyz'],
          extra_index_urls: ['https://ok/simple', 'file:///a/../b'],
          markers: 'a\nb',
        },
      ]),
    );
    const summary = errors.map((e) => [e.code, e.path]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['invalid_pin', ['bindings', 0, 'requirements', 1, 'exact_pin']],
        ['url_scheme_not_allowed', ['bindings', 0, 'requirements', 1, 'index_url']],
        ['invalid_package_name', ['bindings', 0, 'requirements', 2, 'name']],
        ['path_traversal', ['bindings', 0, 'requirements', 2, 'extra_index_urls', 1]],
        ['invalid_payload', ['bindings', 0, 'requirements', 2, 'markers']],
        ['invalid_payload', ['bindings', 0, 'requirements', 2, 'hashes', 0]],
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('checks binding fields: env_id, profile_hash, python_executable_override, selector', () => {
    const errors = validateRequirementsPayload(
      payload([torch], {
        env_id: 'python-venv:../../x',
        profile_hash: 'nothex',
        python_executable_override: 'python3',
        platform_selector: ['linux-x86_64', 'a\u0000'],
      }),
    );
    expect(errors.map((e) => [e.code, e.path])).toEqual(
      expect.arrayContaining([
        ['invalid_env_id', ['bindings', 0, 'env_id']],
        ['invalid_payload', ['bindings', 0, 'profile_hash']],
        ['path_not_absolute', ['bindings', 0, 'python_executable_override']],
        ['invalid_payload', ['bindings', 0, 'platform_selector', 1]],
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('accepts blank optional fields as absent', () => {
    expect(
      validateRequirementsPayload(
        payload([{ ...torch, index_url: '', markers: null, source: '' }], { env_id: null, profile_hash: '' }),
      ),
    ).toEqual([]);
  });

  it('reports duplicate and empty binding ids', () => {
    const base = payload([torch]);
    const b = base.bindings[0]!;
    const errors = validateRequirementsPayload({ ...base, bindings: [b, { ...b }, { ...b, binding_id: '' }] });
    expect(errors.map((e) => e.path)).toEqual([
      ['bindings', 1, 'binding_id'],
      ['bindings', 2, 'binding_id'],
    ]);
  });

  it('lets provenance sources through but checks sources that look like wheels', () => {
    expect(validateRequirementsPayload(payload([{ ...torch, source: 'pumas registry entry 42' }]))).toEqual([]);
    expect(validateRequirementsPayload(payload([{ ...torch, source: 'https://example.org/project-page-not-a-wheel' }]))).toEqual(
      [],
    );
    expect(validateRequirementsPayload(payload([{ ...torch, source: '/opt/wheels/torch-2.5.1-py3-none-any.whl' }]))).toEqual([]);
    const [scheme] = validateRequirementsPayload(payload([{ ...torch, source: 'ftp://x/torch-2.5.1-py3-none-any.whl' }]));
    expect(scheme?.code).toBe('url_scheme_not_allowed');
    expect(scheme?.path).toEqual(['bindings', 0, 'requirements', 0, 'source']);
    expect(validateRequirementsPayload(payload([{ ...torch, source: 'wheels/torch-2.5.1-py3-none-any.whl' }]))[0]?.code).toBe(
      'path_not_absolute',
    );
  });

  it('reports non-conforming shapes instead of crashing', () => {
    expect(validateRequirementsPayload(null as unknown as DependencyRequirementsV1)[0]?.code).toBe('invalid_payload');
    expect(validateRequirementsPayload({ bindings: 'x' } as unknown as DependencyRequirementsV1).map((e) => e.path)).toEqual([
      ['bindings'],
    ]);
    const weird = validateRequirementsPayload(
      payload([null, { kind: 'conda', name: 7, exact_pin: [] }], { requirements: undefined }),
    );
    expect(weird).toEqual([]);
    const odd = validateRequirementsPayload(payload([null, { kind: 'conda', name: 7, exact_pin: [] }]));
    expect(odd.map((e) => e.path)).toEqual([
      ['bindings', 0, 'requirements', 0],
      ['bindings', 0, 'requirements', 1, 'kind'],
      ['bindings', 0, 'requirements', 1, 'name'],
      ['bindings', 0, 'requirements', 1, 'exact_pin'],
    ]);
  });
});
