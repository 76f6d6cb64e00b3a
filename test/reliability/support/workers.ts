/**
 * Parent side of the ensure worker (`test/support/ensureWorker.ts`): starts real Node processes,
 * parses their JSON lines, releases them together, waits for events with bounded timeouts, and
 * kills a worker together with every process it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EnsureWorkerArgs, EnsureWorkerOutcome } from '../../support/ensureWorker.js';
import type { EnvironmentManifestV1 } from '../../../src/core/store/manifest.js';

const workerFile = fileURLToPath(new URL('../../support/ensureWorker.ts', import.meta.url));

/** One parsed stdout line of a worker. */
export type WorkerEvent =
  | { readonly event: 'ready'; readonly pid: number }
  | { readonly event: 'progress'; readonly pid: number; readonly index: number; readonly phase: string; readonly message: string }
  | ({ readonly event: 'outcome' } & EnsureWorkerOutcome)
  | { readonly event: 'done'; readonly pid: number; readonly processes: number };

/** A running worker. */
export interface WorkerHandle {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly events: WorkerEvent[];
  /** Resolves with the first event (already seen or future) matching `predicate`; rejects after `timeoutMs` or if the worker exits first. */
  waitFor(predicate: (event: WorkerEvent) => boolean, timeoutMs?: number): Promise<WorkerEvent>;
  /** Releases a worker started with `waitForGo`. */
  go(): void;
  /** Resolves when the process has exited, with its outcomes and stderr. */
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    outcomes: EnsureWorkerOutcome[];
    stderr: string;
  }>;
}

/**
 * Starts `node --import tsx ensureWorker.ts <args>` as the leader of its own process group (POSIX),
 * so {@link killWorkerTree} can reach it and its descendants.
 */
export function startEnsureWorker(args: EnsureWorkerArgs): WorkerHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', workerFile, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    env: process.env,
  });
  if (child.pid === undefined) throw new Error('the ensure worker did not start');
  const events: WorkerEvent[] = [];
  const waiters = new Set<{ predicate: (e: WorkerEvent) => boolean; resolve: (e: WorkerEvent) => void }>();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as WorkerEvent;
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    outcomes: EnsureWorkerOutcome[];
    stderr: string;
  }>((resolve) => {
    child.once('close', (code, signal) => {
      resolve({
        code,
        signal,
        outcomes: events.filter((e): e is { event: 'outcome' } & EnsureWorkerOutcome => e.event === 'outcome'),
        stderr,
      });
    });
  });
  const waitFor = (predicate: (event: WorkerEvent) => boolean, timeoutMs = 60_000): Promise<WorkerEvent> => {
    const seen = events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<WorkerEvent>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (e: WorkerEvent) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`worker ${child.pid}: no matching event within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      waiters.add(waiter);
      void exited.then((result) => {
        if (!waiters.has(waiter)) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        reject(
          new Error(
            `worker ${child.pid} exited (${result.code ?? result.signal}) before the awaited event; stderr: ${result.stderr.slice(-2000)}`,
          ),
        );
      });
    });
  };
  return { child, pid: child.pid, events, waitFor, go: () => child.stdin!.write('go\n'), exited };
}

/**
 * Starts `count` workers, waits until each has built its service, then releases them all at once.
 * Returns when every worker has exited.
 */
export async function runWorkersTogether(
  argsFor: (i: number) => EnsureWorkerArgs,
  count: number,
): Promise<{ outcomes: EnsureWorkerOutcome[]; processes: number[]; wallMs: number }> {
  const workers = Array.from({ length: count }, (_, i) => startEnsureWorker({ ...argsFor(i), waitForGo: true }));
  await Promise.all(workers.map((w) => w.waitFor((e) => e.event === 'ready', 90_000)));
  const started = performance.now();
  for (const w of workers) w.go();
  const results = await Promise.all(workers.map((w) => w.exited));
  const wallMs = performance.now() - started;
  for (const [i, r] of results.entries()) {
    if (r.code !== 0) throw new Error(`worker ${i} exited with ${r.code ?? r.signal}: ${r.stderr.slice(-2000)}`);
  }
  const processes = workers.map((w) => {
    const done = w.events.find((e) => e.event === 'done');
    return done && done.event === 'done' ? done.processes : -1;
  });
  return { outcomes: results.flatMap((r) => r.outcomes), processes, wallMs };
}

/** Pids of every live descendant of `root` (from `ps`), deepest last. */
export function descendantsOf(root: number): number[] {
  const listing = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  const children = new Map<number, number[]>();
  for (const line of listing.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Simulates a crash of a worker and everything it started: freezes the worker (SIGSTOP, so it
 * cannot start anything new), SIGKILLs the process group of each descendant (the runner starts
 * pip and python detached, each leading its own group) and each descendant, then SIGKILLs the
 * worker's own group. Returns the killed descendants.
 */
export function killWorkerTree(pid: number): number[] {
  signal(pid, 'SIGSTOP');
  const descendants = descendantsOf(pid);
  for (const d of descendants) {
    signal(-d, 'SIGKILL');
    signal(d, 'SIGKILL');
  }
  signal(-pid, 'SIGKILL');
  signal(pid, 'SIGKILL');
  return descendants;
}

/** The manifest of `key` as JSON, or `null` when it is absent or unreadable. */
export async function readManifestJson(manifestPath: string): Promise<EnvironmentManifestV1 | null> {
  try {
    return JSON.parse(await readFile(manifestPath, 'utf8')) as EnvironmentManifestV1;
  } catch {
    return null;
  }
}

/** Runs `python -I -c "import m; print(m.VALUE)"` for every module; returns the printed values, or throws with stderr. */
export function importCheck(python: string, modules: readonly string[]): string[] {
  const code = `import importlib\nfor m in ${JSON.stringify(modules)}: print(importlib.import_module(m).VALUE)`;
  const run = spawnSync(python, ['-I', '-c', code], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  if (run.status !== 0) throw new Error(`import check with ${python} failed (${run.status ?? run.signal}): ${run.stderr}`);
  return run.stdout.trim().split('\n');
}

/** Overlap in ms of two [start, end] intervals (0 when disjoint). */
export function overlapMs(a: readonly [number, number], b: readonly [number, number]): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

/** The [started_at, finished_at] interval of a ready manifest, in epoch ms. */
export function installInterval(manifest: EnvironmentManifestV1): [number, number] {
  const install = manifest.install as { started_at?: string; finished_at?: string };
  if (!install.started_at || !install.finished_at)
    throw new Error(`manifest ${manifest.environment_key} has no install interval`);
  return [Date.parse(install.started_at), Date.parse(install.finished_at)];
}
