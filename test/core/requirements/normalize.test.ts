import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDependencyRequirements } from '../../../src/core/contracts/requirements.js';
import type { BindingV1, RequirementV1 } from '../../../src/core/contracts/requirements.js';
import { normalizeRequirement, normalizeRequirements, pinsConflict } from '../../../src/core/requirements/normalize.js';
import { requirementFixturePath } from '../../support/requirementFixtures.js';

const HEX_A = 'A'.repeat(64);
const HEX_B = 'b'.repeat(64);

function req(name: string, exactPin: string, extra: Partial<RequirementV1> = {}): RequirementV1 {
  return { kind: 'python_package', name, exact_pin: exactPin, ...extra };
}

function binding(id: string, requirements: RequirementV1[]): BindingV1 {
  return {
    binding_id: id,
    profile_id: id,
    profile_version: 1,
    validation_state: 'resolved',
    validation_errors: [],
    requirements,
  };
}

describe('normalizeRequirement', () => {
  it('normalizes name, version, pin and hashes and keeps the display name', () => {
    const result = normalizeRequirement(
      req('Stable_Audio.Tools', '==2.5.1+CU121', {
        hashes: [`sha256:${HEX_B}`, `SHA256:${HEX_A}`, `sha256:${HEX_B}`],
        markers: '  ',
        index_url: 'https://i/simple',
        extra_index_urls: ['https://x', '', 'https://x'],
      }),
      'core',
    );
    expect(result).toEqual({
      ok: true,
      value: {
        binding_id: 'core',
        name: 'stable-audio-tools',
        display_name: 'Stable_Audio.Tools',
        version: '2.5.1+cu121',
        exact_pin: '==2.5.1+cu121',
        hashes: [`sha256:${'a'.repeat(64)}`, `sha256:${HEX_B}`],
        markers: null,
        python_requires: null,
        index_url: 'https://i/simple',
        extra_index_urls: ['https://x'],
        source: null,
        wheel_source: null,
      },
    });
  });

  it('sets wheel_source only when the source is a wheel', () => {
    const wheel = normalizeRequirement(req('tiny_tts', '==0.3.0', { source: '/opt/w/tiny_tts-0.3.0-py3-none-any.whl' }), 'b');
    const page = normalizeRequirement(
      req('tiny_tts', '==0.3.0', { source: 'https://example.org/project-page-not-a-wheel' }),
      'b',
    );
    expect(wheel.ok && wheel.value.wheel_source).toBe('/opt/w/tiny_tts-0.3.0-py3-none-any.whl');
    expect(page.ok && page.value.wheel_source).toBeNull();
    expect(page.ok && page.value.source).toBe('https://example.org/project-page-not-a-wheel');
  });

  it('returns every problem of the requirement with relative paths', () => {
    const result = normalizeRequirement(req('-e', '>=1', { hashes: ['sha256:zz'] }), 'b');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid_package_name', ['name']],
      ['invalid_pin', ['exact_pin']],
      ['invalid_payload', ['hashes', 0]],
    ]);
  });
});

describe('pinsConflict', () => {
  it('follows PEP 440 local-version rules', () => {
    expect(pinsConflict('2.5.1', '2.5.1+cu121')).toBe(false);
    expect(pinsConflict('2.5.1+cu118', '2.5.1+cu121')).toBe(true);
    expect(pinsConflict('2.5.1', '2.5.1.0')).toBe(false);
    expect(pinsConflict('2.5.1', '2.4.0')).toBe(true);
  });
});

describe('normalizeRequirements', () => {
  it('sorts by name then binding and removes duplicates that differ only in spelling', () => {
    const result = normalizeRequirements([
      binding('zeta', [req('torch', '==2.5.1'), req('numpy', '==2.1.0')]),
      binding('alpha', [req('Torch', '==2.5.1'), req('torch', '==2.5.1')]),
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((r) => `${r.name}@${r.binding_id}`)).toEqual(['numpy@zeta', 'torch@alpha', 'torch@zeta']);
    expect(result.value.filter((r) => r.binding_id === 'alpha').map((r) => r.display_name)).toEqual(['Torch']);
  });

  it('drops a requirement repeated in one binding but keeps entries that differ in content', () => {
    const result = normalizeRequirements([binding('a', [req('torch', '==2.5.1'), req('torch', '==2.5.1')])]);
    expect(result.ok && result.value).toHaveLength(1);
    const hashed = normalizeRequirements([
      binding('a', [req('torch', '==2.5.1'), req('torch', '==2.5.1', { hashes: [`sha256:${HEX_B}`] })]),
    ]);
    expect(hashed.ok && hashed.value).toHaveLength(2);
  });

  it('reports the same package pinned differently across bindings, naming both bindings and pins', () => {
    const result = normalizeRequirements([
      binding('llm', [req('torch', '==2.4.0')]),
      binding('audio', [req('torch', '==2.5.1')]),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error?.code).toBe('requirement_conflict');
    expect(error?.message).toContain('"audio"');
    expect(error?.message).toContain('"llm"');
    expect(error?.message).toContain('==2.5.1');
    expect(error?.message).toContain('==2.4.0');
    expect(error?.path).toEqual(['bindings', 0, 'requirements', 0, 'exact_pin']);
  });

  it('reports different local segments as a conflict but not a local versus a plain pin', () => {
    expect(
      normalizeRequirements([binding('a', [req('torch', '==2.5.1+cu118')]), binding('b', [req('torch', '==2.5.1+cu121')])]).ok,
    ).toBe(false);
    expect(
      normalizeRequirements([binding('a', [req('torch', '==2.5.1')]), binding('b', [req('torch', '==2.5.1+cu121')])]).ok,
    ).toBe(true);
  });

  it('does not report different pins guarded by different markers', () => {
    const result = normalizeRequirements([
      binding('a', [
        req('torch', '==2.5.1', { markers: 'sys_platform == "linux"' }),
        req('torch', '==2.2.2', { markers: 'sys_platform == "darwin"' }),
      ]),
    ]);
    expect(result.ok).toBe(true);
  });

  it('collects normalization errors with full paths alongside conflicts', () => {
    const result = normalizeRequirements([
      binding('a', [req('torch', '==1.0'), req('bad name', '==1')]),
      binding('b', [req('torch', '==2.0')]),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid_package_name', ['bindings', 0, 'requirements', 1, 'name']],
      ['requirement_conflict', ['bindings', 1, 'requirements', 0, 'exact_pin']],
    ]);
  });

  it('reports paths as payload indexes when given the payload bindings', () => {
    const payloadBindings = [
      binding('a', [req('torch', '==1.0')]),
      binding('skipped', []),
      binding('c', [req('torch', '==2.0')]),
    ];
    const result = normalizeRequirements([payloadBindings[0]!, payloadBindings[2]!], payloadBindings);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual([['bindings', 2, 'requirements', 0, 'exact_pin']]);
  });

  it('is independent of binding and requirement order', () => {
    const a = binding('a', [req('x', '==1'), req('y', '==2')]);
    const b = binding('b', [req('y', '==2'), req('x', '==1', { hashes: [`sha256:${HEX_B}`] })]);
    expect(normalizeRequirements([a, b])).toEqual(normalizeRequirements([b, a]));
  });

  it('normalizes the stable-audio fixture cleanly', () => {
    const raw = JSON.parse(readFileSync(requirementFixturePath('stable-audio.resolved.json'), 'utf8'));
    const parsed = parseDependencyRequirements(raw);
    if (!parsed.ok) throw new Error('fixture did not parse');
    const result = normalizeRequirements(parsed.value.bindings);
    expect(result.ok && result.value.map((r) => r.exact_pin)).toEqual(['==0.0.19', '==2.5.1', '==2.5.1']);
    expect(result.ok && result.value.map((r) => r.name)).toEqual(['stable-audio-tools', 'torch', 'torchaudio']);
  });
});
