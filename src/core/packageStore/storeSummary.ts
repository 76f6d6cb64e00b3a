/**
 * The package store at a glance: how many wheels and unpacked packages it keeps, their bytes on
 * disk (each inode once, like `du`: a file hard-linked into environments is counted once, here),
 * and how many entries no environment references (what `envs gc` would collect). Reads only; takes
 * no lock; async I/O throughout, so the caller's event loop stays free while it walks.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import type { EnvironmentStore } from '../store/environmentStore.js';
import { treeUsage } from './diskUsage.js';
import type { TreeUsage } from './diskUsage.js';
import { SHA256_PATTERN } from './packageStoreLayout.js';
import type { PackageStoreLayout } from './packageStoreLayout.js';
import { referencedEntries } from './storeGc.js';

/** What {@link summarizePackageStore} measured. All byte counts count each inode once. */
export interface PackageStoreSummary {
  /** `<dataDir>/store`. */
  readonly storeDir: string;
  /** False when the store folder does not exist yet (nothing was ever installed with the store installer). */
  readonly exists: boolean;
  /** Entries in `wheels/`. */
  readonly wheels: number;
  /** Entries in `packages/` (unpacked wheels). */
  readonly packages: number;
  /** Entries (sha256 in `wheels/` or `packages/`) that no environment manifest references. */
  readonly unreferenced: number;
  readonly wheelBytes: number;
  readonly unpackedBytes: number;
  /** Of `unpackedBytes`: files that are also hard-linked into at least one environment. */
  readonly linkedBytes: number;
  /** Everything under `store/` (wheels, packages, build records, locks). */
  readonly totalBytes: number;
  readonly files: number;
}

function bytesOf(usage: TreeUsage): number {
  return usage.ownBytes + usage.sharedBytes;
}

async function entryNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => SHA256_PATTERN.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Measures the store of `layout`; `envStore` supplies the manifests that reference entries.
 * A missing store is an empty summary (`exists: false`). A store folder that cannot be read fails
 * with `io_error` (message names the folder). Never throws.
 */
export async function summarizePackageStore(
  envStore: EnvironmentStore,
  layout: PackageStoreLayout,
): Promise<Result<PackageStoreSummary>> {
  const { storeDir } = layout;
  try {
    const exists = await stat(storeDir).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    // Not a folder, no permission, …: say so instead of showing an empty store.
    const children = exists ? await readdir(storeDir) : [];
    const [wheelNames, packageNames] = await Promise.all([entryNames(layout.wheelsDir), entryNames(layout.packagesDir)]);
    const referenced = await referencedEntries(envStore);
    const unreferenced = new Set([...wheelNames, ...packageNames].filter((sha) => !referenced.has(sha))).size;
    // One `seen` set for the whole store: an inode is counted once, whichever folder it is met in.
    const seen = new Set<string>();
    const wheels = await treeUsage(layout.wheelsDir, seen);
    const packages = await treeUsage(layout.packagesDir, seen);
    let rest: TreeUsage = { ownBytes: 0, sharedBytes: 0, files: 0 };
    for (const child of children.filter((name) => name !== 'wheels' && name !== 'packages')) {
      const usage = await treeUsage(path.join(storeDir, child), seen);
      rest = {
        ownBytes: rest.ownBytes + usage.ownBytes,
        sharedBytes: rest.sharedBytes + usage.sharedBytes,
        files: rest.files + usage.files,
      };
    }
    return ok({
      storeDir,
      exists,
      wheels: wheelNames.length,
      packages: packageNames.length,
      unreferenced,
      wheelBytes: bytesOf(wheels),
      unpackedBytes: bytesOf(packages),
      linkedBytes: packages.sharedBytes,
      totalBytes: bytesOf(wheels) + bytesOf(packages) + bytesOf(rest),
      files: wheels.files + packages.files + rest.files,
    });
  } catch (error) {
    return fail(
      structuredError(
        'io_error',
        `cannot read the package store ${storeDir}: ${(error as Error).message}`,
        [],
        'Check that the data dir (pantograph.dataDir / PANTOGRAPH_DATA_DIR) is readable by you.',
      ),
    );
  }
}
