/**
 * Extracts a checked wheel's files into a folder, hashing every file against its RECORD row while
 * writing it. Small members are inflated and written with synchronous calls in slices (a
 * thread-pool round trip per small file costs more than its work); big members stream (inflate +
 * hash + write) on the thread pool meanwhile.
 */
import { createHash } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { ZipArchive, ZipMember } from '../packaging/zipReader.js';
import { memberIsExecutable } from '../packaging/zipReader.js';
import { runPoolAndSlices } from './pool.js';
import type { RecordRow } from './wheelMetadata.js';
import { splitRecordHash, toUrlsafe } from './wheelMetadata.js';

/** Where and how {@link extractMembers} writes (the matching fields of `UnpackWheelOptions`). */
export interface ExtractOptions {
  /** An existing folder; every file lands at its archive path below it. */
  readonly destDir: string;
  readonly signal?: AbortSignal;
  /** Big members streamed at once (default 4). */
  readonly concurrency?: number;
  /** Create files without write bits (0o444, executables 0o555). Default false (0o644 / 0o755). */
  readonly readOnly?: boolean;
}

/** Members at most this big (compressed) are inflated in memory; bigger ones are streamed. */
const IN_MEMORY_LIMIT = 4 << 20;
/** Members at most this big (compressed) are extracted synchronously in slices. */
const SYNC_LIMIT = 256 << 10;
/** About this many uncompressed bytes are extracted per synchronous slice. */
const SLICE_BYTES = 8 << 20;

/**
 * Writes every member of `files` to `<destDir>/<archive path>` (creating folders; a file that
 * already exists is an error, `wx`), keeping the zip's exec bit. A member with a `record` row must
 * match its hash and size, else `wheel_hash_mismatch`; members without a row (RECORD, signatures)
 * are written unchecked. Throws `cancelled` when `signal` aborts (checked between slices and before
 * each big member), or the first file-system error as is. Settles only after every started write
 * has finished, so the caller may remove `destDir` right after a failure.
 */
export async function extractMembers(
  zip: ZipArchive,
  files: readonly ZipMember[],
  record: ReadonlyMap<string, RecordRow>,
  options: ExtractOptions,
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
  const madeDirs = new Set<string>();
  await runPoolAndSlices(files, {
    isBig: (member) => member.compressedSize > SYNC_LIMIT,
    concurrency: options.concurrency ?? 4,
    work: async (member) => {
      const slash = member.name.lastIndexOf('/');
      if (slash > 0) await ensureDir(member.name.slice(0, slash));
      await extractMember(zip, member, record.get(member.name), join(options.destDir, member.name), wheelFileName, writeBits);
    },
    workSync: (member) => {
      const dir = member.name.slice(0, Math.max(0, member.name.lastIndexOf('/')));
      if (dir !== '' && !madeDirs.has(dir)) {
        mkdirSync(join(options.destDir, dir), { recursive: true });
        madeDirs.add(dir);
      }
      extractSmallSync(zip, member, record.get(member.name), join(options.destDir, member.name), wheelFileName, writeBits);
    },
    sizeOf: (member) => member.uncompressedSize,
    sliceBytes: SLICE_BYTES,
    beforeEach: () => {
      if (options.signal?.aborted) throw cancelled();
    },
  });
}

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
