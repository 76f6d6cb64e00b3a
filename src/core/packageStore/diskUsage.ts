/**
 * du-like sizes that count a hard-linked inode once: an environment's own bytes (files only it
 * has) and shared bytes (files hard-linked with the package store), and the store's total.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Bytes of one tree, split by link count. */
export interface TreeUsage {
  /** Regular files with one link (counted once per inode). */
  readonly ownBytes: number;
  /** Regular files with more than one link, i.e. shared with the store (counted once per inode). */
  readonly sharedBytes: number;
  readonly files: number;
}

/**
 * Walks `dir` (symlinks not followed) and sums regular files, each inode once. A missing `dir`
 * is all zeros; entries vanishing during the walk are skipped. Never throws.
 */
export async function treeUsage(dir: string, seen: Set<string> = new Set()): Promise<TreeUsage> {
  let ownBytes = 0;
  let sharedBytes = 0;
  let files = 0;
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    // One folder's files are stat'ed together (the thread pool overlaps them); folders one by one.
    const infos = await Promise.all(
      entries.filter((entry) => entry.isFile()).map((entry) => lstat(path.join(folder, entry.name)).catch(() => null)),
    );
    for (const info of infos) {
      if (info === null) continue; // vanished while walking
      const id = `${info.dev}:${info.ino}`;
      if (seen.has(id)) continue;
      seen.add(id);
      files += 1;
      if (info.nlink > 1) sharedBytes += info.size;
      else ownBytes += info.size;
    }
    for (const entry of entries) if (entry.isDirectory()) await walk(path.join(folder, entry.name));
  };
  await walk(dir);
  return { ownBytes, sharedBytes, files };
}
