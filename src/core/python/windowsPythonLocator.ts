/**
 * Interpreter discovery on Windows: the first `python.exe` on PATH (skipping the Microsoft Store
 * "app execution alias" stubs under `WindowsApps`, which open the Store instead of running Python),
 * then the interpreters the `py` launcher knows (`py -0p`, one process, run only when the earlier
 * sources had nothing suitable), then the usual install folders
 * (`%LOCALAPPDATA%\Programs\Python\Python3*`, `%ProgramFiles%\Python3*`), newest first.
 */
import { readdir } from 'node:fs/promises';
import { win32 } from 'node:path';
import type { Result } from '../errors/structuredError.js';
import { buildChildEnvironment } from '../process/childEnvironment.js';
import type { ProcessRunner } from '../process/processRunner.js';
import { collectCandidates, compareVersionNames, isExecutableFile, uniqueByRealPath } from './candidateSources.js';
import type { InterpreterFacts } from './interpreterFacts.js';
import type { InterpreterFactsCache } from './interpreterFactsCache.js';
import { probeInterpreter } from './interpreterProbe.js';
import type { ProbeContext } from './interpreterProbe.js';
import { selectInterpreter } from './pythonRuntimeLocator.js';
import type { CandidateSource, PythonConstraints, PythonRuntimeLocator } from './pythonRuntimeLocator.js';

/** What {@link WindowsPythonLocator} needs; `env` is the parent environment (Path, LOCALAPPDATA, ProgramFiles). */
export interface WindowsPythonLocatorOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly runner: ProcessRunner;
  readonly factsCache: InterpreterFactsCache;
}

/** Timeout of the `py -0p` listing. */
const PY_LIST_TIMEOUT_MS = 10_000;

/** {@link PythonRuntimeLocator} for Windows. */
export class WindowsPythonLocator implements PythonRuntimeLocator {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #homeDir: string;
  readonly #runner: ProcessRunner;
  readonly #probeContext: ProbeContext;

  constructor(options: WindowsPythonLocatorOptions) {
    this.#env = options.env;
    this.#homeDir = options.homeDir;
    this.#runner = options.runner;
    this.#probeContext = { runner: options.runner, factsCache: options.factsCache, env: options.env, platform: 'win32' };
  }

  candidates(): Promise<string[]> {
    return collectCandidates(this.#sources());
  }

  probe(executable: string, signal?: AbortSignal): Promise<Result<InterpreterFacts>> {
    return probeInterpreter(this.#probeContext, executable, signal);
  }

  select(constraints: PythonConstraints, signal?: AbortSignal): Promise<Result<InterpreterFacts>> {
    return selectInterpreter(constraints, uniqueByRealPath(this.#sources()), (path, s) => this.probe(path, s), signal);
  }

  #sources(): CandidateSource[] {
    return [async () => this.#fromPath(), async () => this.#fromPyLauncher(), async () => this.#fromInstallDirs()];
  }

  #pathDirs(): string[] {
    return (envValue(this.#env, 'PATH') ?? '')
      .split(';')
      .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
      .filter((d) => d !== '');
  }

  async #fromPath(): Promise<string[]> {
    for (const dir of this.#pathDirs()) {
      if (isStoreAliasDir(dir)) continue;
      const candidate = win32.join(dir, 'python.exe');
      if (await isExecutableFile(candidate)) return [candidate];
    }
    return [];
  }

  async #fromPyLauncher(): Promise<string[]> {
    const systemRoot = envValue(this.#env, 'SystemRoot') ?? 'C:\\Windows';
    const places = [...this.#pathDirs().map((d) => win32.join(d, 'py.exe')), win32.join(systemRoot, 'py.exe')];
    let launcher: string | undefined;
    for (const place of places) {
      if (await isExecutableFile(place)) {
        launcher = place;
        break;
      }
    }
    if (launcher === undefined) return [];
    const result = await this.#runner.run({
      file: launcher,
      args: ['-0p'],
      env: buildChildEnvironment(this.#env, 'win32'),
      timeoutMs: PY_LIST_TIMEOUT_MS,
    });
    return result.exitCode === 0 ? parsePyLauncherList(result.stdout) : [];
  }

  async #fromInstallDirs(): Promise<string[]> {
    const localAppData = envValue(this.#env, 'LOCALAPPDATA') ?? win32.join(this.#homeDir, 'AppData', 'Local');
    const roots = [win32.join(localAppData, 'Programs', 'Python'), envValue(this.#env, 'ProgramFiles')].filter(
      (r): r is string => r !== undefined,
    );
    const found: { name: string; path: string }[] = [];
    for (const root of roots) {
      const names = await readdir(root).catch(() => [] as string[]);
      for (const name of names.filter((n) => /^python3\d*/i.test(n))) {
        const candidate = win32.join(root, name, 'python.exe');
        if (await isExecutableFile(candidate)) found.push({ name: installDirVersion(name), path: candidate });
      }
    }
    return found.sort((a, b) => compareVersionNames(b.name, a.name)).map((f) => f.path);
  }
}

/**
 * The interpreter paths listed by `py -0p`, in the launcher's order. Understands the current
 * format (` -V:3.12 *        C:\…\python.exe`) and the older one (` -3.9-64        C:\…\python.exe`);
 * lines without an absolute Windows path are ignored. Pure.
 */
export function parsePyLauncherList(output: string): string[] {
  const paths: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*-(?:V:)?\S+\s+(?:\*\s+)?(.+?)\s*$/.exec(line);
    const path = match?.[1];
    if (path !== undefined && /^(?:[A-Za-z]:\\|\\\\)/.test(path)) paths.push(path);
  }
  return paths;
}

/** `Python312` → `3.12`, `Python39-32` → `3.9`; anything else unchanged. Pure. */
export function installDirVersion(dirName: string): string {
  const match = /^python(\d)(\d+)/i.exec(dirName);
  return match ? `${match[1]}.${match[2]}` : dirName;
}

/** True for the Store's alias folder (`…\Microsoft\WindowsApps`), whose python.exe is not Python. */
function isStoreAliasDir(dir: string): boolean {
  return /\\microsoft\\windowsapps\\?$/i.test(dir);
}

/** Windows environment names are case-insensitive (`Path` vs `PATH`). */
function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}
