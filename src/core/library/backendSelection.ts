/**
 * Backend-key normalization and platform-selector matching used by library resolution.
 * Library-local: `src/core/requirements/` is to own the shared versions (engineer D1); once
 * they land, resolution should import those and this file should go.
 */

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
 * Lowercases, trims and maps known aliases (torch→pytorch, stable-audio→stable_audio,
 * onnxruntime/onnx_runtime→onnx-runtime, llama.cpp/llama-cpp/llama_cpp→llamacpp).
 * Empty or absent → null. Pure.
 */
export function normalizeBackendKey(key: string | null | undefined): string | null {
  if (key == null) return null;
  const lower = key.trim().toLowerCase();
  if (lower === '') return null;
  return BACKEND_ALIASES[lower] ?? lower;
}

/**
 * True when `selector` admits `platformKey`: null/empty/`*` admit every platform; a string is
 * split on `,` and `|`; each entry matches exactly (case-insensitive) or as a `prefix*` glob. Pure.
 */
export function matchesPlatformSelector(selector: string | readonly string[] | null | undefined, platformKey: string): boolean {
  if (selector == null) return true;
  const entries = (typeof selector === 'string' ? [selector] : selector)
    .flatMap((s) => s.split(/[,|]/))
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (entries.length === 0) return true;
  const key = platformKey.trim().toLowerCase();
  return entries.some((entry) => entry === '*' || entry === key || (entry.endsWith('*') && key.startsWith(entry.slice(0, -1))));
}
