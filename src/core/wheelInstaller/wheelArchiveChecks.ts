/**
 * The checks a wheel's archive passes before anything is extracted (binary distribution format):
 * safe member paths, no duplicate or reserved names, exactly one `.dist-info` folder for the
 * distribution, a RECORD listing exactly the wheel's files with a supported hash, and only the
 * `.data` schemes the format allows. No I/O: each check returns or throws a {@link PantographError}
 * naming the wheel file (and the offending path where there is one).
 */
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { ZipMember } from '../packaging/zipReader.js';
import { memberIsSymlink } from '../packaging/zipReader.js';
import { WHEEL_DATA_SCHEMES, unsafePathReason } from '../packaging/archivePaths.js';
import { ENTRY_MARKER, isUnhashedRecordPath } from './unpackedWheel.js';
import type { RecordRow } from './wheelMetadata.js';
import { normalizeDistName, splitRecordHash } from './wheelMetadata.js';

/** A wheel's file members (directories left out), in archive order and by archive path. */
export interface WheelFiles {
  readonly files: readonly ZipMember[];
  readonly byName: ReadonlyMap<string, ZipMember>;
}

/**
 * Checks every member's path (directories too) and indexes the file members. Throws
 * `wheel_unsafe_path` (see {@link unsafePathReason}; symlink members too) before `wheel_invalid`
 * for a path held twice or a file named like the entry marker.
 */
export function indexWheelFiles(members: readonly ZipMember[], wheelFileName: string): WheelFiles {
  const files = members.filter((m) => !m.isDirectory);
  for (const member of members) checkMemberPath(member, wheelFileName);
  const byName = new Map<string, ZipMember>();
  for (const member of files) {
    if (byName.has(member.name)) throw wheelInvalid(`the wheel holds ${member.name} twice`, wheelFileName);
    byName.set(member.name, member);
  }
  if (byName.has(ENTRY_MARKER)) throw wheelInvalid(`the wheel holds a file named ${ENTRY_MARKER}`, wheelFileName);
  return { files, byName };
}

/** Refuses absolute paths, drive letters, `..`/`.`/empty segments, backslashes, NUL and symlinks. */
function checkMemberPath(member: ZipMember, wheelFileName: string): void {
  const reason = unsafePathReason(member.isDirectory ? member.name.slice(0, -1) : member.name);
  if (reason) throw unsafe(`${reason}: ${JSON.stringify(member.name)}`, wheelFileName, member.name);
  if (memberIsSymlink(member)) throw unsafe(`symbolic link in wheel: ${member.name}`, wheelFileName, member.name);
}

/**
 * The one top-level `<name>-<version>.dist-info` folder whose name normalizes to `fileName` (the
 * distribution name from the wheel's file name) and holds files. Throws `wheel_invalid` when there
 * is none or more than one.
 */
export function findDistInfo(files: readonly ZipMember[], fileName: string, wheelFileName: string): string {
  const tops = new Set(files.map((m) => m.name.split('/')[0]!).filter((top) => top.endsWith('.dist-info')));
  const candidates = [...tops].filter((dir) => files.some((m) => m.name.startsWith(`${dir}/`)));
  const wanted = normalizeDistName(fileName);
  const matching = candidates.filter((dir) => normalizeDistName(dir.replace(/-[^-]*\.dist-info$/, '')) === wanted);
  if (matching.length !== 1) {
    throw wheelInvalid(`expected one ${fileName}-<version>.dist-info folder, found ${JSON.stringify(candidates)}`, wheelFileName);
  }
  return matching[0]!;
}

/**
 * RECORD must list every file (RECORD and signatures excepted) with a supported hash, and nothing
 * else. Returns the rows by path (folder rows, RECORD and signature rows left out). Throws, row by
 * row: `wheel_unsafe_path` (an unsafe RECORD path), `wheel_record_mismatch` (a row the wheel does
 * not hold), `wheel_invalid` (no sha256-or-stronger hash); then `wheel_record_mismatch` for the
 * first wheel file RECORD does not list.
 */
export function checkRecord(
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
      throw wheelInvalid(`RECORD has no sha256 (or stronger) hash for ${row.path}`, wheelFileName);
    record.set(row.path, row);
  }
  for (const name of byName.keys()) {
    if (!record.has(name) && !isUnhashedRecordPath(name, distInfo)) {
      throw mismatch(`${name} is in the wheel but not in RECORD`, wheelFileName, name);
    }
  }
  return record;
}

/** Throws `wheel_invalid` for the first file under `<dataDir>/` whose scheme is not in {@link WHEEL_DATA_SCHEMES}. */
export function checkDataSchemes(files: readonly ZipMember[], dataDir: string, wheelFileName: string): void {
  for (const member of files) {
    if (!member.name.startsWith(`${dataDir}/`)) continue;
    const scheme = member.name.split('/')[1]!;
    if (!WHEEL_DATA_SCHEMES.has(scheme))
      throw wheelInvalid(`unknown .data scheme ${JSON.stringify(scheme)} in ${member.name}`, wheelFileName);
  }
}

/** A `wheel_invalid` error naming the wheel file. */
export function wheelInvalid(message: string, wheelFileName: string): PantographError {
  return new PantographError(structuredError('wheel_invalid', message, [wheelFileName]));
}

function unsafe(message: string, wheelFileName: string, path: string): PantographError {
  return new PantographError(structuredError('wheel_unsafe_path', message, [wheelFileName, path]));
}

function mismatch(message: string, wheelFileName: string, path: string): PantographError {
  return new PantographError(structuredError('wheel_record_mismatch', message, [wheelFileName, path]));
}
