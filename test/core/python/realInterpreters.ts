/**
 * Real interpreters of this machine for tests: pyenv's versions and Debian's system Python.
 * Helpers return `undefined` when an interpreter is absent so a test can state its precondition.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$PYENV_ROOT`, else `~/.pyenv`. */
export const pyenvRoot: string = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');

/** The real binary of pyenv version `version` (e.g. `3.12.1`), or `undefined` when not installed. */
export function pyenvPython(version: string): string | undefined {
  const candidate = join(pyenvRoot, 'versions', version, 'bin', version.startsWith('2.') ? 'python2' : 'python3');
  return existsSync(candidate) ? candidate : undefined;
}

/** A Python 3 real binary for tests that just need "a Python" (pyenv 3.11.7, else /usr/bin/python3). */
export function anyPython3(): string {
  const found = pyenvPython('3.11.7') ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined);
  if (found === undefined) throw new Error('test precondition: no Python 3 interpreter found');
  return found;
}

/** True while `pid` is a live process; a zombie (exited, not yet reaped by init) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes; returns its last value. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
