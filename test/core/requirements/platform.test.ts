import { describe, expect, it } from 'vitest';
import { currentPlatformKey, matchesPlatformSelector } from '../../../src/core/requirements/platform.js';

describe('currentPlatformKey', () => {
  it.each([
    ['linux', 'x64', 'linux-x86_64'],
    ['win32', 'x64', 'windows-x86_64'],
    ['darwin', 'arm64', 'macos-aarch64'],
    ['linux', 'arm64', 'linux-aarch64'],
    ['win32', 'ia32', 'windows-x86'],
    ['freebsd', 'riscv64', 'freebsd-riscv64'],
  ])('maps %s/%s to %s', (platform, arch, expected) => {
    expect(currentPlatformKey(platform, arch)).toBe(expected);
  });
});

describe('matchesPlatformSelector', () => {
  it('matches every platform when the selector is null, empty or *', () => {
    for (const selector of [null, undefined, '', '  ', '*', [], ['*'], ' * | linux-x86_64']) {
      expect(matchesPlatformSelector(selector, 'macos-aarch64'), JSON.stringify(selector)).toBe(true);
    }
  });

  it('splits strings on , and |, trims, and ignores case', () => {
    expect(matchesPlatformSelector('linux-x86_64|windows-x86_64', 'windows-x86_64')).toBe(true);
    expect(matchesPlatformSelector('linux-x86_64, Windows-X86_64', 'windows-x86_64')).toBe(true);
    expect(matchesPlatformSelector('linux-x86_64|windows-x86_64', 'macos-aarch64')).toBe(false);
  });

  it('accepts lists whose entries may themselves hold separators', () => {
    expect(matchesPlatformSelector(['linux-x86_64', 'macos-aarch64|windows-x86_64'], 'windows-x86_64')).toBe(true);
    expect(matchesPlatformSelector(['linux-x86_64'], 'linux-aarch64')).toBe(false);
  });

  it('does not match on a prefix or substring', () => {
    expect(matchesPlatformSelector('linux', 'linux-x86_64')).toBe(false);
  });
});
