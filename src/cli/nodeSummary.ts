/**
 * One-line human summaries of node results and ensure outcomes, and the exit status they imply.
 */
import { readFile } from 'node:fs/promises';
import type { EnsureOutcome } from '../core/environment/ensureReport.js';
import { parseWav } from '../core/inference/wavInfo.js';
import type { WavInfo } from '../core/inference/wavInfo.js';
import { formatDuration, formatStructuredError } from './output.js';
import {
  AUDIO_GENERATION_NODE,
  DEPENDENCY_ENVIRONMENT_NODE,
  PUMA_LIB_NODE,
  PYTORCH_INFERENCE_NODE,
  TEXT_GENERATION_NODE,
  TEXT_INPUT_NODE,
} from '../core/workflow/nodeTypes.js';

/** Lines describing an ensure outcome, e.g. `reused environment <key> (cache hit, 12 ms)`. */
export function describeOutcome(outcome: EnsureOutcome): string[] {
  const key = outcome.ref?.environment_key ?? outcome.status.environment_key ?? '(no key)';
  switch (outcome.state) {
    case 'ready': {
      const python = outcome.ref?.python_executable ? [`python: ${outcome.ref.python_executable}`] : [];
      if (outcome.installed) return [`installed environment ${key} in ${formatDuration(outcome.durationMs)}`, ...python];
      if (outcome.reused) return [`reused environment ${key} (cache hit, ${formatDuration(outcome.durationMs)})`, ...python];
      return [
        `environment ${key} ready (installed by a concurrent caller, waited ${formatDuration(outcome.durationMs)})`,
        ...python,
      ];
    }
    case 'needs_user_input': {
      const fields = outcome.status.missing_fields.map(
        (f) =>
          `missing ${f.field} for binding ${f.binding_id}${f.requirement_name ? `, requirement ${f.requirement_name}` : ''}: ${f.reason}`,
      );
      return ['environment needs user input', ...(fields.length > 0 ? fields : outcome.errors.map(formatStructuredError))];
    }
    case 'missing':
      return [`environment ${key} is not installed (manual mode: nothing was installed)`];
    default:
      return [`environment ${key} ${outcome.state}`, ...outcome.errors.map(formatStructuredError)];
  }
}

/** A hint for a non-ready outcome, or undefined. */
export function outcomeHint(outcome: EnsureOutcome): string | undefined {
  if (outcome.state === 'needs_user_input') {
    return 'Provide the missing fields with an override patch (--override), e.g. {"contract_version":1,"binding_id":"…","scope":"binding","fields":{"wheel_source_path":"/wheels"},"source":"user","updated_at":"2025-01-01T00:00:00Z"}, or set --default-index.';
  }
  if (outcome.state === 'missing') return 'Run again with --mode auto (or `pantograph ensure`) to install it.';
  return undefined;
}

/** Reads a WAV's header and level; undefined when the file is missing or not a WAV. */
export async function readWavInfo(path: string): Promise<WavInfo | undefined> {
  try {
    const parsed = parseWav(await readFile(path));
    return parsed.ok ? parsed.value : undefined;
  } catch {
    return undefined;
  }
}

function clip(value: unknown, width = 60): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Summary lines of a finished node's outputs (audio files are described from their WAV header). */
export async function describeNodeOutputs(nodeType: string, outputs: Readonly<Record<string, unknown>>): Promise<string[]> {
  switch (nodeType) {
    case TEXT_INPUT_NODE:
      return [`text: ${clip(outputs.text)}`];
    case PUMA_LIB_NODE: {
      const bindings = Array.isArray(outputs.selected_binding_ids) ? (outputs.selected_binding_ids as unknown[]).join(', ') : '';
      return [
        `model ${String(outputs.model_id)} (backend ${String(outputs.backend_key ?? 'any')}), bindings: ${bindings || '(none)'}`,
      ];
    }
    case AUDIO_GENERATION_NODE: {
      const audio = String(outputs.audio);
      const wav = await readWavInfo(audio);
      const facts = wav
        ? `${wav.durationSeconds.toFixed(2)} s, ${wav.sampleRate} Hz, ${wav.channels} channel${wav.channels === 1 ? '' : 's'}`
        : 'not a readable WAV';
      return [`audio: ${audio} (${facts})`];
    }
    case PYTORCH_INFERENCE_NODE:
      return [`response: ${clip(outputs.response, 200)}`];
    case TEXT_GENERATION_NODE:
      return [
        `text: ${clip(outputs.text, 2000)}`,
        `(${String(outputs.tokens ?? '?')} tokens, seed ${String(outputs.seed ?? '?')}, ${String(outputs.device ?? '?')})`,
      ];
    case DEPENDENCY_ENVIRONMENT_NODE:
      return [];
    default:
      return Object.entries(outputs).map(([port, value]) => `${port}: ${clip(value)}`);
  }
}
