/** `pantograph envs check <key> --deep` and the package-store parts of `envs list --size` / `envs gc`. */
import { readdir } from 'node:fs/promises';
import { deepCheckEnvironment } from '../../core/environment/deepCheck.js';
import { treeUsage } from '../../core/packageStore/diskUsage.js';
import { packageStoreLayout } from '../../core/packageStore/packageStoreLayout.js';
import { collectPackageStore } from '../../core/packageStore/storeGc.js';
import type { StoreGcReport } from '../../core/packageStore/storeGc.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { answer, formatBytes, formatDuration, printJson, say } from '../output.js';

/**
 * Deep-checks one environment: re-hashes its files against their RECORDs and names every changed
 * file. Exit 0 when unchanged; EXIT_FAILED when changed (the environment is then marked failed and
 * rebuilt by the next ensure). Without `--deep` it says what the fast check already does.
 */
export async function envsCheckCommand(ctx: CliContext, key: string, options: { deep?: boolean }): Promise<ExitCode> {
  if (options.deep !== true)
    throw new CliError(EXIT_USAGE, 'envs check needs --deep (the fast check runs on every ensure)', {
      hint: 'Run `pantograph envs check <key> --deep`.',
    });
  const { store } = ctx.services();
  say(ctx, `re-hashing every file of ${key} against its RECORDs …`);
  const checked = await deepCheckEnvironment(store, key, { platform: process.platform, signal: ctx.io.signal });
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new CliError(
      first?.code === 'invalid_environment_key' ? EXIT_USAGE : EXIT_FAILED,
      first?.message ?? 'deep check failed',
      { errors: checked.errors },
    );
  }
  const report = checked.value;
  printJson(ctx, {
    environment_key: key,
    ok: report.ok,
    distributions: report.distributions,
    checked_files: report.checkedFiles,
    changed: report.changed,
    duration_ms: report.durationMs,
  });
  for (const change of report.changed) answer(ctx, `changed (${change.reason}) ${change.distribution}: ${change.path}`);
  answer(
    ctx,
    report.ok
      ? `${key}: ${report.checkedFiles} files of ${report.distributions} distributions match their RECORDs (${formatDuration(report.durationMs)})`
      : `${key}: ${report.changed.length} changed file(s); the environment is marked failed and the next ensure rebuilds it`,
  );
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

/** Own and shared bytes per environment (hard links counted once) and the package store's total. */
export async function storeUsage(
  ctx: CliContext,
  keys: readonly string[],
): Promise<{
  environments: Map<string, { own_bytes: number; shared_bytes: number }>;
  store_bytes: number;
  store_entries: number;
}> {
  const { store } = ctx.services();
  const environments = new Map<string, { own_bytes: number; shared_bytes: number }>();
  for (const key of keys) {
    const usage = await treeUsage(store.envDir(key));
    environments.set(key, { own_bytes: usage.ownBytes, shared_bytes: usage.sharedBytes });
  }
  const layout = packageStoreLayout(ctx.dataDir);
  const total = await treeUsage(layout.storeDir);
  const entries = (await readdir(layout.packagesDir).catch(() => [] as string[])).length;
  return { environments, store_bytes: total.ownBytes + total.sharedBytes, store_entries: entries };
}

/** Collects unreferenced package-store entries after the environment GC. */
export async function gcPackageStore(ctx: CliContext, dryRun: boolean): Promise<StoreGcReport> {
  const { store } = ctx.services();
  const report = await collectPackageStore(store, packageStoreLayout(ctx.dataDir), { dryRun });
  for (const sha of report.removed) say(ctx, `${dryRun ? 'would remove' : 'removed'} package store entry ${sha.slice(0, 16)}…`);
  for (const skipped of report.skipped)
    say(ctx, `package store: skipped ${skipped.sha256 ? `${skipped.sha256.slice(0, 16)}… ` : ''}(${skipped.reason})`);
  const count = report.removed.length;
  answer(
    ctx,
    count === 0
      ? 'package store: every entry is in use'
      : `package store: ${dryRun ? 'would remove' : 'removed'} ${count} unreferenced entr${count === 1 ? 'y' : 'ies'}${report.freedBytes > 0 ? `, ${formatBytes(report.freedBytes)}` : ''}`,
  );
  return report;
}
