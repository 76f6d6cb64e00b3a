/**
 * Writes wheels (pure-Python `py3-none-any` unless another tag is given) from in-memory modules, following the binary
 * distribution format: `{name}-{version}.dist-info/` with METADATA, WHEEL and RECORD (RECORD
 * last, its own row without hash or size). Used to package the demo model's code and by tests
 * as a local, offline package source. Bytes are deterministic for equal inputs, so hashes of
 * the produced wheels are stable.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeVersion } from '../requirements/pep440.js';
import { WHEEL_DATA_SCHEMES, unsafePathReason } from './archivePaths.js';
import { expandCompressedTag } from './compressedTag.js';
import { buildZip } from './zipWriter.js';
import type { ZipEntry } from './zipWriter.js';

/** What to put into a wheel. */
export interface WheelOptions {
  /** Directory the wheel is written to (created when missing; may contain spaces). */
  readonly outDir: string;
  /** Distribution name as published (PEP 508 name, e.g. `Demo_Model`). */
  readonly name: string;
  /** PEP 440 version; written in normalized form (e.g. `2.5.1+cu121`). */
  readonly version: string;
  /** File path inside the wheel (`pkg/__init__.py`, forward slashes) → UTF-8 content. */
  readonly modules: Readonly<Record<string, string>>;
  /** `Requires-Dist` entries, e.g. `['b==1.0', 'c>=2; python_version >= "3.8"']`. */
  readonly requiresDist?: readonly string[];
  /** `Requires-Python`, e.g. `>=3.8`. */
  readonly requiresPython?: string;
  readonly summary?: string;
  /**
   * `entry_points.txt` groups: group → entry name → object reference, e.g.
   * `{ console_scripts: { 'demo-hello': 'demo.cli:main' } }`.
   */
  readonly entryPoints?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Files under `{name}-{version}.data/`: `<scheme>/<path>` (scheme one of purelib, platlib,
   * scripts, headers, data) → UTF-8 content. Files under `scripts/` are stored executable.
   */
  readonly dataFiles?: Readonly<Record<string, string>>;
  /** `Root-Is-Purelib` in WHEEL (default true). */
  readonly rootIsPurelib?: boolean;
  /**
   * The compatibility tag of the file name, possibly compressed (`py2.py3-none-any`,
   * `cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64`; default `py3-none-any`). WHEEL gets
   * one `Tag:` line per expanded tag. The content is not compiled code: this only labels the file.
   */
  readonly tag?: string;
  /** A build tag (`1`, `2b`): starts with a digit, goes into the file name and WHEEL's `Build:`. */
  readonly buildTag?: string;
}

const NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const GENERATOR = 'pantograph-wheel-writer (1)';

/** The wheel-filename form of a distribution name: runs of `-_.` become `_`, lowercased. Pure. */
export function wheelNameComponent(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

/**
 * The file name of a wheel, e.g. `demo_model-1.0-py3-none-any.whl` (or with a build tag and
 * another tag: `demo_model-1.0-1-cp311-abi3-linux_x86_64.whl`). Pure; throws on an invalid name,
 * version, tag or build tag.
 */
export function wheelFileName(name: string, version: string, tag = 'py3-none-any', buildTag?: string): string {
  const build = buildTag === undefined ? '' : `-${checkBuildTag(buildTag)}`;
  return `${wheelNameComponent(checkName(name))}-${checkVersion(version).replace(/-/g, '_')}${build}-${checkTag(tag)}.whl`;
}

const TAG_PATTERN = /^[A-Za-z0-9_.]+-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+$/;

function checkTag(tag: string): string {
  if (!TAG_PATTERN.test(tag)) throw new Error(`invalid wheel tag: ${JSON.stringify(tag)}`);
  return tag;
}

function checkBuildTag(build: string): string {
  if (!/^\d[A-Za-z0-9_.]*$/.test(build)) throw new Error(`invalid build tag: ${JSON.stringify(build)}`);
  return build;
}

/**
 * Builds the wheel's bytes (no I/O). Deterministic for equal options (module order does not
 * matter: files are sorted). Throws an `Error` on an invalid name, version, metadata value
 * containing a line break, or an unsafe module path (absolute, `..`, backslash, inside `.dist-info`).
 */
export function buildWheel(options: Omit<WheelOptions, 'outDir'>): { fileName: string; bytes: Buffer } {
  const { fileName, entries } = buildWheelEntries(options);
  return { fileName, bytes: buildZip(entries) };
}

/**
 * The wheel's zip entries in archive order (RECORD last), before zipping: what {@link buildWheel}
 * zips. Lets tests craft malformed wheels by altering entries and calling `buildZip`. Same
 * validation and errors as {@link buildWheel}.
 */
export function buildWheelEntries(options: Omit<WheelOptions, 'outDir'>): { fileName: string; entries: ZipEntry[] } {
  const name = checkName(options.name);
  const version = checkVersion(options.version);
  const fileName = wheelFileName(name, version, options.tag, options.buildTag);
  const distInfo = `${wheelNameComponent(name)}-${version}.dist-info`;
  const dataDir = `${wheelNameComponent(name)}-${version}.data`;
  const files: ZipEntry[] = Object.keys(options.modules)
    .sort()
    .map((path) => ({ name: checkModulePath(path, distInfo), data: Buffer.from(options.modules[path]!, 'utf8') }));
  for (const path of Object.keys(options.dataFiles ?? {}).sort()) {
    const scheme = path.split('/')[0]!;
    if (!WHEEL_DATA_SCHEMES.has(scheme) || !path.includes('/'))
      throw new Error(`dataFiles path must start with a .data scheme: ${JSON.stringify(path)}`);
    checkModulePath(path, distInfo);
    files.push({
      name: `${dataDir}/${path}`,
      data: Buffer.from(options.dataFiles![path]!, 'utf8'),
      ...(scheme === 'scripts' ? { mode: 0o100755 } : {}),
    });
  }
  files.push({ name: `${distInfo}/METADATA`, data: Buffer.from(metadataText(name, version, options), 'utf8') });
  files.push({ name: `${distInfo}/WHEEL`, data: Buffer.from(wheelText(options), 'utf8') });
  if (options.entryPoints !== undefined) {
    files.push({ name: `${distInfo}/entry_points.txt`, data: Buffer.from(entryPointsText(options.entryPoints), 'utf8') });
  }
  const recordName = `${distInfo}/RECORD`;
  const rows = files.map((f) => `${csvField(f.name)},sha256=${urlsafeSha256(f.data)},${f.data.length}`);
  rows.push(`${csvField(recordName)},,`);
  files.push({ name: recordName, data: Buffer.from(`${rows.join('\n')}\n`, 'utf8') });
  return { fileName, entries: files };
}

function entryPointsText(groups: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const sections = Object.keys(groups)
    .sort()
    .map((group) => {
      const entries = groups[group]!;
      const lines = Object.keys(entries)
        .sort()
        .map((entry) => `${checkHeader('entryPoints', entry)} = ${checkHeader('entryPoints', entries[entry]!)}`);
      return `[${checkHeader('entryPoints', group)}]\n${lines.join('\n')}\n`;
    });
  return sections.join('\n');
}

/**
 * Writes the wheel into `options.outDir` (temp file + rename, so a reader never sees a partial
 * wheel) and resolves to its absolute path. Overwrites an existing wheel of the same name.
 */
export async function writeWheel(options: WheelOptions): Promise<string> {
  const { fileName, bytes } = buildWheel(options);
  await mkdir(options.outDir, { recursive: true });
  const target = join(options.outDir, fileName);
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return target;
}

/** The lowercase hex sha256 of a file's bytes (streamed). Prefix with `sha256:` for pip's `--hash`. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function metadataText(name: string, version: string, options: Omit<WheelOptions, 'outDir'>): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${name}`, `Version: ${version}`];
  if (options.summary !== undefined) lines.push(`Summary: ${checkHeader('summary', options.summary)}`);
  if (options.requiresPython !== undefined)
    lines.push(`Requires-Python: ${checkHeader('requiresPython', options.requiresPython)}`);
  for (const dep of options.requiresDist ?? []) lines.push(`Requires-Dist: ${checkHeader('requiresDist', dep)}`);
  return `${lines.join('\n')}\n\n`;
}

function wheelText(options: Omit<WheelOptions, 'outDir'>): string {
  return [
    'Wheel-Version: 1.0',
    `Generator: ${GENERATOR}`,
    `Root-Is-Purelib: ${(options.rootIsPurelib ?? true) ? 'true' : 'false'}`,
    ...expandCompressedTag(options.tag ?? 'py3-none-any').map((tag) => `Tag: ${tag}`),
    ...(options.buildTag === undefined ? [] : [`Build: ${options.buildTag}`]),
    '',
  ].join('\n');
}

function urlsafeSha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function csvField(value: string): string {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function checkName(name: string): string {
  if (!NAME_PATTERN.test(name)) throw new Error(`invalid distribution name: ${JSON.stringify(name)}`);
  return name;
}

function checkVersion(version: string): string {
  const normalized = normalizeVersion(version);
  if (normalized === null) throw new Error(`invalid PEP 440 version: ${JSON.stringify(version)}`);
  return normalized;
}

function checkHeader(field: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${field} must not contain line breaks`);
  return value.trim();
}

function checkModulePath(path: string, distInfo: string): string {
  const top = path.split('/')[0]!;
  const unsafe =
    unsafePathReason(path) !== null || /[\r\n]/.test(path) || top.toLowerCase().endsWith('.dist-info') || top === distInfo;
  if (unsafe) throw new Error(`unsafe module path in wheel: ${JSON.stringify(path)}`);
  return path;
}
