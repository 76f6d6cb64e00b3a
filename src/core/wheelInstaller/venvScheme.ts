/**
 * Where a venv's install scheme puts each kind of wheel file (purelib, platlib, scripts, headers,
 * data), computed from the layout or read once from the venv's interpreter via `sysconfig`.
 */
import { posix, win32 } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { ProcessRunner } from '../process/processRunner.js';

/** A venv's install scheme: absolute folders, plus the interpreter scripts are written for. */
export interface VenvScheme {
  /** The venv root (`sys.prefix`). `.data/data/` files land here. */
  readonly prefix: string;
  readonly purelib: string;
  readonly platlib: string;
  /** `bin` (POSIX) or `Scripts` (Windows). */
  readonly scripts: string;
  /** Base of C headers: `<prefix>/include/site/pythonX.Y`; a distribution's headers go in `<headers>/<name>/`. */
  readonly headers: string;
  readonly data: string;
  /** The venv's interpreter (`<prefix>/bin/python`, `<prefix>\Scripts\python.exe`). */
  readonly pythonExecutable: string;
}

/**
 * The scheme of a CPython venv at `prefix` for interpreter version `majorMinor` (`3.11`) on
 * `platform`, as CPython's `venv` lays it out. Pure. Matches {@link readVenvScheme} for CPython
 * venvs (a test checks it on this platform).
 */
export function venvSchemeFromLayout(prefix: string, platform: NodeJS.Platform, majorMinor: string): VenvScheme {
  if (platform === 'win32') {
    const site = win32.join(prefix, 'Lib', 'site-packages');
    return {
      prefix,
      purelib: site,
      platlib: site,
      scripts: win32.join(prefix, 'Scripts'),
      headers: win32.join(prefix, 'Include', 'site', `python${majorMinor}`),
      data: prefix,
      pythonExecutable: win32.join(prefix, 'Scripts', 'python.exe'),
    };
  }
  const site = posix.join(prefix, 'lib', `python${majorMinor}`, 'site-packages');
  return {
    prefix,
    purelib: site,
    platlib: site,
    scripts: posix.join(prefix, 'bin'),
    headers: posix.join(prefix, 'include', 'site', `python${majorMinor}`),
    data: prefix,
    pythonExecutable: posix.join(prefix, 'bin', 'python'),
  };
}

const PROBE = [
  'import json, os, sys, sysconfig',
  'p = sysconfig.get_paths()',
  'print(json.dumps({"prefix": sys.prefix, "purelib": p["purelib"], "platlib": p["platlib"], "scripts": p["scripts"],',
  '  "headers": os.path.join(sys.prefix, "Include" if os.name == "nt" else "include", "site", "python%d.%d" % sys.version_info[:2]),',
  '  "data": p["data"], "pythonExecutable": sys.executable}))',
].join('\n');

/**
 * Asks the venv's interpreter for its scheme (`sysconfig.get_paths()`), once, with the isolated
 * child environment. Throws `io_error` when the interpreter does not run or prints no scheme,
 * `cancelled` when `signal` aborts.
 */
export async function readVenvScheme(pythonExecutable: string, runner: ProcessRunner, signal?: AbortSignal): Promise<VenvScheme> {
  const result = await runner.run({
    file: pythonExecutable,
    args: ['-I', '-c', PROBE],
    env: buildChildEnvironment(process.env, process.platform),
    ...(signal ? { signal } : {}),
  });
  if (result.cancelled)
    throw new PantographError(structuredError('cancelled', 'reading the venv scheme was cancelled', [pythonExecutable]));
  try {
    if (result.exitCode !== 0) throw new Error(result.spawnError ?? result.stderr.trim());
    const scheme = JSON.parse(result.stdout) as VenvScheme;
    // Scripts are written for the venv's own interpreter path, not a resolved symlink target.
    return { ...scheme, pythonExecutable };
  } catch (error) {
    throw new PantographError(
      structuredError('io_error', `cannot read the install scheme of ${pythonExecutable}: ${(error as Error).message}`, [
        pythonExecutable,
      ]),
    );
  }
}
