/**
 * Pure parsers and writers for the text files of the wheel binary distribution format: the wheel
 * file name, `WHEEL`, `RECORD` (CSV), `entry_points.txt`, and RECORD's hash form
 * (`sha256=<urlsafe base64, no padding>`). No I/O.
 */
import { createHash } from 'node:crypto';
import { PantographError, structuredError } from '../errors/structuredError.js';

/** The parts of a wheel file name `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`. */
export interface WheelFileNameParts {
  /** Distribution name as in the file name (escaped form, e.g. `demo_model`). */
  readonly name: string;
  readonly version: string;
  readonly build: string | null;
  /** `{python}-{abi}-{platform}`. */
  readonly tag: string;
}

/** One RECORD row. `hash` is `<algo>=<digest>` or `''`; `size` is `null` when empty. */
export interface RecordRow {
  readonly path: string;
  readonly hash: string;
  readonly size: number | null;
}

/** One `console_scripts` / `gui_scripts` entry: `name = module:attr [extras]`. */
export interface ScriptEntryPoint {
  readonly name: string;
  readonly module: string;
  /** Dotted attribute path inside the module (`main`, `Cli.run`); entries without one are skipped. */
  readonly attr: string;
  readonly gui: boolean;
}

/** Hash algorithms the spec accepts in RECORD (md5 and sha1 are refused). */
export const RECORD_HASH_ALGORITHMS = new Set(['sha256', 'sha384', 'sha512']);

/** Where a metadata file sits, for error paths: e.g. `[wheel file name, 'x-1.dist-info/RECORD']`. */
export type MetadataLocation = string | readonly string[];

function invalid(message: string, where: MetadataLocation): PantographError {
  return new PantographError(structuredError('wheel_invalid', message, typeof where === 'string' ? [where] : where));
}

/** Parses a wheel file name; throws `wheel_invalid` when it is not `…-{python}-{abi}-{platform}.whl`. */
export function parseWheelFileName(fileName: string): WheelFileNameParts {
  const match = /^([^-]+)-([^-]+)(?:-(\d[^-]*))?-([^-]+-[^-]+-[^-]+)\.whl$/.exec(fileName);
  if (!match) throw invalid(`not a wheel file name: ${JSON.stringify(fileName)}`, fileName);
  return { name: match[1]!, version: match[2]!, build: match[3] ?? null, tag: match[4]! };
}

/** PEP 503 normalized name (`Foo.Bar_baz` → `foo-bar-baz`). Pure. */
export function normalizeDistName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Parses RFC 822-style `Key: value` lines (WHEEL, METADATA headers); repeated keys keep every value. */
export function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0 || /^\s/.test(line)) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** The facts of a `WHEEL` file the installer needs; throws `wheel_invalid` on an unsupported Wheel-Version. */
export function parseWheelFile(text: string, where: MetadataLocation): { wheelVersion: string; rootIsPurelib: boolean } {
  const headers = parseHeaders(text);
  const wheelVersion = headers.get('wheel-version')?.[0];
  if (!wheelVersion || !/^\d+(\.\d+)*$/.test(wheelVersion)) throw invalid('WHEEL has no valid Wheel-Version', where);
  if (wheelVersion.split('.')[0] !== '1') throw invalid(`unsupported Wheel-Version ${wheelVersion} (only 1.x)`, where);
  const purelib = headers.get('root-is-purelib')?.[0];
  return { wheelVersion, rootIsPurelib: purelib?.toLowerCase() === 'true' };
}

/** Splits CSV text (RFC 4180 quoting, as Python's `csv` module writes) into rows of fields. */
export function parseCsv(text: string): string[][] {
  if (!text.includes('"')) {
    // Fast path: nothing is quoted (the usual RECORD), so every line is a plain comma split.
    return text
      .split(/\r?\n|\r/)
      .filter((line) => line !== '')
      .map((line) => line.split(','));
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Parses RECORD; throws `wheel_invalid` on a row without a path, a bad size or a duplicate path. */
export function parseRecord(text: string, where: MetadataLocation): RecordRow[] {
  const seen = new Set<string>();
  return parseCsv(text).map((fields, index) => {
    const [path = '', hash = '', size = ''] = fields;
    if (path === '') throw invalid(`RECORD row ${index + 1} has no path`, where);
    if (seen.has(path)) throw invalid(`RECORD lists ${path} twice`, where);
    seen.add(path);
    if (size !== '' && !/^\d+$/.test(size)) throw invalid(`RECORD row for ${path} has a bad size ${JSON.stringify(size)}`, where);
    return { path, hash, size: size === '' ? null : Number(size) };
  });
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Formats RECORD rows as CSV text (`\n` line ends, quoting only where needed). Pure. */
export function formatRecord(rows: readonly RecordRow[]): string {
  return rows.map((r) => `${csvField(r.path)},${csvField(r.hash)},${r.size === null ? '' : r.size}\n`).join('');
}

/** RECORD's hash form of `data`: `sha256=<urlsafe base64 digest without padding>`. Pure. */
export function recordHash(data: Uint8Array): string {
  return `sha256=${toUrlsafe(createHash('sha256').update(data).digest('base64'))}`;
}

/** Standard base64 → RECORD's urlsafe, unpadded form. Pure. */
export function toUrlsafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Splits `sha256=abc` into its algorithm and digest; `null` for an empty or unsupported hash. */
export function splitRecordHash(hash: string): { algorithm: string; digest: string } | null {
  const eq = hash.indexOf('=');
  if (eq <= 0) return null;
  const algorithm = hash.slice(0, eq).toLowerCase();
  return RECORD_HASH_ALGORITHMS.has(algorithm) ? { algorithm, digest: hash.slice(eq + 1) } : null;
}

/** Parses `entry_points.txt` (INI) into its console and GUI scripts; other groups are ignored. */
export function parseScriptEntryPoints(text: string): ScriptEntryPoint[] {
  const scripts: ScriptEntryPoint[] = [];
  let group = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      group = section[1]!.trim();
      continue;
    }
    if (group !== 'console_scripts' && group !== 'gui_scripts') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const target = line
      .slice(eq + 1)
      .replace(/\[.*\]\s*$/, '')
      .trim();
    const match = /^([\w.]+)\s*(?::\s*([\w.]+))?$/.exec(target);
    // A script needs a callable: `module:attr` (pip refuses a bare module too).
    if (!match || match[2] === undefined || !/^[\w.+-]+$/.test(name)) continue;
    scripts.push({ name, module: match[1]!, attr: match[2], gui: group === 'gui_scripts' });
  }
  return scripts;
}
