/** `pantograph envs list | gc | rm`: the environment store (package-store parts in envsStore.ts). */
import type { GcPlan } from '../../core/store/gcPolicy.js';
import { validateEnvironmentKey } from '../../core/store/storeLayout.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { answer, formatBytes, printJson, say } from '../output.js';
import { gcPackageStore, storeUsage } from './envsStore.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** Lists every environment (`--size` measures each tree: slow on big environments). */
export async function envsListCommand(ctx: CliContext, options: { size?: boolean }): Promise<ExitCode> {
  const list = await ctx.services().service.list({ includeSize: options.size === true });
  const usage = options.size
    ? await storeUsage(
        ctx,
        list.map((e) => e.key),
      )
    : null;
  printJson(ctx, {
    data_dir: ctx.dataDir,
    environments: list.map((e) => ({ ...e, ...(usage?.environments.get(e.key) ?? {}) })),
    ...(usage ? { package_store: { bytes: usage.store_bytes, entries: usage.store_entries } } : {}),
  });
  if (list.length === 0) {
    answer(ctx, `no environments in ${ctx.dataDir}`);
    return EXIT_OK;
  }
  const rows = [['KEY', 'STATE', 'PYTHON', 'LAST USED', ...(options.size ? ['OWN', 'SHARED'] : []), 'PACKAGES']];
  for (const env of list) {
    const state = env.locked ? `${env.state} (locked)` : env.problem ? `${env.state} (${env.problem})` : env.state;
    const packages = env.packages.map((p) => (p.version ? `${p.name}==${p.version}` : p.name)).join(', ');
    const own = usage?.environments.get(env.key);
    const count = typeof env.packageCount !== 'number' ? '' : ` (${env.packageCount} packages installed)`;
    rows.push([
      env.key,
      state,
      env.pythonVersion ?? '-',
      env.lastUsedAt.replace(/\.\d+Z$/, 'Z'),
      ...(own ? [formatBytes(own.own_bytes), formatBytes(own.shared_bytes)] : []),
      `${packages || '-'}${count}`,
    ]);
  }
  for (const line of table(rows)) answer(ctx, line);
  if (usage)
    answer(
      ctx,
      `package store: ${formatBytes(usage.store_bytes)} in ${usage.store_entries} entries (shared bytes are counted there once)`,
    );
  return EXIT_OK;
}

function parseLimit(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new CliError(EXIT_USAGE, `${name} must be a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}

function printPlan(ctx: CliContext, plan: GcPlan, dryRun: boolean): void {
  for (const entry of plan.remove) answer(ctx, `${dryRun ? 'would remove' : 'removing'} ${entry.key}: ${entry.reason}`);
  for (const entry of plan.keep) say(ctx, `keep ${entry.key}: ${entry.reason}`);
}

/** Plans (and unless `--dry-run` applies) a GC with the documented policy. No limit → nothing is removed. */
export async function envsGcCommand(
  ctx: CliContext,
  options: { dryRun?: boolean; maxAgeDays?: string; maxSizeGb?: string },
): Promise<ExitCode> {
  const maxAgeDays = parseLimit(options.maxAgeDays, '--max-age-days');
  const maxSizeGb = parseLimit(options.maxSizeGb, '--max-size-gb');
  const { service } = ctx.services();
  const plan = await service.planGc({
    ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
    ...(maxSizeGb !== undefined ? { maxSizeBytes: Math.round(maxSizeGb * 1024 ** 3) } : {}),
  });
  if (maxAgeDays === undefined && maxSizeGb === undefined)
    say(ctx, 'no limit given (--max-age-days, --max-size-gb): nothing is collected');
  if (options.dryRun) {
    printPlan(ctx, plan, true);
    const storeGc = await gcPackageStore(ctx, true);
    printJson(ctx, { dry_run: true, plan, package_store: storeGc });
    return EXIT_OK;
  }
  printPlan(ctx, plan, false);
  const applied = await service.applyGc(plan);
  for (const skipped of applied.skipped) answer(ctx, `skipped ${skipped.key}: ${skipped.reason}`);
  answer(
    ctx,
    `removed ${applied.removed.length} environment(s)${applied.freedBytes > 0 ? `, freed ${formatBytes(applied.freedBytes)}` : ''}`,
  );
  const storeGc = await gcPackageStore(ctx, false);
  printJson(ctx, {
    dry_run: false,
    plan,
    removed: applied.removed,
    skipped: applied.skipped,
    freed_bytes: applied.freedBytes,
    package_store: storeGc,
  });
  return EXIT_OK;
}

/** Removes one environment; refuses while it is locked unless `--force`. */
export async function envsRmCommand(ctx: CliContext, key: string, options: { force?: boolean }): Promise<ExitCode> {
  const checked = validateEnvironmentKey(key);
  if (!checked.ok)
    throw new CliError(EXIT_USAGE, checked.errors[0]?.message ?? 'invalid key', {
      errors: checked.errors,
      hint: 'Copy a key from `pantograph envs list`.',
    });
  const outcome = await ctx.services().service.remove(key, { force: options.force === true });
  if (outcome.removed) {
    printJson(ctx, { environment_key: key, removed: true });
    answer(ctx, `removed ${key}`);
    return EXIT_OK;
  }
  if (outcome.reason === 'locked')
    throw new CliError(EXIT_FAILED, `environment ${key} is locked (being installed or removed by another process)`, {
      hint: 'Wait for it to finish, or pass --force if that process is gone.',
    });
  throw new CliError(EXIT_FAILED, `no environment ${key} in ${ctx.dataDir}`, {
    hint: 'List environments with `pantograph envs list`.',
  });
}
