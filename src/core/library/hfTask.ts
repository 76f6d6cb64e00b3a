/**
 * Which Pantograph task a Hugging Face model folder serves, read from its `config.json`
 * (`architectures`, `model_type`). Pure: a lookup table, no I/O.
 */

/** The tasks Pantograph runs for plain Hugging Face folders. */
export const HF_TASKS = ['text-generation', 'text-to-audio'] as const;
export type HfTask = (typeof HF_TASKS)[number];

/**
 * `model_type`s served by transformers' text-to-audio pipeline from a local folder alone. Left out
 * on purpose: `bark` (voice presets point at a Hub repo), `speecht5` and plain
 * `fastspeech2_conformer` (spectrogram models: the pipeline downloads a vocoder).
 */
export const TEXT_TO_AUDIO_MODEL_TYPES: readonly string[] = [
  'musicgen',
  'musicgen_melody',
  'vits',
  'fastspeech2_conformer_with_hifigan',
];

/** `model_type`s whose checkpoints load with `AutoModelForCausalLM` (used when `architectures` is absent). */
export const CAUSAL_LM_MODEL_TYPES: readonly string[] = [
  'gpt2',
  'gpt_neo',
  'gpt_neox',
  'gptj',
  'gpt_bigcode',
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen2_moe',
  'qwen3',
  'qwen3_moe',
  'phi',
  'phi3',
  'gemma',
  'gemma2',
  'gemma3_text',
  'falcon',
  'bloom',
  'opt',
  'olmo',
  'olmo2',
  'stablelm',
  'starcoder2',
  'codegen',
  'granite',
  'smollm3',
  'cohere',
  'deepseek_v3',
  'ctrl',
  'xglm',
  'biogpt',
];

/** Spectrogram / Hub-dependent audio types, named in the unsupported message so the user knows why. */
const AUDIO_NEEDING_HUB: Readonly<Record<string, string>> = {
  bark: 'bark loads its voice presets from a Hub repository',
  speecht5: 'speecht5 produces a spectrogram and needs a separately downloaded vocoder',
  fastspeech2_conformer: 'fastspeech2_conformer without hifigan produces a spectrogram and needs a vocoder',
};

/** The detection result: a task, or why the folder is unsupported. */
export type HfTaskDetection =
  | { readonly supported: true; readonly task: HfTask; readonly architecture: string | null; readonly model_type: string | null }
  | {
      readonly supported: false;
      readonly reason: string;
      readonly architecture: string | null;
      readonly model_type: string | null;
    };

/** True for class names of causal language models (`*ForCausalLM`, `*LMHeadModel`). */
function isCausalArchitecture(name: string): boolean {
  return /ForCausalLM$/.test(name) || /LMHeadModel$/.test(name);
}

/**
 * Detects the task of a parsed `config.json` value. Rules, in order: a text-to-audio
 * `model_type` ({@link TEXT_TO_AUDIO_MODEL_TYPES}) → `text-to-audio`; an architecture ending in
 * `ForCausalLM` or `LMHeadModel` → `text-generation`; no `architectures` but a causal
 * `model_type` ({@link CAUSAL_LM_MODEL_TYPES}) → `text-generation`; anything else → unsupported
 * with a reason naming what was found. Pure.
 * @example detectHfTask({ architectures: ['GPT2LMHeadModel'], model_type: 'gpt2' }) // { supported: true, task: 'text-generation', … }
 */
export function detectHfTask(config: unknown): HfTaskDetection {
  const record =
    typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  const modelType =
    typeof record.model_type === 'string' && record.model_type.trim() !== '' ? record.model_type.trim().toLowerCase() : null;
  const architectures = Array.isArray(record.architectures)
    ? record.architectures.filter((a): a is string => typeof a === 'string')
    : [];
  const first = architectures[0] ?? null;
  if (modelType !== null && TEXT_TO_AUDIO_MODEL_TYPES.includes(modelType)) {
    return { supported: true, task: 'text-to-audio', architecture: first, model_type: modelType };
  }
  const causal = architectures.find(isCausalArchitecture);
  if (causal !== undefined) return { supported: true, task: 'text-generation', architecture: causal, model_type: modelType };
  if (architectures.length === 0 && modelType !== null && CAUSAL_LM_MODEL_TYPES.includes(modelType)) {
    return { supported: true, task: 'text-generation', architecture: null, model_type: modelType };
  }
  const hubReason = modelType !== null ? AUDIO_NEEDING_HUB[modelType] : undefined;
  const found = `architectures ${architectures.length > 0 ? architectures.join(', ') : '(none)'}, model_type ${modelType ?? '(none)'}`;
  return {
    supported: false,
    reason: hubReason
      ? `${found}: ${hubReason}, which an offline run cannot do`
      : `${found}: not a causal language model (text generation) nor a text-to-audio model (${TEXT_TO_AUDIO_MODEL_TYPES.join(', ')})`,
    architecture: first,
    model_type: modelType,
  };
}
