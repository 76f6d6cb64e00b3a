import { describe, expect, it } from 'vitest';
import type { BindingV1, RequirementV1 } from '../../../src/core/contracts/requirements.js';
import { checkPinPolicy, isAudioModel, isImageModel } from '../../../src/core/requirements/pinPolicy.js';

function req(name: string, exactPin: string): RequirementV1 {
  return { kind: 'python_package', name, exact_pin: exactPin };
}

function binding(backend: string | null, requirements: RequirementV1[]): BindingV1 {
  return {
    binding_id: 'b1',
    profile_id: 'p',
    profile_version: 1,
    backend_key: backend,
    validation_state: 'resolved',
    validation_errors: [],
    requirements,
  };
}

const missing = (result: ReturnType<typeof checkPinPolicy>) => result.map((m) => m.requirement_name);

describe('checkPinPolicy', () => {
  it('requires torch for a pytorch binding, reported as unpinned_dependency on exact_pin', () => {
    expect(checkPinPolicy(binding('pytorch', [req('transformers', '==4.46.3')]), { model_id: 'llm/x' })).toEqual([
      {
        binding_id: 'b1',
        requirement_name: 'torch',
        field: 'exact_pin',
        reason: expect.stringContaining('torch'),
        code: 'unpinned_dependency',
      },
    ]);
  });

  it('applies to backend aliases and to stable_audio', () => {
    expect(missing(checkPinPolicy(binding('Torch', []), {}))).toEqual(['torch']);
    expect(
      missing(checkPinPolicy(binding('stable-audio', [req('torch', '==2.5.1')]), { model_id: 'audio/stabilityai/x' })),
    ).toEqual(['torchaudio']);
  });

  it('requires torchaudio for audio models and torchvision for image or diffusion models', () => {
    expect(missing(checkPinPolicy(binding('pytorch', []), { model_type: 'audio' }))).toEqual(['torch', 'torchaudio']);
    expect(missing(checkPinPolicy(binding('pytorch', []), { model_type: 'diffusion' }))).toEqual(['torch', 'torchvision']);
    expect(missing(checkPinPolicy(binding('pytorch', []), { model_id: 'image/sd/turbo' }))).toEqual(['torch', 'torchvision']);
    expect(
      missing(
        checkPinPolicy(binding('pytorch', [req('Torch', '==2.5.1'), req('torchvision', '==0.20.1')]), { model_type: 'image' }),
      ),
    ).toEqual([]);
  });

  it('does not count a requirement with an invalid pin as pinned', () => {
    expect(missing(checkPinPolicy(binding('pytorch', [req('torch', '>=2')]), {}))).toEqual(['torch']);
  });

  it('uses the model backend when the binding has none, and ignores other backends', () => {
    expect(missing(checkPinPolicy(binding(null, []), { backend_key: 'torch' }))).toEqual(['torch']);
    expect(checkPinPolicy(binding('onnxruntime', []), { model_type: 'audio' })).toEqual([]);
    expect(checkPinPolicy(binding(null, []), {})).toEqual([]);
  });

  it('classifies models from their type or id', () => {
    expect(isAudioModel({ model_id: 'audio/example/tiny-tts' })).toBe(true);
    expect(isAudioModel({ model_id: 'llm/audio-ish' })).toBe(false);
    expect(isImageModel({ model_type: 'text-to-image' })).toBe(true);
    expect(isImageModel({ model_type: 'llm' })).toBe(false);
  });
});
