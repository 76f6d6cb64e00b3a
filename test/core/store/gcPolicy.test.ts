import { describe, expect, it } from 'vitest';
import { planGc } from '../../../src/core/store/gcPolicy.js';
import type { GcCandidate } from '../../../src/core/store/gcPolicy.js';

const now = new Date('2025-06-30T00:00:00.000Z');
const daysAgo = (d: number): Date => new Date(now.getTime() - d * 86_400_000);

function candidate(key: string, lastUsedDaysAgo: number, sizeBytes: number, extra: Partial<GcCandidate> = {}): GcCandidate {
  return { key, state: 'ready', lastUsedAt: daysAgo(lastUsedDaysAgo), sizeBytes, locked: false, ...extra };
}

describe('planGc', () => {
  it('removes nothing without an age or size limit', () => {
    const plan = planGc([candidate('a', 400, 10)], { now });
    expect(plan.remove).toEqual([]);
    expect(plan.keep.map((e) => e.code)).toEqual(['within_policy']);
  });

  it('removes environments unused for longer than maxAgeDays, oldest first, and keeps recent ones', () => {
    const plan = planGc([candidate('recent', 3, 10), candidate('old', 45, 10), candidate('older', 90, 10)], {
      now,
      maxAgeDays: 30,
    });
    expect(plan.remove.map((e) => [e.key, e.code])).toEqual([
      ['older', 'unused_too_long'],
      ['old', 'unused_too_long'],
    ]);
    expect(plan.remove[1]?.reason).toBe('not used for 45 days (limit 30)');
    expect(plan.keep.map((e) => e.key)).toEqual(['recent']);
  });

  it('removes least recently used environments until the total fits the size budget', () => {
    const plan = planGc([candidate('c', 1, 300), candidate('a', 10, 300), candidate('b', 5, 300), candidate('d', 0, 300)], {
      now,
      maxSizeBytes: 650,
    });
    expect(plan.remove.map((e) => [e.key, e.code])).toEqual([
      ['a', 'over_size_budget'],
      ['b', 'over_size_budget'],
    ]);
    expect(plan.totalBytes).toBe(1200);
    expect(plan.bytesAfter).toBe(600);
  });

  it('never removes a locked or installing environment, even when old and over budget', () => {
    const plan = planGc(
      [
        candidate('locked', 100, 1000, { locked: true }),
        candidate('installing', 100, 1000, { state: 'installing' }),
        candidate('free', 1, 10),
      ],
      { now, maxAgeDays: 30, maxSizeBytes: 5 },
    );
    expect(plan.remove.map((e) => e.key)).toEqual(['free']);
    expect(Object.fromEntries(plan.keep.map((e) => [e.key, e.code]))).toEqual({ locked: 'locked', installing: 'installing' });
    expect(plan.bytesAfter).toBe(2000);
  });

  it('applies age first, then the budget to what remains, and orders ties by key', () => {
    const plan = planGc([candidate('y', 2, 100), candidate('x', 2, 100), candidate('stale', 60, 100), candidate('new', 0, 100)], {
      now,
      maxAgeDays: 30,
      maxSizeBytes: 150,
    });
    expect(plan.remove.map((e) => [e.key, e.code])).toEqual([
      ['stale', 'unused_too_long'],
      ['x', 'over_size_budget'],
      ['y', 'over_size_budget'],
    ]);
  });

  it('treats failed and manifest-less environments like any other by age', () => {
    const plan = planGc([candidate('failed', 40, 1, { state: 'failed' }), candidate('unknown', 40, 1, { state: 'unknown' })], {
      now,
      maxAgeDays: 30,
    });
    expect(plan.remove.map((e) => e.key).sort()).toEqual(['failed', 'unknown']);
  });
});
