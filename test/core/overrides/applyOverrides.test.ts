import { describe, expect, it } from 'vitest';
import { applyOverrides, effectiveValue } from '../../../src/core/overrides/applyOverrides.js';
import { binding, loadFixture, normalized, patch, withRequirements } from '../domain/builders.js';

const torch = normalized('b1', {
  name: 'Torch',
  exact_pin: '==2.5.1',
  index_url: 'https://download.pytorch.org/whl/cpu',
  extra_index_urls: ['https://pypi.org/simple'],
});
const tinyTts = normalized('b1', { name: 'tiny_tts', exact_pin: '==0.3.0' });
const input = [{ binding: binding('b1'), requirements: [torch, tinyTts] }];

describe('applyOverrides', () => {
  it('reports base values with provenance base when there are no patches', () => {
    const [b] = applyOverrides(input, []);
    const [t, tiny] = b?.requirements ?? [];
    expect(t?.effective_index_url).toEqual({
      base: 'https://download.pytorch.org/whl/cpu',
      override: undefined,
      effective: 'https://download.pytorch.org/whl/cpu',
      provenance: 'base',
    });
    expect(t?.effective_extra_index_urls.effective).toEqual(['https://pypi.org/simple']);
    expect(tiny?.effective_index_url.provenance).toBe('none');
    expect(tiny?.effective_extra_index_urls).toEqual({
      base: undefined,
      override: undefined,
      effective: undefined,
      provenance: 'none',
    });
    expect(b?.python_executable.provenance).toBe('none');
    expect(b?.env_id).toBe('python-venv:b1:1:none:linux-x86_64:any');
    expect(b?.environment_kind).toBe('python-venv');
  });

  it('lets a binding-scope override beat base for every requirement of that binding', () => {
    const [b] = applyOverrides(input, [patch({ binding_id: 'b1', fields: { index_url: 'https://mirror.example/simple' } })]);
    expect(b?.index_url.effective).toBe('https://mirror.example/simple');
    for (const req of b?.requirements ?? []) {
      expect(req.effective_index_url.effective).toBe('https://mirror.example/simple');
      expect(req.effective_index_url.provenance).toBe('override');
    }
    expect(b?.requirements[0]?.effective_index_url.base).toBe('https://download.pytorch.org/whl/cpu');
  });

  it('lets a requirement-scope override beat a binding-scope one, matching names after PEP 503 normalization', () => {
    const [b] = applyOverrides(input, [
      patch({
        binding_id: 'b1',
        scope: 'requirement',
        requirement_name: 'TORCH',
        fields: { index_url: 'https://req.example/simple' },
        updated_at: '2020-01-01T00:00:00Z',
      }),
      patch({ binding_id: 'b1', fields: { index_url: 'https://binding.example/simple' }, updated_at: '2030-01-01T00:00:00Z' }),
    ]);
    expect(b?.requirements[0]?.effective_index_url).toMatchObject({
      override: 'https://req.example/simple',
      effective: 'https://req.example/simple',
    });
    expect(b?.requirements[1]?.effective_index_url.effective).toBe('https://binding.example/simple');
  });

  it('picks the latest updated_at for the same target and field, comparing instants across offsets', () => {
    const [b] = applyOverrides(input, [
      patch({ binding_id: 'b1', fields: { python_executable: '/late/python' }, updated_at: '2025-01-01T10:00:00+02:00' }),
      patch({ binding_id: 'b1', fields: { python_executable: '/early/python' }, updated_at: '2025-01-01T07:30:00Z' }),
    ]);
    // 10:00+02:00 is 08:00Z, later than 07:30Z even though it sorts earlier as text.
    expect(b?.python_executable.effective).toBe('/late/python');
  });

  it('breaks updated_at ties in favour of the later patch in the array', () => {
    const same = '2025-05-05T00:00:00Z';
    const [b] = applyOverrides(input, [
      patch({ binding_id: 'b1', fields: { wheel_source_path: '/first' }, updated_at: same }),
      patch({ binding_id: 'b1', fields: { wheel_source_path: '/second' }, updated_at: same }),
    ]);
    expect(b?.wheel_source_path.effective).toBe('/second');
  });

  it('resolves each field independently so an older patch still supplies fields a newer one lacks', () => {
    const [b] = applyOverrides(input, [
      patch({
        binding_id: 'b1',
        fields: { python_executable: '/usr/bin/python3.12', index_url: 'https://old.example' },
        updated_at: '2025-01-01T00:00:00Z',
      }),
      patch({ binding_id: 'b1', fields: { index_url: 'https://new.example' }, updated_at: '2025-02-01T00:00:00Z' }),
    ]);
    expect(b?.python_executable.effective).toBe('/usr/bin/python3.12');
    expect(b?.index_url.effective).toBe('https://new.example');
  });

  it('applies package_source_override only from requirement scope and ignores python_executable there', () => {
    const [b] = applyOverrides(input, [
      patch({
        binding_id: 'b1',
        scope: 'requirement',
        requirement_name: 'tiny-tts',
        fields: { package_source_override: '/src/tiny_tts-0.3.0-py3-none-any.whl', python_executable: '/bad' },
      }),
      patch({ binding_id: 'b1', fields: { package_source_override: '/ignored' } }),
    ]);
    expect(b?.python_executable.provenance).toBe('none');
    expect(b?.requirements[0]?.effective_package_source_override.provenance).toBe('none');
    expect(b?.requirements[1]?.effective_package_source_override.effective).toBe('/src/tiny_tts-0.3.0-py3-none-any.whl');
  });

  it('keeps an explicit empty extra_index_urls override, which clears the base list', () => {
    const [b] = applyOverrides(input, [
      patch({ binding_id: 'b1', scope: 'requirement', requirement_name: 'torch', fields: { extra_index_urls: [] } }),
    ]);
    expect(b?.requirements[0]?.effective_extra_index_urls).toEqual({
      base: ['https://pypi.org/simple'],
      override: [],
      effective: [],
      provenance: 'override',
    });
  });

  it('treats blank string overrides as unset and trims the rest', () => {
    const [b] = applyOverrides(input, [
      patch({ binding_id: 'b1', fields: { index_url: '   ', wheel_source_path: '  /wheels dir  ' } }),
    ]);
    expect(b?.index_url.provenance).toBe('none');
    expect(b?.wheel_source_path.effective).toBe('/wheels dir');
  });

  it('ignores patches for other bindings, unknown requirements, or binding scope with a requirement name', () => {
    const [b] = applyOverrides(input, [
      patch({ binding_id: 'other', fields: { index_url: 'https://x.example' } }),
      patch({ binding_id: 'b1', scope: 'requirement', requirement_name: 'numpy', fields: { index_url: 'https://y.example' } }),
      patch({ binding_id: 'b1', scope: 'binding', requirement_name: 'torch', fields: { index_url: 'https://z.example' } }),
    ]);
    expect(b?.index_url.provenance).toBe('none');
    expect(b?.requirements.map((r) => r.effective_index_url.effective)).toEqual([
      'https://download.pytorch.org/whl/cpu',
      undefined,
    ]);
  });

  it('uses the producer python_executable_override as the base python executable', () => {
    const [b] = applyOverrides(
      [{ binding: binding('b1', { python_executable_override: '/opt/py/bin/python' }), requirements: [] }],
      [],
    );
    expect(b?.python_executable).toEqual({
      base: '/opt/py/bin/python',
      override: undefined,
      effective: '/opt/py/bin/python',
      provenance: 'base',
    });
  });

  it('is deterministic and preserves binding order and requirement data', () => {
    const payload = loadFixture('pytorch-llm.resolved.json');
    const a = applyOverrides(withRequirements(payload), []);
    const again = applyOverrides(withRequirements(payload), []);
    expect(a).toEqual(again);
    expect(a[0]?.requirements.map((r) => r.name)).toEqual(['transformers', 'torch', 'safetensors', 'accelerate']);
    expect(a[0]?.requirements[3]?.markers).toBe('platform_system != "Darwin"');
  });
});

describe('effectiveValue', () => {
  it('prefers the first present override, then base, then reports none', () => {
    expect(effectiveValue('b', undefined, 'o2')).toEqual({ base: 'b', override: 'o2', effective: 'o2', provenance: 'override' });
    expect(effectiveValue('b', 'o1', 'o2').effective).toBe('o1');
    expect(effectiveValue<string>(undefined).provenance).toBe('none');
  });
});
