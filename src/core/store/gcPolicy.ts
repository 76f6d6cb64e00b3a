/**
 * The garbage-collection policy, as a pure function over a snapshot of the store.
 *
 * Policy (applied in this order):
 * 1. Never remove an environment whose lock is held (someone is installing or removing it) or
 *    whose manifest says `installing`.
 * 2. Age: with `maxAgeDays`, remove every other environment not used for more than that many
 *    days (last use = the `last_used` marker, else the manifest's `last_used_at`).
 * 3. Size budget: with `maxSizeBytes`, while the total size of what is kept (protected
 *    environments included) exceeds the budget, remove the least recently used remaining
 *    environment (ties broken by key, so plans are deterministic).
 * Without either limit nothing is removed. The plan is a dry run: `applyGc` executes it.
 */
import type { ManifestState } from './manifest.js';

/** One environment as GC sees it. */
export interface GcCandidate {
  readonly key: string;
  /** `unknown` for a folder whose manifest is missing or unusable. */
  readonly state: ManifestState | 'unknown';
  readonly lastUsedAt: Date;
  /** Bytes on disk; `null` when not measured (only needed with a size budget). */
  readonly sizeBytes: number | null;
  readonly locked: boolean;
}

/** Limits of a GC run. `now` is injected so plans are reproducible. */
export interface GcOptions {
  readonly maxAgeDays?: number;
  readonly maxSizeBytes?: number;
  readonly now: Date;
}

/** Why an environment is removed or kept. */
export type GcReasonCode = 'unused_too_long' | 'over_size_budget' | 'locked' | 'installing' | 'within_policy';

/** One line of the plan. */
export interface GcPlanEntry {
  readonly key: string;
  readonly action: 'remove' | 'keep';
  readonly code: GcReasonCode;
  /** Human-readable reason, e.g. `not used for 45 days (limit 30)`. */
  readonly reason: string;
  readonly state: ManifestState | 'unknown';
  readonly lastUsedAt: string;
  readonly sizeBytes: number | null;
}

/** A dry-run plan. `remove` is in the order it will be applied. */
export interface GcPlan {
  readonly now: string;
  readonly maxAgeDays: number | null;
  readonly maxSizeBytes: number | null;
  readonly remove: readonly GcPlanEntry[];
  readonly keep: readonly GcPlanEntry[];
  /** Total measured bytes before and after the plan (`null` when sizes were not measured). */
  readonly totalBytes: number | null;
  readonly bytesAfter: number | null;
}

const DAY_MS = 86_400_000;

function entry(c: GcCandidate, action: GcPlanEntry['action'], code: GcReasonCode, reason: string): GcPlanEntry {
  return { key: c.key, action, code, reason, state: c.state, lastUsedAt: c.lastUsedAt.toISOString(), sizeBytes: c.sizeBytes };
}

function sumSizes(list: readonly GcCandidate[]): number | null {
  if (list.some((c) => c.sizeBytes === null)) return null;
  return list.reduce((total, c) => total + (c.sizeBytes ?? 0), 0);
}

/** Least recently used first; ties by key. */
function lruOrder(a: GcCandidate, b: GcCandidate): number {
  return a.lastUsedAt.getTime() - b.lastUsedAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Plans a GC over `candidates` with the policy above. Pure and deterministic. With a size budget,
 * candidates of unknown size count as 0 bytes (measure them first to budget correctly).
 */
export function planGc(candidates: readonly GcCandidate[], options: GcOptions): GcPlan {
  const now = options.now.getTime();
  const maxAgeDays = options.maxAgeDays ?? null;
  const maxSizeBytes = options.maxSizeBytes ?? null;
  const remove: GcPlanEntry[] = [];
  const keep: GcPlanEntry[] = [];
  const removable: GcCandidate[] = [];
  const kept: GcCandidate[] = [];

  for (const c of [...candidates].sort(lruOrder)) {
    if (c.locked) {
      keep.push(entry(c, 'keep', 'locked', 'its lock is held (being installed or removed)'));
      kept.push(c);
    } else if (c.state === 'installing') {
      keep.push(entry(c, 'keep', 'installing', 'its manifest says installing'));
      kept.push(c);
    } else if (maxAgeDays !== null && now - c.lastUsedAt.getTime() > maxAgeDays * DAY_MS) {
      const days = Math.floor((now - c.lastUsedAt.getTime()) / DAY_MS);
      remove.push(entry(c, 'remove', 'unused_too_long', `not used for ${days} days (limit ${maxAgeDays})`));
    } else {
      removable.push(c);
    }
  }

  if (maxSizeBytes !== null) {
    let total = [...kept, ...removable].reduce((sum, c) => sum + (c.sizeBytes ?? 0), 0);
    while (total > maxSizeBytes && removable.length > 0) {
      const victim = removable.shift() as GcCandidate;
      total -= victim.sizeBytes ?? 0;
      remove.push(
        entry(victim, 'remove', 'over_size_budget', `least recently used while over the size budget (${maxSizeBytes} bytes)`),
      );
    }
  }
  for (const c of removable) keep.push(entry(c, 'keep', 'within_policy', 'within the age and size limits'));
  kept.push(...removable);

  return {
    now: options.now.toISOString(),
    maxAgeDays,
    maxSizeBytes,
    remove,
    keep,
    totalBytes: sumSizes(candidates),
    bytesAfter: sumSizes(kept),
  };
}
