/**
 * Reads a model library: a directory with one folder per model, each holding a
 * `pantograph-model.json` or being a plain Hugging Face model folder (`config.json` + weights),
 * plus — when asked — the snapshots of the user's Hugging Face hub cache. A bad manifest folder
 * is reported as a problem and skipped; an unusable Hugging Face folder is listed with its error;
 * only an unreadable library directory fails the whole load. Only file reads: nothing is
 * downloaded.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { hfLibraryModel } from './hfLibraryModels.js';
import type { LibraryModel } from './libraryModel.js';
import { inspectHfFolder } from './hfModelFolder.js';
import type { HfFolderInspection } from './hfModelFolder.js';
import { scanHfCache } from './hfCache.js';
import { MODEL_MANIFEST_FILE, manifestWeights, parseModelManifest } from './modelManifest.js';
import { loadLibraryTaskProfiles } from './libraryTaskProfiles.js';
import type { GpuFacts } from './torchBuild.js';
import { NO_GPU } from './gpuProbe.js';
import { currentPlatformKey } from '../requirements/platform.js';

/** Options of {@link loadModelLibrary}; all optional. */
export interface LoadLibraryOptions {
  /** A hub cache directory whose snapshots are listed as `org/name` (see `hfCache.ts`); absent/null: none. */
  readonly hfCacheDir?: string | null;
  /**
   * The machine's GPU facts, or a probe called once if a Hugging Face folder is found (hosts pass
   * `machineGpuFacts` from `machineGpu.ts`). Default: no GPU (the CPU torch build). Not probed
   * here, so the Puma-Lib runner's module graph never reaches process code.
   */
  readonly gpu?: GpuFacts | (() => Promise<GpuFacts>);
  /** Default: this machine's (`currentPlatformKey`). */
  readonly platformKey?: string;
}

/** The result of a load: the good models (sorted by `model_id`) and the problems found. */
export interface ModelLibrary {
  readonly root: string;
  readonly models: readonly LibraryModel[];
  /** One or more `invalid_model_library` errors per bad folder; never fatal. */
  readonly problems: readonly StructuredError[];
}

/**
 * Loads every model folder under `dir`, then (with `hfCacheDir`) the hub cache's snapshots.
 * A folder with a manifest is a manifest model; else a folder with `config.json` is a Hugging
 * Face model named by its folder name; other folders are ignored. A manifest that is not JSON or
 * fails the schema, or an id already used (manifest models, then library folders, then the
 * cache), is reported in `problems` and skipped. Task profiles: the bundled ones, overlaid by
 * `<dir>/pantograph-profiles.json` (a broken overlay is a problem; the bundled ones are used).
 * Fails with `invalid_model_library` only when `dir` itself cannot be read.
 */
export async function loadModelLibrary(dir: string, options: LoadLibraryOptions = {}): Promise<Result<ModelLibrary>> {
  const root = resolve(dir);
  let entries: string[];
  try {
    const dirents = await readdir(root, { withFileTypes: true });
    entries = [];
    // A link to a model folder counts (e.g. a hub-cache snapshot linked into the library).
    for (const e of dirents)
      if (e.isDirectory() || (e.isSymbolicLink() && (await isDirectory(join(root, e.name))))) entries.push(e.name);
  } catch (error) {
    return fail(
      structuredError(
        'invalid_model_library',
        `cannot read the model library ${root}: ${(error as Error).message}`,
        [root],
        'Point Pantograph at an existing model library directory.',
      ),
    );
  }
  entries.sort();
  const models: LibraryModel[] = [];
  const problems: StructuredError[] = [];
  const byId = new Map<string, string>();
  const add = (model: LibraryModel): void => {
    const previous = byId.get(model.model_id);
    if (previous !== undefined) {
      problems.push(
        structuredError(
          'invalid_model_library',
          `${model.manifest_path}: model_id ${model.model_id} is already used by ${previous}`,
          [model.manifest_path, 'model_id'],
        ),
      );
      return;
    }
    byId.set(model.model_id, model.folder);
    models.push(model);
  };
  const hfFolders: { id: string; inspection: HfFolderInspection; source: 'folder' | 'hf_cache'; revision: string | null }[] = [];
  for (const name of entries) {
    const loaded = await loadModelFolder(join(root, name));
    if (loaded === undefined) {
      const inspection = await inspectHfFolder(join(root, name));
      if (inspection) hfFolders.push({ id: name, inspection, source: 'folder', revision: null });
      continue;
    }
    if (!loaded.ok) problems.push(...loaded.errors);
    else add(loaded.value);
  }
  if (options.hfCacheDir) {
    for (const snapshot of await scanHfCache(options.hfCacheDir)) {
      const inspection = await inspectHfFolder(snapshot.folder);
      if (inspection) hfFolders.push({ id: snapshot.repo_id, inspection, source: 'hf_cache', revision: snapshot.revision });
    }
  }
  if (hfFolders.length > 0) {
    const profiles = await loadLibraryTaskProfiles(root);
    problems.push(...profiles.problems);
    const gpu = typeof options.gpu === 'function' ? await options.gpu() : (options.gpu ?? NO_GPU);
    const platformKey = options.platformKey ?? currentPlatformKey(process.platform, process.arch);
    for (const folder of hfFolders) {
      const entry = hfLibraryModel(folder.id, folder.inspection, {
        profiles: profiles.profiles,
        gpu,
        platformKey,
        source: folder.source,
        revision: folder.revision,
      });
      if (entry.ok) add(entry.value);
      else problems.push(...entry.errors);
    }
  }
  models.sort((a, b) => (a.model_id < b.model_id ? -1 : a.model_id > b.model_id ? 1 : 0));
  return ok({ root, models, problems });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Loads one model folder. Returns `undefined` when the folder has no manifest (not a model),
 * else the model or its `invalid_model_library` errors.
 */
export async function loadModelFolder(folder: string): Promise<Result<LibraryModel> | undefined> {
  const abs = resolve(folder);
  const manifestPath = join(abs, MODEL_MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(
      structuredError('invalid_model_library', `${manifestPath}: cannot be read: ${(error as Error).message}`, [manifestPath]),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(
      structuredError('invalid_model_library', `${manifestPath}: not valid JSON: ${(error as Error).message}`, [manifestPath]),
    );
  }
  const parsed = parseModelManifest(json, manifestPath);
  if (!parsed.ok) return parsed;
  const manifest = parsed.value;
  return ok({
    model_id: manifest.model_id,
    folder: abs,
    manifest_path: manifestPath,
    manifest,
    weights_paths: manifestWeights(manifest).map((w) => join(abs, w)),
  });
}

/**
 * Finds a model by id; `model_not_found` (listing the known ids) when absent; the model's own
 * error when it is listed but unusable (`model_config_invalid`, `model_weights_missing`,
 * `model_unsupported_architecture`). Pure.
 */
export function findModel(library: ModelLibrary, modelId: string): Result<LibraryModel> {
  const model = library.models.find((m) => m.model_id === modelId);
  if (model?.unusable) return fail(model.unusable);
  if (model) return ok(model);
  const known = library.models.map((m) => m.model_id).join(', ') || '(none)';
  return fail(
    structuredError(
      'model_not_found',
      `model ${modelId} is not in the library ${library.root}; known models: ${known}`,
      ['model_id'],
      'Pick a model that the library lists, or add its folder to the library.',
    ),
  );
}
