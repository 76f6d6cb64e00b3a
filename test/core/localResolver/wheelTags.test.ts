/**
 * The supported wheel tags computed from the product's probe facts, against the list real pip
 * ranks wheels with (`pip._internal.utils.compatibility_tags.get_supported()`, which is
 * `packaging.tags.sys_tags()` plus the interpreter's own `cpXY-none-any` in pip < 24.1's vendored
 * packaging), in order, for several real CPython interpreters of this machine.
 */
import { describe, expect, it } from 'vitest';
import { supportedWheelTags } from '../../../src/core/localResolver/wheelTags.js';
import type { InterpreterFacts } from '../../../src/core/python/interpreterFacts.js';
import { basePythonExecutable, probeFacts, pyenvPython, runPython } from '../../support/python.js';

const PIP_TAGS = [
  'import json',
  'from pip._internal.utils.compatibility_tags import get_supported',
  'from pip._vendor.packaging.tags import sys_tags',
  'print(json.dumps([[str(t) for t in get_supported()], [str(t) for t in sys_tags()]]))',
].join('\n');

function interpreters(): string[] {
  const found = [basePythonExecutable(), pyenvPython('3.8'), pyenvPython('3.12'), pyenvPython('3.13')];
  expect(
    found.filter((p) => p === null),
    'test precondition: pyenv 3.8, 3.12 and 3.13',
  ).toEqual([]);
  return found as string[];
}

describe('supportedWheelTags', () => {
  it.each(interpreters())('equals the order pip ranks wheels with, for %s', (python) => {
    const facts = probeFacts(python);
    const [pipTags, sysTags] = JSON.parse(runPython(python, PIP_TAGS)) as [string[], string[]];
    const computed = supportedWheelTags(facts);
    expect(computed).toEqual({ tags: pipTags });
    // sys_tags() is the same list, except that older packaging leaves out `cpXY-none-any`.
    const own = `cp${facts.majorMinor.replace('.', '')}-none-any`;
    expect(sysTags.filter((t) => t !== own)).toEqual(pipTags.filter((t) => t !== own));
    expect(pipTags.some((t) => t.includes('manylinux'))).toBe(true);
  });

  it('gives a reason instead of tags where it cannot be certain', () => {
    const facts = probeFacts(basePythonExecutable());
    const variant = (change: Partial<InterpreterFacts>, tags: Partial<InterpreterFacts['wheelTags']> = {}) =>
      supportedWheelTags({ ...facts, ...change, wheelTags: { ...facts.wheelTags, ...tags } });
    expect(variant({ implementation: 'pypy' })).toEqual({ reason: expect.stringContaining('pypy') });
    expect(variant({ markerEnvironment: { ...facts.markerEnvironment, platform_system: 'Darwin' } })).toEqual({
      reason: expect.stringContaining('Darwin'),
    });
    expect(variant({}, { glibcVersion: null })).toEqual({ reason: expect.stringContaining('musllinux') });
    expect(variant({}, { sysconfigPlatform: 'linux-armv7l' })).toEqual({ reason: expect.stringContaining('linux-armv7l') });
    expect(variant({}, { is64bit: false })).toEqual({ reason: expect.stringContaining('32-bit') });
    expect(variant({}, { freeThreaded: true })).toEqual({ reason: expect.stringContaining('free-threaded') });
    expect(variant({}, { manylinuxOverride: true })).toEqual({ reason: expect.stringContaining('_manylinux') });
    expect(variant({ majorMinor: '3.7' })).toEqual({ reason: expect.stringContaining('3.7') });
  });

  it('an aarch64 machine with glibc 2.17 starts at manylinux_2_17 and has no older manylinux tags', () => {
    const facts = probeFacts(basePythonExecutable());
    const result = supportedWheelTags({
      ...facts,
      majorMinor: '3.11',
      wheelTags: { ...facts.wheelTags, sysconfigPlatform: 'linux-aarch64', glibcVersion: '2.17', pyVersionNodot: '311' },
    });
    expect('tags' in result && result.tags.slice(0, 3)).toEqual([
      'cp311-cp311-manylinux_2_17_aarch64',
      'cp311-cp311-manylinux2014_aarch64',
      'cp311-cp311-linux_aarch64',
    ]);
  });
});
