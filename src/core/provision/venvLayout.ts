/**
 * Where things live in a virtual environment and how to build one. Pure: platform decisions are
 * made from the `platform` argument, never from the running process.
 */
import { posix, win32 } from 'node:path';
import type { InterpreterFacts } from '../python/interpreterFacts.js';
import { versionSatisfies } from '../requirements/pep440.js';

/** The first pip that can drive another interpreter's environment with `pip --python`. */
export const PIP_PYTHON_OPTION_MIN_VERSION = '22.3';

/**
 * How a venv gets its packages:
 * - `base-pip`: `venv --without-pip` (≈0.15 s), then the base interpreter's pip installs into it
 *   with `pip --python <env python>`;
 * - `seeded`: a plain `venv` that seeds pip (seconds), then the env's own pip installs.
 */
export type VenvStrategy = 'base-pip' | 'seeded';

/** `base-pip` when the base interpreter has pip ≥ 22.3, else `seeded`. Pure. */
export function chooseVenvStrategy(base: Pick<InterpreterFacts, 'pipVersion'>): VenvStrategy {
  return base.pipVersion !== null && versionSatisfies(base.pipVersion, `>=${PIP_PYTHON_OPTION_MIN_VERSION}`)
    ? 'base-pip'
    : 'seeded';
}

/** The interpreter inside a venv: `<env>/bin/python` on POSIX, `<env>\Scripts\python.exe` on Windows. Pure. */
export function venvPythonPath(envDir: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? win32.join(envDir, 'Scripts', 'python.exe') : posix.join(envDir, 'bin', 'python');
}

/** Arguments after the base interpreter that create the venv for `strategy`. Pure. */
export function venvCreateArgs(envDir: string, strategy: VenvStrategy): string[] {
  return strategy === 'base-pip' ? ['-m', 'venv', '--without-pip', envDir] : ['-m', 'venv', envDir];
}
