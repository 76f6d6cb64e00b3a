import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { runWorker } from '../../../src/core/inference/runWorker.js';
import type { WorkerEvent } from '../../../src/core/inference/workerProtocol.js';

const script = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'protocol_worker.py');
/** The real interpreter behind `python3` (not a pyenv shim script), so start-up is fast. */
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const runner = new ExecaProcessRunner({ killGraceMs: 500 });

/** True once `pid` no longer runs (gone, or a zombie waiting to be reaped). */
function isGone(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (isGone(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return isGone(pid);
}

describe('runWorker', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantograph worker '));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the outputs and relays progress, log, stream and stray stdout/stderr lines as events', async () => {
    const events: WorkerEvent[] = [];
    const result = await runWorker({
      pythonExecutable: python,
      script,
      request: { mode: 'echo', value: 'héllo' },
      runner,
      onEvent: (e) => events.push(e),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.outputs).toEqual({ echo: 'héllo' });
    expect(events).toContainEqual({ event: 'progress', fraction: 0.5, message: 'halfway' });
    expect(events).toContainEqual({ event: 'log', level: 'debug', message: 'a log line' });
    expect(events).toContainEqual({ event: 'stream', text: 'tok' });
    expect(events.some((e) => e.event === 'log' && e.source === 'stderr' && e.message === 'a stderr note')).toBe(true);
    expect(events.some((e) => e.event === 'log' && e.message === 'stray print from a library')).toBe(true);
  });

  it('returns worker_failed with the Python traceback when the worker raises', async () => {
    const result = await runWorker({ pythonExecutable: python, script, request: { mode: 'crash' }, runner, nodeId: 'gen-1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.code).toBe('worker_failed');
    expect(result.errors[0]?.path).toEqual(['gen-1']);
    expect(result.errors[0]?.message).toContain('ValueError: the model exploded');
    expect(result.traceback).toContain('Traceback (most recent call last)');
    expect(result.traceback).toContain('in inner');
  });

  it('reports an expected worker error without a traceback', async () => {
    const result = await runWorker({ pythonExecutable: python, script, request: { mode: 'expected' }, runner });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ code: 'worker_failed', message: 'a clear user-facing failure' });
    expect(result.traceback).toBeNull();
  });

  it('returns worker_failed with the stderr tail when the worker exits without a final line', async () => {
    const result = await runWorker({ pythonExecutable: python, script, request: { mode: 'exit' }, runner });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.code).toBe('worker_failed');
    expect(result.errors[0]?.message).toContain('code 3');
    expect(result.errors[0]?.message).toContain('fatal: worker gave up');
    expect(result.stderrTail).toContain('fatal: worker gave up');
  });

  it('returns worker_failed when the interpreter does not exist', async () => {
    const result = await runWorker({ pythonExecutable: join(dir, 'no such python'), script, request: {}, runner });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('worker_failed');
  });

  it('kills the worker and its child processes on timeout and returns worker_timeout', async () => {
    const pidFile = join(dir, 'child.pid');
    const started = Date.now();
    const events: WorkerEvent[] = [];
    const result = await runWorker({
      pythonExecutable: python,
      script,
      request: { mode: 'hang', pid_file: pidFile },
      runner,
      timeoutMs: 8000,
      onEvent: (e) => events.push(e),
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(events.some((e) => e.event === 'progress')).toBe(true);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('worker_timeout');
    const childPid = Number(await readFile(pidFile, 'utf8'));
    expect(await waitUntilGone(childPid, 5000)).toBe(true);
  });

  it('returns cancelled when the signal aborts, after the first progress event', async () => {
    const controller = new AbortController();
    const pidFile = join(dir, 'child.pid');
    const result = await runWorker({
      pythonExecutable: python,
      script,
      request: { mode: 'hang', pid_file: pidFile },
      runner,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === 'progress') controller.abort();
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('cancelled');
    expect(await waitUntilGone(Number(await readFile(pidFile, 'utf8')), 5000)).toBe(true);
  });
});
