/**
 * Reads the facts of a PCM WAV file from its bytes (RIFF/WAVE, `fmt ` and `data` chunks), so the
 * host can describe an audio output (and tests can check one) without trusting the worker.
 */
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';

/** What a WAV holds. `samples` is set for 16-bit PCM only (interleaved, normalized to −1…1). */
export interface WavInfo {
  readonly audioFormat: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly frames: number;
  readonly durationSeconds: number;
  /** Root-mean-square level of 16-bit PCM samples (0…1); null for other formats. */
  readonly rms: number | null;
}

/**
 * Parses `bytes` as a RIFF/WAVE file, walking chunks (odd sizes padded). Fails with
 * `invalid_payload` on a missing RIFF/WAVE signature, `fmt ` or `data` chunk, or a data chunk
 * longer than the file. Pure.
 */
export function parseWav(bytes: Uint8Array): Result<WavInfo> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  const bad = (message: string) => fail<WavInfo>(structuredError('invalid_payload', `not a valid WAV file: ${message}`));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return bad('no RIFF/WAVE signature');
  let format:
    { audioFormat: number; channels: number; sampleRate: number; bitsPerSample: number; blockAlign: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16) return bad('fmt chunk too short');
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined) return bad('data chunk before fmt chunk');
      if (body + size > bytes.length) return bad('data chunk runs past the end of the file');
      if (format.blockAlign === 0 || format.sampleRate === 0) return bad('zero block align or sample rate');
      const frames = Math.floor(size / format.blockAlign);
      let rms: number | null = null;
      if (format.audioFormat === 1 && format.bitsPerSample === 16) {
        let sum = 0;
        const count = size >> 1;
        for (let i = 0; i < count; i++) {
          const s = view.getInt16(body + i * 2, true) / 32768;
          sum += s * s;
        }
        rms = count === 0 ? 0 : Math.sqrt(sum / count);
      }
      return ok({
        audioFormat: format.audioFormat,
        channels: format.channels,
        sampleRate: format.sampleRate,
        bitsPerSample: format.bitsPerSample,
        frames,
        durationSeconds: frames / format.sampleRate,
        rms,
      });
    }
    offset = body + size + (size % 2);
  }
  return bad(format === undefined ? 'no fmt chunk' : 'no data chunk');
}
