/**
 * Reads a model library: a directory with one folder per model, each holding a
 * `pantograph-model.json`. A bad folder is reported as a problem and skipped; only an unreadable
 * library directory fails the whole load.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { MODEL_MANIFEST_FILE, manifestWeights, parseModelManifest } from './modelManifest.js';
import type { ModelManifest } from './modelManifest.js';

/** One model found in the library. All paths are absolute. */
export interface LibraryModel {
  readonly model_id: string;
  /** The model's folder: what the Puma-Lib node emits as `model_path`. */
  readonly folder: string;
  readonly manifest_path: string;
  readonly manifest: ModelManifest;
  /** Declared weights resolved against the folder; existence is not checked here. */
  readonly weights_paths: readonly string[];
}

/** The result of a load: the good models (sorted by `model_id`) and the problems found. */
export interface ModelLibrary {
  readonly root: string;
  readonly models: readonly LibraryModel[];
  /** One or more `invalid_model_library` errors per bad folder; never fatal. */
  readonly problems: readonly StructuredError[];
}

/**
 * Loads every model folder under `dir`. Folders without a manifest are ignored; a manifest that
 * is not JSON or fails the schema, or a `model_id` already used by another folder, is reported
 * in `problems` and that folder is skipped. Fails with `invalid_model_library` only when `dir`
 * itself cannot be read.
 */
export async function loadModelLibrary(dir: string): Promise<Result<ModelLibrary>> {
  const root = resolve(dir);
  let entries: string[];
  try {
    entries = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    return fail(
      structuredError('invalid_model_library', `cannot read the model library ${root}: ${(error as Error).message}`, [root], 'Point Pantograph at an existing model library directory.'),
    );
  }
  entries.sort();
  const models: LibraryModel[] = [];
  const problems: StructuredError[] = [];
  const byId = new Map<string, string>();
  for (const name of entries) {
    const loaded = await loadModelFolder(join(root, name));
    if (loaded === undefined) continue;
    if (!loaded.ok) {
      problems.push(...loaded.errors);
      continue;
    }
    const model = loaded.value;
    const previous = byId.get(model.model_id);
    if (previous !== undefined) {
      problems.push(
        structuredError('invalid_model_library', `${model.manifest_path}: model_id ${model.model_id} is already used by ${previous}`, [model.manifest_path, 'model_id']),
      );
      continue;
    }
    byId.set(model.model_id, model.folder);
    models.push(model);
  }
  models.sort((a, b) => (a.model_id < b.model_id ? -1 : a.model_id > b.model_id ? 1 : 0));
  return ok({ root, models, problems });
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
    return fail(structuredError('invalid_model_library', `${manifestPath}: cannot be read: ${(error as Error).message}`, [manifestPath]));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(structuredError('invalid_model_library', `${manifestPath}: not valid JSON: ${(error as Error).message}`, [manifestPath]));
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

/** Finds a model by id; `model_not_found` (listing the known ids) when absent. Pure. */
export function findModel(library: ModelLibrary, modelId: string): Result<LibraryModel> {
  const model = library.models.find((m) => m.model_id === modelId);
  if (model) return ok(model);
  const known = library.models.map((m) => m.model_id).join(', ') || '(none)';
  return fail(
    structuredError('model_not_found', `model ${modelId} is not in the library ${library.root}; known models: ${known}`, ['model_id'], 'Pick a model that the library lists, or add its folder to the library.'),
  );
}
