import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWheel, buildWheelEntries, sha256File, wheelFileName, writeWheel } from '../../../src/core/packaging/wheelWriter.js';
import { crc32 } from '../../../src/core/packaging/zipWriter.js';
import { basePythonExecutable, childEnv, runPython } from '../../support/python.js';
import { makeTempDir, writeFixtureWheel, writeLocalVersionWheel } from '../../support/wheelFixtures.js';

const python = basePythonExecutable();
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir('wheel writer');
});
afterAll(async () => {
  await tmp.cleanup();
});

describe('wheel file names', () => {
  it('escapes runs of -_. to _ and lowercases the name, keeping the normalized version', () => {
    expect(wheelFileName('Demo.Model-x', '1.0')).toBe('demo_model_x-1.0-py3-none-any.whl');
    expect(wheelFileName('torch', '2.5.1+CU121')).toBe('torch-2.5.1+cu121-py3-none-any.whl');
  });

  it('rejects names and versions that are not valid', () => {
    expect(() => wheelFileName('-bad', '1.0')).toThrow(/invalid distribution name/);
    expect(() => wheelFileName('ok', 'not a version')).toThrow(/invalid PEP 440/);
    expect(() => wheelFileName('ok', '1.0', 'cp311-cp311')).toThrow(/invalid wheel tag/);
    expect(() => wheelFileName('ok', '1.0', 'py3-none-any', 'b1')).toThrow(/invalid build tag/);
  });

  it('carries a platform tag and a build tag in the name and WHEEL, as pip reads them', () => {
    const tag = 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64';
    const { fileName, entries } = buildWheelEntries({ name: 'Native', version: '1.0', modules: {}, tag, buildTag: '2b' });
    expect(fileName).toBe(`native-1.0-2b-${tag}.whl`);
    const wheel = Buffer.from(entries.find((e) => e.name === 'native-1.0.dist-info/WHEEL')!.data).toString('utf8');
    expect(wheel).toContain('Tag: cp311-cp311-manylinux_2_17_x86_64\nTag: cp311-cp311-manylinux2014_x86_64\nBuild: 2b\n');
    const parsed = runPython(
      python,
      `from pip._internal.models.wheel import Wheel\nw = Wheel(${JSON.stringify(fileName)})\nprint(w.name, w.version, w.build_tag, sorted(str(t) for t in w.file_tags))`,
    );
    expect(parsed.trim()).toBe("native 1.0 2b ['cp311-cp311-manylinux2014_x86_64', 'cp311-cp311-manylinux_2_17_x86_64']");
  });
});

describe('zip writer', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('buildWheel', () => {
  const base = { name: 'same', version: '1.0', modules: { 'same/__init__.py': 'X = 1\n', 'same/b.py': '' } };

  it('produces identical bytes for identical inputs, whatever the module order', () => {
    const a = buildWheel(base);
    const b = buildWheel({ ...base, modules: { 'same/b.py': '', 'same/__init__.py': 'X = 1\n' } });
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(buildWheel({ ...base, version: '1.1' }).bytes.equals(a.bytes)).toBe(false);
  });

  it('refuses unsafe module paths and line breaks in metadata', () => {
    for (const path of ['/abs.py', '../up.py', 'a\\b.py', 'same-1.0.dist-info/x', 'a//b.py']) {
      expect(() => buildWheel({ ...base, modules: { [path]: '' } }), path).toThrow(/unsafe module path/);
    }
    expect(() => buildWheel({ ...base, summary: 'x\nRequires-Dist: evil' })).toThrow(/line breaks/);
  });
});

describe('writeWheel', () => {
  it('writes a zip that Python validates, with METADATA, WHEEL and a RECORD of urlsafe sha256 hashes', async () => {
    const path = await writeWheel({
      outDir: join(tmp.dir, 'out dir'),
      name: 'Check_Me',
      version: '0.3',
      modules: { 'check_me/__init__.py': 'A = "ä"\n', 'check_me/data,1.txt': 'x' },
      requiresDist: ['dep==1.0'],
      requiresPython: '>=3.8',
      summary: 'a summary',
    });
    expect(basename(path)).toBe('check_me-0.3-py3-none-any.whl');
    const out = runPython(
      python,
      [
        'import base64, csv, hashlib, io, json, sys, zipfile',
        `z = zipfile.ZipFile(${JSON.stringify(path)})`,
        'bad = z.testzip()',
        'rows = list(csv.reader(io.TextIOWrapper(z.open("check_me-0.3.dist-info/RECORD"), encoding="utf-8")))',
        'ok = all(r[1] == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(z.read(r[0])).digest()).decode().rstrip("=") and int(r[2]) == len(z.read(r[0])) for r in rows if not r[0].endswith("RECORD"))',
        'print(json.dumps({"bad": bad, "names": z.namelist(), "record_ok": ok, "rows": rows, "meta": z.read("check_me-0.3.dist-info/METADATA").decode(), "wheel": z.read("check_me-0.3.dist-info/WHEEL").decode()}))',
      ].join('\n'),
    );
    const info = JSON.parse(out) as {
      bad: string | null;
      names: string[];
      record_ok: boolean;
      rows: string[][];
      meta: string;
      wheel: string;
    };
    expect(info.bad).toBeNull();
    expect(info.record_ok).toBe(true);
    expect(info.names.at(-1)).toBe('check_me-0.3.dist-info/RECORD');
    expect(info.rows.find((r) => r[0] === 'check_me-0.3.dist-info/RECORD')).toEqual(['check_me-0.3.dist-info/RECORD', '', '']);
    expect(info.rows.map((r) => r[0])).toContain('check_me/data,1.txt');
    expect(info.meta).toContain('Metadata-Version: 2.1\nName: Check_Me\nVersion: 0.3\n');
    expect(info.meta).toContain('Requires-Dist: dep==1.0');
    expect(info.meta).toContain('Requires-Python: >=3.8');
    expect(info.wheel).toContain('Root-Is-Purelib: true\nTag: py3-none-any');
  });

  it('hashes files with sha256File the same way Python does', async () => {
    const path = await writeWheel({ outDir: tmp.dir, name: 'hashme', version: '1', modules: { 'hashme.py': '' } });
    const expected = runPython(
      python,
      `import hashlib; print(hashlib.sha256(open(${JSON.stringify(path)}, "rb").read()).hexdigest())`,
    ).trim();
    expect(await sha256File(path)).toBe(expected);
    const again = await writeWheel({
      outDir: join(tmp.dir, 'again'),
      name: 'hashme',
      version: '1',
      modules: { 'hashme.py': '' },
    });
    expect((await readFile(again)).equals(await readFile(path))).toBe(true);
  });

  it('produces wheels that pip installs offline with their dependencies, and that import', async () => {
    const links = join(tmp.dir, 'find links');
    await writeFixtureWheel(links, 'ptg-b', '1.0');
    await writeFixtureWheel(links, 'ptg-a', '2.0', [{ name: 'ptg-b', version: '1.0' }]);
    await writeLocalVersionWheel(links);
    const venv = join(tmp.dir, 'a venv');
    execFileSync(python, ['-m', 'venv', '--without-pip', venv], { env: childEnv() });
    const envPython = join(venv, 'bin', 'python');
    execFileSync(
      python,
      ['-m', 'pip', '--python', envPython, 'install', '--no-index', '--find-links', links, 'ptg-a==2.0', 'ptg-torchlike==2.5.1'],
      {
        env: childEnv(),
        stdio: 'pipe',
      },
    );
    const out = runPython(
      envPython,
      'import ptg_a, ptg_b, ptg_torchlike, importlib.metadata as m; print(ptg_a.VALUE, ptg_b.VALUE, m.version("ptg-torchlike"))',
    );
    expect(out.trim()).toBe('ptg-a==2.0 ptg-b==1.0 2.5.1+cu121');
  });
});
