/**
 * Unpacked, once: each stored wheel is unpacked by the wheel installer (`unpackWheel`, RECORD
 * verified while extracting) into a scratch folder under `<dataDir>/tmp`, its files made
 * read-only, and the folder renamed to `store/packages/<sha256>/` — an entry is whole or absent.
 * One lock per entry; entries are never modified afterwards.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { unpackWheel } from '../wheelInstaller/unpackWheel.js';
import { ENTRY_MARKER } from '../wheelInstaller/unpackedWheel.js';
import type { EntryLockOptions } from './entryLock.js';
import { withEntryLock } from './entryLock.js';
import { exists, placeFolder, scratchFolder } from './fileOps.js';
import type { PackageStoreLayout } from './packageStoreLayout.js';
import type { StoredWheel } from './wheelStore.js';

/** True when `packages/<sha256>/` is a complete entry (its marker exists). Never throws. */
export function hasPackageEntry(layout: PackageStoreLayout, sha256: string): Promise<boolean> {
  return exists(path.join(layout.packageDir(sha256), ENTRY_MARKER));
}

/**
 * The entry folder of `wheel`, unpacking it first when the store has none. Concurrent callers
 * (other processes too) wait on the entry's lock and reuse the result. Throws the wheel
 * installer's `PantographError`s (`wheel_*`, `cancelled`, `io_error`).
 */
export async function ensurePackageEntry(
  layout: PackageStoreLayout,
  wheel: StoredWheel,
  options: EntryLockOptions & { platform?: NodeJS.Platform },
): Promise<string> {
  const target = layout.packageDir(wheel.sha256);
  if (await hasPackageEntry(layout, wheel.sha256)) return target;
  return withEntryLock(layout, 'package', wheel.sha256, options, async () => {
    if (await hasPackageEntry(layout, wheel.sha256)) return target;
    // A folder without marker cannot come from a rename (we rename only complete entries), but a
    // hand-made or foreign one must not block the store: move it out of the way.
    if (await exists(target)) await rm(target, { recursive: true, force: true });
    const staged = await scratchFolder(layout.tmpDir, 'unpack');
    try {
      // Files are created read-only (not on Windows, where a read-only file cannot be deleted by GC).
      await unpackWheel({
        wheelPath: wheel.path,
        destDir: staged,
        readOnly: (options.platform ?? process.platform) !== 'win32',
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await placeFolder(staged, target);
      return target;
    } finally {
      await rm(staged, { recursive: true, force: true });
    }
  });
}
