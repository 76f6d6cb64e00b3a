/**
 * Locates the folder the extension (or the CLI) was installed from: the one holding
 * `package.json` and the shipped `python/workers/` and `examples/` folders. Works from the
 * TypeScript sources (tests, tsx) and from the bundles in `dist/` (whose build shims
 * `import.meta.url` to the bundle's own file).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Marker paths that identify the extension root. */
const MARKERS = ['package.json', join('python', 'workers')];

/** The directory of this module's file (source or bundle). */
function moduleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/**
 * Walks up from `startDir` (default: this module's directory) to the first directory holding
 * `package.json` and `python/workers/`. Throws an `Error` when none is found (a broken install).
 */
export function findExtensionRoot(startDir: string = moduleDir()): string {
  let dir = resolve(startDir);
  for (;;) {
    if (MARKERS.every((m) => existsSync(join(dir, m)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Pantograph extension root above ${startDir}`);
    dir = parent;
  }
}

/** `examples/model-library` under the extension root: the bundled demo model library. */
export function bundledModelLibraryDir(root: string = findExtensionRoot()): string {
  return join(root, 'examples', 'model-library');
}
