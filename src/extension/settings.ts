/**
 * `pantograph.*` settings, read live through an injected getter and normalized. Pure, no `vscode`:
 * the host passes `workspace.getConfiguration('pantograph').get`.
 */
import type { EnvironmentServiceSettings } from '../core/environment/serviceTypes.js';
import type { GcOptions } from '../core/store/gcPolicy.js';

/** Reads one setting (`section` without the `pantograph.` prefix). */
export type SettingGetter = (section: string) => unknown;

/** The normalized settings. */
export interface PantographSettings {
  /** The configured data dir, `null` when empty (then `PANTOGRAPH_DATA_DIR` or the platform default). */
  readonly dataDir: string | null;
  readonly pythonPath: string | null;
  /** `null` = offline (setting empty or `none`). */
  readonly defaultIndexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
  readonly modelLibraryPath: string | null;
  /** List the Hugging Face hub cache's models too (`HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`). */
  readonly huggingFaceCache: boolean;
  readonly gcMaxAgeDays: number;
  readonly gcMaxSizeGB: number;
  /** `store` (default) or `pip`: how python-venv environments are filled (part of the key). */
  readonly installer: 'store' | 'pip';
  /** Seconds a warm inference worker may stay idle before it is killed (default 300; 0 = kill after each run). */
  readonly workerIdleSeconds: number;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function nonNegative(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** `pantograph.workerIdleSeconds`: a finite number ≥ 0 (capped at one day), else the default 300. */
function idleSeconds(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, 86_400) : 300;
}

/** Reads and normalizes every setting. `defaultIndexUrl` '' or 'none' (any case) → `null`. */
export function readSettings(get: SettingGetter): PantographSettings {
  const index = text(get('defaultIndexUrl'));
  const extra = get('extraIndexUrls');
  return {
    dataDir: text(get('dataDir')),
    pythonPath: text(get('pythonPath')),
    defaultIndexUrl: index === null || index.toLowerCase() === 'none' ? null : index,
    extraIndexUrls: Array.isArray(extra)
      ? extra.filter((u): u is string => typeof u === 'string' && u.trim() !== '').map((u) => u.trim())
      : [],
    modelLibraryPath: text(get('modelLibraryPath')),
    huggingFaceCache: get('huggingFaceCache') === true,
    gcMaxAgeDays: nonNegative(get('gc.maxAgeDays')),
    gcMaxSizeGB: nonNegative(get('gc.maxSizeGB')),
    installer: get('installer') === 'pip' ? 'pip' : 'store',
    workerIdleSeconds: idleSeconds(get('workerIdleSeconds')),
  };
}

/** The service's settings view. */
export function serviceSettings(settings: PantographSettings): EnvironmentServiceSettings {
  return {
    defaultIndexUrl: settings.defaultIndexUrl,
    defaultPythonPath: settings.pythonPath,
    extraIndexUrls: settings.extraIndexUrls,
    installer: settings.installer,
  };
}

/** The GC policy from settings; 0 means "no limit" for either. */
export function gcOptions(settings: PantographSettings, now: Date): GcOptions {
  return {
    now,
    ...(settings.gcMaxAgeDays > 0 ? { maxAgeDays: settings.gcMaxAgeDays } : {}),
    ...(settings.gcMaxSizeGB > 0 ? { maxSizeBytes: Math.round(settings.gcMaxSizeGB * 1024 ** 3) } : {}),
  };
}
