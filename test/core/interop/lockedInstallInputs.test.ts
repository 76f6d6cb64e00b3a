import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LockedPackage } from '../../../src/core/interop/pylock.js';
import { lockedRequirementsText } from '../../../src/core/interop/lockedInstallInputs.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function locked(name: string, location: { url: string } | { path: string }, sha256: string): LockedPackage {
  return {
    name,
    version: '1.0.0',
    wheel: `${name}-1.0.0-py3-none-any.whl`,
    url: 'url' in location ? location.url : null,
    path: 'path' in location ? location.path : null,
    sha256,
  };
}

describe('lockedRequirementsText', () => {
  it('writes one hashed direct reference per package, in lock order: URLs as they are, paths as file URLs against the lock folder', () => {
    const lockDir = path.resolve('/locks/model a');
    const text = lockedRequirementsText(
      [
        locked('toy-b', { path: 'wheels/toy_b-1.0.0-py3-none-any.whl' }, H2),
        locked('toy-a', { url: 'https://files.example/toy_a-1.0.0-py3-none-any.whl' }, H1),
      ],
      lockDir,
    );
    const wheelUrl = pathToFileURL(path.join(lockDir, 'wheels', 'toy_b-1.0.0-py3-none-any.whl')).href;
    expect(wheelUrl).toContain('model%20a');
    expect(text).toBe(
      `toy-b @ ${wheelUrl} --hash=sha256:${H2}\n` +
        `toy-a @ https://files.example/toy_a-1.0.0-py3-none-any.whl --hash=sha256:${H1}\n`,
    );
  });
});
