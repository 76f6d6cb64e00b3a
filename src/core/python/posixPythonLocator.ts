/**
 * Interpreter discovery on Linux and macOS, without starting a process: the first `python3` and
 * `python` on PATH (as a shell would resolve them), then every pyenv version, newest first.
 *
 * pyenv shims are bash scripts whose target depends on pyenv's state, so caching facts by the
 * shim's mtime would go stale; a shim is therefore resolved to the real binary from
 * `$PYENV_VERSION` or `$PYENV_ROOT/version` (a `.python-version` file is ignored: the extension
 * host's working directory means nothing). `system` means the next match on PATH outside pyenv.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Result } from '../errors/structuredError.js';
import type { ProcessRunner } from '../process/processRunner.js';
import type { InterpreterFacts } from './interpreterFacts.js';
import type { InterpreterFactsCache } from './interpreterFactsCache.js';
import { collectCandidates, compareVersionNames, isExecutableFile, uniqueByRealPath } from './candidateSources.js';
import { probeInterpreter } from './interpreterProbe.js';
import type { ProbeContext } from './interpreterProbe.js';
import { selectInterpreter } from './pythonRuntimeLocator.js';
import type { CandidateSource, PythonConstraints, PythonRuntimeLocator } from './pythonRuntimeLocator.js';

/** What {@link PosixPythonLocator} needs; `env` is the parent environment (PATH, PYENV_ROOT, PYENV_VERSION). */
export interface PosixPythonLocatorOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly runner: ProcessRunner;
  readonly factsCache: InterpreterFactsCache;
  readonly platform?: NodeJS.Platform;
}

/** {@link PythonRuntimeLocator} for POSIX systems. */
export class PosixPythonLocator implements PythonRuntimeLocator {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #pyenvRoot: string;
  readonly #probeContext: ProbeContext;

  constructor(options: PosixPythonLocatorOptions) {
    this.#env = options.env;
    this.#pyenvRoot = options.env.PYENV_ROOT || join(options.homeDir, '.pyenv');
    this.#probeContext = {
      runner: options.runner,
      factsCache: options.factsCache,
      env: options.env,
      platform: options.platform ?? 'linux',
    };
  }

  candidates(): Promise<string[]> {
    return collectCandidates(this.#sources());
  }

  /** As `probeInterpreter`, except that a pyenv shim is first resolved to the binary it currently runs. */
  async probe(executable: string, signal?: AbortSignal): Promise<Result<InterpreterFacts>> {
    const dir = dirname(executable);
    const resolved = this.#isPyenvShimDir(dir) ? await this.#resolveShim(basename(executable), []) : undefined;
    return probeInterpreter(this.#probeContext, resolved ?? executable, signal);
  }

  select(constraints: PythonConstraints, signal?: AbortSignal): Promise<Result<InterpreterFacts>> {
    return selectInterpreter(constraints, uniqueByRealPath(this.#sources()), (path, s) => this.probe(path, s), signal);
  }

  #sources(): CandidateSource[] {
    return [async () => this.#fromPath(), async () => this.#pyenvVersions()];
  }

  /** The first `python3` and the first `python` on PATH, pyenv shims resolved. */
  async #fromPath(): Promise<string[]> {
    const dirs = (this.#env.PATH ?? '').split(':').filter((d) => d !== '');
    const found: string[] = [];
    for (const name of ['python3', 'python']) {
      for (const [index, dir] of dirs.entries()) {
        const candidate = join(dir, name);
        if (!(await isExecutableFile(candidate))) continue;
        if (this.#isPyenvShimDir(dir)) {
          const resolved = await this.#resolveShim(name, dirs.slice(index + 1));
          if (resolved !== undefined) found.push(resolved);
        } else {
          found.push(candidate);
        }
        break;
      }
    }
    return found;
  }

  #isPyenvShimDir(dir: string): boolean {
    return dir.startsWith(this.#pyenvRoot) && /[/\\]shims[/\\]?$/.test(dir);
  }

  async #resolveShim(name: string, laterDirs: readonly string[]): Promise<string | undefined> {
    const selected = this.#env.PYENV_VERSION ?? (await readFile(join(this.#pyenvRoot, 'version'), 'utf8').catch(() => 'system'));
    for (const version of selected.split(/[\s:]+/).filter((v) => v !== '')) {
      if (version === 'system') {
        for (const dir of laterDirs) {
          if (dir.startsWith(this.#pyenvRoot)) continue;
          if (await isExecutableFile(join(dir, name))) return join(dir, name);
        }
        continue;
      }
      const candidate = join(this.#pyenvRoot, 'versions', version, 'bin', name);
      if (await isExecutableFile(candidate)) return candidate;
    }
    return undefined;
  }

  /** `$PYENV_ROOT/versions/<v>/bin/python3` (or `python`), newest version first. */
  async #pyenvVersions(): Promise<string[]> {
    const versionsDir = join(this.#pyenvRoot, 'versions');
    const names = await readdir(versionsDir).catch(() => [] as string[]);
    const found: { name: string; path: string }[] = [];
    for (const name of names) {
      for (const binary of ['python3', 'python']) {
        const candidate = join(versionsDir, name, 'bin', binary);
        if (await isExecutableFile(candidate)) {
          found.push({ name, path: candidate });
          break;
        }
      }
    }
    return found.sort((a, b) => compareVersionNames(b.name, a.name)).map((f) => f.path);
  }
}
