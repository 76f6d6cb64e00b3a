import { describe, expect, it } from 'vitest';
import { formatDuration, statusBarText, summarizeOutcome } from '../../../src/extension/environments/ensureMessages.js';
import type { EnsureOutcome } from '../../../src/core/environment/ensureReport.js';

function outcome(parts: Partial<EnsureOutcome> & { missing?: EnsureOutcome['status']['missing_fields'] }): EnsureOutcome {
  return {
    state: 'ready',
    ref: { contract_version: 1, environment_key: 'abc123', environment_kind: 'python-venv', env_ids: [], state: 'ready' },
    status: {
      contract_version: 1,
      mode: 'auto',
      state: 'ready',
      environment_key: 'abc123',
      history: [],
      missing_fields: parts.missing ?? [],
      bindings: [],
    },
    bindings: [],
    reused: false,
    installed: false,
    durationMs: 12_345,
    errors: [],
    ...parts,
  } as EnsureOutcome;
}

describe('ensure messages', () => {
  it('shows the phase and percentage in the status bar', () => {
    expect(statusBarText({ phase: 'install', percent: 42.4 })).toBe('$(sync~spin) Pantograph: installing… 42%');
    expect(statusBarText({ phase: 'lock-wait' })).toBe('$(sync~spin) Pantograph: waiting for another install…');
  });

  it('says how a ready environment came about', () => {
    expect(summarizeOutcome(outcome({ installed: true })).message).toBe('Environment abc123 ready (installed in 12.3 s)');
    expect(summarizeOutcome(outcome({ reused: true })).message).toBe('Environment abc123 ready (cache hit)');
  });

  it('offers an override when fields are missing', () => {
    const summary = summarizeOutcome(
      outcome({
        state: 'needs_user_input',
        missing: [{ binding_id: 'core', requirement_name: 'torch', field: 'index_url', reason: 'r' }],
      }),
    );
    expect(summary).toEqual({
      severity: 'warning',
      message: 'Pantograph needs input: index_url for torch (core)',
      offerOverride: true,
    });
  });

  it('reports failures with their code', () => {
    const summary = summarizeOutcome(
      outcome({ state: 'failed', errors: [{ code: 'dependency_install_failed', message: 'pip failed', path: [] }] }),
    );
    expect(summary.severity).toBe('error');
    expect(summary.message).toContain('[dependency_install_failed] pip failed');
  });

  it('formats durations', () => {
    expect(formatDuration(340)).toBe('340 ms');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
