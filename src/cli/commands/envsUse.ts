/**
 * `pantograph envs python <key>` (prints the environment's interpreter) and
 * `pantograph envs shell <key>` (the user's shell with the environment activated: its `bin` /
 * `Scripts` first on PATH, `VIRTUAL_ENV` set; stdio inherited; no shell string is built).
 */
import { spawn } from 'node:child_process';
import { activatedEnvironment, userShell } from '../../core/interop/activation.js';
import type { EnvironmentManifestV1 } from '../../core/store/manifest.js';
import { validateEnvironmentKey } from '../../core/store/storeLayout.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { answer, printJson } from '../output.js';

/**
 * The ready manifest of `key` in the context's store. Throws a {@link CliError}: exit 2 for an
 * invalid key, exit 1 when there is no such environment or it is not `ready`.
 */
export async function readyManifest(ctx: CliContext, key: string): Promise<EnvironmentManifestV1> {
  const checked = validateEnvironmentKey(key);
  if (!checked.ok)
    throw new CliError(EXIT_USAGE, checked.errors[0]?.message ?? 'invalid key', {
      errors: checked.errors,
      hint: 'Copy a key from `pantograph envs list`.',
    });
  const { store } = ctx.services();
  const read = await store.readManifest(key);
  if (read.ready) return read.manifest;
  if (read.manifest)
    throw new CliError(EXIT_FAILED, `environment ${key} is ${read.manifest.state}, not ready`, {
      hint: 'Run `pantograph ensure` for it first.',
    });
  throw new CliError(EXIT_FAILED, `no ready environment ${key} in ${ctx.dataDir} (${read.message})`, {
    hint: 'List environments with `pantograph envs list`.',
  });
}

/** Prints the interpreter of a ready environment (`--json`: `{ environment_key, python_executable, env_dir }`). */
export async function envsPythonCommand(ctx: CliContext, key: string): Promise<ExitCode> {
  const manifest = await readyManifest(ctx, key);
  const envDir = ctx.services().store.envDir(key);
  printJson(ctx, { environment_key: key, python_executable: manifest.python_executable, env_dir: envDir });
  answer(ctx, manifest.python_executable);
  return EXIT_OK;
}

/**
 * Spawns `$SHELL` (`%COMSPEC%` on Windows) with the environment activated, stdio inherited, and
 * waits for it; Ctrl+C goes to the shell, not to this command. Exit 0 when the shell exits 0, else 1.
 */
export async function envsShellCommand(
  ctx: CliContext,
  key: string,
  platform: NodeJS.Platform = process.platform,
): Promise<ExitCode> {
  const manifest = await readyManifest(ctx, key);
  const envDir = ctx.services().store.envDir(key);
  const env = activatedEnvironment({
    envDir,
    pythonExecutable: manifest.python_executable,
    environmentKind: manifest.environment_kind,
    parentEnv: ctx.io.env,
    platform,
  });
  const shell = userShell(ctx.io.env, platform);
  if (!ctx.quiet && !ctx.json) ctx.io.stderr.write(`starting ${shell} in environment ${key} (exit the shell to return)\n`);
  // Ctrl+C belongs to the interactive shell (it reaches this process too, being in the same
  // process group): while the shell runs, SIGINT is ignored here instead of cancelling. SIGTERM
  // still aborts the command, which hangs up the shell (interactive shells ignore SIGTERM).
  const saved = process.listeners('SIGINT');
  const ignore = (): void => undefined;
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', ignore);
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(shell, [], { env, cwd: ctx.io.cwd, stdio: 'inherit', signal: ctx.io.signal, killSignal: 'SIGHUP' });
      child.on('error', (error) =>
        (error as Error).name === 'AbortError'
          ? resolve(null)
          : reject(
              new CliError(EXIT_FAILED, `cannot start ${shell}: ${error.message}`, {
                hint: 'Set SHELL (COMSPEC on Windows) to your shell.',
              }),
            ),
      );
      child.on('close', (exit) => resolve(exit));
    });
  } finally {
    process.off('SIGINT', ignore);
    for (const listener of saved) process.on('SIGINT', listener as (signal: NodeJS.Signals) => void);
  }
  printJson(ctx, { environment_key: key, shell, exit_code: code });
  return code === 0 ? EXIT_OK : EXIT_FAILED;
}
