import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import { ModelManifestSchema } from '../../../src/core/library/modelManifest.js';
import { canonicalJson, profileHash, resolveModelRequirements } from '../../../src/core/library/resolveModelRequirements.js';
import { buildPumaLibOutputs } from '../../../src/core/library/pumaLibOutputs.js';

const torchProfile = {
  profile_id: 'torch-runtime',
  profile_version: 3,
  environment_kind: 'python-venv',
  requirements: [
    { name: 'torch', exact_pin: '==2.5.1', index_url: 'https://download.pytorch.org/whl/cpu' },
    { kind: 'python_package', name: 'numpy', exact_pin: '== 1.26.4', markers: 'python_version >= "3.9"' },
  ],
};
const onnxProfile = {
  profile_id: 'onnx-runtime',
  profile_version: 1,
  environment_kind: 'python-venv',
  requirements: [{ name: 'onnxruntime', exact_pin: '==1.19.2' }],
};

function manifest(overrides: Record<string, unknown> = {}) {
  return ModelManifestSchema.parse({
    model_id: 'llm/example/tiny',
    display_name: 'Tiny',
    model_type: 'llm',
    task_type_primary: 'text-generation',
    backend_key: 'torch',
    inference_settings: {},
    dependencies: {
      profiles: [torchProfile, onnxProfile],
      bindings: [
        {
          binding_id: 'torch-linux',
          profile_id: 'torch-runtime',
          backend_key: 'pytorch',
          platform_selector: 'linux-x86_64|linux-aarch64',
        },
        { binding_id: 'torch-mac', profile_id: 'torch-runtime', backend_key: 'torch', platform_selector: ['macos-aarch64'] },
        { binding_id: 'onnx-any', profile_id: 'onnx-runtime', backend_key: 'onnx_runtime', platform_selector: '*' },
      ],
    },
    ...overrides,
  });
}

describe('resolveModelRequirements', () => {
  it('selects bindings by normalized backend alias and platform selector', () => {
    const linux = resolveModelRequirements(manifest(), { platformKey: 'linux-x86_64' });
    expect(linux.backend_key).toBe('pytorch');
    expect(linux.selected_binding_ids).toEqual(['torch-linux']);
    const mac = resolveModelRequirements(manifest(), { platformKey: 'macos-aarch64', backendKey: 'torch' });
    expect(mac.selected_binding_ids).toEqual(['torch-mac']);
    const onnx = resolveModelRequirements(manifest(), { platformKey: 'windows-x86_64', backendKey: 'onnxruntime' });
    expect(onnx.backend_key).toBe('onnx-runtime');
    expect(onnx.selected_binding_ids).toEqual(['onnx-any']);
  });

  it('builds env_id from kind, profile, version, canonical profile hash, platform and backend', () => {
    const result = resolveModelRequirements(manifest(), { platformKey: 'linux-x86_64' });
    const binding = result.bindings[0]!;
    const expectedHash = createHash('sha256').update(canonicalJson(torchProfile)).digest('hex');
    expect(binding.profile_hash).toBe(expectedHash);
    expect(binding.env_id).toBe(`python-venv:torch-runtime:3:${expectedHash}:linux-x86_64:pytorch`);
    expect(binding.validation_state).toBe('resolved');
    expect(result.validation_state).toBe('resolved');
  });

  it('hashes profiles independently of key order', () => {
    const reordered = {
      requirements: torchProfile.requirements,
      environment_kind: 'python-venv',
      profile_version: 3,
      profile_id: 'torch-runtime',
    };
    expect(profileHash(reordered)).toBe(profileHash(torchProfile));
    expect(profileHash({ ...torchProfile, profile_version: 4 })).not.toBe(profileHash(torchProfile));
  });

  it('uses "any" in env_id for a binding without a backend and fills requirement defaults', () => {
    const m = manifest({
      dependencies: {
        profiles: [onnxProfile],
        bindings: [{ binding_id: 'generic', profile_id: 'onnx-runtime', backend_key: null, platform_selector: null }],
      },
    });
    const result = resolveModelRequirements(m, { platformKey: 'linux-x86_64' });
    expect(result.bindings[0]!.env_id).toMatch(/^python-venv:onnx-runtime:1:[0-9a-f]{64}:linux-x86_64:any$/);
    expect(result.bindings[0]!.requirements[0]).toMatchObject({
      kind: 'python_package',
      name: 'onnxruntime',
      exact_pin: '==1.19.2',
      extra_index_urls: [],
      hashes: [],
      source: null,
    });
  });

  it('marks a binding whose profile is not declared unknown_profile and carries it to the top level', () => {
    const m = manifest({
      dependencies: {
        profiles: [torchProfile],
        bindings: [
          { binding_id: 'a-good', profile_id: 'torch-runtime', backend_key: 'pytorch' },
          { binding_id: 'b-missing', profile_id: 'ghost', backend_key: 'pytorch' },
        ],
      },
    });
    const result = resolveModelRequirements(m, { platformKey: 'linux-x86_64' });
    expect(result.validation_state).toBe('unknown_profile');
    expect(result.selected_binding_ids).toEqual(['a-good', 'b-missing']);
    const missing = result.bindings.find((b) => b.binding_id === 'b-missing')!;
    expect(missing.validation_state).toBe('unknown_profile');
    expect(missing.env_id).toBeNull();
    expect(missing.validation_errors[0]).toMatchObject({ code: 'unknown_profile', scope: 'binding', binding_id: 'b-missing' });
  });

  it('marks a malformed profile invalid_profile, which is worse than unknown_profile', () => {
    const m = manifest({
      dependencies: {
        profiles: [
          {
            profile_id: 'bad',
            profile_version: 1,
            environment_kind: 'python-venv',
            requirements: [{ name: 'torch', exact_pin: '>=2' }],
          },
        ],
        bindings: [
          { binding_id: 'bad-binding', profile_id: 'bad', backend_key: 'pytorch' },
          { binding_id: 'missing-binding', profile_id: 'ghost', backend_key: 'pytorch' },
        ],
      },
    });
    const result = resolveModelRequirements(m, { platformKey: 'linux-x86_64' });
    expect(result.validation_state).toBe('invalid_profile');
    const bad = result.bindings.find((b) => b.binding_id === 'bad-binding')!;
    expect(bad.validation_state).toBe('invalid_profile');
    expect(bad.validation_errors[0]?.field).toBe('profile.requirements.0.exact_pin');
    expect(bad.env_id).toBeNull();
  });

  it('reports no matching binding at the top level when the platform is not served', () => {
    const result = resolveModelRequirements(manifest(), { platformKey: 'windows-x86_64' });
    expect(result.bindings).toEqual([]);
    expect(result.selected_binding_ids).toEqual([]);
    expect(result.validation_errors[0]).toMatchObject({ code: 'no_matching_binding', scope: 'top_level' });
  });

  it('emits payloads that the DependencyRequirementsV1 parser accepts unchanged', () => {
    for (const platformKey of ['linux-x86_64', 'macos-aarch64', 'windows-x86_64']) {
      const payload = resolveModelRequirements(manifest(), { platformKey });
      const parsed = parseDependencyRequirements(JSON.parse(JSON.stringify(payload)));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.value).toEqual(JSON.parse(JSON.stringify(payload)));
    }
  });
});

describe('buildPumaLibOutputs', () => {
  it('emits the model folder, settings and requirements for the puma-lib ports', () => {
    const m = manifest({ inference_settings: { max_new_tokens: 8 } });
    const outputs = buildPumaLibOutputs(
      {
        model_id: m.model_id,
        folder: '/lib/tiny',
        manifest_path: '/lib/tiny/pantograph-model.json',
        manifest: m,
        weights_paths: [],
      },
      { platformKey: 'linux-x86_64' },
    );
    expect(outputs.model_path).toBe('/lib/tiny');
    expect(outputs.backend_key).toBe('pytorch');
    expect(outputs.selected_binding_ids).toEqual(['torch-linux']);
    expect(outputs.platform_context).toEqual({ platform_key: 'linux-x86_64', backend_key: 'pytorch' });
    expect(outputs.inference_settings).toEqual({ max_new_tokens: 8 });
    expect(outputs.dependency_requirements.model_id).toBe('llm/example/tiny');
  });
});
