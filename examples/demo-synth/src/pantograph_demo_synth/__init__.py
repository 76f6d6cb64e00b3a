"""Pantograph demo synth: a DEMO stand-in for a text-to-audio model, not a real model.

It turns a text prompt into a short, deterministic WAV using only the standard library:
a few additive tones whose pitches, rhythm and timbre derive from a SHA-256 hash of the
prompt, shaped by attack/decay envelopes, with a little seeded noise. The same prompt, seed,
duration and sample rate always give the same bytes. It exists so that Pantograph's
Puma-Lib -> Dependency Environment -> Audio Generation path can run end to end on any machine,
offline, in seconds.
"""

import hashlib
import math
import random
import struct
import wave

__version__ = "0.1.0"
__all__ = ["__version__", "synthesize", "render_wav", "MAX_DURATION_SECONDS"]

MAX_DURATION_SECONDS = 120.0
_PEAK = 0.8 * 32767


def _prompt_digest(prompt):
    return hashlib.sha256(prompt.encode("utf-8")).digest()


def _check(duration_seconds, sample_rate, seed):
    if not isinstance(sample_rate, int) or isinstance(sample_rate, bool) or not 8000 <= sample_rate <= 192000:
        raise ValueError("sample_rate must be an integer between 8000 and 192000, got %r" % (sample_rate,))
    if not isinstance(duration_seconds, (int, float)) or isinstance(duration_seconds, bool):
        raise ValueError("duration_seconds must be a number, got %r" % (duration_seconds,))
    if not 0 < duration_seconds <= MAX_DURATION_SECONDS:
        raise ValueError("duration_seconds must be in (0, %s], got %r" % (MAX_DURATION_SECONDS, duration_seconds))
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError("seed must be a non-negative integer, got %r" % (seed,))


def synthesize(prompt, duration_seconds=2.0, sample_rate=22050, seed=0):
    """Returns mono 16-bit little-endian PCM bytes for ``prompt``.

    The frame count is ``round(duration_seconds * sample_rate)``. Deterministic for a given
    (prompt, duration_seconds, sample_rate, seed); raises ValueError on out-of-range arguments.
    """
    _check(duration_seconds, sample_rate, seed)
    digest = _prompt_digest(prompt)
    rng = random.Random(int.from_bytes(digest[:8], "big") ^ seed)
    frames = int(round(duration_seconds * sample_rate))

    # Three voices: a root from the hash, then a third/fifth-ish interval and an octave colour.
    root_midi = 45 + digest[8] % 24
    intervals = (0, 3 + digest[9] % 2, 7, 12 + (digest[10] % 3) * 2)
    voices = []
    for index, interval in enumerate(intervals):
        freq = 440.0 * 2.0 ** ((root_midi + interval - 69) / 12.0)
        voices.append((freq * (1.0 + rng.uniform(-0.002, 0.002)), 1.0 / (index + 1.5), rng.uniform(0, 2 * math.pi)))
    # Note onsets: a pulse rate from the hash; each note gets an attack/decay envelope.
    notes_per_second = 1.5 + (digest[11] % 5) * 0.5
    note_length = max(1, int(sample_rate / notes_per_second))
    attack = max(1, int(0.01 * sample_rate))
    accents = [0.55 + 0.45 * (b / 255.0) for b in digest[12:28]]
    brightness = 0.15 + (digest[28] % 8) / 40.0

    samples = []
    two_pi = 2.0 * math.pi
    for n in range(frames):
        t = n / sample_rate
        position = n % note_length
        note_index = n // note_length
        if position < attack:
            envelope = position / attack
        else:
            envelope = math.exp(-3.0 * (position - attack) / note_length)
        envelope *= accents[note_index % len(accents)]
        value = 0.0
        for freq, amplitude, phase in voices:
            angle = two_pi * freq * t + phase
            value += amplitude * (math.sin(angle) + brightness * math.sin(2.0 * angle))
        value = value * envelope + 0.02 * (rng.random() * 2.0 - 1.0)
        samples.append(value)

    # Short fades at both ends so the clip never clicks.
    fade = min(frames // 2, int(0.005 * sample_rate))
    for i in range(fade):
        gain = i / fade
        samples[i] *= gain
        samples[frames - 1 - i] *= gain

    peak = max((abs(s) for s in samples), default=0.0) or 1.0
    scale = _PEAK / peak
    return struct.pack("<%dh" % frames, *(int(round(s * scale)) for s in samples))


def render_wav(path, prompt, duration_seconds=2.0, sample_rate=22050, seed=0):
    """Writes a mono 16-bit PCM WAV of ``prompt`` to ``path`` and returns its facts.

    Returns a dict with ``path``, ``frames``, ``sample_rate``, ``channels`` (1),
    ``duration_seconds`` (frames / sample_rate) and ``seed``.
    """
    pcm = synthesize(prompt, duration_seconds=duration_seconds, sample_rate=sample_rate, seed=seed)
    frames = len(pcm) // 2
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm)
    return {
        "path": str(path),
        "frames": frames,
        "sample_rate": sample_rate,
        "channels": 1,
        "duration_seconds": frames / float(sample_rate),
        "seed": seed,
    }
