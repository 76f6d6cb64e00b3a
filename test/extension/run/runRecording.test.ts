import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunHistoryStore } from '../../../src/core/runs/runHistoryStore.js';
import { newRunId, RunRecording } from '../../../src/extension/run/runRecording.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-recording-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RunRecording', () => {
  it('stamps events with its clock, writes the log next to the outputs and adds the run to the history', async () => {
    let clock = 1_764_777_000_000;
    const recording = new RunRecording({
      outputDir: dir,
      workflow: '/w/demo.pantograph',
      nodeIds: ['prompt', 'audio'],
      now: () => clock,
    });
    expect(recording.runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    clock += 100;
    expect(recording.observe({ type: 'started', nodeId: 'audio', nodeType: 'audio-generation' })).toBe(clock);
    clock += 2_500;
    recording.observe({ type: 'finished', nodeId: 'audio', outputs: { audio: join(dir, 'a.wav') }, cached: false });
    clock += 10;
    const stored = await recording.finish({ ok: true, cancelled: false, failures: [] });
    expect(stored.ok).toBe(true);
    if (!stored.ok) return;
    expect(stored.value).toMatchObject({
      outcome: 'succeeded',
      duration_ms: 2_610,
      outputs: [{ node_id: 'audio', port: 'audio', path: join(dir, 'a.wav') }],
      log_file: join(dir, 'logs', `${recording.runId}.log`),
    });
    expect(stored.value.nodes).toEqual([
      { node_id: 'prompt', state: 'cancelled' },
      { node_id: 'audio', state: 'done', started_at: 1_764_777_000_100, duration_ms: 2_500 },
    ]);
    expect(await readFile(stored.value.log_file!, 'utf8')).toMatch(
      /audio \(audio-generation\) started\n.*audio done in 2500 ms\n.*run succeeded in 2610 ms\n$/,
    );
    const listed = await new RunHistoryStore(dir).list();
    expect(listed.ok && listed.value.map((r) => r.run_id)).toEqual([recording.runId]);
  });

  it('makes distinct, sortable run ids', () => {
    expect(newRunId(Date.UTC(2026, 11, 3, 15, 49, 0))).toMatch(/^20261203-154900-[0-9a-f]{6}$/);
    expect(newRunId(0)).not.toBe(newRunId(0));
  });
});
