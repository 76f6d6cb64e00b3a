/**
 * Words shown to people about ensures and runs: status bar text, notifications, log lines.
 * Pure, no `vscode`.
 */
import type { EnsureOutcome } from '../../core/environment/ensureReport.js';
import type { EnsureProgressEvent } from '../../core/domain/progress.js';
import type { StructuredError } from '../../core/errors/structuredError.js';

const PHASE_WORDS: Readonly<Record<EnsureProgressEvent['phase'], string>> = {
  resolve: 'resolving',
  locate: 'locating Python',
  check: 'checking',
  'lock-wait': 'waiting for another install',
  create: 'creating environment',
  install: 'installing',
  validate: 'validating',
  commit: 'committing',
  reuse: 'reusing',
  done: 'done',
};

/** `$(sync~spin) Pantograph: installing… 42%`. */
export function statusBarText(event: Pick<EnsureProgressEvent, 'phase' | 'percent'>): string {
  const percent = event.percent === undefined ? '' : ` ${Math.round(event.percent)}%`;
  return `$(sync~spin) Pantograph: ${PHASE_WORDS[event.phase]}…${percent}`;
}

/** `1.2 s`, `340 ms`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `[code] message — hint`. */
export function describeError(error: StructuredError): string {
  return `[${error.code}] ${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
}

/** The notification after an ensure, with its severity. */
export interface EnsureSummary {
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  /** Offer "Set Override…" (the status lists missing fields). */
  readonly offerOverride: boolean;
}

/**
 * `Environment <key> ready (installed in 12.3 s)` / `(cache hit)` / `(installed by another
 * window)`; `needs_user_input` lists the missing fields; failures show the first error.
 */
export function summarizeOutcome(outcome: EnsureOutcome): EnsureSummary {
  const key = outcome.ref?.environment_key ?? outcome.status.environment_key ?? '';
  if (outcome.state === 'ready') {
    const how = outcome.installed
      ? `installed in ${formatDuration(outcome.durationMs)}`
      : outcome.reused
        ? 'cache hit'
        : 'installed by another window or process';
    return { severity: 'info', message: `Environment ${key} ready (${how})`, offerOverride: false };
  }
  if (outcome.state === 'needs_user_input') {
    const fields = outcome.status.missing_fields.map(
      (f) => `${f.field}${f.requirement_name ? ` for ${f.requirement_name}` : ''} (${f.binding_id})`,
    );
    return {
      severity: 'warning',
      message: `Pantograph needs input: ${fields.join(', ') || outcome.errors[0]?.message || 'missing fields'}`,
      offerOverride: fields.length > 0,
    };
  }
  const first = outcome.errors[0];
  if (first?.code === 'cancelled')
    return { severity: 'warning', message: `Ensure of ${key || 'the environment'} cancelled`, offerOverride: false };
  if (outcome.state === 'missing')
    return {
      severity: 'warning',
      message: `Environment ${key} is not installed (manual mode): run Ensure Environment to install it`,
      offerOverride: false,
    };
  return {
    severity: 'error',
    message: `Environment ${key} ${outcome.state}: ${first ? describeError(first) : 'unknown error'}`,
    offerOverride: outcome.status.missing_fields.length > 0,
  };
}
