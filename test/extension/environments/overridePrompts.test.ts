import { describe, expect, it } from 'vitest';
import { overrideEdits, overridePrompts } from '../../../src/extension/environments/overridePrompts.js';
import type { PathProbe } from '../../../src/core/validation/paths.js';

const probe: PathProbe = { kind: (p) => (p === '/usr/bin/python3' ? 'file' : p === '/opt/wheels' ? 'directory' : 'missing') };
const now = new Date('2025-06-01T00:00:00Z');

describe('override prompts', () => {
  it('asks one validated question per missing field', () => {
    const prompts = overridePrompts(
      [
        { binding_id: 'core', requirement_name: null, field: 'python_executable', reason: 'no interpreter satisfies >=3.13' },
        { binding_id: 'core', requirement_name: 'torch', field: 'index_url', reason: 'torch needs an index' },
      ],
      probe,
    );
    expect(prompts.map((p) => [p.field.field, p.scope])).toEqual([
      ['python_executable', 'binding'],
      ['index_url', 'requirement'],
    ]);
    expect(prompts[0]?.validate('/usr/bin/python3')).toBeUndefined();
    expect(prompts[0]?.validate('/nope/python')).toMatch(/not|exist/i);
    expect(prompts[0]?.validate('python3')).toMatch(/not absolute/);
    expect(prompts[1]?.validate('https://download.pytorch.org/whl/cpu')).toBeUndefined();
    expect(prompts[1]?.validate('ftp://x')).toMatch(/scheme/);
  });

  it('splits extra index URLs and checks each one', () => {
    const [prompt] = overridePrompts(
      [{ binding_id: 'b', requirement_name: null, field: 'extra_index_urls', reason: 'r' }],
      probe,
    );
    expect(prompt?.validate('https://a/simple, https://b/simple')).toBeUndefined();
    expect(prompt?.validate('https://a/simple, nope')).toMatch(/not a URL/);
    expect(prompt?.toFieldValue(' https://a/simple,https://b/simple ')).toEqual(['https://a/simple', 'https://b/simple']);
  });

  it('merges answers into the existing patch of the same binding and scope', () => {
    const existing = [
      {
        contract_version: 1,
        binding_id: 'core',
        scope: 'binding',
        fields: { index_url: 'https://kept/simple' },
        source: 'user',
        updated_at: '2024-01-01T00:00:00Z',
      },
    ];
    const prompts = overridePrompts(
      [
        { binding_id: 'core', requirement_name: null, field: 'wheel_source_path', reason: 'offline' },
        { binding_id: 'core', requirement_name: null, field: 'python_executable', reason: 'none found' },
      ],
      probe,
    );
    const edits = overrideEdits('environment', existing, prompts, ['/opt/wheels', '/usr/bin/python3'], now);
    expect(edits).toEqual([
      {
        kind: 'set_override_patch',
        node_id: 'environment',
        patch: {
          contract_version: 1,
          binding_id: 'core',
          scope: 'binding',
          fields: { index_url: 'https://kept/simple', wheel_source_path: '/opt/wheels', python_executable: '/usr/bin/python3' },
          source: 'user',
          updated_at: '2025-06-01T00:00:00.000Z',
        },
      },
    ]);
  });
});

describe('validateOverrideFields', () => {
  it('reports each bad field with its path', async () => {
    const { validateOverrideFields } = await import('../../../src/extension/environments/overridePrompts.js');
    expect(validateOverrideFields({ index_url: 'https://ok/simple', wheel_source_path: '/opt/wheels' }, probe)).toEqual([]);
    const errors = validateOverrideFields({ index_url: 'nope', python_executable: '/missing' }, probe);
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['invalid_url', ['fields', 'index_url']],
      ['invalid_path', ['fields', 'python_executable']],
    ]);
  });
});
