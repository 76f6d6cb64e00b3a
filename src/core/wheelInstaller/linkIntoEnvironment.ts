/**
 * Installs an unpacked wheel (a store entry) into a venv by hard-linking its files (copying where
 * links are refused), then writes what an installer writes: rewritten `#!python` scripts, entry
 * point launchers, and in `.dist-info/` `INSTALLER`, `REQUESTED`, `direct_url.json` and a new
 * `RECORD` of the files in the environment. Store files are never modified: every rewritten or
 * generated file is a new file (an existing destination is unlinked first, never written through).
 */
import { mkdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { installerDistInfoFiles } from './distInfoFiles.js';
import type { PlannedFile } from './linkPlan.js';
import { planFiles } from './linkPlan.js';
import { launcherScript, rewriteShebang } from './scripts.js';
import { runPool } from './pool.js';
import { copyNew, hardLinkSync, writeNew } from './storeSafeWrites.js';
import { readUnpackedWheel } from './unpackedWheel.js';
import type { UnpackedWheel } from './unpackedWheel.js';
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

/** Hard links made per synchronous slice before the event loop runs again. */
const LINK_SLICE = 512;

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
  const slow: PlannedFile[] = [];
  const madeDirs = new Set<string>();
  const linkable: PlannedFile[] = [];
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

  const generated = installerDistInfoFiles(options);
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

async function installFile(
  item: PlannedFile,
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
  await copyNew(item.source, item.target, item.how === 'copy-exec');
  counts.copied++;
  return { path: rowPath, hash: item.row.hash, size: item.row.size };
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
