/**
 * Progress on stderr: a cli-progress bar per running ensure or node when stderr is a TTY, plain
 * `[label] phase: message` lines otherwise, nothing with `--quiet`. stdout stays for results.
 */
import { MultiBar } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import type { EnsureProgressEvent } from '../core/domain/progress.js';
import type { CliContext } from './context.js';

/** Receives progress from ensures and running nodes. */
export interface ProgressSink {
  /** An environment service event for `label` (a node id, or `ensure`). `done` ends its bar. */
  ensure(label: string, event: EnsureProgressEvent): void;
  /** A running node's progress (e.g. a worker's fraction). */
  node(label: string, message: string, percent?: number): void;
  /** Ends `label`'s bar, if any. */
  end(label: string): void;
  /** Ends every bar; call before printing results and on exit. */
  stop(): void;
}

const SPINNER = ['|', '/', '-', '\\'];

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, Math.max(0, width - 1))}…` : flat;
}

/** The sink for this command: bars on a TTY stderr, lines otherwise, silent with `--quiet`. */
export function createProgress(ctx: CliContext): ProgressSink {
  if (ctx.quiet) return { ensure: () => undefined, node: () => undefined, end: () => undefined, stop: () => undefined };
  return ctx.io.stderr.isTTY ? barSink(ctx) : lineSink(ctx);
}

function lineSink(ctx: CliContext): ProgressSink {
  const write = (line: string): void => void ctx.io.stderr.write(`${line}\n`);
  return {
    ensure(label, event) {
      if (event.line !== undefined) write(`[${label}]   ${event.line}`);
      else
        write(
          `[${label}] ${event.phase}: ${event.message}${event.percent !== undefined ? ` (${Math.round(event.percent)}%)` : ''}`,
        );
    },
    node(label, message, percent) {
      write(`[${label}] ${message}${percent !== undefined ? ` (${Math.round(percent)}%)` : ''}`);
    },
    end: () => undefined,
    stop: () => undefined,
  };
}

function barSink(ctx: CliContext): ProgressSink {
  const width = Math.max(20, (ctx.io.stderr.columns ?? 100) - 60);
  let multi: MultiBar | undefined;
  const bars = new Map<string, { bar: SingleBar; tick: number; value: number }>();
  const update = (label: string, text: string, percent: number | undefined): void => {
    multi ??= new MultiBar({
      stream: ctx.io.stderr,
      format: ' {spin} {label} [{bar}] {percentage}% | {text}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
      autopadding: true,
    });
    let entry = bars.get(label);
    if (!entry) {
      entry = { bar: multi.create(100, 0, { spin: SPINNER[0], label, text: '' }), tick: 0, value: 0 };
      bars.set(label, entry);
    }
    entry.tick += 1;
    if (percent !== undefined) entry.value = Math.max(0, Math.min(100, percent));
    entry.bar.update(entry.value, { spin: SPINNER[entry.tick % SPINNER.length], label, text: clip(text, width) });
  };
  const end = (label: string): void => {
    const entry = bars.get(label);
    if (!entry || !multi) return;
    multi.remove(entry.bar);
    bars.delete(label);
    if (bars.size === 0) {
      multi.stop();
      multi = undefined;
    }
  };
  return {
    ensure(label, event) {
      if (event.phase === 'done') return end(label);
      update(label, event.line ?? `${event.phase}: ${event.message}`, event.percent);
    },
    node(label, message, percent) {
      update(label, message, percent);
    },
    end,
    stop() {
      multi?.stop();
      multi = undefined;
      bars.clear();
    },
  };
}
