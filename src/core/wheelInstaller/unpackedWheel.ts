/**
 * The shape of an unpacked wheel (a store entry) and reading one back from disk. An entry is a
 * wheel extracted verbatim (archive paths kept) plus, written last, the marker
 * {@link ENTRY_MARKER}; an entry without the marker is incomplete and must not be used.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { RecordRow, ScriptEntryPoint } from './wheelMetadata.js';
import { parseRecord, parseScriptEntryPoints, parseWheelFile } from './wheelMetadata.js';

/** The completion marker's file name, at the entry's root. */
export const ENTRY_MARKER = '.pantograph-entry.json';

/** The marker's JSON content (snake_case: it is an on-disk format). */
export interface EntryMarker {
  readonly format: 1;
  /** The wheel's file name, e.g. `torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl`. */
  readonly wheel: string;
  /** `Name` from METADATA (as published). */
  readonly name: string;
  /** `Version` from METADATA. */
  readonly version: string;
  readonly root_is_purelib: boolean;
  /** Files extracted (RECORD and signature files included). */
  readonly file_count: number;
  /** The `.dist-info` folder name inside the entry. */
  readonly dist_info: string;
}

/** An unpacked wheel, as {@link unpackWheel} returns and {@link readUnpackedWheel} reads back. */
export interface UnpackedWheel {
  /** Absolute path of the entry folder. */
  readonly entryDir: string;
  readonly wheelFileName: string;
  readonly name: string;
  readonly version: string;
  /** `<name>-<version>.dist-info` (relative to the entry). */
  readonly distInfoDir: string;
  /** `<name>-<version>.data` (relative; may not exist in the entry). */
  readonly dataDir: string;
  readonly rootIsPurelib: boolean;
  /** RECORD rows of the wheel's files (every file but RECORD itself and signatures), verified at unpack. */
  readonly files: readonly RecordRow[];
  /** `console_scripts` and `gui_scripts` from `entry_points.txt` (empty when it has none). */
  readonly scripts: readonly ScriptEntryPoint[];
  /** `Requires-Dist` values from METADATA. */
  readonly requiresDist: readonly string[];
  /** Number of files in the entry (RECORD and signatures included). */
  readonly fileCount: number;
}

/** RECORD and the signature files, which RECORD does not hash (spec). Relative to `.dist-info/`. */
export const UNHASHED_DIST_INFO_FILES = new Set(['RECORD', 'RECORD.jws', 'RECORD.p7s']);

/** True for a RECORD path that is RECORD itself or a signature file of `distInfoDir`. */
export function isUnhashedRecordPath(path: string, distInfoDir: string): boolean {
  const slash = path.indexOf('/');
  return slash > 0 && path.slice(0, slash) === distInfoDir && UNHASHED_DIST_INFO_FILES.has(path.slice(slash + 1));
}

/**
 * Reads an unpacked entry back: marker, WHEEL, RECORD, entry points, METADATA's Requires-Dist.
 * Throws `wheel_entry_incomplete` when the marker is missing or unreadable (an interrupted unpack)
 * and `wheel_invalid` when the entry's metadata does not parse.
 */
export async function readUnpackedWheel(entryDir: string): Promise<UnpackedWheel> {
  let marker: EntryMarker;
  try {
    marker = JSON.parse(await readFile(join(entryDir, ENTRY_MARKER), 'utf8')) as EntryMarker;
    if (marker.format !== 1 || typeof marker.dist_info !== 'string') throw new Error('unknown marker format');
  } catch (error) {
    throw new PantographError(
      structuredError(
        'wheel_entry_incomplete',
        `store entry has no valid completion marker: ${(error as Error).message}`,
        [entryDir],
        'Remove the entry and unpack the wheel again.',
      ),
    );
  }
  const distInfo = marker.dist_info;
  const read = (file: string): Promise<string> => readFile(join(entryDir, distInfo, file), 'utf8');
  const wheel = parseWheelFile(await read('WHEEL'), `${distInfo}/WHEEL`);
  const rows = parseRecord(await read('RECORD'), `${distInfo}/RECORD`);
  const entryPoints = await read('entry_points.txt').catch(() => '');
  const metadata = await read('METADATA');
  return {
    entryDir,
    wheelFileName: marker.wheel,
    name: marker.name,
    version: marker.version,
    distInfoDir: distInfo,
    dataDir: `${distInfo.slice(0, -'.dist-info'.length)}.data`,
    rootIsPurelib: wheel.rootIsPurelib,
    files: rows.filter((r) => !isUnhashedRecordPath(r.path, distInfo) && !r.path.endsWith('/')),
    scripts: parseScriptEntryPoints(entryPoints),
    requiresDist: metadataValues(metadata, 'requires-dist'),
    fileCount: marker.file_count,
  };
}

/** All values of a METADATA header (case-insensitive), in order. Pure. */
export function metadataValues(metadata: string, header: string): string[] {
  const values: string[] = [];
  for (const line of metadata.split(/\r?\n/)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).toLowerCase() === header) values.push(line.slice(colon + 1).trim());
  }
  return values;
}
