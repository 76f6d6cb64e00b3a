/** Picks the platform's {@link PythonRuntimeLocator}: the only place that branches on the OS. */
import type { ProcessRunner } from '../process/processRunner.js';
import type { InterpreterFactsCache } from './interpreterFactsCache.js';
import { PosixPythonLocator } from './posixPythonLocator.js';
import type { PythonRuntimeLocator } from './pythonRuntimeLocator.js';
import { WindowsPythonLocator } from './windowsPythonLocator.js';

/** Everything a locator needs; `env` is the parent environment (e.g. `process.env`). */
export interface PythonLocatorOptions {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly runner: ProcessRunner;
  readonly factsCache: InterpreterFactsCache;
}

/** A {@link WindowsPythonLocator} on `win32`, a {@link PosixPythonLocator} everywhere else. */
export function createPythonLocator(options: PythonLocatorOptions): PythonRuntimeLocator {
  if (options.platform === 'win32') return new WindowsPythonLocator(options);
  return new PosixPythonLocator(options);
}
