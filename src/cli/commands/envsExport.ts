/**
 * `pantograph envs export <key> [--format pylock|requirements] [-o file]`: a ready environment's
 * resolved set as a PEP 751 `pylock.toml` (default) or a hash-checking `requirements.txt`, on
 * stdout or written atomically to a file.
 */
import writeFileAtomic from 'write-file-atomic';
import { exportLock, isLockFormat, LOCK_FORMATS } from '../../core/interop/exportLock.js';
import type { CliContext } from '../context.js';
import { userPath } from '../context.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { answer, printJson } from '../output.js';
import { packageVersion } from '../version.js';
import { readyManifest } from './envsUse.js';

/** Exports one environment. Exit 2 for a bad format or key, 1 when it is not ready or records no resolved set. */
export async function envsExportCommand(
  ctx: CliContext,
  key: string,
  options: { format?: string; output?: string },
): Promise<ExitCode> {
  const format = options.format ?? 'pylock';
  if (!isLockFormat(format))
    throw new CliError(EXIT_USAGE, `--format must be ${LOCK_FORMATS.join(' or ')}, got ${JSON.stringify(format)}`);
  const manifest = await readyManifest(ctx, key);
  const text = exportLock(manifest, format, `pantograph ${packageVersion()}`);
  if (!text.ok)
    throw new CliError(EXIT_FAILED, text.errors[0]?.message ?? 'cannot export', {
      errors: text.errors,
      ...(text.errors[0]?.hint ? { hint: text.errors[0].hint } : {}),
    });
  if (options.output === undefined) {
    printJson(ctx, { environment_key: key, format, text: text.value });
    if (!ctx.json) ctx.io.stdout.write(text.value);
    return EXIT_OK;
  }
  const file = userPath(options.output, ctx.io.cwd);
  try {
    await writeFileAtomic(file, text.value, { encoding: 'utf8' });
  } catch (error) {
    throw new CliError(EXIT_FAILED, `cannot write ${file}: ${(error as Error).message}`);
  }
  printJson(ctx, { environment_key: key, format, output: file, packages: manifest.resolved_packages?.length ?? 0 });
  answer(ctx, `wrote ${file} (${manifest.resolved_packages?.length ?? 0} package(s), ${format})`);
  return EXIT_OK;
}
