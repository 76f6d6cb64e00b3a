/**
 * The "Package store" row of the Environments view as data: its measuring state → label,
 * description, icon, tooltip and context value. Pure, no `vscode` (the tree item class copies
 * these fields; `environmentsTree.ts` measures the store off the first paint).
 */
import type { PackageStoreSummary } from '../../core/packageStore/storeSummary.js';
import type { IconDescription } from './environmentTreeModel.js';
import { formatBytes } from './environmentTreeModel.js';

/**
 * Where the store's measurement stands: not known yet (`previous` = the last measurement while
 * re-measuring after a change), measured, or unreadable.
 */
export type PackageStoreState =
  | { readonly kind: 'measuring'; readonly storeDir: string; readonly previous?: PackageStoreSummary }
  | { readonly kind: 'measured'; readonly summary: PackageStoreSummary }
  | { readonly kind: 'error'; readonly storeDir: string; readonly message: string };

/** The store row. */
export interface PackageStoreItemModel {
  readonly kind: 'packageStore';
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: IconDescription;
  /** `packageStore` (has entries), `packageStore.empty`, `packageStore.measuring`, `packageStore.error`. */
  readonly contextValue: string;
  readonly storeDir: string;
}

/** The row's label. */
export const PACKAGE_STORE_LABEL = 'Package store';

const HOW_COUNTED =
  'Each file is counted once, as du does: the hard links of store files inside environments are the same bytes and are not counted again.';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `1.2 GB in 34 packages (12 unreferenced)`, or `empty`. Pure. */
export function describeStore(summary: PackageStoreSummary): string {
  if (summary.packages === 0 && summary.wheels === 0) return 'empty';
  const unreferenced = summary.unreferenced > 0 ? ` (${summary.unreferenced} unreferenced)` : '';
  return `${formatBytes(summary.totalBytes)} in ${plural(summary.packages, 'package', 'packages')}${unreferenced}`;
}

function summaryTooltip(summary: PackageStoreSummary): string[] {
  if (!summary.exists || (summary.packages === 0 && summary.wheels === 0))
    return [
      'Empty: no wheel is stored yet.',
      'Environments installed with the store installer keep each wheel here once, unpacked once, and hard-link it into every environment that uses it.',
    ];
  return [
    `Total on disk: ${formatBytes(summary.totalBytes)} (${plural(summary.files, 'file', 'files')})`,
    `Wheels: ${plural(summary.wheels, 'wheel', 'wheels')}, ${formatBytes(summary.wheelBytes)}`,
    `Unpacked: ${plural(summary.packages, 'package', 'packages')}, ${formatBytes(summary.unpackedBytes)} (${formatBytes(summary.linkedBytes)} of it linked into environments)`,
    summary.unreferenced > 0
      ? `Unreferenced: ${plural(summary.unreferenced, 'entry', 'entries')} no environment uses (Collect Unused Environments and \`pantograph envs gc\` remove them)`
      : 'Unreferenced: none (every entry is used by an environment)',
    HOW_COUNTED,
  ];
}

/** The store row for `state`. Pure. */
export function packageStoreItem(state: PackageStoreState): PackageStoreItemModel {
  const base = { kind: 'packageStore' as const, label: PACKAGE_STORE_LABEL };
  if (state.kind === 'error')
    return {
      ...base,
      description: 'unreadable',
      tooltip: [`Package store: ${state.storeDir}`, `Cannot be measured: ${state.message}`].join('\n'),
      icon: { id: 'warning', color: 'list.warningForeground' },
      contextValue: 'packageStore.error',
      storeDir: state.storeDir,
    };
  if (state.kind === 'measuring')
    return {
      ...base,
      description: state.previous ? `${describeStore(state.previous)} · measuring…` : 'measuring…',
      tooltip: [
        `Package store: ${state.storeDir}`,
        state.previous ? 'Measuring again after a change; last measurement:' : 'Measuring its size…',
        ...(state.previous ? summaryTooltip(state.previous) : []),
      ].join('\n'),
      icon: { id: 'loading~spin' },
      contextValue: 'packageStore.measuring',
      storeDir: state.storeDir,
    };
  const { summary } = state;
  const empty = summary.packages === 0 && summary.wheels === 0;
  return {
    ...base,
    description: describeStore(summary),
    tooltip: [`Package store: ${summary.storeDir}`, ...summaryTooltip(summary)].join('\n'),
    icon: { id: 'database' },
    contextValue: empty ? 'packageStore.empty' : 'packageStore',
    storeDir: summary.storeDir,
  };
}

function hasEntries(summary: PackageStoreSummary | undefined): boolean {
  return summary !== undefined && (summary.packages > 0 || summary.wheels > 0);
}

/**
 * Whether the view lists the store row. With environments: always. Without: only a store known to
 * hold entries (or one that cannot be read), so an empty view keeps its welcome text ("No
 * Pantograph environments yet…") instead of a lone "Package store — empty". Pure.
 */
export function showPackageStoreRow(state: PackageStoreState, environmentCount: number): boolean {
  if (environmentCount > 0) return true;
  if (state.kind === 'error') return true;
  return hasEntries(state.kind === 'measured' ? state.summary : state.previous);
}
