/** Backend-key aliases. Pure. */

const BACKEND_ALIASES: Readonly<Record<string, string>> = {
  torch: 'pytorch',
  'stable-audio': 'stable_audio',
  onnxruntime: 'onnx-runtime',
  onnx_runtime: 'onnx-runtime',
  'llama.cpp': 'llamacpp',
  'llama-cpp': 'llamacpp',
  llama_cpp: 'llamacpp',
};

/**
 * The canonical backend key: trimmed, lowercased, with aliases folded — torch→pytorch;
 * stable-audio→stable_audio; onnxruntime / onnx_runtime→onnx-runtime;
 * llama.cpp / llama-cpp / llama_cpp→llamacpp. Unknown keys come back trimmed and lowercased;
 * `null`, `undefined` and blank give `null`.
 * @example normalizeBackendKey(' Llama.CPP ') === 'llamacpp'
 */
export function normalizeBackendKey(key: string | null | undefined): string | null {
  if (typeof key !== 'string') return null;
  const lowered = key.trim().toLowerCase();
  if (lowered === '') return null;
  return Object.hasOwn(BACKEND_ALIASES, lowered) ? (BACKEND_ALIASES[lowered] as string) : lowered;
}
