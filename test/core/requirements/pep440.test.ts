import { describe, expect, it } from 'vitest';
import { localSegment, normalizeVersion, versionMatchesPin, versionSatisfies } from '../../../src/core/requirements/pep440.js';

describe('versionMatchesPin', () => {
  it('lets an installed local version satisfy a pin without a local segment', () => {
    expect(versionMatchesPin('2.5.1+cu121', '==2.5.1')).toBe(true);
  });

  it('requires the same local segment when the pin has one', () => {
    expect(versionMatchesPin('2.5.1+cu118', '==2.5.1+cu121')).toBe(false);
    expect(versionMatchesPin('2.5.1+cu121', '==2.5.1+cu121')).toBe(true);
    expect(versionMatchesPin('2.5.1', '==2.5.1+cu121')).toBe(false);
  });

  it('matches a pre-release with a git local segment', () => {
    expect(versionMatchesPin('1.13.0a0+gitunknown', '==1.13.0a0')).toBe(true);
    expect(versionMatchesPin('1.13.0a0+gitunknown', '==1.13.0')).toBe(false);
  });

  it('treats zero padding as the same version and other versions as different', () => {
    expect(versionMatchesPin('2.5.1.0', '==2.5.1')).toBe(true);
    expect(versionMatchesPin('2.5.2', '==2.5.1')).toBe(false);
  });

  it('never matches invalid versions or non-exact operators', () => {
    expect(versionMatchesPin('banana', '==2.5.1')).toBe(false);
    expect(versionMatchesPin('2.5.1', '>=2.5.1')).toBe(false);
    expect(versionMatchesPin('2.5.1', '===2.5.1')).toBe(false);
  });
});

describe('normalizeVersion and localSegment', () => {
  it('canonicalises versions and lowercases local segments', () => {
    expect(normalizeVersion('v1.0')).toBe('1.0');
    expect(normalizeVersion('2.5.1+CU121')).toBe('2.5.1+cu121');
    expect(normalizeVersion('2.*')).toBeNull();
    expect(localSegment('2.5.1+CU121')).toBe('cu121');
    expect(localSegment('2.5.1')).toBeNull();
  });

  it('checks python_requires specifiers', () => {
    expect(versionSatisfies('3.12.1', '>=3.9,<3.13')).toBe(true);
    expect(versionSatisfies('3.13.0', '>=3.9,<3.13')).toBe(false);
    expect(versionSatisfies('3.12.1', null)).toBe(true);
  });
});
