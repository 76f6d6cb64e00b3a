import { describe, expect, it } from 'vitest';
import { runPoolAndSlices } from '../../../src/core/wheelInstaller/pool.js';
import type { PoolAndSlices } from '../../../src/core/wheelInstaller/pool.js';

/** Items are sizes; those over 10 are big. Records which side ran each item. */
function plan(overrides: Partial<PoolAndSlices<number>> = {}) {
  const ran: string[] = [];
  const how: PoolAndSlices<number> = {
    isBig: (n) => n > 10,
    concurrency: 2,
    work: async (n) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      ran.push(`pool ${n}`);
    },
    workSync: (n) => void ran.push(`sync ${n}`),
    sizeOf: (n) => n,
    sliceBytes: 1,
    beforeEach: () => undefined,
    ...overrides,
  };
  return { ran, how };
}

describe('runPoolAndSlices', () => {
  it('runs the big items on the pool and the small ones synchronously, each once', async () => {
    const { ran, how } = plan();
    await runPoolAndSlices([1, 20, 2, 30, 3, 40], how);
    expect([...ran].sort()).toEqual(['pool 20', 'pool 30', 'pool 40', 'sync 1', 'sync 2', 'sync 3']);
    expect(ran.filter((r) => r.startsWith('sync'))).toEqual(['sync 1', 'sync 2', 'sync 3']);
  });

  it('rejects with a synchronous failure only after the running pool items settle', async () => {
    let running = 0;
    const { ran, how } = plan({
      work: async (n) => {
        running++;
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        running--;
        ran.push(`pool ${n}`);
      },
      workSync: (n) => {
        if (n === 2) throw new Error('small failed');
        ran.push(`sync ${n}`);
      },
    });
    await expect(runPoolAndSlices([1, 2, 3, 20, 30, 40, 50], how)).rejects.toThrow('small failed');
    expect(running).toBe(0);
    expect(ran).not.toContain('sync 3');
    expect(ran.filter((r) => r.startsWith('pool')).length).toBeLessThan(4);
  });

  it('stops the slices when a pool item fails, and rejects with that failure', async () => {
    const { ran, how } = plan({
      work: () => Promise.reject(new Error('big failed')),
    });
    await expect(runPoolAndSlices([20, ...Array.from({ length: 50 }, (_, i) => i % 10)], how)).rejects.toThrow('big failed');
    expect(ran.length).toBeLessThan(50);
  });

  it('stops when beforeEach throws (cancellation)', async () => {
    let calls = 0;
    const { ran, how } = plan({
      beforeEach: () => {
        if (++calls > 2) throw new Error('cancelled');
      },
    });
    await expect(runPoolAndSlices([1, 2, 3, 4, 5, 6], how)).rejects.toThrow('cancelled');
    expect(ran.length).toBeLessThan(6);
  });
});
