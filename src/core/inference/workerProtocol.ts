/**
 * The JSON-lines protocol between Pantograph and a Python inference worker, as pure parsing.
 * The worker gets one JSON request on stdin and writes JSON lines on stdout:
 * `{"event":"progress"|"log"|"stream", ...}` any number of times, then one final
 * `{"ok":true,"outputs":{...}}` or `{"ok":false,"error":"...","traceback":"...","code"?,"where"?}`.
 * A failure's `code` is kept only when it is one of {@link WORKER_ERROR_CODES}.
 */
import { INFERENCE_ERROR_CODES } from '../errors/errorCodes.js';

/** The codes a worker may put on its failure line: the inference codes plus the model-folder ones. */
export const WORKER_ERROR_CODES = [
  ...INFERENCE_ERROR_CODES,
  'model_config_invalid',
  'model_weights_missing',
  'model_unsupported_architecture',
] as const;
/** A code a worker may put on its failure line. */
export type WorkerErrorCode = (typeof WORKER_ERROR_CODES)[number];

/** Event kinds a worker may emit before its final line. */
export const WORKER_EVENT_KINDS = ['progress', 'log', 'stream'] as const;
export type WorkerEventKind = (typeof WORKER_EVENT_KINDS)[number];

/**
 * One event from a worker. `progress` usually has `fraction` (0–1) and `message`; `log` has
 * `level` and `message`; `stream` has `text`. Lines that are not protocol JSON become `log`
 * events with `source: 'stdout'`; stderr lines become `log` events with `source: 'stderr'`.
 */
export interface WorkerEvent {
  readonly event: WorkerEventKind;
  readonly [field: string]: unknown;
}

/** The worker's final line. */
export type WorkerFinal =
  | { readonly ok: true; readonly outputs: Readonly<Record<string, unknown>> }
  | {
      readonly ok: false;
      readonly error: string;
      readonly traceback: string | null;
      readonly code?: WorkerErrorCode;
      readonly where?: string;
    };

/** What one stdout line is. */
export type WorkerLine =
  { readonly kind: 'event'; readonly event: WorkerEvent } | { readonly kind: 'final'; readonly final: WorkerFinal };

/**
 * Classifies one stdout line. A JSON object with a boolean `ok` is a final line (`outputs`
 * defaults to `{}`; a non-string `error` is stringified); a JSON object whose `event` is a
 * known kind is that event; anything else — blank lines excepted — is a stdout `log` event.
 * Returns `undefined` for a blank line. Pure.
 */
export function classifyWorkerLine(line: string): WorkerLine | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  const asLog: WorkerLine = { kind: 'event', event: { event: 'log', level: 'info', message: line, source: 'stdout' } };
  if (!text.startsWith('{')) return asLog;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return asLog;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return asLog;
  const record = value as Record<string, unknown>;
  if (typeof record.ok === 'boolean') {
    if (record.ok) {
      const outputs =
        typeof record.outputs === 'object' && record.outputs !== null && !Array.isArray(record.outputs)
          ? (record.outputs as Record<string, unknown>)
          : {};
      return { kind: 'final', final: { ok: true, outputs } };
    }
    const error = typeof record.error === 'string' ? record.error : JSON.stringify(record.error ?? 'worker reported a failure');
    const traceback = typeof record.traceback === 'string' && record.traceback !== '' ? record.traceback : null;
    const code = (WORKER_ERROR_CODES as readonly unknown[]).includes(record.code) ? (record.code as WorkerErrorCode) : undefined;
    const where = typeof record.where === 'string' && record.where !== '' ? record.where : undefined;
    return { kind: 'final', final: { ok: false, error, traceback, ...(code ? { code } : {}), ...(where ? { where } : {}) } };
  }
  if (typeof record.event === 'string' && (WORKER_EVENT_KINDS as readonly string[]).includes(record.event)) {
    return { kind: 'event', event: record as WorkerEvent };
  }
  return asLog;
}

/** The first final line among `stdout`'s lines, if any. Pure. */
export function findFinalLine(stdout: string): WorkerFinal | undefined {
  for (const line of stdout.split(/\r?\n/)) {
    const classified = classifyWorkerLine(line);
    if (classified?.kind === 'final') return classified.final;
  }
  return undefined;
}

/** The last `maxLines` lines of `text` (at most `maxChars` characters), trimmed. Pure. */
export function tail(text: string, maxLines = 40, maxChars = 4000): string {
  const lines = text.trimEnd().split(/\r?\n/);
  const joined = lines.slice(-maxLines).join('\n');
  return joined.length > maxChars ? joined.slice(joined.length - maxChars) : joined;
}
