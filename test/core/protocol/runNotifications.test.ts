import { describe, expect, it } from 'vitest';
import { notificationMessage, parseHostMessage } from '../../../src/core/protocol/envelope.js';

const roundTrip = (message: unknown): ReturnType<typeof parseHostMessage> =>
  parseHostMessage(JSON.parse(JSON.stringify(message)));

describe('run notifications', () => {
  it('accepts run/started, run/finished and timestamped node/activity built by the host', () => {
    for (const message of [
      notificationMessage('run/started', {
        runId: 'r-1',
        startedAt: 1_700_000_000_000,
        nodeIds: ['model', 'environment', 'audio'],
      }),
      notificationMessage('run/finished', { runId: 'r-1', finishedAt: 1_700_000_001_000, outcome: 'cancelled' }),
      notificationMessage('node/activity', { nodeId: 'audio', kind: 'run', phase: 'started', at: 1_700_000_000_500 }),
    ]) {
      const parsed = roundTrip(message);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    }
  });

  it.each([
    ['no run id', { type: 'notification', method: 'run/started', params: { startedAt: 1, nodeIds: [] } }],
    ['an empty node id', { type: 'notification', method: 'run/started', params: { runId: 'r', startedAt: 1, nodeIds: [''] } }],
    ['a negative time', { type: 'notification', method: 'run/started', params: { runId: 'r', startedAt: -1, nodeIds: [] } }],
    [
      'an extra field',
      { type: 'notification', method: 'run/started', params: { runId: 'r', startedAt: 1, nodeIds: [], evil: 1 } },
    ],
    [
      'an unknown outcome',
      { type: 'notification', method: 'run/finished', params: { runId: 'r', finishedAt: 1, outcome: 'exploded' } },
    ],
    [
      'a string activity time',
      { type: 'notification', method: 'node/activity', params: { nodeId: 'a', kind: 'run', phase: 'started', at: 'now' } },
    ],
  ])('rejects %s as invalid_message', (_label, raw) => {
    const parsed = parseHostMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]!.code).toBe('invalid_message');
  });
});
