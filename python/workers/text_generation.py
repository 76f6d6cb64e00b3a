"""Text-generation worker: a Hugging Face causal language model folder, run with transformers.

Request (one JSON object):
  model_path       the model folder (config.json, model.safetensors, tokenizer files)   required
  prompt           text                                                                   required
  max_new_tokens   1..100000 (default 64)
  temperature      0..100 (default 0.8; 0 = greedy decoding)
  top_p            0 < top_p <= 1 (default 0.95)
  seed             integer >= 0 (default 0): the same seed on the same machine gives the same text
  device           auto (CUDA when available, else CPU) | cpu | cuda | mps
Events: ``{"event":"stream","text":<new text>}`` per generated token as it is produced (the
concatenation of all stream texts is the final ``text``), plus progress events.
Outputs: {"text", "tokens", "seed", "device", "model_type", "worker_pid", "torch_imports",
"requests", "timings": {"torch_import_s", "model_load_s" (transformers import included),
"first_token_s" (generation start → first token), "total_s", "request_start_epoch_ms"}}.

Run once per request (``python text_generation.py``), or long-lived with ``--serve`` (a warm
worker): torch, the tokenizer and the model stay loaded between requests.
"""

import os
import sys
import time

import _hf_models as hf
from _worker_protocol import WorkerError, main

# (model_path, device) -> (tokenizer, model): kept between requests by a warm worker.
LOADED = {}


def causal_lm_types():
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    return MODEL_FOR_CAUSAL_LM_MAPPING_NAMES


def parse_request(request):
    prompt = request.get("prompt")
    if not isinstance(prompt, str) or prompt == "":
        raise WorkerError("prompt is required and must be non-empty text", code="invalid_inference_input", where="prompt")
    top_p = hf.real(request, "top_p", 0.95, 0.0, 1.0)
    if top_p <= 0:
        raise WorkerError("top_p must be greater than 0", code="invalid_inference_input", where="top_p")
    return {
        "model_path": request.get("model_path"),
        "prompt": prompt,
        "max_new_tokens": hf.integer(request, "max_new_tokens", 64, 1, 100000),
        "temperature": hf.real(request, "temperature", 0.8, 0.0, 100.0),
        "top_p": top_p,
        "seed": hf.integer(request, "seed", 0, 0, 2 ** 63 - 1),
        "device": hf.parse_device(request.get("device")),
    }


def load(params, io):
    """Checks the folder, then loads (or reuses) tokenizer + model; returns them and the seconds spent."""
    model_path = params["model_path"]
    config = hf.read_config(model_path)
    hf.require_weights(model_path)
    hf.require_tokenizer(model_path)
    torch, import_s = hf.import_torch()
    device = hf.resolve_device(torch, params["device"])
    key = (os.path.realpath(model_path), device)
    if key in LOADED:
        return torch, device, LOADED[key], import_s, 0.0, config
    started = time.time()
    model_type = config.get("model_type")
    supported = causal_lm_types()
    if model_type not in supported:
        raise WorkerError(
            "the model in %s is not a text-generation model: model_type %r (architectures %s) has no causal language-model class in transformers"
            % (model_path, model_type, config.get("architectures")),
            code="model_unsupported_architecture",
            where=os.path.join(model_path, "config.json"),
        )
    io.progress(0.1, "loading %s on %s" % (os.path.basename(os.path.normpath(model_path)), device))
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(model_path, local_files_only=True)
    except Exception as error:  # noqa: BLE001 - reported as a structured error
        raise hf.load_failure(model_path, error)
    model = model.to(device).eval()
    LOADED.clear()
    LOADED[key] = (tokenizer, model)
    return torch, device, (tokenizer, model), import_s, time.time() - started, config


class StreamingText(object):
    """A transformers streamer that reports every new token's text at once as a stream event.

    The text so far is the decoded generated ids; each event carries what was added since the last
    one, so the events concatenate to the final text. Incomplete UTF-8 (a trailing U+FFFD) waits.
    """

    def __init__(self, tokenizer, io):
        self.tokenizer = tokenizer
        self.io = io
        self.started = time.time()
        self.ids = []
        self.sent = ""
        self.skip_prompt = True
        self.first_token_s = None

    def put(self, value):
        if self.skip_prompt:
            self.skip_prompt = False
            return
        self.ids.extend(int(v) for v in value.reshape(-1).tolist())
        if self.first_token_s is None:
            self.first_token_s = time.time() - self.started
        self._emit(final=False)

    def end(self):
        self._emit(final=True)

    def _emit(self, final):
        text = self.tokenizer.decode(self.ids, skip_special_tokens=True)
        if not final and text.endswith("\ufffd"):
            return
        if text.startswith(self.sent) and len(text) > len(self.sent):
            self.io.stream(text[len(self.sent):])
            self.sent = text


def handle(request, io):
    started = time.time()
    hf.STATE["requests"] += 1
    params = parse_request(request)
    torch, device, (tokenizer, model), import_s, load_s, config = load(params, io)
    torch.manual_seed(params["seed"])
    inputs = tokenizer(params["prompt"], return_tensors="pt").to(device)
    streamer = StreamingText(tokenizer, io)
    sample = params["temperature"] > 0
    max_new_tokens = params["max_new_tokens"]
    # A model with learned positions (GPT-2: n_positions) cannot go past them: cap, and say so.
    limit = getattr(model.config, "n_positions", None)
    prompt_tokens = int(inputs["input_ids"].shape[-1])
    if isinstance(limit, int) and prompt_tokens + max_new_tokens > limit:
        max_new_tokens = max(1, limit - prompt_tokens)
        io.log("max_new_tokens capped to %d: the model has %d positions and the prompt uses %d" % (max_new_tokens, limit, prompt_tokens), level="warning")
    kwargs = {"max_new_tokens": max_new_tokens, "streamer": streamer, "do_sample": sample}
    if sample:
        kwargs.update({"temperature": params["temperature"], "top_p": params["top_p"]})
    if tokenizer.pad_token_id is None and tokenizer.eos_token_id is not None:
        kwargs["pad_token_id"] = tokenizer.eos_token_id
    io.progress(0.2, "generating up to %d tokens" % max_new_tokens)
    with torch.no_grad():
        output = model.generate(**inputs, **kwargs)
    generated = int(output.shape[-1] - inputs["input_ids"].shape[-1])
    io.progress(1.0, "generated %d tokens" % generated)
    return {
        "text": streamer.sent,
        "tokens": generated,
        "seed": params["seed"],
        "device": device,
        "model_type": config.get("model_type"),
        "worker_pid": os.getpid(),
        "torch_imports": hf.STATE["torch_imports"],
        "requests": hf.STATE["requests"],
        "timings": {
            "torch_import_s": round(import_s, 4),
            "model_load_s": round(load_s, 4),
            "first_token_s": round(streamer.first_token_s or 0.0, 4),
            "request_start_epoch_ms": round(started * 1000.0, 1),
            "total_s": round(time.time() - started, 4),
        },
    }


if __name__ == "__main__":
    sys.exit(main(handle))
