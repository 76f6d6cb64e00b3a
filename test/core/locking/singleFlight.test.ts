import { describe, expect, it } from 'vitest';
import { KeyedSingleFlight } from '../../../src/core/locking/singleFlight.js';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)),
  ]);
}

describe('KeyedSingleFlight', () => {
  it('runs the work once for sixteen concurrent callers of one key and gives all of them its result', async () => {
    const flights = new KeyedSingleFlight<string>();
    const gate = deferred<void>();
    let executions = 0;
    const calls = Array.from({ length: 16 }, () =>
      flights.run('k', async () => {
        executions += 1;
        await gate.promise;
        return 'built';
      }),
    );
    expect(flights.isInFlight('k')).toBe(true);
    gate.resolve();
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 16 }, () => 'built'));
    expect(executions).toBe(1);
  });

  it('runs different keys in parallel', async () => {
    const flights = new KeyedSingleFlight<number>();
    const intervals: Record<string, { start: number; end: number }> = {};
    const bStarted = deferred<void>();
    const aStarted = deferred<void>();
    const a = flights.run('a', async () => {
      intervals['a'] = { start: performance.now(), end: 0 };
      aStarted.resolve();
      await withinMs(bStarted.promise, 5_000, 'b to start while a runs');
      intervals['a'].end = performance.now();
      return 1;
    });
    const b = flights.run('b', async () => {
      intervals['b'] = { start: performance.now(), end: 0 };
      bStarted.resolve();
      await withinMs(aStarted.promise, 5_000, 'a to start while b runs');
      intervals['b'].end = performance.now();
      return 2;
    });
    expect(await Promise.all([a, b])).toEqual([1, 2]);
    const ia = intervals['a'];
    const ib = intervals['b'];
    expect(ia && ib && ia.start < ib.end && ib.start < ia.end).toBe(true);
  });

  it('forgets a key once its work settles, so a later call runs the work again', async () => {
    const flights = new KeyedSingleFlight<number>();
    let executions = 0;
    const work = async (): Promise<number> => ++executions;
    expect(await flights.run('k', work)).toBe(1);
    expect(flights.isInFlight('k')).toBe(false);
    expect(flights.size).toBe(0);
    expect(await flights.run('k', work)).toBe(2);
  });

  it('shares a rejection with every concurrent caller and then forgets the key', async () => {
    const flights = new KeyedSingleFlight<number>();
    const gate = deferred<void>();
    let executions = 0;
    const work = async (): Promise<number> => {
      executions += 1;
      await gate.promise;
      throw new Error('install failed');
    };
    const calls = [flights.run('k', work), flights.run('k', work), flights.run('k', work)];
    gate.resolve();
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(executions).toBe(1);
    expect(flights.isInFlight('k')).toBe(false);
  });

  it('turns a synchronous throw of the work into a rejection', async () => {
    const flights = new KeyedSingleFlight<number>();
    const run = flights.run('k', () => {
      throw new Error('sync boom');
    });
    await expect(run).rejects.toThrow('sync boom');
    expect(flights.isInFlight('k')).toBe(false);
  });
});
