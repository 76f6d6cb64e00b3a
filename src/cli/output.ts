/**
 * Writing results: human lines on stdout (suppressed by `--quiet`), one JSON document with
 * `--json`, and errors as one clear line plus a hint on stderr.
 */
import { formatPath } from '../core/errors/structuredError.js';
import type { StructuredError } from '../core/errors/structuredError.js';
import type { CliContext, CliIo } from './context.js';
import { CliError, EXIT_FAILED } from './exitCodes.js';
import type { ExitCode } from './exitCodes.js';

/** Prints a human line on stdout unless `--json` or `--quiet`. */
export function say(ctx: CliContext, line = ''): void {
  if (!ctx.json && !ctx.quiet) ctx.io.stdout.write(`${line}\n`);
}

/** Prints a result line on stdout unless `--json` (kept with `--quiet`: it is the answer). */
export function answer(ctx: CliContext, line: string): void {
  if (!ctx.json) ctx.io.stdout.write(`${line}\n`);
}

/** Prints `value` as the one JSON document of this command (only with `--json`). */
export function printJson(ctx: CliContext, value: unknown): void {
  if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One structured error as a line: `code: message (at path)`. */
export function formatStructuredError(error: StructuredError): string {
  const at = error.path.length > 0 && !/\(line \d+, column \d+\)$/.test(error.message) ? ` (at ${formatPath(error.path)})` : '';
  return `${error.code}: ${error.message}${at}`;
}

/** Milliseconds as `850 ms` or `4.2 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Bytes as `12.3 MB`. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Reports a failure: `error: <message>` and `hint: <hint>` on stderr (with `--json`, also
 * `{ ok: false, exit_code, error, errors }` on stdout). Returns the exit status.
 */
export function reportError(error: unknown, io: CliIo, json: boolean): ExitCode {
  const cliError =
    error instanceof CliError
      ? error
      : new CliError(EXIT_FAILED, error instanceof Error ? error.message : String(error), {
          hint: 'This looks like a bug in Pantograph; please report it with the command you ran.',
        });
  io.stderr.write(`error: ${cliError.message}\n`);
  for (const line of cliError.details) io.stderr.write(`${line}\n`);
  if (cliError.hint) io.stderr.write(`hint: ${cliError.hint}\n`);
  if (json)
    io.stdout.write(
      `${JSON.stringify({ ok: false, exit_code: cliError.exitCode, error: cliError.message, details: cliError.details, hint: cliError.hint ?? null, errors: cliError.errors }, null, 2)}\n`,
    );
  return cliError.exitCode;
}
