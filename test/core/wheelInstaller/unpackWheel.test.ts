import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/core/errors/errorCodes.js';
import { PantographError } from '../../../src/core/errors/structuredError.js';
import type { WheelOptions } from '../../../src/core/packaging/wheelWriter.js';
import { buildWheelEntries } from '../../../src/core/packaging/wheelWriter.js';
import type { ZipEntry } from '../../../src/core/packaging/zipWriter.js';
import { buildZip } from '../../../src/core/packaging/zipWriter.js';
import { ENTRY_MARKER, readUnpackedWheel } from '../../../src/core/wheelInstaller/unpackedWheel.js';
import { unpackWheel } from '../../../src/core/wheelInstaller/unpackWheel.js';
import { makeTempDir, writeInstallerFixtureWheels } from '../../support/wheelFixtures.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
let counter = 0;

beforeAll(async () => {
  tmp = await makeTempDir('unpack wheel');
});
afterAll(async () => {
  await tmp.cleanup();
});

/** A fresh parent folder holding an empty `entry/` folder to unpack into. */
async function freshDest(): Promise<{ parent: string; dest: string }> {
  const parent = join(tmp.dir, `case-${counter++}`);
  const dest = join(parent, 'entry');
  await mkdir(dest, { recursive: true });
  return { parent, dest };
}

const TOOL: Omit<WheelOptions, 'outDir'> = {
  name: 'ptg-crafted',
  version: '1.0.0',
  modules: { 'ptg_crafted/__init__.py': 'X = 1\n', 'ptg_crafted/b.py': 'Y = 2\n' },
};

/** Writes a wheel whose entries `alter` changed after RECORD was computed. */
async function craftedWheel(alter: (entries: ZipEntry[]) => ZipEntry[]): Promise<string> {
  const { fileName, entries } = buildWheelEntries(TOOL);
  const path = join(tmp.dir, `crafted-${counter++}`, fileName);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, buildZip(alter(entries)));
  return path;
}

function replaceData(entries: ZipEntry[], name: string, data: string): ZipEntry[] {
  return entries.map((e) => (e.name === name ? { ...e, data: Buffer.from(data, 'utf8') } : e));
}

async function expectRefused(wheelPath: string, code: ErrorCode): Promise<PantographError> {
  const { parent, dest } = await freshDest();
  const error = await unpackWheel({ wheelPath, destDir: dest }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PantographError);
  expect((error as PantographError).code).toBe(code);
  expect((error as PantographError).errors[0]!.path[0]).toMatch(/\.whl$/);
  expect(await readdir(parent)).toEqual(['entry']);
  expect(await readdir(dest)).not.toContain(ENTRY_MARKER);
  await expect(readUnpackedWheel(dest)).rejects.toMatchObject({ code: 'wheel_entry_incomplete' });
  return error as PantographError;
}

describe('unpackWheel', () => {
  it('creates every file without write bits when readOnly is set, keeping exec bits and writable folders', async () => {
    const wheels = await writeInstallerFixtureWheels(join(tmp.dir, 'wheels-read-only'));
    const { dest } = await freshDest();
    await unpackWheel({ wheelPath: wheels.tool, destDir: dest, readOnly: true });
    const entries = await readdir(dest, { withFileTypes: true, recursive: true });
    const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files).toContain(join(dest, ENTRY_MARKER));
    for (const file of files) expect({ file, write: (await stat(file)).mode & 0o222 }).toEqual({ file, write: 0 });
    expect((await stat(join(dest, 'ptg_tool-1.0.0.data/scripts/ptg-raw'))).mode & 0o111).not.toBe(0);
    expect((await stat(join(dest, 'ptg_tool/cli.py'))).mode & 0o111).toBe(0);
    for (const dir of entries.filter((e) => e.isDirectory()))
      expect((await stat(join(dir.parentPath, dir.name))).mode & 0o200).not.toBe(0);
  });

  it('extracts a written wheel verbatim, keeps the exec bit of scripts and writes the marker', async () => {
    const wheels = await writeInstallerFixtureWheels(join(tmp.dir, 'wheels'));
    const { dest } = await freshDest();
    const unpacked = await unpackWheel({ wheelPath: wheels.tool, destDir: dest });

    expect(unpacked).toMatchObject({
      name: 'ptg-tool',
      version: '1.0.0',
      rootIsPurelib: true,
      distInfoDir: 'ptg_tool-1.0.0.dist-info',
      dataDir: 'ptg_tool-1.0.0.data',
    });
    expect(unpacked.requiresDist).toEqual(['ptg-base==1.0.0']);
    expect(unpacked.scripts).toEqual([
      { name: 'ptg-tool', module: 'ptg_tool.cli', attr: 'main', gui: false },
      { name: 'ptg-tool-gui', module: 'ptg_tool.cli', attr: 'main', gui: true },
    ]);
    const { entries } = buildWheelEntries({
      name: 'ptg-tool',
      version: '1.0.0',
      summary: 'Pantograph installer fixture: scripts and data',
      requiresDist: ['ptg-base==1.0.0'],
      modules: {
        'ptg_tool/__init__.py': 'import ptg_base\nVALUE = "ptg-tool==1.0.0"\n',
        'ptg_tool/cli.py':
          'import sys\nimport ptg_tool\n\ndef main():\n    print("ptg-tool main", ptg_tool.VALUE, " ".join(sys.argv[1:]))\n    return 0\n',
      },
      entryPoints: { console_scripts: { 'ptg-tool': 'ptg_tool.cli:main' }, gui_scripts: { 'ptg-tool-gui': 'ptg_tool.cli:main' } },
      dataFiles: {
        'scripts/ptg-raw': '#!python\nimport ptg_tool\nprint("ptg-raw", ptg_tool.VALUE)\n',
        'data/share/ptg-tool/notes.txt': 'notes of ptg-tool\n',
      },
    });
    for (const entry of entries) expect(await readFile(join(dest, entry.name))).toEqual(Buffer.from(entry.data));
    expect(unpacked.fileCount).toBe(entries.length);
    expect(unpacked.files.map((f) => f.path).sort()).toEqual(
      entries
        .map((e) => e.name)
        .filter((n) => !n.endsWith('/RECORD'))
        .sort(),
    );
    expect((await stat(join(dest, 'ptg_tool-1.0.0.data/scripts/ptg-raw'))).mode & 0o111).not.toBe(0);
    expect((await stat(join(dest, 'ptg_tool/cli.py'))).mode & 0o111).toBe(0);

    const marker = JSON.parse(await readFile(join(dest, ENTRY_MARKER), 'utf8')) as Record<string, unknown>;
    expect(marker).toMatchObject({
      wheel: 'ptg_tool-1.0.0-py3-none-any.whl',
      name: 'ptg-tool',
      version: '1.0.0',
      root_is_purelib: true,
      file_count: entries.length,
    });
    const reread = await readUnpackedWheel(dest);
    expect({ ...reread, files: [...reread.files].sort((a, b) => a.path.localeCompare(b.path)) }).toEqual({
      ...unpacked,
      files: [...unpacked.files].sort((a, b) => a.path.localeCompare(b.path)),
    });
  });

  it('streams a member too big for memory and checks its hash too', async () => {
    const big = randomBytes(5_500_000).toString('base64');
    const options = { name: 'ptg-big', version: '1.0.0', modules: { 'ptg_big/__init__.py': `DATA = "${big}"\n` } };
    const { fileName, entries } = buildWheelEntries(options);
    const good = join(tmp.dir, `big-${counter++}`, fileName);
    await mkdir(join(good, '..'), { recursive: true });
    await writeFile(good, buildZip(entries));
    const { dest } = await freshDest();
    await unpackWheel({ wheelPath: good, destDir: dest });
    expect(await readFile(join(dest, 'ptg_big', '__init__.py'), 'utf8')).toBe(`DATA = "${big}"\n`);

    const bad = join(tmp.dir, `big-${counter++}`, fileName);
    await mkdir(join(bad, '..'), { recursive: true });
    await writeFile(bad, buildZip(replaceData(entries, 'ptg_big/__init__.py', `DATA = "${big.replace(/^./, '#')}"\n`)));
    await expectRefused(bad, 'wheel_hash_mismatch');
  }, 60_000);

  it('refuses a member that climbs out of the folder', async () => {
    const wheel = await craftedWheel((entries) => [{ name: 'ptg_crafted/../../evil.py', data: Buffer.from('bad') }, ...entries]);
    const error = await expectRefused(wheel, 'wheel_unsafe_path');
    expect(error.message).toMatch(/path traversal/);
  });

  it('refuses a symbolic link member', async () => {
    const wheel = await craftedWheel((entries) => [
      { name: 'ptg_crafted/link', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
      ...entries,
    ]);
    await expectRefused(wheel, 'wheel_unsafe_path');
  });

  it('refuses a file whose bytes differ from its RECORD hash', async () => {
    const wheel = await craftedWheel((entries) => replaceData(entries, 'ptg_crafted/b.py', 'Y = 3\n'));
    const error = await expectRefused(wheel, 'wheel_hash_mismatch');
    expect(error.errors[0]!.path).toEqual(['ptg_crafted-1.0.0-py3-none-any.whl', 'ptg_crafted/b.py']);
  });

  it('refuses a file RECORD does not list', async () => {
    const wheel = await craftedWheel((entries) => [{ name: 'ptg_crafted/extra.py', data: Buffer.from('Z = 1\n') }, ...entries]);
    const error = await expectRefused(wheel, 'wheel_record_mismatch');
    expect(error.message).toMatch(/extra\.py is in the wheel but not in RECORD/);
  });

  it('refuses a RECORD row whose file the wheel lacks', async () => {
    const wheel = await craftedWheel((entries) => entries.filter((e) => e.name !== 'ptg_crafted/b.py'));
    await expectRefused(wheel, 'wheel_record_mismatch');
  });

  it('refuses an unsupported Wheel-Version and an unknown .data scheme', async () => {
    const v2 = await craftedWheel((entries) => {
      const wheelText = 'Wheel-Version: 2.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n';
      return reRecord(replaceData(entries, 'ptg_crafted-1.0.0.dist-info/WHEEL', wheelText));
    });
    expect((await expectRefused(v2, 'wheel_invalid')).message).toMatch(/Wheel-Version 2\.0/);
    const scheme = await craftedWheel((entries) =>
      reRecord([{ name: 'ptg_crafted-1.0.0.data/nowhere/x', data: Buffer.from('x') }, ...entries]),
    );
    expect((await expectRefused(scheme, 'wheel_invalid')).message).toMatch(/unknown \.data scheme/);
  });

  it('refuses a file that is not a zip', async () => {
    const path = join(tmp.dir, 'notzip', 'ptg_crafted-1.0.0-py3-none-any.whl');
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'this is not a zip archive at all, just text');
    expect((await expectRefused(path, 'wheel_invalid')).message).toMatch(/not a readable wheel/);
  });

  it('stops when cancelled', async () => {
    const wheels = await writeInstallerFixtureWheels(join(tmp.dir, 'wheels-cancel'));
    const { dest } = await freshDest();
    const error = await unpackWheel({ wheelPath: wheels.tool, destDir: dest, signal: AbortSignal.abort() }).catch(
      (e: unknown) => e,
    );
    expect((error as PantographError).code).toBe('cancelled');
    expect(await readdir(dest)).not.toContain(ENTRY_MARKER);
  });
});

/** Rewrites RECORD so it matches the (altered) entries. */
function reRecord(entries: ZipEntry[]): ZipEntry[] {
  const recordName = entries.find((e) => e.name.endsWith('.dist-info/RECORD'))!.name;
  const others = entries.filter((e) => e.name !== recordName);
  const rows = others.map((e) => `${e.name},sha256=${createHash('sha256').update(e.data).digest('base64url')},${e.data.length}`);
  return [...others, { name: recordName, data: Buffer.from(`${rows.join('\n')}\n${recordName},,\n`) }];
}
