import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLastUsed, touchLastUsed } from '../../../src/core/store/lastUsedMarker.js';
import { makeReadOnly, treeSnapshot } from '../../support/readOnly.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir('last used');
});
afterAll(async () => temp.cleanup());

describe('touchLastUsed', () => {
  it('creates the marker when missing and sets its mtime', async () => {
    const dir = path.join(temp.dir, 'writable');
    await mkdir(dir);
    const at = new Date('2026-02-03T04:05:06Z');
    expect(await touchLastUsed(path.join(dir, 'last_used'), at)).toBe(true);
    expect((await readLastUsed(path.join(dir, 'last_used')))?.toISOString()).toBe(at.toISOString());
  });

  it('writes nothing in a folder this process may not write (existing marker or none), and says so', async () => {
    const dir = path.join(temp.dir, 'read only');
    await mkdir(path.join(dir, 'with marker'), { recursive: true });
    await mkdir(path.join(dir, 'without marker'));
    await writeFile(path.join(dir, 'with marker', 'last_used'), '');
    const readOnly = makeReadOnly(dir);
    try {
      const before = await treeSnapshot(dir);
      expect(
        await touchLastUsed(path.join(dir, 'with marker', 'last_used'), new Date('2030-01-01T00:00:00Z')),
        readOnly.how,
      ).toBe(false);
      expect(await touchLastUsed(path.join(dir, 'without marker', 'last_used'), new Date('2030-01-01T00:00:00Z'))).toBe(false);
      expect(await treeSnapshot(dir)).toEqual(before);
      expect((await stat(path.join(dir, 'with marker', 'last_used'))).mtime.getFullYear()).not.toBe(2030);
    } finally {
      readOnly.restore();
    }
  });
});
