/**
 * Real interpreters for tests: the base Python (python3 on PATH, resolved through pyenv shims),
 * interpreter facts probed by running it, and pyenv versions when installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { buildChildEnvironment } from '../../src/core/process/childEnvironment.js';
import type { InterpreterFacts } from '../../src/core/python/interpreterFacts.js';
import { PROBE_ARGS, parseProbeOutput } from '../../src/core/python/interpreterProbe.js';

/** The isolated child environment tests use for Python/pip children (ambient pip config off). */
export function childEnv(): Record<string, string> {
  return buildChildEnvironment(process.env, process.platform);
}

/** Probes an interpreter by running the product's probe once. Synchronous: meant for test setup. */
export function probeFacts(executable: string): InterpreterFacts {
  const out = execFileSync(executable, [...PROBE_ARGS], { env: childEnv(), encoding: 'utf8' });
  const facts = parseProbeOutput(executable, out);
  if (!facts.ok) throw new Error(`${executable} did not answer the probe: ${JSON.stringify(facts.errors)}`);
  return facts.value;
}

/** The real executable behind `python3` (or `PANTOGRAPH_TEST_PYTHON`), never a pyenv shim. */
export function basePythonExecutable(): string {
  const configured = process.env.PANTOGRAPH_TEST_PYTHON;
  if (configured) return configured;
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
}

/** A pyenv interpreter `~/.pyenv/versions/<prefix>*\/bin/python`, or `null` when not installed. */
export function pyenvPython(versionPrefix: string): string | null {
  const root = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  try {
    const versions = execFileSync('ls', [join(root, 'versions')], { encoding: 'utf8' }).split('\n');
    const match = versions
      .filter((v) => v.startsWith(versionPrefix))
      .sort()
      .pop();
    const exe = match ? join(root, 'versions', match, 'bin', 'python') : null;
    return exe && existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

/** Runs `python -c code` with the isolated environment; returns stdout (throws on failure). */
export function runPython(executable: string, code: string): string {
  return execFileSync(executable, ['-c', code], { env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
