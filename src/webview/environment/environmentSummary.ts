/**
 * The compact facts of a dependency environment, read from its latest status and ref: the key and
 * the number of packages. Pure and tolerant: a field the host does not send gives `undefined`.
 */
import type { EnvironmentEntry } from '../state/editorStore.js';

/** What the compact node shows. */
export interface EnvironmentSummary {
  readonly key?: string;
  /** Packages in the environment: `package_count`, else the length of `resolved_packages`, when the host sends either. */
  readonly packageCount?: number;
  readonly python?: string;
}

/**
 * The summary of `entry` (none yet: empty).
 * @example summarize(entry).packageCount // 12, or undefined when the status carries no count
 */
export function summarize(entry: EnvironmentEntry | undefined): EnvironmentSummary {
  if (!entry) return {};
  const status = entry.status as EnvironmentEntry['status'] & { package_count?: unknown; resolved_packages?: unknown };
  const key = status.environment_key ?? entry.ref?.environment_key ?? undefined;
  const count = status.package_count;
  const packageCount =
    typeof count === 'number' && Number.isInteger(count) && count >= 0
      ? count
      : Array.isArray(status.resolved_packages)
        ? status.resolved_packages.length
        : undefined;
  const python = entry.ref?.python_executable ?? undefined;
  return { ...(key ? { key } : {}), ...(packageCount === undefined ? {} : { packageCount }), ...(python ? { python } : {}) };
}
