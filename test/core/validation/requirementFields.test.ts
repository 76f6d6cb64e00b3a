import { describe, expect, it } from 'vitest';
import {
  validateExactPin,
  validateHash,
  validateMarkers,
  validatePackageName,
  validatePythonRequires,
  validateText,
} from '../../../src/core/validation/requirementFields.js';

const P = ['bindings', 0, 'requirements', 2, 'name'] as const;

describe('validatePackageName', () => {
  it('accepts PEP 508 names in any case and separator style', () => {
    for (const name of ['torch', 'Transformers', 'tiny_tts', 'stable-audio-tools', 'zope.interface', 'a', 'A1']) {
      expect(validatePackageName(name, P), name).toBeUndefined();
    }
  });

  it('rejects option injection, whitespace, shell metacharacters, newlines and NUL with the given path', () => {
    const bad = [
      '-e',
      '--index-url=http://evil',
      'torch torchvision',
      'torch;rm -rf /',
      'torch\n--pre',
      'to\u0000rch',
      'torch$(id)',
      'torch|sh',
      'torch>=2',
      'torch==2.5.1',
      'torch[cuda]',
      '',
      '_torch',
      'torch.',
      '../torch',
      'tórch',
    ];
    for (const name of bad) {
      const error = validatePackageName(name, P);
      expect(error?.code, JSON.stringify(name)).toBe('invalid_package_name');
      expect(error?.path).toEqual(P);
    }
  });

  it('explains a leading dash as an installer option', () => {
    expect(validatePackageName('-r', P)?.message).toContain('installer option');
  });

  it('rejects an overlong name with string_too_long', () => {
    expect(validatePackageName('a'.repeat(300), P)?.code).toBe('string_too_long');
  });
});

describe('validateExactPin', () => {
  it('accepts == with any valid PEP 440 version, local versions included', () => {
    for (const pin of [
      '==2.5.1',
      '==2.5.1+cu121',
      '==1.13.0a0+gitunknown',
      '==1!2.0',
      '==0.0.19',
      '==1.0.post1.dev2',
      '==2.5.1+CU121',
    ]) {
      expect(validateExactPin(pin, ['exact_pin']), pin).toBeUndefined();
    }
  });

  it('rejects anything but == followed by a version with invalid_pin', () => {
    for (const pin of [
      '2.5.1',
      '>=2.5.1',
      '===2.5.1',
      '~=2.5',
      '==2.*',
      '== 2.5.1',
      '==2.5.1 ',
      '==2.5.1,<3',
      '==2.5.1; sys_platform=="linux"',
      '==',
      '==banana',
      '!=2.5.1',
      '',
    ]) {
      const error = validateExactPin(pin, ['exact_pin']);
      expect(error?.code, JSON.stringify(pin)).toBe('invalid_pin');
      expect(error?.path).toEqual(['exact_pin']);
    }
  });
});

describe('validateHash', () => {
  const hex = 'a'.repeat(64);

  it('accepts sha256:<64 hex> in any case', () => {
    expect(validateHash(`sha256:${hex}`, ['hashes', 0])).toBeUndefined();
    expect(validateHash(`SHA256:${hex.toUpperCase()}`, ['hashes', 0])).toBeUndefined();
  });

  it('rejects other algorithms, lengths and characters', () => {
    for (const hash of [
      `md5:${hex}`,
      `sha256:${hex.slice(1)}`,
      `sha256:${hex}0`,
      `sha256:${'g'.repeat(64)}`,
      hex,
      `sha256:${hex}\n`,
    ]) {
      expect(validateHash(hash, ['hashes', 1])?.path, hash).toEqual(['hashes', 1]);
    }
  });
});

describe('validateMarkers', () => {
  it('accepts ordinary PEP 508 markers', () => {
    expect(validateMarkers('platform_system != "Darwin" and python_version >= "3.9"', ['markers'])).toBeUndefined();
  });

  it('rejects newlines and NUL, and overlong markers', () => {
    expect(validateMarkers('python_version > "3"\n--pre', ['markers'])?.code).toBe('invalid_payload');
    expect(validateMarkers('a\u0000', ['markers'])?.code).toBe('invalid_payload');
    expect(validateMarkers('x'.repeat(2000), ['markers'])?.code).toBe('string_too_long');
  });
});

describe('validatePythonRequires', () => {
  it('accepts specifier sets and blanks', () => {
    for (const spec of ['>=3.8', '>=3.9,<3.13', '~=3.10', ''])
      expect(validatePythonRequires(spec, ['python_requires']), spec).toBeUndefined();
  });

  it('rejects text that is not a specifier set', () => {
    expect(validatePythonRequires('python 3', ['python_requires'])?.code).toBe('invalid_payload');
    expect(validatePythonRequires('>=3.8;rm', ['python_requires'])?.code).toBe('invalid_payload');
  });
});

describe('validateText', () => {
  it('caps length and refuses control characters', () => {
    expect(validateText('ok', ['x'], 5)).toBeUndefined();
    expect(validateText('too long', ['x'], 5)?.code).toBe('string_too_long');
    expect(validateText('a\nb', ['x'])?.code).toBe('invalid_payload');
  });
});
