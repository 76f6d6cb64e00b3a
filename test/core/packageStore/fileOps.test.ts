import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeFolder, scratchFolder } from '../../../src/core/packageStore/fileOps.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('store file ops');
});
afterAll(async () => tmp.cleanup());

describe('scratchFolder', () => {
  it('creates a fresh folder, making the scratch root when it is missing', async () => {
    const root = join(tmp.dir, 'missing', 'tmp');
    const a = await scratchFolder(root, 'unpack');
    const b = await scratchFolder(root, 'unpack');
    expect(a).not.toBe(b);
    expect((await readdir(root)).sort()).toEqual([a, b].map((p) => p.slice(root.length + 1)).sort());
  });
});

describe('placeFolder', () => {
  it('renames the staged folder into place, making missing parents', async () => {
    const staged = await scratchFolder(join(tmp.dir, 'tmp'), 'wheel');
    await writeFile(join(staged, 'f.txt'), 'whole');
    const target = join(tmp.dir, 'store', 'wheels', 'ab'.repeat(32));
    expect(await placeFolder(staged, target)).toBe(true);
    expect(await readFile(join(target, 'f.txt'), 'utf8')).toBe('whole');
    await expect(readdir(staged)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('answers false and drops the staged copy when another process placed the entry first', async () => {
    const target = join(tmp.dir, 'store', 'packages', 'cd'.repeat(32));
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'winner.txt'), 'first');
    const staged = await scratchFolder(join(tmp.dir, 'tmp'), 'unpack');
    await writeFile(join(staged, 'loser.txt'), 'second');
    expect(await placeFolder(staged, target)).toBe(false);
    expect(await readdir(target)).toEqual(['winner.txt']);
    await expect(readdir(staged)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('throws when the staged folder itself is missing', async () => {
    await expect(placeFolder(join(tmp.dir, 'tmp', 'never-made'), join(tmp.dir, 'store', 'x'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
