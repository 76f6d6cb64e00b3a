/**
 * Script texts for an environment's interpreter: the shebang, `#!python` rewrites of a wheel's
 * `.data/scripts/` files, and POSIX launchers for `console_scripts` / `gui_scripts`. Pure.
 */
import type { ScriptEntryPoint } from './wheelMetadata.js';

/** Longest `#!` line the Linux kernel honours (127 bytes plus the line end). */
const MAX_SHEBANG = 127;

/**
 * The first line(s) that run `python` for a POSIX script: `#!<python>`, or, when the path has a
 * space or is too long for the kernel, a `/bin/sh` line that re-executes the script with `python`
 * and that Python reads as a string literal (the form pip, uv and installer use). Pure.
 */
export function shebangFor(python: string): string {
  const plain = `#!${python}`;
  if (!/\s/.test(python) && Buffer.byteLength(plain) <= MAX_SHEBANG) return `${plain}\n`;
  const quoted = `'${python.replace(/'/g, `'"'"'`)}'`;
  return `#!/bin/sh\n'''exec' ${quoted} "$0" "$@"\n' '''\n`;
}

/** True when a script's first bytes are `#!python` (also `#!pythonw`), the marker for a rewrite. */
export function needsShebangRewrite(content: Uint8Array): boolean {
  return Buffer.from(content.subarray(0, 8)).toString('latin1') === '#!python';
}

/** A `#!python` script with its first line replaced by the environment's shebang. Pure. */
export function rewriteShebang(content: Uint8Array, python: string): Buffer {
  const buffer = Buffer.from(content);
  const newline = buffer.indexOf(0x0a);
  const rest = newline < 0 ? Buffer.alloc(0) : buffer.subarray(newline + 1);
  return Buffer.concat([Buffer.from(shebangFor(python), 'utf8'), rest]);
}

/**
 * The POSIX launcher for an entry point: imports the callable and exits with its return value,
 * trimming a `-script.py`/`.exe` suffix from `argv[0]` as pip's launchers do. Pure.
 */
export function launcherScript(entry: ScriptEntryPoint, python: string): string {
  const [head, ...tail] = entry.attr.split('.');
  const imported = head ?? '';
  const call = [imported, ...tail].join('.');
  return [
    shebangFor(python).trimEnd(),
    '# -*- coding: utf-8 -*-',
    'import re',
    'import sys',
    `from ${entry.module} import ${imported}`,
    "if __name__ == '__main__':",
    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])",
    `    sys.exit(${call}())`,
    '',
  ].join('\n');
}

/** File names a `.data/scripts/` file may not take because an entry point's launcher owns them (pip's rule). */
export function entryPointScriptNames(entries: readonly ScriptEntryPoint[]): Set<string> {
  const names = new Set<string>();
  for (const e of entries) for (const suffix of ['', '.exe', '-script.py', '.pya']) names.add(`${e.name}${suffix}`.toLowerCase());
  return names;
}
