import { describe, expect, it } from 'vitest';
import { normalizeBackendKey } from '../../../src/core/requirements/backendKey.js';

describe('normalizeBackendKey', () => {
  it.each([
    ['torch', 'pytorch'],
    ['PyTorch', 'pytorch'],
    ['stable-audio', 'stable_audio'],
    ['Stable_Audio', 'stable_audio'],
    ['onnxruntime', 'onnx-runtime'],
    [' ONNX_Runtime ', 'onnx-runtime'],
    ['onnx-runtime', 'onnx-runtime'],
    ['llama.cpp', 'llamacpp'],
    ['Llama-CPP', 'llamacpp'],
    ['llama_cpp', 'llamacpp'],
    ['transformers', 'transformers'],
  ])('maps %j to %j', (input, expected) => {
    expect(normalizeBackendKey(input)).toBe(expected);
  });

  it('gives null for missing or blank keys and ignores inherited object keys', () => {
    expect(normalizeBackendKey(null)).toBeNull();
    expect(normalizeBackendKey(undefined)).toBeNull();
    expect(normalizeBackendKey('  ')).toBeNull();
    expect(normalizeBackendKey('constructor')).toBe('constructor');
  });
});
