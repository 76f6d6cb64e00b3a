/**
 * Inspects a plain Hugging Face model folder (`config.json` + weights + tokenizer files): its
 * task, its weights files and why it cannot be used, if it cannot. Only file reads (`stat`
 * follows the Hub cache's symlinks into `blobs/`); nothing is downloaded.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { structuredError } from '../errors/structuredError.js';
import type { StructuredError } from '../errors/structuredError.js';
import { detectHfTask } from './hfTask.js';
import type { HfTask } from './hfTask.js';
import { readStrictJsonFile } from './readJsonFile.js';

/** The file that makes a folder a Hugging Face model folder. */
export const HF_CONFIG_FILE = 'config.json';

/** Tokenizer files reported when present (informational). */
const TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'vocab.json',
  'merges.txt',
  'tokenizer.model',
  'spiece.model',
  'special_tokens_map.json',
];

/** Sharded-checkpoint index files, in preference order. */
const WEIGHT_INDEXES = ['model.safetensors.index.json', 'pytorch_model.bin.index.json'];

/** What a folder inspection found. Paths are absolute. */
export interface HfFolderInspection {
  readonly folder: string;
  readonly config_path: string;
  /** The detected task; `null` when the folder is unusable. */
  readonly task: HfTask | null;
  readonly architecture: string | null;
  readonly model_type: string | null;
  /** The weights files (or shards) found; all exist. */
  readonly weights_paths: readonly string[];
  /** Tokenizer files present in the folder (names only). */
  readonly tokenizer_files: readonly string[];
  /**
   * Why the folder cannot be used, else `null` (first match): `model_config_invalid` (config.json
   * unreadable or not JSON, with line/column), `model_unsupported_architecture`, or
   * `model_weights_missing` (no weights file, or a named shard or a cache link's blob missing —
   * the message names the file).
   */
  readonly error: StructuredError | null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Entry names of `folder` (including links, dangling or not). */
async function names(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch {
    return [];
  }
}

const WEIGHTS_HINT =
  'Copy the complete model folder (config.json, the weights and the tokenizer files); Pantograph never downloads model files.';

function missing(file: string, detail: string): StructuredError {
  return structuredError('model_weights_missing', `missing weights file ${file}${detail}`, [file], WEIGHTS_HINT);
}

/** The weights of `folder`, or the error naming the missing file. */
async function findWeights(
  folder: string,
  entries: readonly string[],
): Promise<{ paths: string[]; error: StructuredError | null }> {
  const index = WEIGHT_INDEXES.find((name) => entries.includes(name));
  if (index !== undefined) {
    const indexPath = join(folder, index);
    const read = await readStrictJsonFile(indexPath, 'model_config_invalid');
    if (!read.ok) return { paths: [], error: read.errors[0] ?? null };
    const map = (read.value as { weight_map?: unknown } | null)?.weight_map;
    const shards =
      typeof map === 'object' && map !== null
        ? [...new Set(Object.values(map as Record<string, unknown>).filter((v): v is string => typeof v === 'string'))].sort()
        : [];
    if (shards.length === 0)
      return {
        paths: [],
        error: structuredError('model_config_invalid', `${indexPath} has no weight_map naming the shards`, [
          indexPath,
          'weight_map',
        ]),
      };
    const paths = shards.map((s) => join(folder, s));
    for (const path of paths)
      if (!(await isFile(path))) return { paths: [], error: missing(path, ` (a shard named by ${index})`) };
    return { paths, error: null };
  }
  const candidates = entries.filter((name) => name.endsWith('.safetensors') || name === 'pytorch_model.bin');
  if (candidates.length === 0) {
    const expected = join(folder, 'model.safetensors');
    return { paths: [], error: missing(expected, ` (nor pytorch_model.bin or a sharded *.index.json) in ${folder}`) };
  }
  const paths = candidates.map((name) => join(folder, name));
  for (const path of paths)
    if (!(await isFile(path)))
      return { paths: [], error: missing(path, ' (a link to a missing file: the download did not finish?)') };
  return { paths, error: null };
}

/**
 * Inspects `folder`. Returns `undefined` when it has no `config.json` (not a Hugging Face model
 * folder). Checks, in order: config.json is strict JSON (else `model_config_invalid` with line and
 * column), the task is supported (else `model_unsupported_architecture`), the weights exist (else
 * `model_weights_missing` naming the file). Never throws.
 */
export async function inspectHfFolder(folder: string): Promise<HfFolderInspection | undefined> {
  const abs = resolve(folder);
  const entries = await names(abs);
  if (!entries.includes(HF_CONFIG_FILE)) return undefined;
  const configPath = join(abs, HF_CONFIG_FILE);
  const tokenizerFiles = TOKENIZER_FILES.filter((name) => entries.includes(name));
  const base = { folder: abs, config_path: configPath, tokenizer_files: tokenizerFiles };
  const config = await readStrictJsonFile(
    configPath,
    'model_config_invalid',
    "Restore the model folder's config.json (re-copy or re-download it).",
  );
  if (!config.ok)
    return { ...base, task: null, architecture: null, model_type: null, weights_paths: [], error: config.errors[0] ?? null };
  const detection = detectHfTask(config.value);
  const weights = await findWeights(abs, entries);
  const unsupported = detection.supported
    ? null
    : structuredError(
        'model_unsupported_architecture',
        `${configPath}: ${detection.reason}`,
        [configPath, 'architectures'],
        'Pick a text-generation (causal LM) or text-to-audio (e.g. MusicGen) model.',
      );
  return {
    ...base,
    task: detection.supported && weights.error === null ? detection.task : null,
    architecture: detection.architecture,
    model_type: detection.model_type,
    weights_paths: weights.paths,
    error: unsupported ?? weights.error,
  };
}
