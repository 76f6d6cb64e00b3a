/** Small file operations of the package store: hashing, linking with copy fallback, atomic placement. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** The lowercase hex sha256 of a file's bytes (streamed). Throws the read error. */
export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash, signal ? { signal } : {});
  return hash.digest('hex');
}

/** The lowercase hex sha256 of a string. Pure. */
export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hard-links `from` to `to`, or copies it when links are refused (other filesystem, no permission). */
export async function linkOrCopy(from: string, to: string): Promise<'link' | 'copy'> {
  try {
    await link(from, to);
    return 'link';
  } catch {
    await copyFile(from, to);
    return 'copy';
  }
}

/** True when `p` exists (any type). Never throws. */
export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** A fresh scratch folder under `tmpDir` (created, with `tmpDir` when it is missing). */
export async function scratchFolder(tmpDir: string, prefix: string): Promise<string> {
  const template = path.join(tmpDir, `${prefix}-`);
  try {
    return await mkdtemp(template);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(tmpDir, { recursive: true });
    return mkdtemp(template);
  }
}

/**
 * Moves the finished folder `staged` to `target` in one rename, so the entry is whole or absent.
 * When `target` already exists (another process won the race), `staged` is deleted and false is
 * returned. Other rename errors are thrown after `staged` is removed.
 */
export async function placeFolder(staged: string, target: string): Promise<boolean> {
  try {
    try {
      await rename(staged, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !(await exists(staged))) throw error;
      await mkdir(path.dirname(target), { recursive: true });
      await rename(staged, target);
    }
    return true;
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') && (await exists(target))) return false;
    throw error;
  }
}

/** A short random suffix for temp names. */
export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}
