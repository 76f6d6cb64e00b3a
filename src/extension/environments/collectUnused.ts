/**
 * "Collect Unused Environments", without the VS Code UI: plan the environment GC from the settings'
 * limits, let the user untick environments, remove the picked ones, then remove the package-store
 * entries no environment references any more — as `pantograph envs gc` does. The UI (messages,
 * the QuickPick) is passed in, so the flow runs against a real store in tests.
 */
import type { EnvironmentService } from '../../core/environment/environmentService.js';
import { packageStoreLayout } from '../../core/packageStore/packageStoreLayout.js';
import { collectPackageStore } from '../../core/packageStore/storeGc.js';
import type { StoreGcReport } from '../../core/packageStore/storeGc.js';
import type { EnvironmentStore } from '../../core/store/environmentStore.js';
import type { GcOptions, GcPlan } from '../../core/store/gcPolicy.js';
import { formatBytes } from './environmentTreeModel.js';

/** The dialogs the flow needs. */
export interface CollectUnusedUi {
  info(message: string): void;
  /** Offers `plan.remove` (all ticked); resolves to the keys to remove, or `undefined` when dismissed. */
  pickEnvironments(plan: GcPlan): Promise<readonly string[] | undefined>;
}

/** What the flow acts on. */
export interface CollectUnusedDeps {
  readonly service: Pick<EnvironmentService, 'planGc' | 'applyGc' | 'list'>;
  readonly store: EnvironmentStore;
  /** Stops warm workers running in an environment about to be removed. */
  stopWorkersIn(envDir: string): Promise<void>;
  log(message: string): void;
}

/** What was collected (for the caller's refresh and for tests). */
export interface CollectUnusedResult {
  readonly removedEnvironments: readonly string[];
  readonly packageStore: StoreGcReport | null;
}

/**
 * Runs the flow. Without limits (`options` has neither `maxAgeDays` nor `maxSizeBytes`) no
 * environment is collected, but unreferenced package-store entries still are. Dismissing the
 * QuickPick collects nothing at all.
 */
export async function collectUnused(
  deps: CollectUnusedDeps,
  options: GcOptions,
  ui: CollectUnusedUi,
): Promise<CollectUnusedResult> {
  let removed: string[] = [];
  const limited = options.maxAgeDays !== undefined || options.maxSizeBytes !== undefined;
  if (limited) {
    const plan = await deps.service.planGc(options);
    deps.log(
      `GC plan: ${plan.remove.length} to remove, ${plan.keep.length} kept (max age ${plan.maxAgeDays ?? '-'} days, budget ${plan.maxSizeBytes === null ? '-' : formatBytes(plan.maxSizeBytes)})`,
    );
    for (const entry of [...plan.remove, ...plan.keep]) deps.log(`GC ${entry.action} ${entry.key}: ${entry.reason}`);
    if (plan.remove.length > 0) {
      const picked = await ui.pickEnvironments(plan);
      if (picked === undefined) return { removedEnvironments: [], packageStore: null };
      const keys = new Set(picked);
      const envs = (await deps.service.list()).filter((e) => keys.has(e.key));
      await Promise.all(envs.map((e) => deps.stopWorkersIn(e.envDir)));
      const applied = await deps.service.applyGc({ ...plan, remove: plan.remove.filter((e) => keys.has(e.key)) });
      deps.log(`GC applied: ${JSON.stringify(applied)}`);
      removed = [...applied.removed];
    }
  }
  const storeReport = await collectPackageStore(deps.store, packageStoreLayout(deps.store.layout.dataDir));
  for (const skipped of storeReport.skipped) deps.log(`package store GC skipped ${skipped.sha256 ?? ''}: ${skipped.reason}`);
  ui.info(summary(limited, removed.length, storeReport));
  return { removedEnvironments: removed, packageStore: storeReport };
}

function summary(limited: boolean, environments: number, store: StoreGcReport): string {
  const parts = [
    limited
      ? `collected ${environments} environment(s)`
      : 'no GC limit is set (pantograph.gc.maxAgeDays and pantograph.gc.maxSizeGB are 0), so no environment was collected',
    store.removed.length > 0
      ? `removed ${store.removed.length} unused package store entr${store.removed.length === 1 ? 'y' : 'ies'}${store.freedBytes > 0 ? ` (${formatBytes(store.freedBytes)})` : ''}`
      : store.skipped.length > 0
        ? `the package store was not collected (${store.skipped[0]?.reason ?? 'busy'})`
        : 'every package store entry is in use',
  ];
  return `Pantograph: ${parts.join('; ')}.`;
}
