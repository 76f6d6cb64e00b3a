import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioPathOf, runOutputDir } from '../../../src/core/nodes/runOutputs.js';

describe('run outputs', () => {
  it('puts outputs next to the workflow file, in `<name>.outputs` (the rule of the CLI and the extension)', () => {
    expect(runOutputDir(join('/w', 'my demo.pantograph'), '/data')).toBe(join('/w', 'my demo.outputs'));
    expect(runOutputDir(null, '/data')).toBe(join('/data', 'runs', 'untitled'));
  });

  it('finds the WAV path of an audio output', () => {
    expect(audioPathOf({ audio: '/o/audio-1.wav', sample_rate: 22050 })).toBe('/o/audio-1.wav');
    expect(audioPathOf({ audio: { path: '/o/a.wav' } })).toBe('/o/a.wav');
    expect(audioPathOf({ response: 'text' })).toBeUndefined();
  });
});
