import { describe, expect, it } from 'vitest';
import type { EnsureProgressEvent, ProgressListener } from '../../../src/core/domain/progress.js';
import { safeEmit } from '../../../src/core/environment/progressRelay.js';

describe('safeEmit', () => {
  it('delivers the event to every listener in order, past one that throws', () => {
    const received: string[] = [];
    const event: EnsureProgressEvent = { phase: 'install', message: 'Collecting toy', environmentKey: 'abc' };
    const listeners: ProgressListener[] = [
      (e) => received.push(`first ${e.message}`),
      () => {
        throw new Error('a broken listener');
      },
      (e) => received.push(`third ${e.message}`),
    ];
    expect(() => safeEmit(listeners, event)).not.toThrow();
    expect(received).toEqual(['first Collecting toy', 'third Collecting toy']);
  });
});
