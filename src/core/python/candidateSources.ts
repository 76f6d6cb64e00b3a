/** Helpers for ordered, lazily produced interpreter candidates (shared by the platform locators). */
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CandidateSource } from './pythonRuntimeLocator.js';

/**
 * Wraps `sources` so that, consumed in order, each interpreter appears once: a path whose real
 * path (symlinks resolved) and real folder were already produced by an earlier source or entry is
 * dropped; the first spelling wins. The folder counts because a venv's `bin/python` is a symlink
 * to its base interpreter yet a different interpreter (its `pyvenv.cfg` sits beside `bin`).
 * The returned sources share state: use one call per selection.
 */
export function uniqueByRealPath(sources: readonly CandidateSource[]): CandidateSource[] {
  const seen = new Set<string>();
  return sources.map((source) => async () => {
    const out: string[] = [];
    for (const path of await source()) {
      const identity = await interpreterIdentity(path);
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(path);
    }
    return out;
  });
}

async function interpreterIdentity(path: string): Promise<string> {
  const [folder, file] = await Promise.all([
    realpath(dirname(path)).catch(() => dirname(path)),
    realpath(path).catch(() => path),
  ]);
  return `${folder}\0${file}`;
}

/** Runs every source in order and concatenates the results, duplicates removed as by {@link uniqueByRealPath}. */
export async function collectCandidates(sources: readonly CandidateSource[]): Promise<string[]> {
  const all: string[] = [];
  for (const source of uniqueByRealPath(sources)) all.push(...(await source()));
  return all;
}

/** True for an existing regular file the current user may execute (follows symlinks). */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Orders directory names such as `3.12.1`, `3.13.0t`, `miniconda3-latest` by their leading dotted
 * numbers (`3.12.1` > `3.9.18`); names without one sort before all versions, by name. Pure.
 */
export function compareVersionNames(a: string, b: string): number {
  const parts = (name: string): number[] | null => {
    const match = /^(\d+(?:\.\d+)*)/.exec(name);
    return match?.[1] ? match[1].split('.').map(Number) : null;
  };
  const pa = parts(a);
  const pb = parts(b);
  if (pa === null || pb === null) return pa === pb ? a.localeCompare(b) : pa === null ? -1 : 1;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.localeCompare(b);
}
