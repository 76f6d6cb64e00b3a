/**
 * Running `pantograph` in tests: in-process through `runCli` with captured streams, or as the
 * built bundle `node dist/cli.cjs` (built once per test file with `node scripts/build.mjs`).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import { requirementFixturePath } from '../support/requirementFixtures.js';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI bundle. */
export const cliBundle = path.join(repoRoot, 'dist', 'cli.cjs');
/** The needs-input fixture (a tiny_tts==0.3.0 payload without index or wheel source). */
export const needsInputFixture = requirementFixturePath('onnx-tts.needs-input.json');

/** What a command printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs one command line in-process (no TTY, the test process's environment, `cwd` = repo root unless given). */
export async function runInProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const code = await runCli(args, {
    stdout: out.stream,
    stderr: err.stream,
    env: options.env ?? process.env,
    cwd: options.cwd ?? repoRoot,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Builds the bundles (`node scripts/build.mjs`); throws with esbuild's output when it fails. */
export function buildCli(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
}

/** Spawns `node dist/cli.cjs …args` and waits for it to exit; `onStderr` sees stderr as it grows (and may signal the child). */
export function spawnCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    onStderr?: (text: string, child: ChildProcess) => void;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temp directory whose name contains spaces; `cleanup` removes it. */
export async function tempDir(label: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `pantograph cli ${label} `));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses stdout as the one JSON document of a `--json` run. */
export function jsonOf<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/**
 * The argv of an offline JSON ensure: `--data-dir <dataDir> --default-index none --json ensure
 * --requirements <requirements>`, then `--override <override>` when given.
 */
export function offlineEnsureArgs(dataDir: string, requirements: string, override?: string): string[] {
  return [
    '--data-dir',
    dataDir,
    '--default-index',
    'none',
    '--json',
    'ensure',
    '--requirements',
    requirements,
    ...(override === undefined ? [] : ['--override', override]),
  ];
}
