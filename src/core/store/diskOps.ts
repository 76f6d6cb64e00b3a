/** Small filesystem operations the store needs: sizing a tree and removing one safely. */
import { lstat, mkdir, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Sum of the sizes of the regular files under `dir` (symlinks are not followed, so a venv's
 * `bin/python` link to the base interpreter counts nothing). A missing `dir` is 0 bytes; entries
 * that vanish while walking are skipped. Slow on large environments: call it only when needed.
 */
export async function directorySize(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  const sizes = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return directorySize(full);
      if (!entry.isFile()) return 0;
      try {
        return (await lstat(full)).size;
      } catch {
        return 0;
      }
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * Removes the tree `dir` so that it disappears from its path at once: it is first renamed into
 * `trashParent` (same filesystem, e.g. the store's `tmp/`), then deleted there. If the rename
 * fails (e.g. a file in use on Windows), `firstUnlink` (the manifest) is deleted first so a
 * half-removed tree is never taken for a committed one, then the tree is removed in place.
 * Returns false when `dir` did not exist. Throws the underlying error if removal fails.
 */
export async function removeTree(dir: string, trashParent: string, firstUnlink?: string): Promise<boolean> {
  try {
    await lstat(dir);
  } catch {
    return false;
  }
  const trash = path.join(trashParent, `trash-${path.basename(dir)}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(trashParent, { recursive: true });
    await rename(dir, trash);
    await rm(trash, { recursive: true, force: true, maxRetries: 3 });
    return true;
  } catch {
    // Fall through to in-place removal.
  }
  if (firstUnlink) await unlink(firstUnlink).catch(() => undefined);
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  return true;
}
