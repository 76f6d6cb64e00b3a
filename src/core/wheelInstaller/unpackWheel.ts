/**
 * Extracts a wheel verbatim into a store entry folder, verifying every file against RECORD while
 * extracting (binary distribution format). The marker is written last: a folder without it is an
 * interrupted unpack. The caller owns `destDir` (an empty temp folder it renames into place on
 * success and removes on failure); nothing is ever written outside it.
 */
import { createHash } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { ZipArchive, ZipMember } from '../packaging/zipReader.js';
import { memberIsExecutable, memberIsSymlink, openZip, ZipFormatError } from '../packaging/zipReader.js';
import type { EntryMarker, UnpackedWheel } from './unpackedWheel.js';
import { ENTRY_MARKER, isUnhashedRecordPath, metadataValues } from './unpackedWheel.js';
import { runPool } from './pool.js';
import type { RecordRow } from './wheelMetadata.js';
import {
  normalizeDistName,
  parseRecord,
  parseScriptEntryPoints,
  parseWheelFile,
  parseWheelFileName,
  splitRecordHash,
  toUrlsafe,
} from './wheelMetadata.js';

/** What to unpack where. */
export interface UnpackWheelOptions {
  /** The `.whl` file. Its name must be a valid wheel file name. */
  readonly wheelPath: string;
  /** An existing, empty folder; receives the wheel's files with their archive paths. */
  readonly destDir: string;
  readonly signal?: AbortSignal;
  /** Files extracted at once (default 8). */
  readonly concurrency?: number;
  /**
   * Create every file without write bits (0o444, executables 0o555), as immutable store entries
   * want them, instead of clearing the bits in a second pass. Folders stay writable. Default false.
   */
  readonly readOnly?: boolean;
}

/** The `.data/<scheme>/` keys the format allows. */
export const DATA_SCHEMES = new Set(['purelib', 'platlib', 'scripts', 'headers', 'data']);

/** Members at most this big (compressed) are inflated in memory; bigger ones are streamed. */
const IN_MEMORY_LIMIT = 4 << 20;

/**
 * Unpacks `wheelPath` into `destDir` and returns what it holds. Throws a {@link PantographError}:
 * `wheel_invalid` (bad name, zip, WHEEL, RECORD, `.data` key), `wheel_unsafe_path` (absolute,
 * `..`, backslash, NUL, symlink), `wheel_record_mismatch` (a file RECORD lacks or a RECORD row the
 * zip lacks), `wheel_hash_mismatch` (sha256 or size), `cancelled`, `io_error`. On failure
 * `destDir` may hold some files but never the marker.
 */
export async function unpackWheel(options: UnpackWheelOptions): Promise<UnpackedWheel> {
  const wheelFileName = basename(options.wheelPath);
  const fileNameParts = parseWheelFileName(wheelFileName);
  let zip: ZipArchive;
  try {
    zip = await openZip(options.wheelPath);
  } catch (error) {
    throw asWheelError(error, wheelFileName);
  }
  try {
    return await unpackOpened(zip, options, wheelFileName, fileNameParts.name);
  } catch (error) {
    throw asWheelError(error, wheelFileName);
  } finally {
    await zip.close();
  }
}

async function unpackOpened(
  zip: ZipArchive,
  options: UnpackWheelOptions,
  wheelFileName: string,
  fileName: string,
): Promise<UnpackedWheel> {
  const files = zip.members.filter((m) => !m.isDirectory);
  for (const member of zip.members) checkMemberPath(member, wheelFileName);
  const byName = new Map<string, ZipMember>();
  for (const member of files) {
    if (byName.has(member.name)) throw invalid(`the wheel holds ${member.name} twice`, wheelFileName);
    byName.set(member.name, member);
  }
  if (byName.has(ENTRY_MARKER)) throw invalid(`the wheel holds a file named ${ENTRY_MARKER}`, wheelFileName);

  const distInfo = findDistInfo(files, fileName, wheelFileName);
  const text = async (file: string): Promise<string | null> => {
    const member = byName.get(`${distInfo}/${file}`);
    return member ? (await zip.readMember(member)).toString('utf8') : null;
  };
  const wheelText = await text('WHEEL');
  const recordText = await text('RECORD');
  const metadata = await text('METADATA');
  if (wheelText === null || recordText === null || metadata === null) {
    throw invalid(`${distInfo} lacks WHEEL, RECORD or METADATA`, wheelFileName);
  }
  const wheel = parseWheelFile(wheelText, [wheelFileName, `${distInfo}/WHEEL`]);
  const record = checkRecord(parseRecord(recordText, [wheelFileName, `${distInfo}/RECORD`]), byName, distInfo, wheelFileName);
  const dataDir = `${distInfo.slice(0, -'.dist-info'.length)}.data`;
  for (const member of files) {
    if (!member.name.startsWith(`${dataDir}/`)) continue;
    const scheme = member.name.split('/')[1]!;
    if (!DATA_SCHEMES.has(scheme))
      throw invalid(`unknown .data scheme ${JSON.stringify(scheme)} in ${member.name}`, wheelFileName);
  }

  await extractAll(zip, files, record, options, wheelFileName);

  const name = metadataValues(metadata, 'name')[0] ?? fileName;
  const version = metadataValues(metadata, 'version')[0] ?? '';
  const marker: EntryMarker = {
    format: 1,
    wheel: wheelFileName,
    name,
    version,
    root_is_purelib: wheel.rootIsPurelib,
    file_count: files.length,
    dist_info: distInfo,
  };
  await writeFile(join(options.destDir, ENTRY_MARKER), `${JSON.stringify(marker, null, 2)}\n`, {
    mode: options.readOnly === true ? 0o444 : 0o666,
  });
  return {
    entryDir: options.destDir,
    wheelFileName,
    name,
    version,
    distInfoDir: distInfo,
    dataDir,
    rootIsPurelib: wheel.rootIsPurelib,
    files: [...record.values()],
    scripts: parseScriptEntryPoints((await text('entry_points.txt')) ?? ''),
    requiresDist: metadataValues(metadata, 'requires-dist'),
    fileCount: files.length,
  };
}

/** Refuses absolute paths, drive letters, `..`/`.`/empty segments, backslashes, NUL and symlinks. */
function checkMemberPath(member: ZipMember, wheelFileName: string): void {
  const reason = unsafePathReason(member.isDirectory ? member.name.slice(0, -1) : member.name);
  if (reason) throw unsafe(`${reason}: ${JSON.stringify(member.name)}`, wheelFileName, member.name);
  if (memberIsSymlink(member)) throw unsafe(`symbolic link in wheel: ${member.name}`, wheelFileName, member.name);
}

/** Why a relative archive path is unsafe to join onto a folder, or `null` when it is safe. Pure. */
export function unsafePathReason(path: string): string | null {
  if (path === '') return 'empty path';
  if (path.includes('\0')) return 'NUL in path';
  if (path.includes('\\')) return 'backslash in path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path';
  const segments = path.split('/');
  if (segments.includes('..')) return 'path traversal';
  if (segments.some((s) => s === '' || s === '.')) return 'empty or "." path segment';
  return null;
}

function findDistInfo(files: readonly ZipMember[], fileName: string, wheelFileName: string): string {
  const tops = new Set(files.map((m) => m.name.split('/')[0]!).filter((top) => top.endsWith('.dist-info')));
  const candidates = [...tops].filter((dir) => files.some((m) => m.name.startsWith(`${dir}/`)));
  const wanted = normalizeDistName(fileName);
  const matching = candidates.filter((dir) => normalizeDistName(dir.replace(/-[^-]*\.dist-info$/, '')) === wanted);
  if (matching.length !== 1) {
    throw invalid(`expected one ${fileName}-<version>.dist-info folder, found ${JSON.stringify(candidates)}`, wheelFileName);
  }
  return matching[0]!;
}

/** RECORD must list every file (RECORD and signatures excepted) with a supported hash, and nothing else. */
function checkRecord(
  rows: readonly RecordRow[],
  byName: ReadonlyMap<string, ZipMember>,
  distInfo: string,
  wheelFileName: string,
): Map<string, RecordRow> {
  const record = new Map<string, RecordRow>();
  for (const row of rows) {
    if (row.path.endsWith('/') || isUnhashedRecordPath(row.path, distInfo)) continue;
    const reason = unsafePathReason(row.path);
    if (reason) throw unsafe(`${reason} in RECORD: ${JSON.stringify(row.path)}`, wheelFileName, row.path);
    if (!byName.has(row.path)) throw mismatch(`RECORD lists ${row.path}, which the wheel does not hold`, wheelFileName, row.path);
    if (splitRecordHash(row.hash) === null)
      throw invalid(`RECORD has no sha256 (or stronger) hash for ${row.path}`, wheelFileName);
    record.set(row.path, row);
  }
  for (const name of byName.keys()) {
    if (!record.has(name) && !isUnhashedRecordPath(name, distInfo)) {
      throw mismatch(`${name} is in the wheel but not in RECORD`, wheelFileName, name);
    }
  }
  return record;
}

async function extractAll(
  zip: ZipArchive,
  files: readonly ZipMember[],
  record: ReadonlyMap<string, RecordRow>,
  options: UnpackWheelOptions,
  wheelFileName: string,
): Promise<void> {
  const dirs = new Map<string, Promise<unknown>>();
  const ensureDir = (relative: string): Promise<unknown> => {
    let made = dirs.get(relative);
    if (!made) {
      made = mkdir(join(options.destDir, relative), { recursive: true });
      dirs.set(relative, made);
    }
    return made;
  };
  const writeBits = options.readOnly === true ? 0 : 0o200;
  const cancelled = (): PantographError =>
    new PantographError(structuredError('cancelled', 'unpacking was cancelled', [wheelFileName]));
  // Big members stream on the thread pool (a few at once) while the many small ones are done
  // synchronously in slices: a thread-pool round trip per small file costs more than its work.
  const big = files.filter((m) => m.compressedSize > SYNC_LIMIT);
  const small = files.filter((m) => m.compressedSize <= SYNC_LIMIT);
  let failed = false;
  const bigDone = runPool(
    big,
    options.concurrency ?? 4,
    async (member) => {
      const slash = member.name.lastIndexOf('/');
      if (slash > 0) await ensureDir(member.name.slice(0, slash));
      await extractMember(zip, member, record.get(member.name), join(options.destDir, member.name), wheelFileName, writeBits);
    },
    () => {
      if (failed || options.signal?.aborted) throw cancelled();
    },
  ).then(
    () => null,
    (error: unknown) => {
      failed = true;
      return { error };
    },
  );
  const madeDirs = new Set<string>();
  try {
    for (let start = 0; start < small.length && !failed;) {
      if (options.signal?.aborted) throw cancelled();
      let budget = SLICE_BYTES;
      for (; start < small.length && budget > 0; start++) {
        const member = small[start]!;
        const dir = member.name.slice(0, Math.max(0, member.name.lastIndexOf('/')));
        if (dir !== '' && !madeDirs.has(dir)) {
          mkdirSync(join(options.destDir, dir), { recursive: true });
          madeDirs.add(dir);
        }
        extractSmallSync(zip, member, record.get(member.name), join(options.destDir, member.name), wheelFileName, writeBits);
        budget -= member.uncompressedSize + 4096;
      }
      await new Promise<void>((resolveSlice) => setImmediate(resolveSlice));
    }
  } catch (error) {
    failed = true;
    await bigDone;
    throw error;
  }
  const outcome = await bigDone;
  if (outcome) throw outcome.error;
}

/** Members at most this big (compressed) are extracted synchronously in slices. */
const SYNC_LIMIT = 256 << 10;
/** About this many uncompressed bytes are extracted per synchronous slice. */
const SLICE_BYTES = 8 << 20;

function extractSmallSync(
  zip: ZipArchive,
  member: ZipMember,
  row: RecordRow | undefined,
  target: string,
  wheelFileName: string,
  writeBits: number,
): void {
  const expected = row ? splitRecordHash(row.hash) : null;
  const data = zip.readMemberSync(member);
  if (row) check(row, expected, createHash(expected?.algorithm ?? 'sha256').update(data), data.length, wheelFileName);
  const executable = memberIsExecutable(member);
  writeFileSync(target, data, { flag: 'wx', mode: (executable ? 0o555 : 0o444) | writeBits });
  if (executable) chmodSync(target, 0o555 | writeBits);
}

async function extractMember(
  zip: ZipArchive,
  member: ZipMember,
  row: RecordRow | undefined,
  target: string,
  wheelFileName: string,
  writeBits: number,
): Promise<void> {
  const executable = memberIsExecutable(member);
  const mode = (executable ? 0o555 : 0o444) | writeBits;
  const expected = row ? splitRecordHash(row.hash) : null;
  const hash = createHash(expected?.algorithm ?? 'sha256');
  let size = 0;
  if (member.compressedSize <= IN_MEMORY_LIMIT) {
    const data = await zip.readMember(member);
    hash.update(data);
    size = data.length;
    if (row) check(row, expected, hash, size, wheelFileName);
    await writeFile(target, data, { flag: 'wx', mode });
  } else {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(await zip.openReadStream(member), counter, createWriteStream(target, { flags: 'wx', mode }));
    if (row) check(row, expected, hash, size, wheelFileName);
  }
  if (executable) await chmod(target, mode);
}

function check(
  row: RecordRow,
  expected: { digest: string } | null,
  hash: ReturnType<typeof createHash>,
  size: number,
  wheelFileName: string,
): void {
  const digest = toUrlsafe(hash.digest('base64'));
  if (expected !== null && digest !== expected.digest) {
    throw new PantographError(
      structuredError('wheel_hash_mismatch', `${row.path}: RECORD says ${row.hash}, the file has ${digest}`, [
        wheelFileName,
        row.path,
      ]),
    );
  }
  if (row.size !== null && row.size !== size) {
    throw new PantographError(
      structuredError('wheel_hash_mismatch', `${row.path}: RECORD says ${row.size} bytes, the file has ${size}`, [
        wheelFileName,
        row.path,
      ]),
    );
  }
}

function invalid(message: string, wheelFileName: string): PantographError {
  return new PantographError(structuredError('wheel_invalid', message, [wheelFileName]));
}

function unsafe(message: string, wheelFileName: string, path: string): PantographError {
  return new PantographError(structuredError('wheel_unsafe_path', message, [wheelFileName, path]));
}

function mismatch(message: string, wheelFileName: string, path: string): PantographError {
  return new PantographError(structuredError('wheel_record_mismatch', message, [wheelFileName, path]));
}

function asWheelError(error: unknown, wheelFileName: string): PantographError {
  if (error instanceof PantographError) return error;
  if (error instanceof ZipFormatError) return invalid(`not a readable wheel: ${error.message}`, wheelFileName);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'ERR_BUFFER_TOO_LARGE')
    return invalid(`not a readable wheel: ${(error as Error).message}`, wheelFileName);
  return new PantographError(
    structuredError('io_error', `unpacking ${wheelFileName} failed: ${(error as Error).message}`, [wheelFileName]),
  );
}
