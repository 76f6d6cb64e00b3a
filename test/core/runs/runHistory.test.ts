import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunHistoryStore, RUN_HISTORY_FILE } from '../../../src/core/runs/runHistoryStore.js';
import { RunRecorder, outcomeOf } from '../../../src/core/runs/runRecord.js';
import type { RunRecord } from '../../../src/core/runs/runRecord.js';
import { plannedRunOrder } from '../../../src/core/runs/runPlan.js';
import { executeWorkflow } from '../../../src/core/workflow/executor.js';
import type { ExecutionEvent } from '../../../src/core/workflow/executorTypes.js';
import { parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { structuredError } from '../../../src/core/errors/structuredError.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-runs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(id: string, startedAt: number): RunRecord {
  return new RunRecorder({ runId: id, workflow: 'w', startedAt, nodeIds: ['a'], outputDir: dir }).finish(
    { ok: true, cancelled: false, failures: [] },
    startedAt + 10,
  );
}

describe('RunRecorder', () => {
  it('records each node: queued → running → done with its duration, failures with the error, and output files', () => {
    const recorder = new RunRecorder({
      runId: 'r1',
      workflow: 'demo',
      startedAt: 1000,
      nodeIds: ['a', 'b', 'c'],
      outputDir: dir,
      filesOf: (o) => (typeof o.wav === 'string' ? [{ port: 'wav', path: o.wav }] : []),
    });
    const events: [ExecutionEvent, number][] = [
      [{ type: 'started', nodeId: 'a', nodeType: 'text-input' }, 1100],
      [{ type: 'progress', nodeId: 'a', message: 'half', percent: 50 }, 1200],
      [{ type: 'finished', nodeId: 'a', outputs: { wav: '/x/a.wav' }, cached: false }, 1600],
      [{ type: 'started', nodeId: 'b', nodeType: 'audio-generation' }, 1700],
      [{ type: 'failed', nodeId: 'b', error: structuredError('node_failed', 'boom', []) }, 2000],
      [{ type: 'skipped', nodeId: 'c', error: structuredError('upstream_failed', 'upstream b failed', []) }, 2000],
    ];
    for (const [event, at] of events) recorder.observe(event, at);
    const run = recorder.finish(
      { ok: false, cancelled: false, failures: [{ nodeId: 'b', error: structuredError('node_failed', 'boom', []) }] },
      2100,
      '/x/logs/r1.log',
    );
    expect(run).toMatchObject({
      run_id: 'r1',
      started_at: 1000,
      finished_at: 2100,
      duration_ms: 1100,
      outcome: 'failed',
      error: 'boom',
      log_file: '/x/logs/r1.log',
    });
    expect(run.nodes).toEqual([
      { node_id: 'a', state: 'done', started_at: 1100, duration_ms: 500 },
      { node_id: 'b', state: 'failed', started_at: 1700, duration_ms: 300, error: { code: 'node_failed', message: 'boom' } },
      { node_id: 'c', state: 'skipped', error: { code: 'upstream_failed', message: 'upstream b failed' } },
    ]);
    expect(run.outputs).toEqual([{ node_id: 'a', port: 'wav', path: '/x/a.wav' }]);
    expect(recorder.lines.join('\n')).toMatch(
      /a: half \(50%\)[\s\S]*a done in 500 ms[\s\S]*b failed: \[node_failed\] boom[\s\S]*run failed in 1100 ms/,
    );
  });

  it('marks nodes a cancelled run left queued or running as cancelled', () => {
    const recorder = new RunRecorder({ runId: 'r2', workflow: 'w', startedAt: 0, nodeIds: ['a', 'b'], outputDir: dir });
    recorder.observe({ type: 'started', nodeId: 'a', nodeType: 't' }, 5);
    const run = recorder.finish({ ok: false, cancelled: true, failures: [] }, 9);
    expect(run.outcome).toBe('cancelled');
    expect(run.nodes.map((n) => n.state)).toEqual(['cancelled', 'cancelled']);
    expect(outcomeOf({ ok: true, cancelled: false })).toBe('succeeded');
  });

  it('plans the same order the executor runs', async () => {
    const text = await readFile(join(import.meta.dirname, '../../../examples/demo.pantograph'), 'utf8');
    const parsed = parseWorkflowText(text);
    if (!parsed.ok) throw new Error('demo does not parse');
    const started: string[] = [];
    const runners = Object.fromEntries(parsed.value.graph.nodes.map((n) => [n.node_type, async () => ({})]));
    await executeWorkflow(parsed.value, { runners, onEvent: (e) => void (e.type === 'started' && started.push(e.nodeId)) });
    const planned = plannedRunOrder(parsed.value);
    expect(planned.length).toBeGreaterThan(2);
    expect(new Set(planned)).toEqual(new Set(parsed.value.graph.nodes.map((n) => n.id)));
    // identical-work caching may skip "started" for some nodes: compare the relative order
    expect(started).toEqual(planned.filter((id) => started.includes(id)));
    expect(plannedRunOrder(parsed.value, ['missing'])).toEqual([]);
    const upToSecond = plannedRunOrder(parsed.value, [planned[1]!]);
    expect(upToSecond.at(-1)).toBe(planned[1]);
    expect(upToSecond.length).toBeLessThan(planned.length);
  });
});

describe('RunHistoryStore', () => {
  it('starts empty, keeps the newest runs first and at most `limit`, deleting the logs of dropped runs', async () => {
    const store = new RunHistoryStore(dir, 2);
    expect(await store.list()).toEqual({ ok: true, value: [] });
    for (const [i, id] of ['r1', 'r2', 'r3'].entries()) {
      const log = await store.writeLog(id, [`line of ${id}`]);
      expect(log.ok).toBe(true);
      const kept = await store.append(record(id, i * 100));
      expect(kept.ok).toBe(true);
    }
    const listed = await store.list();
    expect(listed.ok && listed.value.map((r) => r.run_id)).toEqual(['r3', 'r2']);
    expect((await readdir(join(dir, 'logs'))).sort()).toEqual(['r2.log', 'r3.log']);
    expect(await readFile(join(dir, 'logs', 'r3.log'), 'utf8')).toBe('line of r3\n');
    expect(JSON.parse(await readFile(join(dir, RUN_HISTORY_FILE), 'utf8'))).toMatchObject({ version: 1 });
  });

  it('serialises concurrent appends (none is lost) and leaves no temp file behind', async () => {
    const store = new RunHistoryStore(dir, 20);
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.append(record(`c${i}`, i))));
    const listed = await store.list();
    expect(listed.ok && listed.value.map((r) => r.run_id).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `c${i}`).sort());
    expect(await readdir(dir)).toEqual([RUN_HISTORY_FILE]);
  });

  it('reports a corrupt history as io_error with the file, and replaces it on the next append', async () => {
    await writeFile(join(dir, RUN_HISTORY_FILE), '{"version":1,"runs":[{"run_id":1}]}');
    const store = new RunHistoryStore(dir);
    const listed = await store.list();
    expect(listed.ok).toBe(false);
    if (!listed.ok) expect(listed.errors[0]).toMatchObject({ code: 'io_error', path: [store.file] });
    await writeFile(join(dir, RUN_HISTORY_FILE), 'not json');
    expect((await store.list()).ok).toBe(false);
    expect((await store.append(record('fresh', 1))).ok).toBe(true);
    const again = await store.list();
    expect(again.ok && again.value.map((r) => r.run_id)).toEqual(['fresh']);
  });

  it('refuses run ids that are not safe file names', async () => {
    const store = new RunHistoryStore(dir);
    for (const id of ['../evil', '.hidden', 'a/b', '']) expect((await store.writeLog(id, ['x'])).ok).toBe(false);
    const bad = await store.append({ ...record('ok', 1), run_id: '' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.code).toBe('invalid_payload');
  });
});
