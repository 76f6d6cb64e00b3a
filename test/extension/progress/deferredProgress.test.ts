import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runWithDeferredProgress } from '../../../src/extension/progress/deferredProgress.js';
import type { ProgressStep } from '../../../src/extension/progress/deferredProgress.js';

/** A controllable piece of work. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runWithDeferredProgress', () => {
  it('never opens a notification for work that ends before the delay (an ensure cache hit)', async () => {
    const open = vi.fn();
    const result = runWithDeferredProgress(
      async (report) => {
        report({ message: 'reusing environment' });
        return 'ready';
      },
      open,
      400,
    );
    await expect(result).resolves.toBe('ready');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(open).not.toHaveBeenCalled();
  });

  it('opens once for long work, replays the latest step, forwards later ones, and closes when the work ends', async () => {
    const work = deferred<string>();
    let report!: (step: ProgressStep) => void;
    const seen: ProgressStep[] = [];
    let closed = false;
    const open = vi.fn((shown: (sink: { report(step: ProgressStep): void }) => Promise<void>) => {
      void shown({ report: (s) => seen.push(s) }).then(() => (closed = true));
    });
    const result = runWithDeferredProgress((r) => ((report = r), work.promise), open, 400);
    await vi.advanceTimersByTimeAsync(0);
    report({ message: 'resolve' });
    report({ message: 'install', percent: 10 });
    await vi.advanceTimersByTimeAsync(399);
    expect(open).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([{ message: 'install', percent: 10 }]);
    report({ percent: 60 });
    expect(seen.at(-1)).toEqual({ percent: 60 });
    expect(closed).toBe(false);
    work.resolve('ready');
    await expect(result).resolves.toBe('ready');
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(true);
    report({ message: 'late' });
    expect(seen.at(-1)).toEqual({ percent: 60 });
  });

  it('closes the notification when the work fails, and rejects like the work', async () => {
    const work = deferred<string>();
    let closed = false;
    const result = runWithDeferredProgress(
      () => work.promise,
      (shown) => void shown({ report: () => undefined }).then(() => (closed = true)),
      100,
    );
    await vi.advanceTimersByTimeAsync(100);
    work.reject(new Error('pip failed'));
    await expect(result).rejects.toThrow('pip failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(true);
  });
});
