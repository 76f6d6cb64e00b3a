/**
 * A minimal {@link ProcessRunner} for tests until the product's runner lands: spawns without a
 * shell in its own process group (POSIX) and kills the whole group on abort or timeout.
 */
import { spawn } from 'node:child_process';
import type { ProcessOutputLine, ProcessRequest, ProcessResult, ProcessRunner } from '../../src/core/process/processRunner.js';

/** Counts the processes it starts, so tests can assert how many spawns a call cost. */
export class LocalProcessRunner implements ProcessRunner {
  spawned = 0;
  readonly requests: ProcessRequest[] = [];

  run(request: ProcessRequest): Promise<ProcessResult> {
    this.spawned++;
    this.requests.push(request);
    const started = performance.now();
    return new Promise((resolve) => {
      const child = spawn(request.file, [...request.args], {
        cwd: request.cwd,
        env: { ...request.env },
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let stdout = '';
      let stderr = '';
      let cancelled = false;
      let timedOut = false;
      const killTree = (): void => {
        if (child.pid === undefined || child.exitCode !== null) return;
        try {
          if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F']);
          else process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const onAbort = (): void => {
        cancelled = true;
        killTree();
      };
      if (request.signal?.aborted) onAbort();
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = request.timeoutMs === undefined ? undefined : setTimeout(() => {
        timedOut = true;
        killTree();
      }, request.timeoutMs);
      const lineSplitter = (stream: ProcessOutputLine['stream']) => {
        let pending = '';
        return (chunk: Buffer): void => {
          const text = chunk.toString('utf8');
          if (stream === 'stdout') stdout += text;
          else stderr += text;
          pending += text;
          const lines = pending.split(/\r?\n/);
          pending = lines.pop() ?? '';
          for (const line of lines) request.onLine?.({ stream, line });
        };
      };
      child.stdout.on('data', lineSplitter('stdout'));
      child.stderr.on('data', lineSplitter('stderr'));
      child.stdin.on('error', () => undefined);
      child.stdin.end(request.input ?? '');
      const finish = (exitCode: number | null, signal: string | null): void => {
        if (timer) clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve({ exitCode, signal, stdout, stderr, cancelled, timedOut, durationMs: performance.now() - started });
      };
      child.on('error', (error) => {
        stderr += String(error);
        finish(null, null);
      });
      child.on('close', (code, signal) => finish(code, signal));
    });
  }
}
