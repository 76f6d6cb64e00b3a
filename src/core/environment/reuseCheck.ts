/**
 * The fast path of ensure(): decides from the manifest and two `stat`s whether an environment
 * can be reused. Starts no process and runs no pip.
 */
import { stat } from 'node:fs/promises';
import type { EnvironmentStore } from '../store/environmentStore.js';
import type { EnvironmentManifestV1 } from '../store/manifest.js';
import type { InterpreterFacts } from '../python/interpreterFacts.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Why an existing environment was not reused (for logs), or the reusable manifest. */
export type ReuseDecision =
  | { readonly reusable: true; readonly manifest: EnvironmentManifestV1 }
  | { readonly reusable: false; readonly reason: string; readonly manifest?: EnvironmentManifestV1 };

/**
 * Reusable when the manifest is `ready` for this key, its fingerprint equals `fingerprint`, the
 * environment's interpreter and its base interpreter still exist, and the base interpreter's
 * version is the one it was built with (an upgraded base breaks a venv).
 */
export async function decideReuse(
  store: EnvironmentStore,
  shortKey: string,
  fingerprint: string,
  base: InterpreterFacts,
): Promise<ReuseDecision> {
  const read = await store.readManifest(shortKey);
  if (!read.ready)
    return read.manifest
      ? { reusable: false, reason: `manifest is ${read.reason}`, manifest: read.manifest }
      : { reusable: false, reason: read.message };
  const manifest = read.manifest;
  if (manifest.requirements_fingerprint !== fingerprint) return { reusable: false, reason: 'fingerprint changed', manifest };
  const [envPython, basePython] = await Promise.all([
    isFile(manifest.python_executable),
    isFile(manifest.base_interpreter.executable),
  ]);
  if (!envPython) return { reusable: false, reason: `environment interpreter ${manifest.python_executable} is gone`, manifest };
  if (!basePython)
    return { reusable: false, reason: `base interpreter ${manifest.base_interpreter.executable} is gone`, manifest };
  if (manifest.base_interpreter.version !== base.version) {
    return {
      reusable: false,
      reason: `base interpreter changed from ${manifest.base_interpreter.version} to ${base.version}`,
      manifest,
    };
  }
  return { reusable: true, manifest };
}
