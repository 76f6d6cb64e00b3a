/**
 * The warm-worker protocol and pool with real Python processes and a standard-library worker
 * (`serve()` of python/workers/_worker_protocol.py with a tiny handler): requests handled in
 * order by one process, coded failures keep the worker alive, a crash or a cancel ends it, the
 * pool queues, keys by (interpreter, script, model) and kills on idle, disposeWhere and dispose.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarmWorker } from '../../../src/core/inference/warmWorker.js';
import { WorkerPool } from '../../../src/core/inference/workerPool.js';
import { workersDir } from '../../../src/core/inference/workerScripts.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import type { WorkerEvent } from '../../../src/core/inference/workerProtocol.js';
import { processAlive } from '../../support/realModelGraph.js';

const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const runner = new ExecaProcessRunner({ killGraceMs: 500 });
let dir: string;
let script: string;

const HANDLER = `
import os, sys, time
sys.path.insert(0, ${JSON.stringify(workersDir())})
from _worker_protocol import WorkerError, main
COUNT = {"n": 0}
def handle(request, io):
    COUNT["n"] += 1
    kind = request.get("kind")
    if kind == "crash":
        os._exit(3)
    if kind == "coded":
        raise WorkerError("no weights in /m", code="model_file_missing", where="/m/model.safetensors")
    if kind == "forever":
        while True:
            io.stream("x")
            time.sleep(0.05)
    for piece in request.get("pieces", []):
        io.stream(piece)
    return {"pid": os.getpid(), "n": COUNT["n"], "offline": os.environ.get("HF_HUB_OFFLINE")}
if __name__ == "__main__":
    sys.exit(main(handle))
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pantograph warm worker '));
  script = join(dir, 'echo worker.py');
  await writeFile(script, HANDLER);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('WarmWorker', () => {
  it('handles requests one after another in one process, streaming events; coded failures keep it alive', async () => {
    const worker = new WarmWorker({ pythonExecutable: python, script, runner });
    try {
      const events: WorkerEvent[] = [];
      const first = await worker.request({ pieces: ['a', 'b', 'c'] }, { onEvent: (e) => void events.push(e) });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(first.value.outputs).toMatchObject({ pid: worker.pid, n: 1, offline: '1' });
      expect(events.filter((e) => e.event === 'stream').map((e) => e.text)).toEqual(['a', 'b', 'c']);
      const coded = await worker.request({ kind: 'coded' }, { nodeId: 'gen' });
      expect(coded.ok).toBe(false);
      if (!coded.ok) expect(coded.errors[0]).toMatchObject({ code: 'model_file_missing', path: ['gen', '/m/model.safetensors'] });
      const third = await worker.request({});
      expect(third.ok && third.value.outputs.n).toBe(3);
      expect(worker.alive).toBe(true);
    } finally {
      await worker.kill();
    }
    expect(processAlive(worker.pid!)).toBe(false);
  });

  it('a crash mid-request → worker_failed, the worker is gone', async () => {
    const worker = new WarmWorker({ pythonExecutable: python, script, runner });
    const result = await worker.request({ kind: 'crash' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('worker_failed');
    await worker.exited;
    expect(worker.alive).toBe(false);
    const after = await worker.request({});
    expect(!after.ok && after.errors[0]?.message).toContain('is not running');
  });

  it('cancel and timeout kill the process tree', async () => {
    const worker = new WarmWorker({ pythonExecutable: python, script, runner });
    const controller = new AbortController();
    const cancelled = await worker.request(
      { kind: 'forever' },
      { signal: controller.signal, onEvent: (e) => void (e.event === 'stream' && controller.abort()) },
    );
    expect(!cancelled.ok && cancelled.errors[0]?.code).toBe('cancelled');
    await worker.exited;
    expect(processAlive(worker.pid!)).toBe(false);

    const slow = new WarmWorker({ pythonExecutable: python, script, runner });
    const timedOut = await slow.request({ kind: 'forever' }, { timeoutMs: 300 });
    expect(!timedOut.ok && timedOut.errors[0]?.code).toBe('worker_timeout');
    await slow.exited;
    expect(processAlive(slow.pid!)).toBe(false);
  });
});

describe('WorkerPool', () => {
  it('one worker per (interpreter, script, model); queued requests; idle, disposeWhere and dispose kill', async () => {
    let idleMs = 60_000;
    const changes: string[] = [];
    const pool = new WorkerPool({ runner, idleMs: () => idleMs, onChange: (c) => void changes.push(`${c.kind}:${c.reason}`) });
    const specA = { pythonExecutable: python, script, modelKey: '/models/a' };
    const specB = { pythonExecutable: python, script, modelKey: '/models/b' };
    const [a1, a2, b1] = await Promise.all([pool.run(specA, {}), pool.run(specA, {}), pool.run(specB, {})]);
    const out = (r: typeof a1) => (r.ok ? r.value.outputs : {});
    expect(out(a2).pid).toBe(out(a1).pid);
    expect([out(a1).n, out(a2).n].sort()).toEqual([1, 2]);
    expect(out(b1).pid).not.toBe(out(a1).pid);
    expect(pool.list()).toHaveLength(2);

    await pool.disposeWhere((spec) => spec.modelKey === '/models/b', 'environment deleted');
    expect(processAlive(out(b1).pid as number)).toBe(false);
    expect(pool.list().map((w) => w.modelKey)).toEqual(['/models/a']);

    idleMs = 20;
    await pool.run(specA, {});
    await expect.poll(() => pool.list().length, { timeout: 5_000 }).toBe(0);
    await expect.poll(() => processAlive(out(a1).pid as number), { timeout: 5_000 }).toBe(false);

    idleMs = 60_000;
    const again = await pool.run(specA, {});
    expect(out(again).pid).not.toBe(out(a1).pid);
    await pool.dispose();
    expect(processAlive(out(again).pid as number)).toBe(false);
    const refused = await pool.run(specA, {});
    expect(!refused.ok && refused.errors[0]?.code).toBe('cancelled');
    expect(changes).toContain('stopped:environment deleted');
    expect(changes.some((c) => c.startsWith('stopped:idle'))).toBe(true);
  });
});
