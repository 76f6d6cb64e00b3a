"""Audio-generation worker: renders a prompt to a WAV file in the request's output directory.

Request (one JSON object on stdin):
  model_path        the model folder (what the Puma-Lib node emits)            required
  prompt            text prompt                                                   required
  output_dir        absolute directory for the WAV (the run output folder)       required
  duration          seconds (default: settings.default_duration_seconds, else 5)
  seed              integer >= 0 (default: settings.default_seed, else random; reported back)
  steps, guidance_scale, sample_rate, output_name          optional
  inference_settings  object from the model library; ``backend`` / ``backend_key`` picks the path
Outputs: {"audio": <wav path>, "duration_seconds", "sample_rate", "channels", "seed", "backend"}

Backends:
  demo          ``pantograph_demo_synth`` (a standard-library tone synthesizer, a demo)
  stable_audio  a local Stable Audio folder: ``model_config.json`` + ``model.safetensors`` or
                ``model.ckpt``, loaded with stable_audio_tools (create_model_from_config +
                load_ckpt_state_dict), run with generate_diffusion_cond on CUDA, MPS or CPU.
  transformers  a Hugging Face text-to-audio folder (MusicGen: config.json with model_type
                ``musicgen``, model.safetensors, tokenizer files), run with transformers:
                duration → max_new_tokens through the audio encoder's frame rate, classifier-free
                ``guidance_scale``, sampling seeded by ``seed``; a PCM16 WAV at the model's
                sampling rate. Chosen automatically for a folder whose config.json names such a model.
Every backend runs with the Hugging Face hub offline (HF_HUB_OFFLINE=1): nothing is downloaded.
``device`` (request or settings): auto | cpu | cuda | mps; an unavailable one → device_unavailable.
Run once per request, or long-lived with ``--serve`` (a warm worker keeps the model loaded).
Only the standard library is imported at start-up; torch and friends load lazily.
"""

import hashlib
import json
import os
import random
import struct
import sys
import wave

import _hf_models as hf
from _worker_protocol import WorkerError, main

BACKEND_ALIASES = {"stable-audio": "stable_audio", "stableaudio": "stable_audio", "torch": "pytorch", "musicgen": "transformers", "hf": "transformers"}
# model_type values of config.json that the transformers backend runs (text → waveform with a codec).
TEXT_TO_AUDIO_TYPES = ("musicgen", "musicgen_melody")
# (model_path, device) -> (tokenizer, model): kept between requests by a warm worker.
LOADED = {}


def normalize_backend(value):
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().lower()
    return BACKEND_ALIASES.get(key, key)


def read_manifest_backend(model_path):
    path = os.path.join(model_path, "pantograph-model.json")
    try:
        with open(path, "r", encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return None
    return normalize_backend(manifest.get("backend_key")) if isinstance(manifest, dict) else None


def choose_backend(request, settings):
    for value in (settings.get("backend"), settings.get("backend_key"), request.get("backend_key")):
        backend = normalize_backend(value)
        if backend and backend != "pytorch":
            return backend
    manifest = read_manifest_backend(request["model_path"])
    if manifest and manifest != "pytorch":
        return manifest
    if os.path.isfile(os.path.join(request["model_path"], "config.json")) and not os.path.isfile(os.path.join(request["model_path"], "model_config.json")):
        return "transformers"
    return "stable_audio"


def number(value, name, default, minimum, maximum):
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WorkerError("%s must be a number, got %r" % (name, value))
    if not minimum <= value <= maximum:
        raise WorkerError("%s must be between %s and %s, got %r" % (name, minimum, maximum, value))
    return value


def parse_request(request):
    settings = request.get("inference_settings") or {}
    if not isinstance(settings, dict):
        raise WorkerError("inference_settings must be an object")
    model_path = request.get("model_path")
    if not isinstance(model_path, str) or not model_path:
        raise WorkerError("model_path is required")
    prompt = request.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise WorkerError("prompt is required and must be non-empty text")
    output_dir = request.get("output_dir")
    if not isinstance(output_dir, str) or not os.path.isabs(output_dir):
        raise WorkerError("output_dir must be an absolute path")
    seed = request.get("seed")
    if seed is None:
        seed = settings.get("default_seed")
    if seed is None:
        seed = random.SystemRandom().randrange(0, 2 ** 31)
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise WorkerError("seed must be a non-negative integer, got %r" % (seed,))
    return {
        "settings": settings,
        "model_path": model_path,
        "prompt": prompt,
        "output_dir": output_dir,
        "seed": seed,
        "duration": float(number(request.get("duration"), "duration", settings.get("default_duration_seconds", 5), 0.05, 600)),
        "steps": int(number(request.get("steps"), "steps", settings.get("default_steps", 100), 1, 10000)),
        "guidance_scale": float(number(request.get("guidance_scale"), "guidance_scale", settings.get("default_guidance_scale", 7.0), 0, 100)),
        "sample_rate": request.get("sample_rate") or settings.get("sample_rate"),
        "output_name": request.get("output_name"),
        "backend": choose_backend(request, settings),
        "device": hf.parse_device(request.get("device") or settings.get("device")),
    }


def output_path(params):
    name = params["output_name"]
    if name is not None:
        if not isinstance(name, str) or os.path.basename(name) != name or not name.endswith(".wav"):
            raise WorkerError("output_name must be a plain file name ending in .wav")
    else:
        key = json.dumps([params[k] for k in ("backend", "model_path", "prompt", "duration", "seed", "steps", "guidance_scale", "sample_rate")])
        name = "audio-%s.wav" % hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    os.makedirs(params["output_dir"], exist_ok=True)
    return os.path.join(params["output_dir"], name)


def render_demo(params, target, io):
    try:
        import pantograph_demo_synth
    except ImportError:
        raise WorkerError(
            "pantograph_demo_synth is not installed in this environment (%s); run Ensure Environment on the "
            "Dependency Environment node with the demo wheel directory as its wheel source" % sys.executable
        )
    sample_rate = int(number(params["sample_rate"], "sample_rate", 22050, 8000, 192000))
    io.progress(0.05, "demo synth: rendering %.2f s at %d Hz" % (params["duration"], sample_rate))
    temp = target + ".partial"
    info = pantograph_demo_synth.render_wav(temp, params["prompt"], params["duration"], sample_rate, params["seed"])
    os.replace(temp, target)
    return {"duration_seconds": info["duration_seconds"], "sample_rate": sample_rate, "channels": info["channels"]}


def pick_device(torch, wanted):
    if wanted and wanted != "auto":
        return hf.resolve_device(torch, wanted)
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def find_checkpoint(model_path, settings):
    names = [settings["weights"]] if isinstance(settings.get("weights"), str) else ["model.safetensors", "model.ckpt"]
    for name in names:
        candidate = os.path.join(model_path, name)
        if os.path.isfile(candidate):
            return candidate
    raise WorkerError("no Stable Audio weights in %s (looked for %s)" % (model_path, ", ".join(names)), code="model_weights_missing", where=os.path.join(model_path, names[0]))


def write_pcm16(target, audio, sample_rate):
    """Writes a (channels, frames) int16 tensor as an interleaved PCM WAV."""
    channels, frames = int(audio.shape[0]), int(audio.shape[1])
    interleaved = audio.transpose(0, 1).contiguous()
    try:
        data = interleaved.numpy().astype("<i2").tobytes()
    except Exception:  # noqa: BLE001 - numpy missing: slower pure-Python path
        flat = interleaved.flatten().tolist()
        data = struct.pack("<%dh" % len(flat), *flat)
    with wave.open(target, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(data)
    return channels, frames


def render_stable_audio(params, target, io):
    settings = params["settings"]
    model_path = params["model_path"]
    # Check the folder before the heavy imports, so a wrong path fails fast and clearly.
    config_path = os.path.join(model_path, settings.get("model_config", "model_config.json"))
    if not os.path.isfile(config_path):
        raise WorkerError("no model_config.json in %s: a Stable Audio model folder needs model_config.json and its weights" % model_path, code="model_file_missing", where=config_path)
    checkpoint = find_checkpoint(model_path, settings)
    try:
        with open(config_path, "r", encoding="utf-8") as handle:
            config = json.load(handle)
    except ValueError as error:
        raise WorkerError("%s is not valid JSON: %s" % (config_path, error), code="model_config_invalid", where=config_path)
    if not isinstance(config, dict) or "sample_rate" not in config or "sample_size" not in config:
        raise WorkerError("%s must be a Stable Audio model config (an object with sample_rate, sample_size, model)" % config_path, code="model_config_invalid", where=config_path)

    import inspect

    try:
        torch, _ = hf.import_torch()
        from stable_audio_tools.inference.generation import generate_diffusion_cond
        from stable_audio_tools.models.factory import create_model_from_config
        from stable_audio_tools.models.utils import load_ckpt_state_dict
    except ImportError as error:
        raise WorkerError("the Stable Audio backend needs torch and stable_audio_tools in this environment (%s): %s" % (sys.executable, error))

    device = pick_device(torch, params["device"])
    io.progress(0.02, "loading Stable Audio model on %s" % device)
    # Built from the folder's own config and weights; never get_pretrained_model (a hub download).
    # Its T5 text conditioner is loaded by transformers by name, offline: it must be in the HF cache.
    try:
        model = create_model_from_config(config)
    except OSError as error:
        raise WorkerError(
            "could not build the Stable Audio model from %s offline: %s (its text conditioner, e.g. t5-base, must already be in the Hugging Face cache)" % (config_path, str(error).splitlines()[0]),
            code="model_file_missing",
            where=config_path,
        )
    model.load_state_dict(load_ckpt_state_dict(checkpoint))
    model = model.to(device).eval().requires_grad_(False)
    if device == "cuda" and settings.get("half", True):
        model = model.to(torch.float16)
    sample_rate = int(config["sample_rate"])
    sample_size = int(config["sample_size"])
    duration = min(params["duration"], sample_size / float(sample_rate))
    conditioning = [{"prompt": params["prompt"], "seconds_start": 0, "seconds_total": duration}]
    kwargs = {
        "steps": params["steps"],
        "cfg_scale": params["guidance_scale"],
        "conditioning": conditioning,
        "sample_size": sample_size,
        "sigma_min": settings.get("sigma_min", 0.3),
        "sigma_max": settings.get("sigma_max", 500),
        "sampler_type": settings.get("sampler_type", "dpmpp-3m-sde"),
        "device": device,
        "seed": params["seed"] % (2 ** 32 - 1),
    }
    if "callback" in inspect.signature(generate_diffusion_cond).parameters:
        total = float(params["steps"])
        kwargs["callback"] = lambda info: io.progress(0.05 + 0.9 * min(1.0, (info.get("i", 0) + 1) / total), "diffusion step %s" % (info.get("i", 0) + 1))
    io.progress(0.05, "generating %.2f s" % duration)
    output = generate_diffusion_cond(model, **kwargs)
    audio = output[0][:, : int(round(duration * sample_rate))].to(torch.float32)
    peak = torch.max(torch.abs(audio)).clamp(min=1e-8)
    audio = audio.div(peak).clamp(-1, 1).mul(32767).to(torch.int16).cpu()
    temp = target + ".partial"
    channels, frames = write_pcm16(temp, audio, sample_rate)
    os.replace(temp, target)
    return {"duration_seconds": frames / float(sample_rate), "sample_rate": sample_rate, "channels": channels}


def load_text_to_audio(params, io):
    """Checks the folder (config, weights, tokenizer), then loads or reuses tokenizer + model."""
    model_path = params["model_path"]
    config = hf.read_config(model_path)
    model_type = config.get("model_type")
    if model_type not in TEXT_TO_AUDIO_TYPES:
        raise WorkerError(
            "the model in %s is not a supported text-to-audio model: model_type %r (supported: %s)" % (model_path, model_type, ", ".join(TEXT_TO_AUDIO_TYPES)),
            code="model_unsupported_architecture",
            where=os.path.join(model_path, "config.json"),
        )
    hf.require_weights(model_path)
    hf.require_tokenizer(model_path)
    torch, _ = hf.import_torch()
    device = pick_device(torch, params["device"])
    key = (os.path.realpath(model_path), device)
    if key not in LOADED:
        io.progress(0.05, "loading %s on %s" % (os.path.basename(os.path.normpath(model_path)), device))
        from transformers import AutoModelForTextToWaveform, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
            model = AutoModelForTextToWaveform.from_pretrained(model_path, local_files_only=True)
        except Exception as error:  # noqa: BLE001 - reported as a structured error
            raise hf.load_failure(model_path, error)
        LOADED.clear()
        LOADED[key] = (tokenizer, model.to(device).eval())
    return torch, device, LOADED[key]


def render_transformers(params, target, io):
    torch, device, (tokenizer, model) = load_text_to_audio(params, io)
    audio_config = model.config.audio_encoder
    sample_rate = int(audio_config.sampling_rate)
    frame_rate = float(getattr(audio_config, "frame_rate", None) or sample_rate / float(hop_length(audio_config)))
    frames = max(1, int(round(params["duration"] * frame_rate)))
    # MusicGen's delay pattern costs (codebooks - 1) steps before the first full audio frame.
    delay = max(0, int(getattr(model.decoder.config, "num_codebooks", 1)) - 1)
    torch.manual_seed(params["seed"])
    inputs = tokenizer([params["prompt"]], return_tensors="pt", padding=True).to(device)
    io.progress(0.1, "generating %d frames (%.2f s at %s frames/s)" % (frames, params["duration"], frame_rate))
    with torch.no_grad():
        output = model.generate(**inputs, do_sample=True, guidance_scale=params["guidance_scale"], max_new_tokens=frames + delay)
    audio = output[0].to(torch.float32).cpu()
    wanted = int(round(frames * sample_rate / frame_rate))
    audio = audio[:, :wanted]
    audio = audio.clamp(-1, 1).mul(32767).round().to(torch.int16)
    temp = target + ".partial"
    channels, written = write_pcm16(temp, audio, sample_rate)
    os.replace(temp, target)
    return {"duration_seconds": written / float(sample_rate), "sample_rate": sample_rate, "channels": channels, "frame_rate": frame_rate, "frames": frames, "device": device}


def hop_length(audio_config):
    product = 1
    for ratio in getattr(audio_config, "upsampling_ratios", None) or [1]:
        product *= int(ratio)
    return product


RENDERERS = {"demo": render_demo, "stable_audio": render_stable_audio, "transformers": render_transformers}


def handle(request, io):
    hf.go_offline()
    hf.STATE["requests"] += 1
    params = parse_request(request)
    renderer = RENDERERS.get(params["backend"])
    if renderer is None:
        raise WorkerError("audio backend %r is not supported (supported: %s)" % (params["backend"], ", ".join(sorted(RENDERERS))))
    target = output_path(params)
    facts = renderer(params, target, io)
    io.progress(1.0, "wrote %s" % target)
    outputs = {"audio": target, "seed": params["seed"], "backend": params["backend"], "worker_pid": os.getpid(), "torch_imports": hf.STATE["torch_imports"], "requests": hf.STATE["requests"]}
    outputs.update(facts)
    return outputs


if __name__ == "__main__":
    sys.exit(main(handle))
