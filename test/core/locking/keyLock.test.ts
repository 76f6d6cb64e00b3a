import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, rmdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireKeyLock, isKeyLocked, tryAcquireKeyLock } from '../../../src/core/locking/keyLock.js';
import type { StructuredError } from '../../../src/core/errors/structuredError.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const worker = path.join(here, 'support', 'lockWorker.ts');

let dir: string;
let lockPath: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pantograph lock '));
  lockPath = path.join(dir, 'locks', '0123456789abcdef0123.lock');
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function startWorker(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function untilStdout(child: ChildProcess, text: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms`)), ms);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('acquireKeyLock across processes', () => {
  it('lets four contending processes hold the lock one at a time', async () => {
    const log = path.join(dir, 'shared log.txt');
    const workers = ['1', '2', '3', '4'].map((id) => startWorker(['contend', lockPath, log, id]));
    expect(await Promise.all(workers.map(exitOf))).toEqual([0, 0, 0, 0]);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(8);
    for (let i = 0; i < lines.length; i += 2) {
      const id = lines[i]?.split(' ')[1];
      expect(lines[i]).toBe(`start ${id}`);
      expect(lines[i + 1]).toBe(`end ${id}`);
    }
    expect(new Set(lines.map((l) => l.split(' ')[1]))).toEqual(new Set(['1', '2', '3', '4']));
    expect(await isKeyLocked(lockPath)).toBe(false);
  });

  it('takes over the lock of a SIGKILLed holder once it is older than staleMs', async () => {
    const holder = startWorker(['hold', lockPath, path.join(dir, 'log'), 'h', '2000']);
    await untilStdout(holder, 'acquired', 30_000);
    const exited = exitOf(holder);
    holder.kill('SIGKILL');
    await exited;
    expect(await isKeyLocked(lockPath)).toBe(true);

    const waits: string[] = [];
    const killedAt = Date.now();
    // staleMs 3 s (holder refreshes every 1 s) leaves a wide margin for a loaded machine.
    const lock = await acquireKeyLock(lockPath, {
      staleMs: 3000,
      onWaiting: (w) => waits.push(w.message),
      signal: AbortSignal.timeout(30_000),
    });
    const waitedMs = Date.now() - killedAt;
    expect(lock.compromised).toBe(false);
    expect(waits[0]).toBe('waiting for another process installing 0123456789abcdef0123');
    // The holder refreshed the lock at most 1 s before it died, so takeover needs ≥ 2 s more.
    expect(waitedMs).toBeGreaterThanOrEqual(1900);
    await lock.release();
    expect(await isKeyLocked(lockPath)).toBe(false);
  });

  it('keeps waiting past staleMs while the holder is alive, reports at most about once a second, and cancels on abort', async () => {
    const holder = startWorker(['hold', lockPath, path.join(dir, 'log'), 'h', '2000']);
    await untilStdout(holder, 'acquired', 30_000);
    const waits: number[] = [];
    const started = Date.now();
    const attempt = acquireKeyLock(lockPath, {
      staleMs: 3000,
      signal: AbortSignal.timeout(4_500),
      onWaiting: (w) => waits.push(w.waitedMs),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < waits.length; i += 1) expect((waits[i] ?? 0) - (waits[i - 1] ?? 0)).toBeGreaterThanOrEqual(950);
    expect(await isKeyLocked(lockPath, { staleMs: 3000 })).toBe(true);
  });
});

describe('acquireKeyLock in one process', () => {
  it('rejects at once with cancelled when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(acquireKeyLock(lockPath, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(await isKeyLocked(lockPath)).toBe(false);
  });

  it('confirm() finds a removed lock at once, before the next refresh, and reports it once', async () => {
    const seen: StructuredError[] = [];
    const lock = await acquireKeyLock(lockPath, { staleMs: 60_000, updateMs: 30_000, onCompromised: (e) => seen.push(e) });
    expect(await lock.confirm()).toBe(true);
    expect(lock.compromised).toBe(false);
    await rmdir(lockPath);
    expect(await lock.confirm()).toBe(false);
    expect(await lock.confirm()).toBe(false);
    expect(lock.compromised).toBe(true);
    expect(seen.map((e) => e.code)).toEqual(['lock_compromised']);
    await expect(lock.release()).resolves.toBeUndefined();
  });

  it('flags the lock compromised and calls onCompromised when its directory is removed under the holder', async () => {
    const seen: StructuredError[] = [];
    const lock = await acquireKeyLock(lockPath, { staleMs: 2000, updateMs: 1000, onCompromised: (e) => seen.push(e) });
    await rmdir(lockPath);
    await until(() => seen.length > 0, 10_000);
    expect(lock.compromised).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.code).toBe('lock_compromised');
    expect(lock.compromisedError?.code).toBe('lock_compromised');
    await expect(lock.release()).resolves.toBeUndefined();
    const next = await tryAcquireKeyLock(lockPath);
    expect(next).toBeDefined();
    await next?.release();
  });

  it('survives a throwing onCompromised handler when the lock directory is replaced under the holder', async () => {
    const lock = await acquireKeyLock(lockPath, {
      staleMs: 2000,
      updateMs: 1000,
      onCompromised: () => {
        throw new Error('handler bug');
      },
    });
    await rmdir(lockPath);
    await mkdir(lockPath);
    const past = new Date(Date.now() - 500);
    await utimes(lockPath, past, past);
    await until(() => lock.compromised, 10_000);
    await expect(lock.release()).resolves.toBeUndefined();
    // The replacement directory is not ours: release must not have removed it.
    expect(await isKeyLocked(lockPath)).toBe(true);
  });

  it('reports a held lock as locked, and a released or stale one as free', async () => {
    expect(await isKeyLocked(lockPath)).toBe(false);
    const lock = await acquireKeyLock(lockPath);
    expect(await isKeyLocked(lockPath)).toBe(true);
    expect(await tryAcquireKeyLock(lockPath)).toBeUndefined();
    await lock.release();
    await lock.release();
    expect(await isKeyLocked(lockPath)).toBe(false);

    await mkdir(lockPath, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    expect(await isKeyLocked(lockPath, { staleMs: 10_000 })).toBe(false);
  });
});
