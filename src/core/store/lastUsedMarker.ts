/**
 * The last-used marker: an empty file `envs/python/<key>/last_used` whose mtime is the time the
 * environment was last reused. Touching it (`utimes`) is one small syscall, needs no lock, and
 * cannot corrupt anything when several processes reuse the environment at once (the latest
 * touch wins), so the fast path never rewrites `manifest.json`. `list` and GC read it back.
 */
import { constants } from 'node:fs';
import { access, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Sets the marker's mtime to `at`, creating the empty file if needed (in an existing folder).
 * Best effort: returns false instead of throwing when the folder is gone or not writable.
 *
 * A store this process may not write to — a CI cache restored read-only (`chmod -R a-w`), a
 * read-only mount, a team share — is reused with zero writes: the folder is checked with one
 * `access(W_OK)` first (a file's owner may change its times even without write permission, so
 * `utimes` alone would still write there), and EROFS/EACCES/EPERM from `utimes` are ignored.
 */
export async function touchLastUsed(markerPath: string, at: Date): Promise<boolean> {
  try {
    await access(dirname(markerPath), constants.W_OK);
  } catch {
    return false;
  }
  try {
    await utimes(markerPath, at, at);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  try {
    // Flag 'a' never truncates: a concurrent creator cannot lose anything (the file stays empty).
    await writeFile(markerPath, '', { flag: 'a' });
    await utimes(markerPath, at, at);
    return true;
  } catch {
    return false;
  }
}

/** The marker's mtime, or `undefined` when there is no marker. Never throws. */
export async function readLastUsed(markerPath: string): Promise<Date | undefined> {
  try {
    return (await stat(markerPath)).mtime;
  } catch {
    return undefined;
  }
}
