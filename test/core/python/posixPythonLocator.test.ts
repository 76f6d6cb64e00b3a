import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { compareVersionNames } from '../../../src/core/python/candidateSources.js';
import { createPythonLocator } from '../../../src/core/python/createPythonLocator.js';
import { InterpreterFactsCache } from '../../../src/core/python/interpreterFactsCache.js';
import { PosixPythonLocator } from '../../../src/core/python/posixPythonLocator.js';
import { WindowsPythonLocator } from '../../../src/core/python/windowsPythonLocator.js';
import type { Result } from '../../../src/core/errors/structuredError.js';
import { pyenvPython, pyenvRoot } from './realInterpreters.js';

let scratch: string;
const sharedCache = new InterpreterFactsCache();
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pantograph-locator-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function locator(
  env: Record<string, string | undefined> = process.env,
  options: { homeDir?: string; factsCache?: InterpreterFactsCache } = {},
) {
  const runner = new CountingProcessRunner(new ExecaProcessRunner());
  const instance = new PosixPythonLocator({
    env,
    homeDir: options.homeDir ?? homedir(),
    runner,
    factsCache: options.factsCache ?? sharedCache,
  });
  return { runner, instance };
}

/** A PATH directory holding `python3` → `target`. */
async function pathDirWith(target: string): Promise<string> {
  const dir = join(scratch, `bin ${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  await symlink(target, join(dir, 'python3'));
  return dir;
}

function code<T>(result: Result<T>): string {
  return result.ok ? 'ok' : (result.errors[0]?.code ?? 'none');
}

describe('PosixPythonLocator', () => {
  it('selects a 3.12 for >=3.12,<3.13', async () => {
    const result = await locator().instance.select({ pythonRequires: ['>=3.12,<3.13'] });
    expect(result.ok && result.value.version).toMatch(/^3\.12\./);
  });

  it('fails >=3.99 with python_version_unsatisfiable listing the versions found', async () => {
    const result = await locator().instance.select({ pythonRequires: ['>=3.99'] });
    expect(code(result)).toBe('python_version_unsatisfiable');
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/>=3\.99.*3\.11\.7/);
  });

  it('applies every python_requires at once', async () => {
    const result = await locator().instance.select({ pythonRequires: ['>=3.9', '<3.11'] });
    expect(result.ok && result.value.version).toMatch(/^3\.10\./);
  });

  it('prefers PATH python3 over a newer pyenv version, and the highest pyenv version when PATH does not satisfy', async () => {
    const py310 = pyenvPython('3.10.13');
    expect(py310, 'test precondition: pyenv 3.10.13').toBeDefined();
    const env = { PATH: await pathDirWith(py310!), PYENV_ROOT: pyenvRoot };
    const { instance } = locator(env);
    const anyVersion = await instance.select({ pythonRequires: [] });
    expect(anyVersion.ok && anyVersion.value.version).toBe('3.10.13');
    const newer = await instance.select({ pythonRequires: ['>=3.11'] });
    expect(newer.ok && newer.value.version).toBe('3.13.0');
  });

  it('uses a satisfying explicit path and nothing else', async () => {
    const py39 = pyenvPython('3.9.18');
    const { instance } = locator();
    const result = await instance.select({ pythonRequires: ['>=3.9'], explicitPath: py39 });
    expect(result.ok && result.value.executable).toBe(py39);
  });

  it('names the constraint and the version when the explicit path does not satisfy', async () => {
    const result = await locator().instance.select({ pythonRequires: ['>=3.12'], explicitPath: pyenvPython('3.9.18') });
    expect(code(result)).toBe('python_version_unsatisfiable');
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/3\.9\.18.*>=3\.12/);
  });

  it('refuses an explicit Python 2.7 with its version', async () => {
    const result = await locator().instance.select({ pythonRequires: [], explicitPath: pyenvPython('2.7.18') });
    expect(code(result)).toBe('python_version_unsatisfiable');
    expect(result.ok ? '' : result.errors[0]?.message).toContain('2.7.18');
  });

  it('reports an explicit non-Python program as invalid_python_executable', async () => {
    expect(code(await locator().instance.select({ pythonRequires: [], explicitPath: '/bin/echo' }))).toBe(
      'invalid_python_executable',
    );
  });

  it('reports python_runtime_unavailable when there is no interpreter at all', async () => {
    const emptyHome = join(scratch, 'empty-home');
    await mkdir(emptyHome, { recursive: true });
    const { instance, runner } = locator({ PATH: emptyHome }, { homeDir: emptyHome });
    expect(await instance.candidates()).toEqual([]);
    expect(code(await instance.select({ pythonRequires: [] }))).toBe('python_runtime_unavailable');
    expect(runner.count).toBe(0);
  });

  it('skips a virtual environment found on PATH', async () => {
    const { runner } = locator();
    const venv = join(scratch, 'a venv');
    const made = await runner.run({
      file: pyenvPython('3.12.1')!,
      args: ['-m', 'venv', '--without-pip', venv],
      env: { PATH: '' },
    });
    expect(made.exitCode).toBe(0);
    const env = { PATH: join(venv, 'bin'), PYENV_ROOT: pyenvRoot };
    const result = await locator(env).instance.select({ pythonRequires: ['>=3.12,<3.13'] });
    expect(result.ok && result.value.executable).toBe(pyenvPython('3.12.1'));
  });

  it('resolves a pyenv shim on PATH to the version pyenv would run, without a process', async () => {
    const { instance, runner } = locator({ PATH: join(pyenvRoot, 'shims'), PYENV_ROOT: pyenvRoot, PYENV_VERSION: '3.9.18' });
    const candidates = await instance.candidates();
    expect(candidates[0]).toBe(pyenvPython('3.9.18'));
    expect(new Set(candidates).size).toBe(candidates.length);
    expect(runner.count).toBe(0);
  });

  it('lists pyenv versions newest first after PATH', async () => {
    const candidates = await locator({ PATH: '', PYENV_ROOT: pyenvRoot }).instance.candidates();
    expect(candidates.slice(0, 3)).toEqual([pyenvPython('3.13.0'), pyenvPython('3.12.1'), pyenvPython('3.11.7')]);
  });

  it('selects again with zero processes once the facts are cached on disk', async () => {
    const directory = join(scratch, 'warm-cache');
    await locator(process.env, { factsCache: new InterpreterFactsCache({ directory }) }).instance.select({
      pythonRequires: ['>=3.12,<3.13'],
    });
    const { instance, runner } = locator(process.env, { factsCache: new InterpreterFactsCache({ directory }) });
    const again = await instance.select({ pythonRequires: ['>=3.12,<3.13'] });
    expect(again.ok && again.value.version).toMatch(/^3\.12\./);
    expect(runner.count).toBe(0);
  });
});

describe('compareVersionNames', () => {
  it('orders pyenv directory names numerically, unversioned names first', () => {
    const names = ['3.9.18', 'miniconda3-latest', '3.12.1', '3.10.13', '3.13.0t', '2.7.18'];
    expect([...names].sort(compareVersionNames)).toEqual([
      'miniconda3-latest',
      '2.7.18',
      '3.9.18',
      '3.10.13',
      '3.12.1',
      '3.13.0t',
    ]);
  });
});

describe('createPythonLocator', () => {
  it('picks the implementation for the platform', () => {
    const base = { env: {}, homeDir: scratch, runner: new ExecaProcessRunner(), factsCache: new InterpreterFactsCache() };
    expect(createPythonLocator({ ...base, platform: 'linux' })).toBeInstanceOf(PosixPythonLocator);
    expect(createPythonLocator({ ...base, platform: 'darwin' })).toBeInstanceOf(PosixPythonLocator);
    expect(createPythonLocator({ ...base, platform: 'win32' })).toBeInstanceOf(WindowsPythonLocator);
  });
});
