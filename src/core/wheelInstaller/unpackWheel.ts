/**
 * Extracts a wheel verbatim into a store entry folder, verifying every file against RECORD while
 * extracting (binary distribution format). The marker is written last: a folder without it is an
 * interrupted unpack. The caller owns `destDir` (an empty temp folder it renames into place on
 * success and removes on failure); nothing is ever written outside it.
 */
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { ZipArchive } from '../packaging/zipReader.js';
import { openZip, ZipFormatError } from '../packaging/zipReader.js';
import { extractMembers } from './extractMembers.js';
import type { EntryMarker, UnpackedWheel } from './unpackedWheel.js';
import { ENTRY_MARKER, metadataValues } from './unpackedWheel.js';
import { checkDataSchemes, checkRecord, findDistInfo, indexWheelFiles, wheelInvalid } from './wheelArchiveChecks.js';
import { parseRecord, parseScriptEntryPoints, parseWheelFile, parseWheelFileName } from './wheelMetadata.js';

/** What to unpack where. */
export interface UnpackWheelOptions {
  /** The `.whl` file. Its name must be a valid wheel file name. */
  readonly wheelPath: string;
  /** An existing, empty folder; receives the wheel's files with their archive paths. */
  readonly destDir: string;
  readonly signal?: AbortSignal;
  /** Big members (over 256 KiB compressed) streamed at once (default 4); small ones are written in sync slices. */
  readonly concurrency?: number;
  /**
   * Create every file without write bits (0o444, executables 0o555), as immutable store entries
   * want them, instead of clearing the bits in a second pass. Folders stay writable. Default false.
   */
  readonly readOnly?: boolean;
}

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
  const { files, byName } = indexWheelFiles(zip.members, wheelFileName);
  const distInfo = findDistInfo(files, fileName, wheelFileName);
  const text = async (file: string): Promise<string | null> => {
    const member = byName.get(`${distInfo}/${file}`);
    return member ? (await zip.readMember(member)).toString('utf8') : null;
  };
  const wheelText = await text('WHEEL');
  const recordText = await text('RECORD');
  const metadata = await text('METADATA');
  if (wheelText === null || recordText === null || metadata === null) {
    throw wheelInvalid(`${distInfo} lacks WHEEL, RECORD or METADATA`, wheelFileName);
  }
  const wheel = parseWheelFile(wheelText, [wheelFileName, `${distInfo}/WHEEL`]);
  const record = checkRecord(parseRecord(recordText, [wheelFileName, `${distInfo}/RECORD`]), byName, distInfo, wheelFileName);
  const dataDir = `${distInfo.slice(0, -'.dist-info'.length)}.data`;
  checkDataSchemes(files, dataDir, wheelFileName);

  await extractMembers(zip, files, record, options, wheelFileName);

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

function asWheelError(error: unknown, wheelFileName: string): PantographError {
  if (error instanceof PantographError) return error;
  if (error instanceof ZipFormatError) return wheelInvalid(`not a readable wheel: ${error.message}`, wheelFileName);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'ERR_BUFFER_TOO_LARGE')
    return wheelInvalid(`not a readable wheel: ${(error as Error).message}`, wheelFileName);
  return new PantographError(
    structuredError('io_error', `unpacking ${wheelFileName} failed: ${(error as Error).message}`, [wheelFileName]),
  );
}
