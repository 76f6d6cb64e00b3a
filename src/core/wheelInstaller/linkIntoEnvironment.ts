/**
 * Installs an unpacked wheel (a store entry) into a venv by hard-linking its files (copying where
 * links are refused), then writes what an installer writes: rewritten `#!python` scripts, entry
 * point launchers, and in `.dist-info/` `INSTALLER`, `REQUESTED`, `direct_url.json` and a new
 * `RECORD` of the files in the environment. Store files are never modified: every rewritten or
 * generated file is a new file (an existing destination is unlinked first, never written through).
 */
import { constants, linkSync, mkdirSync, rmSync } from 'node:fs';
import { chmod, copyFile, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { entryPointScriptNames, launcherScript, needsShebangRewrite, rewriteShebang } from './scripts.js';
import { runPool } from './pool.js';
import { readUnpackedWheel } from './unpackedWheel.js';
import type { UnpackedWheel } from './unpackedWheel.js';
import { unsafePathReason } from './archivePaths.js';
import type { VenvScheme } from './venvScheme.js';
import type { RecordRow } from './wheelMetadata.js';
import { formatRecord, recordHash } from './wheelMetadata.js';

/** How files reach the environment: hard links with a per-file copy fallback, or copies only. */
export type LinkMode = 'hardlink' | 'copy';

/** What to link where. */
export interface LinkIntoEnvironmentOptions {
  /** A complete store entry (has the marker); see `unpackWheel`. */
  readonly entryDir: string;
  readonly env: VenvScheme;
  /** The user asked for this distribution (writes `REQUESTED`); false for pulled-in dependencies. */
  readonly requested: boolean;
  /**
   * PEP 610 `direct_url.json` content. pip writes one only for a direct URL or local path/file
   * requirement, never for a package found on an index or in `--find-links`: pass it only then.
   */
  readonly directUrl?: Readonly<Record<string, unknown>>;
  /** Written to `INSTALLER`. */
  readonly installer: 'pantograph';
  readonly signal?: AbortSignal;
  /** `copy` forces copies (tests, filesystems where links misbehave). Default `hardlink`. */
  readonly linkMode?: LinkMode;
  /** Platform scripts are written for (default `process.platform`). */
  readonly platform?: NodeJS.Platform;
}

/** What was installed. Paths are absolute. */
export interface LinkedDistribution {
  readonly name: string;
  readonly version: string;
  readonly distInfoPath: string;
  /** Files hard-linked from the entry. */
  readonly linkedFiles: number;
  /** Files copied from the entry (forced, or where a link was refused). */
  readonly copiedFiles: number;
  /** Files written new: rewritten scripts, launchers, INSTALLER, REQUESTED, direct_url.json, RECORD. */
  readonly generatedFiles: number;
  /** Launchers written for entry points. */
  readonly scripts: readonly string[];
  /** Things the environment lacks (e.g. Windows `.exe` launchers), for the caller's log. */
  readonly warnings: readonly string[];
}

/** Link errors that mean "this filesystem will not link here": copy instead. */
const COPY_FALLBACK_CODES = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'EACCES', 'ENOSYS']);
/** Hard links made per synchronous slice before the event loop runs again. */
const LINK_SLICE = 512;
/** `.dist-info` files the installer writes itself; a wheel's own copies are not installed. */
const GENERATED_DIST_INFO = new Set(['RECORD', 'INSTALLER', 'REQUESTED', 'direct_url.json']);

interface Planned {
  readonly source: string;
  readonly target: string;
  readonly row: RecordRow;
  /** `link` (hard link), `copy`, `copy-exec` (copy then +x), `rewrite` (new `#!python` script). */
  readonly how: 'link' | 'copy' | 'copy-exec' | 'rewrite';
  /** The file lies under the root at its archive path, so its RECORD path is the wheel's. */
  readonly rootRelative: boolean;
}

/**
 * Links the entry's distribution into `env`. Throws `wheel_entry_incomplete` (no marker),
 * `wheel_unsafe_path`, `cancelled`, or `io_error` (naming the file) — on failure the environment
 * may hold some of the distribution's files but no RECORD for it.
 */
export async function linkIntoEnvironment(options: LinkIntoEnvironmentOptions): Promise<LinkedDistribution> {
  const wheel = await readUnpackedWheel(options.entryDir);
  const platform = options.platform ?? process.platform;
  const root = wheel.rootIsPurelib ? options.env.purelib : options.env.platlib;
  const distInfoPath = join(root, wheel.distInfoDir);
  const plan = await planFiles(wheel, options.env, root);
  const counts = { linked: 0, copied: 0, generated: 0 };
  const rows: RecordRow[] = [];
  const dirs = new Map<string, Promise<unknown>>();
  const ensureDir = (dir: string): Promise<unknown> => {
    let made = dirs.get(dir);
    if (!made) dirs.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  };
  // Hard links first, with synchronous calls in slices: one link is a single fast syscall, and a
  // thread-pool round trip per file would cost more than the link (torch has 12 000 files).
  // Between slices the event loop runs and cancellation is checked.
  const slow: Planned[] = [];
  const madeDirs = new Set<string>();
  const linkable: Planned[] = [];
  for (const item of plan) {
    if (item.how === 'link' && options.linkMode !== 'copy') linkable.push(item);
    else slow.push(item.how === 'link' ? { ...item, how: 'copy' } : item);
  }
  for (let start = 0; start < linkable.length; start += LINK_SLICE) {
    checkCancelled(options.signal, wheel);
    guardSync(() => {
      for (const item of linkable.slice(start, start + LINK_SLICE)) {
        const dir = dirname(item.target);
        if (!madeDirs.has(dir)) {
          mkdirSync(dir, { recursive: true });
          madeDirs.add(dir);
        }
        if (hardLinkSync(item.source, item.target)) {
          counts.linked++;
          rows.push({
            path: item.rootRelative ? item.row.path : recordPath(root, item.target),
            hash: item.row.hash,
            size: item.row.size,
          });
        } else slow.push({ ...item, how: 'copy' });
      }
    }, wheel);
    await new Promise<void>((resolveSlice) => setImmediate(resolveSlice));
  }
  await guard(
    () =>
      runPool(
        slow,
        4,
        async (item) => {
          await ensureDir(dirname(item.target));
          rows.push(await installFile(item, root, options, counts));
        },
        () => checkCancelled(options.signal, wheel),
      ),
    wheel,
  );

  const warnings: string[] = [];
  const scripts: string[] = [];
  if (wheel.scripts.length > 0) {
    if (platform === 'win32') {
      warnings.push(
        `${wheel.name}: Windows .exe launchers for ${wheel.scripts.map((s) => s.name).join(', ')} are not written yet; run them with "python -m".`,
      );
    } else {
      await guard(() => ensureDir(options.env.scripts), wheel);
      for (const entry of wheel.scripts) {
        checkCancelled(options.signal, wheel);
        const target = join(options.env.scripts, entry.name);
        const data = Buffer.from(launcherScript(entry, options.env.pythonExecutable), 'utf8');
        await guard(() => writeNew(target, data, 0o755), wheel);
        rows.push({ path: recordPath(root, target), hash: recordHash(data), size: data.length });
        scripts.push(target);
        counts.generated++;
      }
    }
  }

  const generated: [string, Buffer][] = [['INSTALLER', Buffer.from(`${options.installer}\n`)]];
  if (options.requested) generated.push(['REQUESTED', Buffer.alloc(0)]);
  if (options.directUrl !== undefined) generated.push(['direct_url.json', Buffer.from(pythonJsonDumps(options.directUrl))]);
  await guard(() => ensureDir(distInfoPath), wheel);
  for (const [file, data] of generated) {
    const target = join(distInfoPath, file);
    await guard(() => writeNew(target, data, 0o644), wheel);
    rows.push({ path: recordPath(root, target), hash: recordHash(data), size: data.length });
    counts.generated++;
  }
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  rows.push({ path: recordPath(root, join(distInfoPath, 'RECORD')), hash: '', size: null });
  checkCancelled(options.signal, wheel);
  await guard(() => writeNew(join(distInfoPath, 'RECORD'), Buffer.from(formatRecord(rows), 'utf8'), 0o644), wheel);
  counts.generated++;
  return {
    name: wheel.name,
    version: wheel.version,
    distInfoPath,
    linkedFiles: counts.linked,
    copiedFiles: counts.copied,
    generatedFiles: counts.generated,
    scripts,
    warnings,
  };
}

/** Maps every file of the entry to its place in the environment, deciding link, copy or rewrite. */
async function planFiles(wheel: UnpackedWheel, env: VenvScheme, root: string): Promise<Planned[]> {
  const reserved = entryPointScriptNames(wheel.scripts);
  const plan: Planned[] = [];
  for (const row of wheel.files) {
    const reason = unsafePathReason(row.path);
    if (reason)
      throw new PantographError(
        structuredError('wheel_unsafe_path', `${reason} in RECORD: ${row.path}`, [wheel.entryDir, row.path]),
      );
    const segments = row.path.split('/');
    const source = join(wheel.entryDir, row.path);
    if (segments[0] === wheel.distInfoDir && segments.length === 2 && GENERATED_DIST_INFO.has(segments[1]!)) continue;
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

async function installFile(
  item: Planned,
  root: string,
  options: LinkIntoEnvironmentOptions,
  counts: { linked: number; copied: number; generated: number },
): Promise<RecordRow> {
  const rowPath = recordPath(root, item.target);
  if (item.how === 'rewrite') {
    const data = rewriteShebang(await readFile(item.source), options.env.pythonExecutable);
    await writeNew(item.target, data, 0o755);
    counts.generated++;
    return { path: rowPath, hash: recordHash(data), size: data.length };
  }
  await rm(item.target, { force: true });
  await copyFile(item.source, item.target, constants.COPYFILE_EXCL);
  if (item.how === 'copy-exec') await chmod(item.target, 0o755);
  counts.copied++;
  return { path: rowPath, hash: item.row.hash, size: item.row.size };
}

/**
 * Hard-links `source` at `target`, replacing an existing file there (unlinked, never written).
 * Returns false when this filesystem refuses the link (the caller copies instead).
 */
function hardLinkSync(source: string, target: string): boolean {
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

/** Writes `data` as a brand-new file: an existing file (possibly a link into the store) is unlinked first. */
async function writeNew(target: string, data: Uint8Array, mode: number): Promise<void> {
  await rm(target, { force: true });
  await writeFile(target, data, { flag: 'wx', mode });
  if (mode & 0o111) await chmod(target, mode);
}

/** JSON as Python's `json.dumps(value, sort_keys=True)` writes it (pip's direct_url.json form). Pure. */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${pythonJsonDumps(record[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** RECORD's path for `target`: relative to the folder holding `.dist-info`, forward slashes. */
function recordPath(root: string, target: string): string {
  return relative(root, target).split(sep).join('/');
}

function checkCancelled(signal: AbortSignal | undefined, wheel: UnpackedWheel): void {
  if (signal?.aborted)
    throw new PantographError(structuredError('cancelled', `linking ${wheel.name} was cancelled`, [wheel.entryDir]));
}

function guardSync(run: () => void, wheel: UnpackedWheel): void {
  try {
    run();
  } catch (error) {
    throw ioError(error, wheel);
  }
}

function ioError(error: unknown, wheel: UnpackedWheel): PantographError {
  if (error instanceof PantographError) return error;
  const path = (error as NodeJS.ErrnoException).path ?? wheel.entryDir;
  return new PantographError(
    structuredError('io_error', `linking ${wheel.name} ${wheel.version} failed: ${(error as Error).message}`, [path]),
  );
}

async function guard<T>(run: () => Promise<T>, wheel: UnpackedWheel): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw ioError(error, wheel);
  }
}
