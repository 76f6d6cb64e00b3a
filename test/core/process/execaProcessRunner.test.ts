import { describe, expect, it } from 'vitest';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { buildChildEnvironment } from '../../../src/core/process/childEnvironment.js';
import type { ProcessOutputLine } from '../../../src/core/process/processRunner.js';
import { anyPython3, isRunning, waitFor } from '../python/realInterpreters.js';

const python = anyPython3();
const baseEnv = buildChildEnvironment(process.env, process.platform);

/** A Python parent that starts a grandchild, prints "<parent pid> <grandchild pid>" and waits. */
function treeScript(grandchildCode: string): string {
  return [
    'import os, subprocess, sys',
    `p = subprocess.Popen([sys.executable, '-c', ${JSON.stringify(grandchildCode)}], stdout=subprocess.PIPE)`,
    'p.stdout.readline()',
    'print(os.getpid(), p.pid, flush=True)',
    'p.wait()',
  ].join('\n');
}

async function runTree(
  runner: ExecaProcessRunner,
  grandchildCode: string,
  options: { abortOnLine?: boolean; timeoutMs?: number },
) {
  const controller = new AbortController();
  let pids: number[] = [];
  const result = await runner.run({
    file: python,
    args: ['-c', treeScript(grandchildCode)],
    env: baseEnv,
    signal: controller.signal,
    timeoutMs: options.timeoutMs,
    onLine: ({ line }) => {
      pids = line.trim().split(' ').map(Number);
      if (options.abortOnLine) controller.abort();
    },
  });
  return { result, pids };
}

const sleeper = "import time; print('ready', flush=True); time.sleep(60)";
const stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)";

describe('ExecaProcessRunner', () => {
  const runner = new ExecaProcessRunner({ killGraceMs: 1000 });

  it('streams lines of both streams to onLine, including an unterminated last line', async () => {
    const lines: ProcessOutputLine[] = [];
    const code =
      "import sys; print('out1'); sys.stdout.flush(); sys.stderr.write('err1\\nerr2'); sys.stderr.flush(); sys.stdout.write('out2\\r\\nout3')";
    const result = await runner.run({ file: python, args: ['-c', code], env: baseEnv, onLine: (l) => lines.push(l) });
    expect(result.exitCode).toBe(0);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['out1', 'out2', 'out3']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['err1', 'err2']);
    expect(result.stdout).toContain('out3');
    expect(result.stderr).toContain('err2');
  });

  it('writes input to stdin and closes it', async () => {
    const result = await runner.run({
      file: python,
      args: ['-c', 'import sys; print(sys.stdin.read().upper())'],
      env: baseEnv,
      input: 'hello\nworld',
    });
    expect(result.stdout.trim()).toBe('HELLO\nWORLD');
  });

  it('gives the child exactly the environment it was given', async () => {
    const result = await runner.run({ file: '/usr/bin/env', args: [], env: { ONLY_THIS: 'yes please' } });
    expect(result.stdout.trim().split('\n')).toEqual(['ONLY_THIS=yes please']);
  });

  it('keeps ambient PIP_ variables from the child when the env comes from buildChildEnvironment', async () => {
    process.env.PIP_PANTOGRAPH_SENTINEL = 'leaked';
    try {
      const env = buildChildEnvironment(process.env, process.platform);
      const code = 'import json, os; print(json.dumps({k: v for k, v in os.environ.items() if k.startswith("PIP_")}))';
      const result = await runner.run({ file: python, args: ['-I', '-c', code], env });
      const seen = JSON.parse(result.stdout) as Record<string, string>;
      expect(seen.PIP_PANTOGRAPH_SENTINEL).toBeUndefined();
      expect(seen.PIP_CONFIG_FILE).toBe('/dev/null');
    } finally {
      delete process.env.PIP_PANTOGRAPH_SENTINEL;
    }
  });

  it('reports a non-zero exit as a result instead of throwing', async () => {
    const result = await runner.run({
      file: python,
      args: ['-c', 'import sys; sys.stderr.write("boom"); sys.exit(3)'],
      env: baseEnv,
    });
    expect(result).toMatchObject({ exitCode: 3, cancelled: false, timedOut: false });
    expect(result.stderr).toContain('boom');
    expect(result.spawnError).toBeUndefined();
  });

  it('reports a program that cannot start as spawnError with no exit code', async () => {
    const result = await runner.run({ file: '/nonexistent/definitely-not-python', args: [], env: baseEnv });
    expect(result.exitCode).toBeNull();
    expect(result.spawnError).toMatch(/ENOENT/);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const marker = `/tmp/pantograph-runner-${process.pid}-${Date.now()}`;
    const result = await runner.run({
      file: python,
      args: ['-c', `open(${JSON.stringify(marker)}, 'w')`],
      env: baseEnv,
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });

  it('kills the child and its grandchild when the signal aborts', async () => {
    const { result, pids } = await runTree(runner, sleeper, { abortOnLine: true });
    expect(result.cancelled).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => pids.every((pid) => !isRunning(pid)), 3000)).toBe(true);
  });

  it('kills a grandchild that ignores SIGTERM once the leader is gone', async () => {
    const { result, pids } = await runTree(runner, stubborn, { abortOnLine: true });
    expect(result.cancelled).toBe(true);
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => pids.every((pid) => !isRunning(pid)), 3000)).toBe(true);
  });

  it('sets timedOut and kills the tree when the timeout passes', async () => {
    const { result, pids } = await runTree(runner, sleeper, { timeoutMs: 1500 });
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.exitCode).toBeNull();
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => pids.every((pid) => !isRunning(pid)), 3000)).toBe(true);
  });
});

describe('ExecaProcessRunner when its Node process exits', () => {
  it('kills the process groups it still runs', async () => {
    const fixture = new URL('./fixtures/exitWhileRunning.ts', import.meta.url).pathname;
    const parent = await new ExecaProcessRunner().run({
      file: process.execPath,
      args: ['--import', 'tsx', fixture, python],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 60_000,
    });
    expect(parent.exitCode).toBe(0);
    const childPid = Number(parent.stdout.trim());
    expect(childPid).toBeGreaterThan(0);
    expect(await waitFor(() => !isRunning(childPid), 3000)).toBe(true);
  });
});
