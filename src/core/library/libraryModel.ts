/**
 * The shape of a model the library lists: a `pantograph-model.json` folder or a Hugging Face
 * folder (library or hub cache) with its synthesized manifest. Types only.
 */
import type { StructuredError } from '../errors/structuredError.js';
import type { HfFolderInspection } from './hfModelFolder.js';
import type { HfTask } from './hfTask.js';
import type { ModelManifest } from './modelManifest.js';
import type { TaskProfiles } from './taskProfiles.js';
import type { GpuFacts, TorchBuildChoice } from './torchBuild.js';

/** What a Hugging Face folder entry knows beyond its synthesized manifest. */
export interface HfModelInfo {
  /** `folder`: a folder of the model library; `hf_cache`: a hub-cache snapshot. */
  readonly source: 'folder' | 'hf_cache';
  readonly task: HfTask | null;
  readonly architecture: string | null;
  /** config.json's `model_type` (`gpt2`, `musicgen`, …). */
  readonly config_model_type: string | null;
  /** The snapshot's commit for hub-cache models, else `null`. */
  readonly revision: string | null;
  readonly tokenizer_files: readonly string[];
  /** The torch build in the emitted requirements (`null` for unusable folders). */
  readonly torch_build: TorchBuildChoice | null;
  /** The facts and profiles the entry was built from, so a node can ask for another torch build. */
  readonly gpu: GpuFacts;
  readonly profiles: TaskProfiles;
}

/** One model found in the library. All paths are absolute. */
export interface LibraryModel {
  readonly model_id: string;
  /** The model's folder: what the Puma-Lib node emits as `model_path`. */
  readonly folder: string;
  readonly manifest_path: string;
  readonly manifest: ModelManifest;
  /** Declared weights resolved against the folder; existence is not checked here (Hugging Face folders: the files found). */
  readonly weights_paths: readonly string[];
  /** Set for plain Hugging Face folders (library folder or hub cache); the manifest is synthesized. */
  readonly hf?: HfModelInfo;
  /** The folder inspection a Hugging Face entry was built from. */
  readonly inspection?: HfFolderInspection;
  /**
   * Why this listed model cannot be used (`model_config_invalid`, `model_weights_missing`,
   * `model_unsupported_architecture`); {@link findModel} fails with it.
   */
  readonly unusable?: StructuredError;
}
