/**
 * The Environments view as data: environment summaries → item descriptions (label, description,
 * icon, context value, tooltip, children). The vscode `TreeItem` classes only copy these fields.
 * Pure, no `vscode`.
 */
import type { EnvironmentSummary, PackageSummary } from '../../core/store/environmentStore.js';

/** Codicon id and optional theme color id for an item's icon. */
export interface IconDescription {
  readonly id: string;
  readonly color?: string;
}

/** One environment row. */
export interface EnvironmentItemModel {
  readonly kind: 'environment';
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: IconDescription;
  /** `environment.ready`, `environment.installing`, `environment.failed`, `environment.unknown`; `.locked` appended while locked. */
  readonly contextValue: string;
  readonly summary: EnvironmentSummary;
  readonly packages: readonly PackageItemModel[];
}

/** One package row under an environment. */
export interface PackageItemModel {
  readonly kind: 'package';
  readonly label: string;
  readonly description: string;
  readonly icon: IconDescription;
  readonly contextValue: 'package';
}

/** How many key characters the label shows. */
export const SHORT_KEY_LENGTH = 12;

/** `1.2 GB`, `34.0 MB`, `512 B`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `just now`, `5 min ago`, `3 h ago`, `12 days ago`. */
export function formatAge(isoTime: string, now: Date): string {
  const ms = now.getTime() - new Date(isoTime).getTime();
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  const days = Math.floor(ms / 86_400_000);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** Icon by state: ready ✓, installing spinner, failed error, missing/corrupt manifest warning. */
export function iconForState(state: EnvironmentSummary['state'], locked: boolean): IconDescription {
  if (state === 'installing' || (locked && state !== 'ready')) return { id: 'loading~spin' };
  if (state === 'ready') return { id: 'check', color: 'testing.iconPassed' };
  if (state === 'failed') return { id: 'error', color: 'errorForeground' };
  return { id: 'warning', color: 'list.warningForeground' };
}

function stateLabel(summary: EnvironmentSummary): string {
  if (summary.state === 'unknown') return summary.problem ? `unusable (${summary.problem})` : 'unusable';
  return summary.locked && summary.state === 'ready' ? 'ready (in use by an install or removal)' : summary.state;
}

/** The short model/profile name of an env id (`python-venv:demo-synth-runtime:1:…` → `demo-synth-runtime@1`). */
export function shortEnvId(envId: string | null): string | null {
  if (!envId) return null;
  const parts = envId.split(':');
  return parts.length >= 3 ? `${parts[1]}@${parts[2]}` : envId;
}

function packageItem(pkg: PackageSummary): PackageItemModel {
  return { kind: 'package', label: pkg.name, description: pkg.version ?? '', icon: { id: 'package' }, contextValue: 'package' };
}

/** One environment summary → its item. */
export function environmentItem(summary: EnvironmentSummary, now: Date): EnvironmentItemModel {
  const name = shortEnvId(summary.envId) ?? summary.environmentKind ?? 'environment';
  const tooltip = [
    `Environment ${summary.key}`,
    `State: ${stateLabel(summary)}`,
    summary.envId ? `Env id: ${summary.envId}` : null,
    `Python: ${summary.pythonVersion ?? 'unknown'}${summary.pythonExecutable ? ` (${summary.pythonExecutable})` : ''}`,
    `Size: ${summary.sizeBytes === null ? 'not measured' : formatBytes(summary.sizeBytes)}`,
    `Last used: ${formatAge(summary.lastUsedAt, now)} (${summary.lastUsedAt})`,
    summary.createdAt ? `Created: ${summary.createdAt}` : null,
    `Packages: ${summary.packages.length} pinned${typeof summary.packageCount === 'number' ? `, ${summary.packageCount} installed` : ''}`,
    `Folder: ${summary.envDir}`,
  ].filter((line): line is string => line !== null);
  const state = summary.state === 'unknown' ? 'unknown' : summary.state;
  return {
    kind: 'environment',
    key: summary.key,
    label: summary.key.slice(0, SHORT_KEY_LENGTH),
    description: `${name} · ${stateLabel(summary)}`,
    tooltip: tooltip.join('\n'),
    icon: iconForState(summary.state, summary.locked),
    contextValue: `environment.${state}${summary.locked ? '.locked' : ''}`,
    summary,
    packages: [...summary.packages].sort((a, b) => a.name.localeCompare(b.name)).map(packageItem),
  };
}

/** Every environment, most recently used first (ties by key). */
export function environmentItems(summaries: readonly EnvironmentSummary[], now: Date): EnvironmentItemModel[] {
  return [...summaries]
    .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt) || a.key.localeCompare(b.key))
    .map((s) => environmentItem(s, now));
}
