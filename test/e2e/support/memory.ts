/**
 * Samples the resident memory of every process descending from this test process (code-server,
 * its extension host and Python children, chromium and its renderers) from /proc, to report the
 * suite's peak. Linux only; elsewhere it reports 0.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const PAGE_SIZE = 4096;

function readStat(pid: number): { ppid: number; rssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), rssBytes: Number(fields[21]) * PAGE_SIZE };
  } catch {
    return undefined;
  }
}

/** Sum of RSS (bytes) of all descendants of `root` (not `root` itself). */
export function descendantsRss(root: number = process.pid): number {
  if (!existsSync('/proc/self/stat')) return 0;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    rss.set(pid, stat.rssBytes);
    const list = children.get(stat.ppid) ?? [];
    list.push(pid);
    children.set(stat.ppid, list);
  }
  let total = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** A running sampler. */
export interface MemorySampler {
  /** Highest sum seen so far, in bytes. */
  readonly peakBytes: number;
  /** Takes a last sample, stops, and returns the peak in bytes. */
  stop(): number;
}

/** Samples {@link descendantsRss} every `intervalMs` until stopped. */
export function startMemorySampler(intervalMs = 250): MemorySampler {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, descendantsRss());
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    get peakBytes() {
      return peak;
    },
    stop() {
      sample();
      clearInterval(timer);
      return peak;
    },
  };
}
