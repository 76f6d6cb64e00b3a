// @vitest-environment jsdom
import './support/webComponents.js';
import { ReactFlowProvider } from '@xyflow/react';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DependencyEnvironmentNode } from '../../src/webview/environment/DependencyEnvironmentNode.js';
import { InferenceNode } from '../../src/webview/nodes/InferenceNode.js';
import { createEditorStore } from '../../src/webview/state/editorStore.js';
import type { EditorStoreApi } from '../../src/webview/state/editorStore.js';
import {
  animateEdgesIntoRunning,
  formatDuration,
  onActivity,
  onRunFinished,
  onRunStarted,
  runningNodeKey,
} from '../../src/webview/state/runState.js';
import type { RunStates } from '../../src/webview/state/runState.js';
import { useRunAnimatedEdges } from '../../src/webview/state/useRunAnimatedEdges.js';
import { EditorStoreContext, useEditor } from '../../src/webview/state/useEditor.js';
import type { NotificationParams } from '../../src/core/protocol/editorProtocol.js';
import { createFakeHost } from './support/fakeHost.js';
import { sampleDocument } from './support/fixtures.js';

const T0 = Date.UTC(2026, 11, 3, 16, 0, 0);

afterEach(cleanup);

describe('run state reducers', () => {
  it('walks queued → running (progress) → done with the host-measured duration', () => {
    let s: RunStates = onRunStarted({}, { runId: 'r', startedAt: T0, nodeIds: ['a', 'b'] });
    expect(s.a).toEqual({ phase: 'queued', kind: 'run', runId: 'r' });
    s = onActivity(s, { nodeId: 'a', kind: 'run', phase: 'started', at: T0 + 100 }, 0);
    expect(s.a).toMatchObject({ phase: 'running', startedAt: T0 + 100, runId: 'r' });
    s = onActivity(s, { nodeId: 'a', kind: 'run', phase: 'progress', message: 'install', percent: 40, at: T0 + 200 }, 0);
    expect(s.a).toMatchObject({ phase: 'running', startedAt: T0 + 100, message: 'install', percent: 40 });
    s = onActivity(s, { nodeId: 'a', kind: 'run', phase: 'finished', at: T0 + 1500 }, 0);
    expect(s.a).toMatchObject({ phase: 'done', startedAt: T0 + 100, endedAt: T0 + 1500 });
    expect(s.b?.phase).toBe('queued');
  });

  it('keeps the error of a failed node, marks skipped and cancelled ones, and cancels what a finished run left', () => {
    let s: RunStates = onRunStarted({}, { runId: 'r', startedAt: T0, nodeIds: ['a', 'b', 'c'] });
    s = onActivity(s, { nodeId: 'a', kind: 'run', phase: 'started', at: T0 }, 0);
    const error = { code: 'node_failed', message: 'boom', path: [] };
    s = onActivity(s, { nodeId: 'a', kind: 'run', phase: 'failed', message: 'boom', error, at: T0 + 50 }, 0);
    expect(s.a).toMatchObject({ phase: 'failed', startedAt: T0, endedAt: T0 + 50, error });
    s = onActivity(
      s,
      { nodeId: 'b', kind: 'run', phase: 'skipped', error: { code: 'upstream_failed', message: 'a failed', path: [] } },
      T0 + 60,
    );
    expect(s.b).toMatchObject({ phase: 'skipped', endedAt: T0 + 60 });
    const finished: NotificationParams<'run/finished'> = { runId: 'r', finishedAt: T0 + 70, outcome: 'failed' };
    s = onRunFinished(s, finished);
    expect(s.c).toMatchObject({ phase: 'cancelled', endedAt: T0 + 70 });
    expect(onRunFinished(s, finished)).toBe(s);
    s = onActivity(s, { nodeId: 'c', kind: 'run', phase: 'cancelled' }, T0 + 80);
    expect(s.c?.phase).toBe('cancelled');
  });

  it('animates exactly the edges into running nodes and keeps everything else by identity', () => {
    const edges = [
      { id: 'e1', target: 'env' },
      { id: 'e2', target: 'audio' },
    ];
    expect(animateEdgesIntoRunning(edges, '')).toBe(edges);
    let s: RunStates = onRunStarted({}, { runId: 'r', startedAt: T0, nodeIds: ['env', 'audio'] });
    expect(runningNodeKey(s)).toBe('');
    s = onActivity(s, { nodeId: 'env', kind: 'run', phase: 'started', at: T0 }, 0);
    const shown = animateEdgesIntoRunning(edges, runningNodeKey(s));
    expect(shown[0]).toMatchObject({ id: 'e1', animated: true });
    expect(shown[1]).toBe(edges[1]);
  });

  it('formats durations for badges', () => {
    expect([0, 1449, 9_999, 42_300, 185_000, 3_725_000].map(formatDuration)).toEqual([
      '0.0 s',
      '1.4 s',
      '9.9 s',
      '42 s',
      '3 min 05 s',
      '1 h 02 min',
    ]);
  });
});

describe('run state on the canvas', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(): EditorStoreApi {
    const store = createEditorStore({ host: createFakeHost() });
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 1, document: sampleDocument(), errors: [], readOnly: false },
    });
    return store;
  }

  function Nodes(): ReactNode {
    const nodes = useEditor((s) => s.nodes);
    const edges = useRunAnimatedEdges(useEditor((s) => s.edges));
    const of = (id: string) =>
      ({ id, data: nodes.find((n) => n.id === id)?.data, selected: false }) as unknown as Parameters<typeof InferenceNode>[0];
    return (
      <>
        <DependencyEnvironmentNode {...of('env')} />
        <InferenceNode {...of('audio')} />
        <ul>
          {edges.map((e) => (
            <li key={e.id} data-testid={`edge-${e.id}`} data-animated={String(Boolean(e.animated))} />
          ))}
        </ul>
      </>
    );
  }

  function show(store: EditorStoreApi): void {
    render(
      <EditorStoreContext.Provider value={store}>
        <ReactFlowProvider>
          <Nodes />
        </ReactFlowProvider>
      </EditorStoreContext.Provider>,
    );
  }

  const send = (store: EditorStoreApi, message: Parameters<ReturnType<EditorStoreApi['getState']>['receive']>[0]): void =>
    act(() => store.getState().receive(message));
  const badge = (id: string): HTMLElement => screen.getByTestId(`run-state-${id}`);

  it('shows queued, then running with percent, install phase and a ticking elapsed time, then done with its duration; the edge in is animated while running', () => {
    const store = setup();
    show(store);
    expect(screen.queryByTestId('run-state-env')).toBeNull();
    send(store, {
      type: 'notification',
      method: 'run/started',
      params: { runId: 'r1', startedAt: T0, nodeIds: ['model', 'env', 'audio'] },
    });
    expect(badge('env').textContent).toBe('queued');
    expect(badge('audio').dataset.phase).toBe('queued');
    expect(screen.getByTestId('edge-model-req').dataset.animated).toBe('false');

    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'run', phase: 'started', at: T0 },
    });
    expect(badge('env').textContent).toBe('running · 0.0 s');
    expect(screen.getByTestId('edge-model-req').dataset.animated).toBe('true');
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'run', phase: 'progress', message: 'install: pip install torch', percent: 42, at: T0 + 500 },
    });
    act(() => vi.advanceTimersByTime(3_250));
    expect(badge('env').textContent).toBe('running 42% · 3.2 s');
    expect(screen.getByTestId('run-detail-env').textContent).toContain('install: pip install torch');
    expect((screen.getByTestId('run-detail-env').querySelector('progress') as HTMLProgressElement).value).toBe(42);
    act(() => vi.advanceTimersByTime(60_000));
    expect(badge('env').textContent).toBe('running 42% · 1 min 03 s');

    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'run', phase: 'finished', at: T0 + 64_000 },
    });
    expect(badge('env').textContent).toBe('done · 1 min 04 s');
    expect(screen.getByTestId('edge-model-req').dataset.animated).toBe('false');
    act(() => vi.advanceTimersByTime(10_000));
    expect(badge('env').textContent).toBe('done · 1 min 04 s');
    expect(screen.queryByTestId('run-detail-env')).toBeNull();
  });

  it('shows a failed node with its error, and a node the run never reached as cancelled', () => {
    const store = setup();
    show(store);
    send(store, {
      type: 'notification',
      method: 'run/started',
      params: { runId: 'r2', startedAt: T0, nodeIds: ['env', 'audio'] },
    });
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'run', phase: 'started', at: T0 },
    });
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: {
        nodeId: 'env',
        kind: 'run',
        phase: 'failed',
        at: T0 + 2_000,
        error: { code: 'environment_not_ready', message: 'pip exited with 1', path: [], hint: 'Show Output' },
      },
    });
    expect(badge('env').textContent).toBe('failed · 2.0 s');
    expect(screen.getByRole('alert').textContent).toBe('environment_not_ready pip exited with 1Show Output');
    send(store, {
      type: 'notification',
      method: 'run/finished',
      params: { runId: 'r2', finishedAt: T0 + 2_100, outcome: 'failed' },
    });
    expect(badge('audio').textContent).toBe('cancelled');
  });

  it('shows an ensure as "ensuring" with its phases, then done', () => {
    const store = setup();
    show(store);
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'ensure', phase: 'started', message: 'ensuring environment', at: T0 },
    });
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'ensure', phase: 'progress', message: 'validate', percent: 90, at: T0 + 100 },
    });
    act(() => vi.advanceTimersByTime(1_000));
    expect(badge('env').textContent).toBe('ensuring 90% · 1.0 s');
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'env', kind: 'ensure', phase: 'finished', at: T0 + 1_200 },
    });
    expect(badge('env').textContent).toBe('done · 1.2 s');
  });

  it('previews text outputs while they stream, replaces them with the final text, and clears them when a new run starts', () => {
    const store = createEditorStore({ host: createFakeHost() });
    const doc = sampleDocument();
    doc.graph.nodes.push({ id: 'llm', node_type: 'pytorch-inference', position: { x: 0, y: 900 }, data: { prompt: 'hi' } });
    store.getState().receive({
      type: 'notification',
      method: 'workflow/state',
      params: { version: 1, document: doc, errors: [], readOnly: false },
    });
    function Llm(): ReactNode {
      const data = useEditor((s) => s.nodes.find((n) => n.id === 'llm')?.data);
      return <InferenceNode {...({ id: 'llm', data, selected: false } as unknown as Parameters<typeof InferenceNode>[0])} />;
    }
    render(
      <EditorStoreContext.Provider value={store}>
        <ReactFlowProvider>
          <Llm />
        </ReactFlowProvider>
      </EditorStoreContext.Provider>,
    );
    send(store, { type: 'notification', method: 'run/started', params: { runId: 'r3', startedAt: T0, nodeIds: ['llm'] } });
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'llm', kind: 'run', phase: 'started', at: T0 },
    });
    send(store, {
      type: 'notification',
      method: 'node/outputs',
      params: { nodeId: 'llm', outputs: { response: 'Once upon' }, partial: true },
    });
    const preview = screen.getByTestId('output-llm-response');
    expect(preview.textContent).toBe('Once upon');
    expect(preview.getAttribute('aria-busy')).toBe('true');
    send(store, {
      type: 'notification',
      method: 'node/outputs',
      params: { nodeId: 'llm', outputs: { response: 'Once upon a time' }, partial: true },
    });
    expect(screen.getByTestId('output-llm-response').textContent).toBe('Once upon a time');
    send(store, {
      type: 'notification',
      method: 'node/outputs',
      params: { nodeId: 'llm', outputs: { response: 'Once upon a time.' } },
    });
    send(store, {
      type: 'notification',
      method: 'node/activity',
      params: { nodeId: 'llm', kind: 'run', phase: 'finished', at: T0 + 900 },
    });
    expect(screen.getByTestId('output-llm-response').textContent).toBe('Once upon a time.');
    expect(screen.getByTestId('output-llm-response').getAttribute('aria-busy')).toBeNull();
    send(store, {
      type: 'notification',
      method: 'run/started',
      params: { runId: 'r4', startedAt: T0 + 5_000, nodeIds: ['llm'] },
    });
    expect(screen.queryByTestId('output-llm-response')).toBeNull();
    expect(badge('llm').textContent).toBe('queued');
  });
});
