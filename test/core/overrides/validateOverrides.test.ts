import { describe, expect, it } from 'vitest';
import type { PathProbe } from '../../../src/core/validation/paths.js';
import { validateOverridePatches } from '../../../src/core/overrides/validateOverrides.js';
import type { OverrideTarget } from '../../../src/core/overrides/validateOverrides.js';
import { patch } from '../domain/builders.js';

const TARGETS: OverrideTarget[] = [
  { binding_id: 'tiny-tts-runtime', requirementNames: ['tiny-tts', 'Numpy'] },
  { binding_id: 'other', requirementNames: [] },
];

/** An in-memory filesystem: path → kind. */
function fakeProbe(entries: Record<string, 'file' | 'directory'>): PathProbe {
  return { kind: (path) => entries[path] ?? 'missing' };
}

const codesAndPaths = (errors: ReturnType<typeof validateOverridePatches>): [string, readonly (string | number)[]][] =>
  errors.map((e) => [e.code, e.path]);

describe('validateOverridePatches', () => {
  it('accepts valid binding- and requirement-scope patches, matching names after PEP 503 normalization', () => {
    const errors = validateOverridePatches(
      [
        patch({
          binding_id: 'tiny-tts-runtime',
          fields: {
            python_executable: '/usr/bin/python3.12',
            index_url: 'https://mirror.example/simple',
            extra_index_urls: ['file:///srv/index'],
          },
        }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'Tiny_TTS',
          fields: { wheel_source_path: '/home/me/my wheels' },
        }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'numpy',
          fields: { package_source_override: 'https://files.example/numpy-2.1.0-cp312-none-any.whl' },
        }),
      ],
      TARGETS,
    );
    expect(errors).toEqual([]);
  });

  it('rejects a patch for a binding that is not selected', () => {
    const errors = validateOverridePatches([patch({ binding_id: 'ghost', fields: { index_url: 'https://x.example' } })], TARGETS);
    expect(codesAndPaths(errors)).toEqual([['unknown_binding_id', ['overrides', 0, 'binding_id']]]);
    expect(errors[0]?.message).toContain('other, tiny-tts-runtime');
  });

  it('enforces scope rules for requirement_name', () => {
    const errors = validateOverridePatches(
      [
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'binding',
          requirement_name: 'tiny-tts',
          fields: { index_url: 'https://x.example' },
        }),
        patch({ binding_id: 'tiny-tts-runtime', scope: 'requirement', fields: { index_url: 'https://x.example' } }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'torch',
          fields: { index_url: 'https://x.example' },
        }),
      ],
      TARGETS,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['invalid_override', ['overrides', 0, 'requirement_name']],
      ['invalid_override', ['overrides', 1, 'requirement_name']],
      ['invalid_override', ['overrides', 2, 'requirement_name']],
    ]);
    expect(errors[2]?.message).toContain('torch');
  });

  it('rejects an empty fields object and one holding only unsupported fields', () => {
    const errors = validateOverridePatches(
      [patch({ binding_id: 'other', fields: {} }), patch({ binding_id: 'other', fields: { colour: 'red' } as never })],
      TARGETS,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['invalid_override', ['overrides', 0, 'fields']],
      ['invalid_override', ['overrides', 1, 'fields']],
    ]);
  });

  it('allows python_executable only in binding scope and package_source_override only in requirement scope', () => {
    const errors = validateOverridePatches(
      [
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'tiny-tts',
          fields: { python_executable: '/usr/bin/python3' },
        }),
        patch({ binding_id: 'tiny-tts-runtime', fields: { package_source_override: '/src/x.whl' } }),
      ],
      TARGETS,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['invalid_override', ['overrides', 0, 'fields', 'python_executable']],
      ['invalid_override', ['overrides', 1, 'fields', 'package_source_override']],
    ]);
  });

  it('validates URL fields with the URL validator, pointing at the exact entry', () => {
    const errors = validateOverridePatches(
      [
        patch({
          binding_id: 'other',
          fields: { index_url: 'ftp://mirror.example/simple', extra_index_urls: ['https://ok.example', 'not a url'] },
        }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'numpy',
          fields: { package_source_override: 'ssh://host/numpy.whl' },
        }),
      ],
      TARGETS,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['url_scheme_not_allowed', ['overrides', 0, 'fields', 'index_url']],
      ['invalid_url', ['overrides', 0, 'fields', 'extra_index_urls', 1]],
      ['url_scheme_not_allowed', ['overrides', 1, 'fields', 'package_source_override']],
    ]);
  });

  it('checks path shapes without a probe: absolute and NUL-free, spaces allowed', () => {
    const errors = validateOverridePatches(
      [
        patch({ binding_id: 'other', fields: { wheel_source_path: 'relative/wheels' } }),
        patch({ binding_id: 'other', fields: { python_executable: '/usr/bin/py\u0000thon' } }),
        patch({ binding_id: 'other', fields: { wheel_source_path: 'C:\\Users\\me\\My Wheels' } }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'numpy',
          fields: { package_source_override: 'D:\\src\\numpy.whl' },
        }),
      ],
      TARGETS,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['path_not_absolute', ['overrides', 0, 'fields', 'wheel_source_path']],
      ['path_contains_nul', ['overrides', 1, 'fields', 'python_executable']],
    ]);
  });

  it('with a probe, requires paths to exist, the wheel source to be a directory or a .whl file and python to be a file', () => {
    const probe = fakeProbe({
      '/wheels': 'directory',
      '/one/tiny_tts-0.3.0-py3-none-any.whl': 'file',
      '/notes.txt': 'file',
      '/usr/bin/python3': 'file',
      '/usr/bin': 'directory',
    });
    const ok = validateOverridePatches(
      [
        patch({ binding_id: 'other', fields: { wheel_source_path: '/wheels', python_executable: '/usr/bin/python3' } }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'tiny-tts',
          fields: { wheel_source_path: '/one/tiny_tts-0.3.0-py3-none-any.whl' },
        }),
      ],
      TARGETS,
      probe,
    );
    expect(ok).toEqual([]);
    const errors = validateOverridePatches(
      [
        patch({ binding_id: 'other', fields: { wheel_source_path: '/missing' } }),
        patch({ binding_id: 'other', fields: { wheel_source_path: '/notes.txt' } }),
        patch({ binding_id: 'other', fields: { python_executable: '/usr/bin' } }),
        patch({
          binding_id: 'tiny-tts-runtime',
          scope: 'requirement',
          requirement_name: 'numpy',
          fields: { package_source_override: '/nowhere/numpy.whl' },
        }),
      ],
      TARGETS,
      probe,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['path_not_found', ['overrides', 0, 'fields', 'wheel_source_path']],
      ['invalid_path', ['overrides', 1, 'fields', 'wheel_source_path']],
      ['invalid_python_executable', ['overrides', 2, 'fields', 'python_executable']],
      ['path_not_found', ['overrides', 3, 'fields', 'package_source_override']],
    ]);
  });

  it('reports every problem of every patch, in patch order', () => {
    const errors = validateOverridePatches(
      [
        patch({ binding_id: 'ghost', fields: {} }),
        patch({ binding_id: 'other', fields: { index_url: 'gopher://x', wheel_source_path: 'rel' } }),
      ],
      TARGETS,
    );
    expect(codesAndPaths(errors)).toEqual([
      ['unknown_binding_id', ['overrides', 0, 'binding_id']],
      ['invalid_override', ['overrides', 0, 'fields']],
      ['url_scheme_not_allowed', ['overrides', 1, 'fields', 'index_url']],
      ['path_not_absolute', ['overrides', 1, 'fields', 'wheel_source_path']],
    ]);
  });
});
