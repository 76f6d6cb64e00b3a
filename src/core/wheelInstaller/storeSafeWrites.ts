/**
 * File operations that never write through an existing file: a destination in an environment may
 * be a hard link into the package store, so it is unlinked and replaced, never opened for writing.
 */
import { constants, linkSync, rmSync } from 'node:fs';
import { chmod, copyFile, rm, writeFile } from 'node:fs/promises';

/** Link errors that mean "this filesystem will not link here": copy instead. */
const COPY_FALLBACK_CODES = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'EACCES', 'ENOSYS']);

/**
 * Hard-links `source` at `target` (synchronously), replacing an existing file there (unlinked,
 * never written). Returns false when this filesystem refuses the link (EXDEV, EPERM, EMLINK,
 * ENOTSUP, EOPNOTSUPP, EACCES, ENOSYS): the caller copies instead. Other errors are thrown.
 */
export function hardLinkSync(source: string, target: string): boolean {
  try {
    linkSync(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') {
      rmSync(target, { force: true });
      return hardLinkSync(source, target);
    }
    if (COPY_FALLBACK_CODES.has(code)) return false;
    throw error;
  }
}

/**
 * Writes `data` as a brand-new file with `mode`: an existing file (possibly a link into the store)
 * is unlinked first. An executable `mode` is applied again after writing, past the umask.
 */
export async function writeNew(target: string, data: Uint8Array, mode: number): Promise<void> {
  await rm(target, { force: true });
  await writeFile(target, data, { flag: 'wx', mode });
  if (mode & 0o111) await chmod(target, mode);
}

/**
 * Copies `source` to `target` as a brand-new file (an existing `target` is unlinked first), then
 * makes it 0o755 when `executable`; otherwise the copy keeps the source's mode.
 */
export async function copyNew(source: string, target: string, executable: boolean): Promise<void> {
  await rm(target, { force: true });
  await copyFile(source, target, constants.COPYFILE_EXCL);
  if (executable) await chmod(target, 0o755);
}
