/**
 * `pantograph ensure --requirements <payload.json> --lock <pylock.toml>`: the environment holding
 * exactly the locked set (see core/interop/lockedEnsure.ts). Prints like `ensure`; `--json`:
 * `{ environment_key, state, reused, installed, python_executable, packages, lock_file, duration_ms, errors }`.
 */
import { readFile } from 'node:fs/promises';
import { ensureLocked } from '../../core/interop/lockedEnsure.js';
import type { CliContext } from '../context.js';
import { userPath } from '../context.js';
import { CliError, EXIT_OK, EXIT_USAGE, exitCodeForErrors } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { readJsonFile } from '../inputFiles.js';
import { answer, formatDuration, formatStructuredError, printJson } from '../output.js';
import { createProgress } from '../progress.js';

/** Ensures the locked environment of one payload. Exit 0 ready; 2 invalid payload or lock file; 1 lock mismatch, hash mismatch or install failure. */
export async function ensureLockedCommand(
  ctx: CliContext,
  payloadFile: string,
  lockFile: string,
  bindings: readonly string[],
): Promise<ExitCode> {
  const requirements = await readJsonFile(payloadFile, 'requirements payload', ctx.io);
  const lockPath = userPath(lockFile, ctx.io.cwd);
  let lockBytes: Uint8Array;
  try {
    lockBytes = await readFile(lockPath);
  } catch (error) {
    throw new CliError(
      EXIT_USAGE,
      `cannot read lock file ${lockFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { hint: 'Pass the path of a pylock.toml (pantograph envs export <key> -o pylock.toml writes one).' },
    );
  }
  const services = ctx.services();
  const progress = createProgress(ctx);
  const outcome = await ensureLocked(
    {
      store: services.store,
      locator: services.locator,
      runner: services.runner,
      platform: process.platform,
      platformKey: services.platformKey,
      parentEnv: ctx.io.env,
    },
    { requirements, selectedBindingIds: bindings.length > 0 ? bindings : null, lockBytes, lockPath, python: ctx.python },
    { signal: ctx.io.signal, onProgress: (event) => progress.ensure('ensure', event) },
  ).finally(() => progress.stop());
  printJson(ctx, {
    environment_key: outcome.environmentKey,
    state: outcome.state,
    reused: outcome.reused,
    installed: outcome.installed,
    python_executable: outcome.pythonExecutable,
    packages: outcome.packages,
    lock_file: lockPath,
    duration_ms: outcome.durationMs,
    errors: outcome.errors,
  });
  if (outcome.state === 'ready') {
    answer(
      ctx,
      outcome.reused
        ? `reused environment ${outcome.environmentKey} (cache hit, ${formatDuration(outcome.durationMs)})`
        : `installed environment ${outcome.environmentKey} from ${lockFile} (${outcome.packages} locked package(s)) in ${formatDuration(outcome.durationMs)}`,
    );
    answer(ctx, `python: ${outcome.pythonExecutable}`);
    return EXIT_OK;
  }
  if (!ctx.json) {
    ctx.io.stderr.write(
      `error: the locked environment is not ready\n${outcome.errors.map((e) => `${formatStructuredError(e)}\n`).join('')}`,
    );
    const hint = outcome.errors.find((e) => e.hint)?.hint;
    if (hint) ctx.io.stderr.write(`hint: ${hint}\n`);
  }
  return exitCodeForErrors(outcome.errors);
}
