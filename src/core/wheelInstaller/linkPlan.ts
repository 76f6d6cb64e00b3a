/**
 * Plans how each file of an unpacked wheel reaches a venv (binary distribution format): where it
 * goes (root files to purelib or platlib, `.data/<scheme>/` to the scheme's folder, headers under
 * `<headers>/<name>/`) and how (hard link, copy, copy made executable, or `#!python` rewrite).
 * Reads only the first bytes and the mode of `.data/scripts` files; writes nothing.
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { unsafePathReason } from '../packaging/archivePaths.js';
import { INSTALLER_DIST_INFO_FILES } from './distInfoFiles.js';
import { entryPointScriptNames, needsShebangRewrite } from './scripts.js';
import type { UnpackedWheel } from './unpackedWheel.js';
import type { VenvScheme } from './venvScheme.js';
import type { RecordRow } from './wheelMetadata.js';

/** One entry file and how it reaches the environment. Paths are absolute. */
export interface PlannedFile {
  readonly source: string;
  readonly target: string;
  readonly row: RecordRow;
  /** `link` (hard link), `copy`, `copy-exec` (copy then +x), `rewrite` (new `#!python` script). */
  readonly how: 'link' | 'copy' | 'copy-exec' | 'rewrite';
  /** The file lies under the root at its archive path, so its RECORD path is the wheel's. */
  readonly rootRelative: boolean;
}

/**
 * Maps every RECORD file of `wheel` to its place under `env` (`root` is purelib or platlib, per
 * Root-Is-Purelib), in RECORD order. Leaves out the `.dist-info` files the installer writes itself
 * ({@link INSTALLER_DIST_INFO_FILES}) and `.data/scripts` files named like an entry point (pip's
 * rule, case-insensitive). A `.data/scripts` file starting `#!python` is a `rewrite`, another
 * non-executable one a `copy-exec`; everything else is a `link`. Throws `wheel_unsafe_path` for an
 * unsafe RECORD path; a failed read of a script is thrown as is.
 */
export async function planFiles(wheel: UnpackedWheel, env: VenvScheme, root: string): Promise<PlannedFile[]> {
  const reserved = entryPointScriptNames(wheel.scripts);
  const plan: PlannedFile[] = [];
  for (const row of wheel.files) {
    const reason = unsafePathReason(row.path);
    if (reason)
      throw new PantographError(
        structuredError('wheel_unsafe_path', `${reason} in RECORD: ${row.path}`, [wheel.entryDir, row.path]),
      );
    const segments = row.path.split('/');
    const source = join(wheel.entryDir, row.path);
    if (segments[0] === wheel.distInfoDir && segments.length === 2 && INSTALLER_DIST_INFO_FILES.has(segments[1]!)) continue;
    if (segments[0] !== wheel.dataDir) {
      plan.push({ source, target: join(root, row.path), row, how: 'link', rootRelative: true });
      continue;
    }
    const [, scheme, ...rest] = segments;
    const base = scheme === 'headers' ? join(env.headers, wheel.name) : env[scheme as 'purelib' | 'platlib' | 'scripts' | 'data'];
    const target = join(base, ...rest);
    if (scheme !== 'scripts') {
      plan.push({ source, target, row, how: 'link', rootRelative: false });
      continue;
    }
    if (rest.length === 1 && reserved.has(rest[0]!.toLowerCase())) continue;
    const head = await readHead(source);
    const executable = ((await stat(source)).mode & 0o111) !== 0;
    plan.push({
      source,
      target,
      row,
      how: needsShebangRewrite(head) ? 'rewrite' : executable ? 'link' : 'copy-exec',
      rootRelative: false,
    });
  }
  return plan;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
