/**
 * A small ZIP archive reader for wheels: reads the end record and the central directory, then
 * streams each member (stored or deflate, via `node:zlib`) from its local header. No ZIP64 (an
 * archive that needs it is refused; wheels up to 4 GiB and 65 535 members do not), no encryption,
 * no multi-disk archives. Names, sizes and offsets are checked against the file's bounds, so a
 * corrupt or hostile archive yields a {@link ZipFormatError}, never an out-of-bounds read.
 *
 * Written here because the project has no declared zip-reading dependency (yauzl is present in
 * node_modules only as a transitive dev dependency of vsce, so runtime code must not rely on it).
 */
import { createReadStream, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createInflateRaw, inflateRaw, inflateRawSync } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

/** A malformed or unsupported archive. `message` says what and where. */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** One member of the central directory. */
export interface ZipMember {
  /** The member's name as stored (forward slashes expected; not validated here). */
  readonly name: string;
  /** True for a directory entry (name ends with `/`). */
  readonly isDirectory: boolean;
  /** 0 = stored, 8 = deflate; anything else is refused when reading. */
  readonly compressionMethod: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  /** High byte of "version made by": 3 = UNIX (external attributes then carry `st_mode << 16`). */
  readonly madeBy: number;
  readonly externalAttributes: number;
  /** General purpose flags (bit 0 = encrypted). */
  readonly flags: number;
  /** Offset of the member's local header in the file. */
  readonly localHeaderOffset: number;
}

/** An opened archive. Call {@link ZipArchive.close} when done. */
export interface ZipArchive {
  readonly path: string;
  readonly members: readonly ZipMember[];
  /** A stream of the member's uncompressed bytes (inflated when deflated). */
  openReadStream(member: ZipMember): Promise<Readable>;
  /** The member's uncompressed bytes in memory (for small members; checks the declared size). */
  readMember(member: ZipMember): Promise<Buffer>;
  /**
   * {@link ZipArchive.readMember} without the thread pool: for many small members, where a
   * round trip per member costs more than the work. Blocks; keep members small.
   */
  readMemberSync(member: ZipMember): Buffer;
  close(): Promise<void>;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The POSIX file type bits of a member (`S_IFMT` part of its mode), or 0 when not made on UNIX. */
export function memberFileType(member: ZipMember): number {
  return member.madeBy === 3 ? (member.externalAttributes >>> 16) & 0o170000 : 0;
}

/** True when the member was made on UNIX with any execute bit set on a regular file (pip's rule). */
export function memberIsExecutable(member: ZipMember): boolean {
  const mode = member.externalAttributes >>> 16;
  return member.madeBy === 3 && (mode & 0o170000) === 0o100000 && (mode & 0o111) !== 0;
}

/** True when the member is a symbolic link (UNIX mode `S_IFLNK`). */
export function memberIsSymlink(member: ZipMember): boolean {
  return memberFileType(member) === 0o120000;
}

/** Opens `path` and reads its central directory. Throws {@link ZipFormatError} on a malformed archive. */
export async function openZip(path: string): Promise<ZipArchive> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const members = await readCentralDirectory(handle, size);
    return {
      path,
      members,
      openReadStream: async (member) => {
        const dataStart = await memberDataStart(handle, size, member);
        if (member.compressedSize === 0) return Readable.from([]);
        const raw = createReadStream(path, {
          start: dataStart,
          end: dataStart + member.compressedSize - 1,
          highWaterMark: 1 << 20,
        });
        if (member.compressionMethod === 0) return raw;
        const inflate = createInflateRaw();
        raw.on('error', (error) => inflate.destroy(error));
        return raw.pipe(inflate);
      },
      readMember: async (member) => {
        const dataStart = await memberDataStart(handle, size, member);
        const raw = member.compressedSize === 0 ? Buffer.alloc(0) : await readAt(handle, dataStart, member.compressedSize);
        const data = member.compressionMethod === 0 ? raw : await inflateMember(raw, member);
        if (data.length !== member.uncompressedSize) throw new ZipFormatError(`size mismatch after inflating: ${member.name}`);
        return data;
      },
      readMemberSync: (member) => {
        checkReadable(member, size);
        const local = readAtSync(handle.fd, member.localHeaderOffset, 30);
        const dataStart = dataStartFrom(local, member, size);
        const raw = member.compressedSize === 0 ? Buffer.alloc(0) : readAtSync(handle.fd, dataStart, member.compressedSize);
        let data: Buffer;
        try {
          data =
            member.compressionMethod === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, member.uncompressedSize) });
        } catch (error) {
          throw new ZipFormatError(`cannot inflate ${member.name}: ${(error as Error).message}`);
        }
        if (data.length !== member.uncompressedSize) throw new ZipFormatError(`size mismatch after inflating: ${member.name}`);
        return data;
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError(`unexpected end of archive at offset ${position}`);
  return buffer;
}

async function readCentralDirectory(handle: FileHandle, size: number): Promise<ZipMember[]> {
  if (size < EOCD_SIZE) throw new ZipFormatError('not a zip archive (too small)');
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('not a zip archive (no end of central directory record)');
  const disk = tail.readUInt16LE(eocd + 4);
  const cdDisk = tail.readUInt16LE(eocd + 6);
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (disk !== 0 || cdDisk !== 0) throw new ZipFormatError('multi-disk zip archives are not supported');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new ZipFormatError('ZIP64 archives are not supported');
  }
  if (cdOffset + cdSize > size) throw new ZipFormatError('central directory lies outside the archive');
  const cd = await readAt(handle, cdOffset, cdSize);
  const members: ZipMember[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError(`bad central directory entry #${i}`);
    }
    const flags = cd.readUInt16LE(p + 8);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength + extraLength + commentLength > cd.length)
      throw new ZipFormatError(`central directory entry #${i} overruns`);
    const rawName = cd.subarray(p + 46, p + 46 + nameLength);
    const name = rawName.toString(flags & 0x0800 ? 'utf8' : 'latin1');
    const member: ZipMember = {
      name,
      isDirectory: name.endsWith('/'),
      madeBy: cd.readUInt8(p + 5),
      flags,
      compressionMethod: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      externalAttributes: cd.readUInt32LE(p + 38),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    if (
      member.compressedSize === 0xffffffff ||
      member.uncompressedSize === 0xffffffff ||
      member.localHeaderOffset === 0xffffffff
    ) {
      throw new ZipFormatError(`ZIP64 member is not supported: ${name}`);
    }
    members.push(member);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

async function inflateMember(raw: Buffer, member: ZipMember): Promise<Buffer> {
  try {
    return await inflateRawAsync(raw, { maxOutputLength: Math.max(1, member.uncompressedSize) });
  } catch (error) {
    throw new ZipFormatError(`cannot inflate ${member.name}: ${(error as Error).message}`);
  }
}

/** Checks a member is readable and returns the offset of its data (after the local header). */
async function memberDataStart(handle: FileHandle, size: number, member: ZipMember): Promise<number> {
  checkReadable(member, size);
  return dataStartFrom(await readAt(handle, member.localHeaderOffset, 30), member, size);
}

function checkReadable(member: ZipMember, size: number): void {
  if (member.flags & 0x1) throw new ZipFormatError(`encrypted member is not supported: ${member.name}`);
  if (member.compressionMethod !== 0 && member.compressionMethod !== 8) {
    throw new ZipFormatError(`unsupported compression method ${member.compressionMethod}: ${member.name}`);
  }
  if (member.localHeaderOffset + 30 > size) throw new ZipFormatError(`local header outside the archive: ${member.name}`);
}

function dataStartFrom(local: Buffer, member: ZipMember, size: number): number {
  if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`bad local header: ${member.name}`);
  const dataStart = member.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + member.compressedSize > size) throw new ZipFormatError(`member data outside the archive: ${member.name}`);
  return dataStart;
}

function readAtSync(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const bytesRead = readSync(fd, buffer, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError(`unexpected end of archive at offset ${position}`);
  return buffer;
}
