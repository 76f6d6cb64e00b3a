/**
 * What "activating" a Pantograph environment means for a child process or terminal, without
 * sourcing any `activate` script: the environment's `bin` (POSIX) / `Scripts` (Windows) folder
 * first on `PATH`, `VIRTUAL_ENV` set to the environment folder, `PYTHONHOME` removed (as the
 * CPython `activate` script does). Pure: the caller passes the parent environment and platform, so
 * both POSIX and Windows results are testable on any machine.
 */
import path from 'node:path';

/** Inputs of {@link activatedEnvironment}. */
export interface ActivationInputs {
  /** `envs/python/<key>/` of the environment. */
  readonly envDir: string;
  /** The environment's interpreter (manifest `python_executable`). */
  readonly pythonExecutable: string;
  /** `python-venv` (an isolated venv: `VIRTUAL_ENV` is set) or `python` (an existing interpreter: only `PATH`). */
  readonly environmentKind: string | null;
  /** The environment the shell would otherwise inherit (`process.env`). */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** `process.platform`-style name; `win32` uses `;` and a case-insensitive `Path` name. */
  readonly platform: string;
}

/** The variables to change: `set` overrides inherited values, `unset` lists names to remove. */
export interface ActivationChanges {
  readonly set: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
  /** The folder put first on `PATH`. */
  readonly binDir: string;
}

/** The environment's executables folder: `<envDir>/Scripts` on Windows, `<envDir>/bin` elsewhere. */
export function environmentBinDir(envDir: string, platform: string): string {
  return platform === 'win32' ? path.win32.join(envDir, 'Scripts') : path.posix.join(envDir, 'bin');
}

/** The name of the PATH variable in `env` (Windows keeps whatever case it has, usually `Path`). */
export function pathVariableName(env: Readonly<Record<string, string | undefined>>, platform: string): string {
  if (platform !== 'win32') return 'PATH';
  return Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'Path';
}

/**
 * The variable changes that activate the environment. For a venv the folder put first on PATH is
 * {@link environmentBinDir}; for the `python` kind (an existing interpreter) it is the folder of
 * `pythonExecutable` and `VIRTUAL_ENV` is not set. A PATH entry equal to the bin folder is not
 * repeated. Pure.
 */
export function activationChanges(inputs: ActivationInputs): ActivationChanges {
  const { envDir, pythonExecutable, environmentKind, parentEnv, platform } = inputs;
  const isVenv = environmentKind !== 'python';
  const p = platform === 'win32' ? path.win32 : path.posix;
  const binDir = isVenv ? environmentBinDir(envDir, platform) : p.dirname(pythonExecutable);
  const delimiter = platform === 'win32' ? ';' : ':';
  const pathName = pathVariableName(parentEnv, platform);
  const same = (a: string): boolean => (platform === 'win32' ? a.toLowerCase() === binDir.toLowerCase() : a === binDir);
  const rest = (parentEnv[pathName] ?? '').split(delimiter).filter((entry) => entry !== '' && !same(entry));
  const set: Record<string, string> = { [pathName]: [binDir, ...rest].join(delimiter) };
  if (isVenv) set['VIRTUAL_ENV'] = envDir;
  const unset = Object.keys(parentEnv).filter((name) => (platform === 'win32' ? name.toUpperCase() : name) === 'PYTHONHOME');
  if (!isVenv)
    unset.push(...Object.keys(parentEnv).filter((name) => (platform === 'win32' ? name.toUpperCase() : name) === 'VIRTUAL_ENV'));
  return { set, unset, binDir };
}

/** The full environment of an activated child process: `parentEnv` with {@link activationChanges} applied. Pure. */
export function activatedEnvironment(inputs: ActivationInputs): Record<string, string> {
  const changes = activationChanges(inputs);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs.parentEnv)) {
    if (value !== undefined && !changes.unset.includes(name)) env[name] = value;
  }
  return { ...env, ...changes.set };
}

/** The user's interactive shell: `%COMSPEC%` (else `cmd.exe`) on Windows, `$SHELL` (else `/bin/sh`) elsewhere. Pure. */
export function userShell(env: Readonly<Record<string, string | undefined>>, platform: string): string {
  if (platform === 'win32') {
    const comspec = Object.entries(env).find(([name]) => name.toUpperCase() === 'COMSPEC')?.[1];
    return comspec && comspec.trim() !== '' ? comspec : 'cmd.exe';
  }
  const shell = env['SHELL'];
  return shell && shell.trim() !== '' ? shell : '/bin/sh';
}

/** A terminal's name for an environment: `Pantograph: <model> (<key prefix>)`, or just the key prefix without a model. Pure. */
export function environmentTerminalName(modelLabel: string | null, key: string): string {
  const shortKey = key.slice(0, 12);
  return modelLabel ? `Pantograph: ${modelLabel} (${shortKey})` : `Pantograph: ${shortKey}`;
}
