import { describe, expect, it } from 'vitest';
import { parseWav } from '../../../src/core/inference/wavInfo.js';

function wav(samples: number[], sampleRate: number, extraChunk = false): Uint8Array {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(sampleRate, 12);
  fmt.writeUInt32LE(sampleRate * 2, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const list = extraChunk
    ? Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0')])
    : Buffer.alloc(0);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'ascii');
  dataHeader.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, list, dataHeader, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return new Uint8Array(Buffer.concat([riff, body]));
}

describe('parseWav', () => {
  it('reads format, frame count, duration and RMS of 16-bit PCM, skipping unknown padded chunks', () => {
    const result = parseWav(wav([16384, -16384, 16384, -16384], 8000, true));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16, frames: 4 });
    expect(result.value.durationSeconds).toBeCloseTo(4 / 8000, 10);
    expect(result.value.rms).toBeCloseTo(0.5, 6);
  });

  it('reports silence as zero RMS', () => {
    const result = parseWav(wav([0, 0, 0], 22050));
    expect(result.ok && result.value.rms).toBe(0);
  });

  it('rejects bytes that are not a WAV and a truncated data chunk', () => {
    expect(parseWav(new Uint8Array([1, 2, 3])).ok).toBe(false);
    const truncated = wav([1, 2, 3, 4], 8000).subarray(0, 50);
    const result = parseWav(truncated);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('past the end');
  });
});
