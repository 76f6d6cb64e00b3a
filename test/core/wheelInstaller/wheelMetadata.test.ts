import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../src/core/wheelInstaller/distInfoFiles.js';
import { launcherScript, needsShebangRewrite, rewriteShebang, shebangFor } from '../../../src/core/wheelInstaller/scripts.js';
import {
  formatRecord,
  parseCsv,
  parseRecord,
  parseScriptEntryPoints,
  parseWheelFile,
  parseWheelFileName,
  recordHash,
} from '../../../src/core/wheelInstaller/wheelMetadata.js';
import { runPython } from '../../support/python.js';
import { basePython } from './support.js';

describe('wheel metadata parsers', () => {
  it('splits wheel file names, with and without a build tag', () => {
    expect(parseWheelFileName('torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl')).toEqual({
      name: 'torch',
      version: '2.13.0+cpu',
      build: null,
      tag: 'cp311-cp311-manylinux_2_28_x86_64',
    });
    expect(parseWheelFileName('a_b-1.0-1local-py3-none-any.whl')).toMatchObject({ name: 'a_b', build: '1local' });
    expect(() => parseWheelFileName('not-a-wheel.zip')).toThrow(/wheel_invalid/);
  });

  it('reads RECORD with and without quoting, as Python csv writes it', () => {
    const text = 'a/b.py,sha256=x,3\n"a/with,comma.py",sha256=y,4\r\n"a/""q"".py",,\nd/RECORD,,\n';
    expect(parseCsv(text)).toEqual([
      ['a/b.py', 'sha256=x', '3'],
      ['a/with,comma.py', 'sha256=y', '4'],
      ['a/"q".py', '', ''],
      ['d/RECORD', '', ''],
    ]);
    expect(parseRecord('x.py,sha256=a,1\ny.py,,\n', 'w')).toEqual([
      { path: 'x.py', hash: 'sha256=a', size: 1 },
      { path: 'y.py', hash: '', size: null },
    ]);
    expect(() => parseRecord('x.py,sha256=a,1\nx.py,sha256=a,1\n', 'w')).toThrow(/twice/);
    expect(() => parseRecord('x.py,sha256=a,big\n', 'w')).toThrow(/bad size/);
    const rows = parseRecord(text, 'w');
    expect(parseRecord(formatRecord(rows), 'w')).toEqual(rows);
  });

  it('matches Python on the RECORD hash form', () => {
    const data = Buffer.from('hello wheel\n');
    const python = runPython(
      basePython,
      'import base64,hashlib;print("sha256="+base64.urlsafe_b64encode(hashlib.sha256(b"hello wheel\\n").digest()).rstrip(b"=").decode())',
    ).trim();
    expect(recordHash(data)).toBe(python);
  });

  it('accepts Wheel-Version 1.x only and reads Root-Is-Purelib case-insensitively', () => {
    expect(parseWheelFile('Wheel-Version: 1.9\nRoot-Is-Purelib: True\n', 'w')).toEqual({
      wheelVersion: '1.9',
      rootIsPurelib: true,
    });
    expect(parseWheelFile('Wheel-Version: 1.0\nRoot-Is-Purelib: false\n', 'w').rootIsPurelib).toBe(false);
    expect(() => parseWheelFile('Wheel-Version: 2.0\n', 'w')).toThrow(/unsupported Wheel-Version/);
    expect(() => parseWheelFile('Root-Is-Purelib: true\n', 'w')).toThrow(/no valid Wheel-Version/);
  });

  it('reads console and GUI scripts, ignoring other groups, extras and bare modules', () => {
    const text =
      '[console_scripts]\ntool = pkg.cli:main [extra]\nbare = pkg.cli\n\n[gui_scripts]\ngui=pkg.gui:App.run\n[other]\nx = y:z\n';
    expect(parseScriptEntryPoints(text)).toEqual([
      { name: 'tool', module: 'pkg.cli', attr: 'main', gui: false },
      { name: 'gui', module: 'pkg.gui', attr: 'App.run', gui: true },
    ]);
  });
});

describe('scripts', () => {
  it('uses a plain shebang for short paths and the /bin/sh form for spaces or long paths', () => {
    expect(shebangFor('/env/bin/python')).toBe('#!/env/bin/python\n');
    expect(shebangFor('/my env/bin/python')).toBe(`#!/bin/sh\n'''exec' '/my env/bin/python' "$0" "$@"\n' '''\n`);
    expect(shebangFor(`/${'x'.repeat(130)}/python`)).toMatch(/^#!\/bin\/sh\n/);
  });

  it('rewrites only #!python scripts, dropping the rest of the first line', () => {
    expect(needsShebangRewrite(Buffer.from('#!python\nprint(1)\n'))).toBe(true);
    expect(needsShebangRewrite(Buffer.from('#!pythonw -u\n'))).toBe(true);
    expect(needsShebangRewrite(Buffer.from('#!/bin/sh\n'))).toBe(false);
    expect(rewriteShebang(Buffer.from('#!pythonw -u\nprint(1)\n'), '/e/bin/python').toString()).toBe(
      '#!/e/bin/python\nprint(1)\n',
    );
  });

  it('writes a launcher that calls a dotted attribute', () => {
    const text = launcherScript({ name: 'gui', module: 'pkg.gui', attr: 'App.run', gui: true }, '/e/bin/python');
    expect(text).toMatch(/^#!\/e\/bin\/python\n/);
    expect(text).toContain('from pkg.gui import App\n');
    expect(text).toContain('    sys.exit(App.run())\n');
  });

  it('formats JSON as Python json.dumps(sort_keys=True) does', () => {
    const value = {
      url: 'file:///a%20b/é.whl',
      archive_info: { hashes: { sha256: 'ab' }, hash: 'sha256=ab' },
      list: [1, 'x', null, true],
    };
    const python = runPython(
      basePython,
      `import json; print(json.dumps(json.loads(${JSON.stringify(JSON.stringify(value))}), sort_keys=True))`,
    ).trim();
    expect(pythonJsonDumps(value)).toBe(python);
  });
});
