"""Shared helpers for the workers that load Hugging Face model folders with transformers.

Standard library only at import time. Everything here checks a model folder *before* the heavy
imports, so a wrong folder fails fast with a structured error naming the file at fault:
``model_file_missing`` (no config.json, no tokenizer), ``model_weights_missing`` (no weights file),
``model_config_invalid`` (config.json is not a JSON object), ``model_unsupported_architecture``,
``device_unavailable`` (``cuda`` asked on a machine without CUDA). Nothing is downloaded: the
hub is switched offline before transformers is imported.
"""

import json
import os
import sys
import time

from _worker_protocol import WorkerError

WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "spiece.model")
DEVICES = ("auto", "cpu", "cuda", "mps")

# How often this process imported torch (stays 1 in a warm worker); reported with each result.
STATE = {"torch_imports": 0, "requests": 0}


def go_offline():
    """Never reach the Hugging Face hub from a worker (read by huggingface_hub at import time)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def import_torch():
    """Imports torch (once per process); returns (torch, seconds spent importing it now)."""
    if "torch" in sys.modules:
        return sys.modules["torch"], 0.0
    started = time.time()
    go_offline()
    import torch

    STATE["torch_imports"] += 1
    return torch, time.time() - started


def read_config(model_path):
    """The folder's config.json as a dict; structured errors when absent or not a JSON object."""
    if not isinstance(model_path, str) or not model_path:
        raise WorkerError("model_path is required", code="invalid_inference_input", where="model_path")
    if not os.path.isdir(model_path):
        raise WorkerError("the model folder %s does not exist" % model_path, code="model_file_missing", where=model_path)
    path = os.path.join(model_path, "config.json")
    if not os.path.isfile(path):
        raise WorkerError("the model folder %s has no config.json" % model_path, code="model_file_missing", where=path)
    try:
        with open(path, "r", encoding="utf-8") as handle:
            config = json.load(handle)
    except (OSError, ValueError) as error:
        raise WorkerError("%s is not valid JSON: %s" % (path, error), code="model_config_invalid", where=path)
    if not isinstance(config, dict):
        raise WorkerError("%s must hold a JSON object" % path, code="model_config_invalid", where=path)
    return config


def require_weights(model_path):
    """Raises ``model_file_missing`` naming model.safetensors unless the folder has weights."""
    for name in WEIGHT_FILES:
        if os.path.isfile(os.path.join(model_path, name)):
            return os.path.join(model_path, name)
    raise WorkerError(
        "the model folder %s has no weights file: expected %s (or %s)" % (model_path, WEIGHT_FILES[0], ", ".join(WEIGHT_FILES[1:])),
        code="model_weights_missing",
        where=os.path.join(model_path, WEIGHT_FILES[0]),
    )


def require_tokenizer(model_path):
    """Raises ``model_file_missing`` unless the folder has tokenizer files."""
    for name in TOKENIZER_FILES:
        if os.path.isfile(os.path.join(model_path, name)):
            return
    raise WorkerError(
        "the model folder %s has no tokenizer: expected one of %s" % (model_path, ", ".join(TOKENIZER_FILES)),
        code="model_file_missing",
        where=os.path.join(model_path, TOKENIZER_FILES[0]),
    )


def parse_device(value):
    device = "auto" if value in (None, "") else value
    if device not in DEVICES:
        raise WorkerError("device must be one of %s, got %r" % (", ".join(DEVICES), device), code="invalid_inference_input", where="device")
    return device


def resolve_device(torch, wanted):
    """``auto`` → cuda when available, else cpu; an unavailable explicit device → ``device_unavailable``."""
    if wanted == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if wanted == "cuda" and not torch.cuda.is_available():
        raise WorkerError("device 'cuda' was requested but CUDA is not available on this machine (torch %s)" % torch.__version__, code="device_unavailable", where="device")
    if wanted == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise WorkerError("device 'mps' was requested but MPS is not available on this machine", code="device_unavailable", where="device")
    return wanted


def integer(request, name, default, minimum, maximum):
    value = request.get(name)
    if value is None:
        value = default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise WorkerError("%s must be an integer between %s and %s, got %r" % (name, minimum, maximum, value), code="invalid_inference_input", where=name)
    return value


def real(request, name, default, minimum, maximum):
    value = request.get(name)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not minimum <= value <= maximum:
        raise WorkerError("%s must be a number between %s and %s, got %r" % (name, minimum, maximum, value), code="invalid_inference_input", where=name)
    return float(value)


def load_failure(model_path, error):
    """Maps an exception from from_pretrained to a structured error naming the folder."""
    text = str(error)
    if isinstance(error, (OSError, EnvironmentError)) or "does not appear to have" in text or "not found" in text.lower():
        return WorkerError("could not load the model in %s: %s" % (model_path, text.splitlines()[0] if text else type(error).__name__), code="model_file_missing", where=model_path)
    return WorkerError("could not load the model in %s: %s: %s" % (model_path, type(error).__name__, text.splitlines()[0] if text else ""), code="model_config_invalid", where=model_path)
