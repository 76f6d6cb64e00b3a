import { describe, expect, it } from 'vitest';
import type { DependencyOverridePatchV1 } from '../../../src/core/contracts/overridePatch.js';
import { computeEnvironmentKey } from '../../../src/core/domain/environmentKey.js';
import { buildEnvironmentKeyInput } from '../../../src/core/domain/environmentKeyInput.js';
import { analyzeMissingFields } from '../../../src/core/domain/missingFields.js';
import { applyOverrides } from '../../../src/core/overrides/applyOverrides.js';
import { validateOverridePatches } from '../../../src/core/overrides/validateOverrides.js';
import { normalizeRequirement } from '../../../src/core/requirements/normalize.js';
import type { PathProbe } from '../../../src/core/validation/paths.js';
import { loadFixture, patch } from './builders.js';

const CONTEXT = { platform_key: 'linux-x86_64', python_version: '3.12.3', installer: { name: 'pip', version: '24.2' } };

/** Fixture → real requirement normalization → validated overrides → merge → analysis and key. */
function run(fixture: string, patches: DependencyOverridePatchV1[], probe?: PathProbe) {
  const payload = loadFixture(fixture);
  const withRequirements = payload.bindings.map((b) => ({
    binding: b,
    requirements: b.requirements.map((r) => {
      const result = normalizeRequirement(r, b.binding_id);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.value;
    }),
  }));
  const patchErrors = validateOverridePatches(
    patches,
    withRequirements.map((b) => ({ binding_id: b.binding.binding_id, requirementNames: b.requirements.map((r) => r.name) })),
    probe,
  );
  const bindings = applyOverrides(withRequirements, patches);
  const analysis = analyzeMissingFields({ bindings, defaultIndexUrl: null, availablePythonVersions: ['3.12.3'] });
  const keyInput = buildEnvironmentKeyInput(bindings, CONTEXT);
  return { patchErrors, analysis, key: keyInput.ok ? computeEnvironmentKey(keyInput.value).key : null };
}

describe('the needs-input pipeline on the shared fixtures', () => {
  it('asks for tiny-tts install metadata offline, then reports nothing after a validated wheel_source_path override', () => {
    const before = run('onnx-tts.needs-input.json', []);
    expect(before.analysis.errors).toEqual([]);
    expect(before.analysis.missing_fields.map((m) => [m.requirement_name, m.field])).toEqual([
      ['tiny-tts', 'index_url'],
      ['tiny-tts', 'wheel_source_path'],
    ]);

    const probe: PathProbe = { kind: (p) => (p === '/home/me/tiny wheels' ? 'directory' : 'missing') };
    const after = run(
      'onnx-tts.needs-input.json',
      [
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'tiny_tts',
          fields: { wheel_source_path: '/home/me/tiny wheels' },
        }),
      ],
      probe,
    );
    expect(after.patchErrors).toEqual([]);
    expect(after.analysis).toEqual({ missing_fields: [], errors: [] });
    expect(after.key).toMatch(/^[0-9a-f]{64}$/);
    expect(after.key).not.toBe(before.key);
  });

  it('asks offline for an index for LLM packages without one, until a binding-wide mirror is set', () => {
    const llm = run('pytorch-llm.resolved.json', []);
    // transformers, safetensors and accelerate have no index of their own: offline they need input too.
    expect(llm.analysis.missing_fields.filter((m) => m.field === 'index_url').map((m) => m.requirement_name)).toEqual([
      'transformers',
      'safetensors',
      'accelerate',
    ]);
    const withMirror = run('pytorch-llm.resolved.json', [
      patch({ binding_id: 'transformers-core', fields: { index_url: 'https://mirror.example/simple' } }),
    ]);
    expect(withMirror.analysis.missing_fields).toEqual([]);
  });
});
