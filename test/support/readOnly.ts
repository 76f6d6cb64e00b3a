/**
 * Read-only folders for tests that must prove "zero writes". A non-root process gets
 * `chmod -R a-w`; root ignores permission bits, so as root the folder is bind-mounted read-only
 * onto itself (`mount --bind` + `remount,ro`), which the kernel enforces for everyone (EROFS).
 * Also a recursive snapshot (path, type, size, mode, mtime, ctime) to compare before and after.
 */
import { execFileSync } from 'node:child_process';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** How {@link makeReadOnly} protected the folder, and how to undo it. */
export interface ReadOnlyFolder {
  readonly how: 'chmod' | 'read-only bind mount';
  restore(): void;
}

/** Makes `dir` read-only for this process and its children (see the module comment). */
export function makeReadOnly(dir: string): ReadOnlyFolder {
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['--bind', dir, dir]);
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
    } catch (error) {
      execFileSync('umount', [dir]);
      throw error;
    }
    return { how: 'read-only bind mount', restore: () => execFileSync('umount', [dir]) };
  }
  execFileSync('chmod', ['-R', 'a-w', dir]);
  return { how: 'chmod', restore: () => execFileSync('chmod', ['-R', 'u+w', dir]) };
}

/** Every entry under `root` (itself included) as `relative path type size mode mtime ctime` lines, sorted. */
export async function treeSnapshot(root: string): Promise<string[]> {
  const lines: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const full = path.join(dir, name);
      const st = await lstat(full);
      const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'f';
      lines.push(
        `${path.relative(root, full)} ${type} ${st.isDirectory() ? '-' : st.size} ${st.mode.toString(8)} ${st.mtimeMs} ${st.ctimeMs}`,
      );
      if (st.isDirectory()) await walk(full);
    }
  };
  const top = await lstat(root);
  lines.push(`. d - ${top.mode.toString(8)} ${top.mtimeMs} ${top.ctimeMs}`);
  await walk(root);
  return lines.sort();
}
