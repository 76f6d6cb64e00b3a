import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_STATES } from '../../../src/core/contracts/environmentState.js';
import type { EnvironmentState } from '../../../src/core/contracts/environmentState.js';
import { StatusHistoryEntrySchema } from '../../../src/core/contracts/environmentStatus.js';
import {
  ENVIRONMENT_TRANSITIONS,
  EnvironmentStateMachine,
  IllegalTransitionError,
  canTransition,
} from '../../../src/core/domain/stateMachine.js';

const LEGAL: ReadonlyArray<readonly [EnvironmentState, EnvironmentState]> = [
  ['unresolved', 'checking'],
  ['unresolved', 'needs_user_input'],
  ['unresolved', 'failed'],
  ['needs_user_input', 'unresolved'],
  ['checking', 'ready'],
  ['checking', 'missing'],
  ['checking', 'failed'],
  ['missing', 'installing'],
  ['missing', 'needs_user_input'],
  ['installing', 'ready'],
  ['installing', 'failed'],
  ['ready', 'checking'],
  ['failed', 'unresolved'],
];

function fixedClock(...isoTimes: string[]): () => Date {
  let i = 0;
  return () => new Date(isoTimes[Math.min(i++, isoTimes.length - 1)] as string);
}

describe('canTransition', () => {
  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('allows exactly the 13 transitions of the contract and nothing else', () => {
    const legalSet = new Set(LEGAL.map(([f, t]) => `${f}>${t}`));
    for (const from of ENVIRONMENT_STATES) {
      for (const to of ENVIRONMENT_STATES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(legalSet.has(`${from}>${to}`));
      }
    }
    const tableCount = Object.values(ENVIRONMENT_TRANSITIONS).reduce((n, targets) => n + targets.length, 0);
    expect(tableCount).toBe(LEGAL.length);
  });

  it.each([
    ['ready', 'installing'],
    ['unresolved', 'ready'],
    ['needs_user_input', 'checking'],
    ['installing', 'checking'],
    ['failed', 'ready'],
    ['missing', 'ready'],
    ['checking', 'checking'],
  ] as const)('rejects %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('has a frozen table that callers cannot extend', () => {
    expect(Object.isFrozen(ENVIRONMENT_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(ENVIRONMENT_TRANSITIONS.ready)).toBe(true);
  });
});

describe('EnvironmentStateMachine', () => {
  it.each(LEGAL)('performs the legal transition %s → %s and records it', (from, to) => {
    const machine = new EnvironmentStateMachine(from, fixedClock('2025-03-04T05:06:07.000Z'));
    machine.transition(to);
    expect(machine.state).toBe(to);
    expect(machine.history).toEqual([{ from, to, at: '2025-03-04T05:06:07.000Z' }]);
  });

  it('walks the happy auto-mode path with timestamps taken from the injected clock', () => {
    const clock = fixedClock(
      '2025-01-01T00:00:00.000Z',
      '2025-01-01T00:00:01.500Z',
      '2025-01-01T00:00:09.000Z',
      '2025-01-01T00:01:00.000Z',
    );
    const machine = new EnvironmentStateMachine('unresolved', clock);
    machine.transition('checking');
    machine.transition('missing', { code: 'requirements_missing', message: '2 packages missing' });
    machine.transition('installing');
    machine.transition('ready');
    expect(machine.state).toBe('ready');
    expect(machine.history).toEqual([
      { from: 'unresolved', to: 'checking', at: '2025-01-01T00:00:00.000Z' },
      {
        from: 'checking',
        to: 'missing',
        at: '2025-01-01T00:00:01.500Z',
        code: 'requirements_missing',
        message: '2 packages missing',
      },
      { from: 'missing', to: 'installing', at: '2025-01-01T00:00:09.000Z' },
      { from: 'installing', to: 'ready', at: '2025-01-01T00:01:00.000Z' },
    ]);
  });

  it('produces history entries that parse as StatusHistoryEntry with an RFC 3339 timestamp', () => {
    const machine = new EnvironmentStateMachine('unresolved', fixedClock('2024-12-31T23:59:59.123Z'));
    machine.transition('failed', { code: 'unsupported_environment_kind', message: 'conda is not supported' });
    const [entry] = machine.history;
    expect(StatusHistoryEntrySchema.safeParse(entry).success).toBe(true);
    expect(entry?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it('throws a typed IllegalTransitionError and leaves state and history untouched', () => {
    const machine = new EnvironmentStateMachine('ready', fixedClock('2025-01-01T00:00:00.000Z'));
    let caught: unknown;
    try {
      machine.transition('installing');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    expect(caught).toMatchObject({ from: 'ready', to: 'installing', name: 'IllegalTransitionError' });
    expect((caught as Error).message).toContain('ready → installing');
    expect(machine.state).toBe('ready');
    expect(machine.history).toEqual([]);
  });

  it('returns a history copy that callers cannot use to rewrite the record', () => {
    const machine = new EnvironmentStateMachine('unresolved', fixedClock('2025-01-01T00:00:00.000Z'));
    machine.transition('needs_user_input');
    const copy = machine.history;
    copy.pop();
    expect(machine.history).toHaveLength(1);
  });

  it('supports the retry loop failed → unresolved → checking', () => {
    const machine = new EnvironmentStateMachine('failed', fixedClock('2025-01-01T00:00:00.000Z'));
    machine.transition('unresolved');
    machine.transition('checking');
    expect(machine.state).toBe('checking');
    expect(machine.history.map((e) => e.to)).toEqual(['unresolved', 'checking']);
  });
});
