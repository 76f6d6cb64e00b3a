import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../../src/core/runs/runRecord.js';
import { structuredError } from '../../../src/core/errors/structuredError.js';
import { formatDuration, formatRunTime, runItems } from '../../../src/extension/run/runHistoryTreeModel.js';

const T0 = new Date(2026, 11, 3, 16, 2, 11).getTime();

function run(id: string, ok: boolean) {
  const r = new RunRecorder({
    runId: id,
    workflow: '/w/demo.pantograph',
    startedAt: T0,
    nodeIds: ['env', 'audio'],
    outputDir: '/w/demo.outputs',
    filesOf: (o) => (typeof o.audio === 'string' ? [{ port: 'audio', path: o.audio }] : []),
  });
  r.observe({ type: 'started', nodeId: 'env', nodeType: 'dependency-environment' }, T0);
  r.observe({ type: 'finished', nodeId: 'env', outputs: {}, cached: false }, T0 + 1200);
  r.observe({ type: 'started', nodeId: 'audio', nodeType: 'audio-generation' }, T0 + 1200);
  if (ok)
    r.observe({ type: 'finished', nodeId: 'audio', outputs: { audio: '/w/demo.outputs/audio.wav' }, cached: false }, T0 + 4200);
  else
    r.observe(
      { type: 'failed', nodeId: 'audio', error: structuredError('worker_failed', 'worker exited with 1', []) },
      T0 + 4200,
    );
  return r.finish(
    ok
      ? { ok: true, cancelled: false, failures: [] }
      : {
          ok: false,
          cancelled: false,
          failures: [{ nodeId: 'audio', error: structuredError('worker_failed', 'worker exited with 1', []) }],
        },
    T0 + 4300,
    `/w/demo.outputs/logs/${id}.log`,
  );
}

describe('run history rows', () => {
  it('shows when, outcome, duration and outputs, with the log, each output and the folder as children', () => {
    const [good, bad] = runItems([run('r2', true), run('r1', false)]);
    expect(good).toMatchObject({
      id: 'r2',
      label: '2026-12-03 16:02:11',
      description: 'succeeded · 4.3 s · 1 output',
      icon: { id: 'pass' },
      contextValue: 'run.succeeded',
    });
    expect(good!.children.map((c) => [c.kind, c.label, c.path])).toEqual([
      ['log', 'Log', '/w/demo.outputs/logs/r2.log'],
      ['output', 'audio.wav', '/w/demo.outputs/audio.wav'],
      ['folder', 'Outputs folder', '/w/demo.outputs'],
    ]);
    expect(good!.tooltip).toContain('env: done (1.2 s)');
    expect(bad).toMatchObject({ description: 'failed · 4.3 s · 0 outputs', icon: { id: 'error' } });
    expect(bad!.tooltip).toContain('Error: worker exited with 1');
    expect(bad!.tooltip).toContain('audio: failed (3.0 s) — worker exited with 1');
  });

  it('formats times and durations', () => {
    expect(formatRunTime(T0)).toBe('2026-12-03 16:02:11');
    expect([850, 4_250, 42_000, 185_000, 3_725_000].map(formatDuration)).toEqual([
      '850 ms',
      '4.3 s',
      '42 s',
      '3 min 05 s',
      '1 h 02 min',
    ]);
  });
});
