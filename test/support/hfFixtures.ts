/**
 * Hugging Face-style model folders and hub-cache trees on disk, for discovery tests: a real
 * `config.json`, a real (empty) safetensors file, tokenizer stubs; cache repos with `refs/main`,
 * `snapshots/<rev>/` and relative symlinks into `blobs/`. No real weights: discovery only reads
 * files.
 */
import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A GPT-2 style causal LM config. */
export const GPT2_CONFIG = {
  architectures: ['GPT2LMHeadModel'],
  model_type: 'gpt2',
  n_layer: 2,
  n_embd: 32,
  n_head: 2,
  vocab_size: 100,
};
/** A MusicGen style text-to-audio config. */
export const MUSICGEN_CONFIG = {
  architectures: ['MusicgenForConditionalGeneration'],
  model_type: 'musicgen',
  audio_encoder: { sampling_rate: 32000 },
};
/** An encoder-only config no Pantograph task serves. */
export const BERT_CONFIG = { architectures: ['BertForMaskedLM'], model_type: 'bert' };

/**
 * The bytes of a valid safetensors file holding no tensors: an 8-byte little-endian header length,
 * then the JSON header (padded with spaces to a multiple of 8, as the format allows).
 */
export function emptySafetensors(): Buffer {
  let header = JSON.stringify({ __metadata__: { format: 'pt' } });
  while (header.length % 8 !== 0) header += ' ';
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, Buffer.from(header, 'utf8')]);
}

/** The files of a model folder: name → content (`Buffer`, string, or a JSON value). */
export type FolderFiles = Record<string, Buffer | string | object>;

/** The usual files of a small model: config, an empty safetensors, tokenizer stubs. */
export function modelFiles(config: object, extra: FolderFiles = {}): FolderFiles {
  return {
    'config.json': config,
    'model.safetensors': emptySafetensors(),
    'tokenizer.json': { version: '1.0', model: { type: 'BPE', vocab: {}, merges: [] } },
    'tokenizer_config.json': { model_max_length: 64 },
    ...extra,
  };
}

function bytes(content: Buffer | string | object): Buffer {
  if (Buffer.isBuffer(content)) return content;
  return Buffer.from(typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'utf8');
}

/** Writes a model folder `dir` with `files` (creating it). Returns `dir`. */
export async function writeModelFolder(dir: string, files: FolderFiles): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), bytes(content));
  }
  return dir;
}

/**
 * Writes one repo of a hub cache the way `huggingface_hub` does: `models--org--name/refs/main`
 * = `revision`, `blobs/<sha256>` with the contents, `snapshots/<revision>/<file>` → relative
 * symlinks `../../blobs/<sha256>`. `missingBlobs` names files whose blob is left out (a dangling
 * link, as after an interrupted download). Returns the snapshot folder.
 */
export async function writeCacheRepo(
  cacheDir: string,
  repoId: string,
  revision: string,
  files: FolderFiles,
  missingBlobs: readonly string[] = [],
): Promise<string> {
  const repoDir = join(cacheDir, `models--${repoId.replace('/', '--')}`);
  const snapshot = join(repoDir, 'snapshots', revision);
  await mkdir(join(repoDir, 'refs'), { recursive: true });
  await mkdir(join(repoDir, 'blobs'), { recursive: true });
  await mkdir(snapshot, { recursive: true });
  await writeFile(join(repoDir, 'refs', 'main'), revision);
  for (const [name, content] of Object.entries(files)) {
    const data = bytes(content);
    const hash = createHash('sha256').update(data).digest('hex');
    if (!missingBlobs.includes(name)) await writeFile(join(repoDir, 'blobs', hash), data);
    await symlink(join('..', '..', 'blobs', hash), join(snapshot, name));
  }
  return snapshot;
}
