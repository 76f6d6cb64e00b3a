/**
 * Library entries for plain Hugging Face model folders (in the model library folder or the hub
 * cache). Such a folder has no Pantograph manifest, so one is synthesized: its task from
 * `config.json`, its dependencies from the task profile with the machine's torch build. An
 * unusable folder (corrupt config, missing weights, unsupported architecture) is still listed —
 * with its error in `unusable` — so the picker shows it and using it gives that error.
 */
import type { StructuredError } from '../errors/structuredError.js';
import { fail, ok } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import type { HfFolderInspection } from './hfModelFolder.js';
import type { HfModelInfo, LibraryModel } from './libraryModel.js';
import type { ModelManifest } from './modelManifest.js';
import { profileForTask } from './taskProfiles.js';
import type { TaskProfiles } from './taskProfiles.js';
import { chooseTorchBuild } from './torchBuild.js';
import type { GpuFacts, TorchBuildChoice } from './torchBuild.js';

/** The backend key of Hugging Face folder models: the workers load them with transformers. */
export const HF_BACKEND_KEY = 'transformers';

/** Everything needed to turn an inspection into a library entry. */
export interface HfEntryContext {
  readonly profiles: TaskProfiles;
  readonly gpu: GpuFacts;
  readonly platformKey: string;
  readonly source: 'folder' | 'hf_cache';
  readonly revision?: string | null;
  /** A torch build by name (`cpu`, `cu128`, `default`); `auto`/absent follows the machine. */
  readonly torchBuild?: string | null;
}

function manifestFor(
  id: string,
  inspection: HfFolderInspection,
  context: HfEntryContext,
  build: TorchBuildChoice | null,
): ModelManifest {
  const task = inspection.error === null ? inspection.task : null;
  const profile = task !== null && build !== null ? profileForTask(context.profiles, task, build) : undefined;
  const bindingId = `hf-${task ?? 'unsupported'}`;
  return {
    model_id: id,
    display_name: id,
    model_type: task === 'text-to-audio' ? 'audio' : task === 'text-generation' ? 'llm' : 'other',
    task_type_primary: task ?? 'unsupported',
    backend_key: HF_BACKEND_KEY,
    inference_settings: {
      backend: HF_BACKEND_KEY,
      task,
      architecture: inspection.architecture,
      config_model_type: inspection.model_type,
      source: context.source,
      ...(context.revision ? { revision: context.revision } : {}),
    },
    dependencies: {
      profiles: profile ? [profile] : [],
      bindings: profile
        ? [{ binding_id: bindingId, profile_id: profile.profile_id, backend_key: null, platform_selector: null }]
        : [],
    },
  };
}

/**
 * Builds the library entry of one inspected folder under `id` (folder name, or `org/name` for
 * the hub cache). A usable folder gets one binding `hf-<task>` (any backend, any platform) on
 * the task profile with the torch build chosen from `gpu` (or `torchBuild`); an unusable one no
 * binding and its error in `unusable`. Fails only when `torchBuild` names an unknown build. Pure.
 */
export function hfLibraryModel(id: string, inspection: HfFolderInspection, context: HfEntryContext): Result<LibraryModel> {
  let build: TorchBuildChoice | null = null;
  if (inspection.error === null) {
    const chosen = chooseTorchBuild(context.gpu, context.profiles.torch_builds, context.platformKey, context.torchBuild);
    if (!chosen.ok) return chosen;
    build = chosen.value;
  }
  const unusable: StructuredError | undefined = inspection.error ?? undefined;
  const hf: HfModelInfo = {
    source: context.source,
    task: inspection.error === null ? inspection.task : null,
    architecture: inspection.architecture,
    config_model_type: inspection.model_type,
    revision: context.revision ?? null,
    tokenizer_files: inspection.tokenizer_files,
    torch_build: build,
    gpu: context.gpu,
    profiles: context.profiles,
  };
  return ok({
    model_id: id,
    folder: inspection.folder,
    manifest_path: inspection.config_path,
    manifest: manifestFor(id, inspection, context, build),
    weights_paths: inspection.weights_paths,
    hf,
    ...(unusable ? { unusable } : {}),
    inspection,
  });
}

/**
 * The same entry with another torch build (a Puma-Lib node's `torch_build`): `auto` or blank
 * gives the entry as loaded. Entries that are not Hugging Face folders come back unchanged. Pure.
 */
export function withTorchBuild(
  model: LibraryModel,
  requested: string | null | undefined,
  platformKey: string,
): Result<LibraryModel> {
  if (model.hf === undefined || model.inspection === undefined || model.unusable !== undefined) return ok(model);
  const wanted = requested?.trim() ?? '';
  if (wanted === '' || wanted.toLowerCase() === 'auto') return ok(model);
  const rebuilt = hfLibraryModel(model.model_id, model.inspection, {
    profiles: model.hf.profiles,
    gpu: model.hf.gpu,
    platformKey,
    source: model.hf.source,
    revision: model.hf.revision,
    torchBuild: wanted,
  });
  return rebuilt.ok ? rebuilt : fail(...rebuilt.errors);
}
