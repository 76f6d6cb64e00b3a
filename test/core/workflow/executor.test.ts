import { describe, expect, it } from 'vitest';
import { PantographError, structuredError } from '../../../src/core/errors/structuredError.js';
import { executeWorkflow } from '../../../src/core/workflow/executor.js';
import type { ExecutionEvent, NodeRunContext, NodeRunner } from '../../../src/core/workflow/executorTypes.js';
import { audioWorkflow, edge, node, workflow } from './fixtures.js';

/** Runners that record what they ran and echo deterministic outputs. */
function recordingRunners(overrides: Record<string, NodeRunner> = {}): {
  runners: Record<string, NodeRunner>;
  calls: NodeRunContext[];
} {
  const calls: NodeRunContext[] = [];
  const wrap =
    (run: NodeRunner): NodeRunner =>
    async (ctx) => {
      calls.push(ctx);
      return run(ctx);
    };
  const base: Record<string, NodeRunner> = {
    'puma-lib': async (ctx) => ({
      model_path: `/models/${String(ctx.node.data.model_id)}`,
      dependency_requirements: { bindings: [] },
    }),
    'dependency-environment': async (ctx) => {
      ctx.emitProgress('checking', 50);
      return { environment_ref: { state: 'ready', python_executable: '/venv/bin/python' } };
    },
    'text-input': async (ctx) => ({ text: ctx.node.data.text }),
    'audio-generation': async (ctx) => ({ audio: `${String(ctx.inputs.prompt)}.wav`, sample_rate: 44100 }),
    'pytorch-inference': async (ctx) => ({ response: `echo:${String(ctx.inputs.prompt)}` }),
  };
  const runners = Object.fromEntries(Object.entries({ ...base, ...overrides }).map(([k, run]) => [k, wrap(run)]));
  return { runners, calls };
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('executeWorkflow', () => {
  it('emits partial outputs of a running node in order, and none after it settled', async () => {
    let late: ((partial: Record<string, unknown>) => void) | undefined;
    const { runners } = recordingRunners({
      'audio-generation': async (ctx) => {
        ctx.emitPartialOutputs({ audio: 'he' });
        ctx.emitPartialOutputs({ audio: 'hello' });
        late = ctx.emitPartialOutputs;
        return { audio: 'hello.wav', sample_rate: 44100 };
      },
    });
    const events: ExecutionEvent[] = [];
    const result = await executeWorkflow(audioWorkflow(), { runners, onEvent: (e) => events.push(e) });
    late?.({ audio: 'too late' });
    expect(result.ok).toBe(true);
    const forGen = events
      .filter((e) => e.nodeId === 'audio')
      .map((e) => (e.type === 'partial' ? `partial:${String(e.outputs.audio)}` : e.type));
    expect(forGen).toEqual(['started', 'partial:he', 'partial:hello', 'finished']);
  });

  it('runs nodes in topological order, feeding outputs along edges and typed-in values from data', async () => {
    const { runners, calls } = recordingRunners();
    const events: ExecutionEvent[] = [];
    const result = await executeWorkflow(audioWorkflow(), { runners, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(calls.map((c) => c.node.id)).toEqual(['lib', 'env', 'prompt', 'audio']);
    expect(calls[3]?.inputs).toEqual({
      model_path: '/models/stable-audio-open',
      prompt: 'rain on a tin roof',
      duration: 5,
      seed: 7,
      environment_ref: { state: 'ready', python_executable: '/venv/bin/python' },
    });
    expect(result.outputs.audio).toEqual({ audio: 'rain on a tin roof.wav', sample_rate: 44100 });
    expect(events.filter((e) => e.nodeId === 'env').map((e) => e.type)).toEqual(['started', 'progress', 'finished']);
    expect(events.find((e) => e.type === 'progress')).toEqual({
      type: 'progress',
      nodeId: 'env',
      message: 'checking',
      percent: 50,
    });
  });

  it('runs only the nodes the requested targets need', async () => {
    const { runners, calls } = recordingRunners();
    const doc = audioWorkflow();
    doc.graph.nodes.push(node('lonely', 'pytorch-inference'));
    const result = await executeWorkflow(doc, { runners, targets: ['env'] });
    expect(result.ok).toBe(true);
    expect(calls.map((c) => c.node.id)).toEqual(['lib', 'env']);
    expect(Object.keys(result.outputs)).toEqual(['lib', 'env']);
  });

  it('refuses to start when the graph is invalid, reporting every validation error', async () => {
    const { runners, calls } = recordingRunners();
    const doc = audioWorkflow();
    doc.graph.nodes.push(node('mystery', 'quantum-oracle'));
    doc.graph.edges.push(edge('ghost', 'text', 'audio', 'seed'));
    const result = await executeWorkflow(doc, { runners });
    expect(calls).toEqual([]);
    expect(result.failures.map((f) => [f.nodeId, f.error.code])).toEqual([
      ['mystery', 'unknown_node_type'],
      ['ghost', 'dangling_edge'],
    ]);
    const unknownTarget = await executeWorkflow(audioWorkflow(), { runners, targets: ['nope'] });
    expect(unknownTarget.failures[0]?.error.message).toContain('target node "nope" does not exist');
  });

  it('runs identical work once per run and reports the duplicate as cached', async () => {
    const { runners, calls } = recordingRunners();
    const doc = workflow([
      node('t1', 'text-input', { text: 'same' }),
      node('t2', 'text-input', { text: 'same' }),
      node('t3', 'text-input', { text: 'other' }),
    ]);
    const events: ExecutionEvent[] = [];
    const result = await executeWorkflow(doc, { runners, onEvent: (e) => events.push(e) });
    expect(calls.map((c) => c.node.id)).toEqual(['t1', 't3']);
    expect(result.outputs).toEqual({ t1: { text: 'same' }, t2: { text: 'same' }, t3: { text: 'other' } });
    expect(events.filter((e) => e.type === 'finished').map((e) => [e.nodeId, e.type === 'finished' && e.cached])).toEqual([
      ['t1', false],
      ['t2', true],
      ['t3', false],
    ]);
  });

  it('stops the downstream of a failed node with upstream_failed while independent branches still run', async () => {
    const { runners, calls } = recordingRunners({
      'puma-lib': async () => {
        throw new Error('library offline');
      },
    });
    const doc = audioWorkflow();
    doc.graph.nodes.push(node('side', 'text-input', { text: 'independent' }));
    const events: ExecutionEvent[] = [];
    const result = await executeWorkflow(doc, { runners, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => [f.nodeId, f.error.code])).toEqual([
      ['lib', 'node_failed'],
      ['env', 'upstream_failed'],
      ['audio', 'upstream_failed'],
    ]);
    expect(result.failures[0]?.error.message).toContain('library offline');
    expect(result.failures[2]?.error.message).toContain('upstream node "lib" failed');
    expect(calls.map((c) => c.node.id)).toEqual(['lib', 'prompt', 'side']);
    expect(result.outputs.side).toEqual({ text: 'independent' });
    expect(events.filter((e) => e.type === 'skipped').map((e) => e.nodeId)).toEqual(['env', 'audio']);
  });

  it('keeps the code of a PantographError thrown by a runner and fails nodes without a runner', async () => {
    const { runners } = recordingRunners({
      'dependency-environment': async () => {
        throw new PantographError(structuredError('environment_not_ready', 'run Ensure Environment first'));
      },
    });
    const result = await executeWorkflow(audioWorkflow(), { runners });
    expect(result.failures[0]).toMatchObject({
      nodeId: 'env',
      error: { code: 'environment_not_ready', path: ['graph', 'nodes', 1] },
    });
    const { 'text-input': _omit, ...withoutText } = recordingRunners().runners;
    const missing = await executeWorkflow(audioWorkflow(), { runners: withoutText });
    expect(missing.failures.map((f) => [f.nodeId, f.error.code])).toEqual([
      ['prompt', 'node_failed'],
      ['audio', 'upstream_failed'],
    ]);
  });

  it('fails a node whose required input received no value from upstream', async () => {
    const { runners } = recordingRunners({ 'dependency-environment': async () => ({ status: {} }) });
    const result = await executeWorkflow(audioWorkflow(), { runners });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ nodeId: 'audio', error: { code: 'missing_required_input' } });
    expect(result.failures[0]?.error.message).toContain('environment_ref');
  });

  it('hands the abort to the running node, skips the rest and ends cancelled', async () => {
    const controller = new AbortController();
    const entered = deferred();
    let sawAbort = false;
    const { runners, calls } = recordingRunners({
      'dependency-environment': (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new Error('killed'));
          });
          entered.resolve();
        }),
    });
    const events: ExecutionEvent[] = [];
    const run = executeWorkflow(audioWorkflow(), { runners, signal: controller.signal, onEvent: (e) => events.push(e) });
    await entered.promise;
    controller.abort();
    const result = await run;
    expect(sawAbort).toBe(true);
    expect(result).toMatchObject({ ok: false, cancelled: true });
    expect(result.failures.map((f) => [f.nodeId, f.error.code])).toEqual([
      ['env', 'cancelled'],
      ['prompt', 'cancelled'],
      ['audio', 'cancelled'],
    ]);
    expect(calls.map((c) => c.node.id)).toEqual(['lib', 'env']);
    expect(events.filter((e) => e.type === 'skipped').map((e) => e.nodeId)).toEqual(['prompt', 'audio']);
  });

  it('ends cancelled even when the running node ignores the signal', async () => {
    const controller = new AbortController();
    const entered = deferred();
    const never = deferred<Record<string, unknown>>();
    const { runners } = recordingRunners({
      'puma-lib': () => {
        entered.resolve();
        return never.promise;
      },
    });
    const run = executeWorkflow(audioWorkflow(), { runners, signal: controller.signal });
    await entered.promise;
    controller.abort();
    const result = await run;
    expect(result.cancelled).toBe(true);
    expect(result.failures[0]).toMatchObject({ nodeId: 'lib', error: { code: 'cancelled' } });
  });

  it('does not start anything when the signal is already aborted', async () => {
    const { runners, calls } = recordingRunners();
    const result = await executeWorkflow(audioWorkflow(), { runners, signal: AbortSignal.abort() });
    expect(calls).toEqual([]);
    expect(result.cancelled).toBe(true);
    expect(result.failures.every((f) => f.error.code === 'cancelled')).toBe(true);
  });

  it('passes the caller context to runners and survives a throwing event listener', async () => {
    const seen: unknown[] = [];
    const runners: Record<string, NodeRunner<{ user: string }>> = {
      'text-input': async (ctx) => {
        seen.push(ctx.context.user);
        return { text: 'x' };
      },
    };
    const result = await executeWorkflow(workflow([node('t', 'text-input')]), {
      runners,
      context: { user: 'ada' },
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['ada']);
  });
});
