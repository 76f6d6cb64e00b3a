"""PyTorch inference worker: runs a prompt through a TorchScript module and returns its result.

Model format (chosen for portability: no Python class is needed to load it): a module saved
with ``torch.jit.save(torch.jit.script(module), path)``. ``model_path`` is that file, or a
folder holding it as ``model.pt`` (or ``inference_settings.weights``).

Input encoding: the prompt's UTF-8 bytes, truncated/zero-padded to
``inference_settings.input_length`` (default 16), divided by 255, as a float32 tensor of shape
(1, input_length). The module's output tensor becomes the response:
  - with ``inference_settings.labels`` (a list): the label at the argmax of the output;
  - otherwise: the output values as a JSON list, rounded to 6 decimals.
Request: {model_path, prompt?, inference_settings?}.
Outputs: {"response": str, "output_shape": [...], "values": [...], "device": str, "torch_version": str}
Only the standard library is imported at start-up; torch loads when the request is handled.
"""

import json
import os
import sys

from _worker_protocol import WorkerError, run


def resolve_model_file(model_path, settings):
    if not isinstance(model_path, str) or not model_path:
        raise WorkerError("model_path is required")
    if os.path.isfile(model_path):
        return model_path
    name = settings.get("weights") if isinstance(settings.get("weights"), str) else "model.pt"
    candidate = os.path.join(model_path, name)
    if os.path.isfile(candidate):
        return candidate
    raise WorkerError("no TorchScript model at %s (expected a file, or %s inside the folder)" % (model_path, name))


def encode_prompt(torch, prompt, length):
    data = list(prompt.encode("utf-8"))[:length]
    data += [0] * (length - len(data))
    return torch.tensor([data], dtype=torch.float32) / 255.0


def handle(request, io):
    settings = request.get("inference_settings") or {}
    if not isinstance(settings, dict):
        raise WorkerError("inference_settings must be an object")
    prompt = request.get("prompt") or ""
    if not isinstance(prompt, str):
        raise WorkerError("prompt must be text")
    length = settings.get("input_length", 16)
    if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= 1000000:
        raise WorkerError("inference_settings.input_length must be a positive integer")
    model_file = resolve_model_file(request.get("model_path"), settings)

    io.progress(0.1, "importing torch")
    import torch

    device = settings.get("device") or "cpu"
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    io.progress(0.3, "loading %s on %s" % (os.path.basename(model_file), device))
    module = torch.jit.load(model_file, map_location=device)
    module.eval()
    x = encode_prompt(torch, prompt, length).to(device)
    io.progress(0.6, "running the model")
    with torch.no_grad():
        y = module(x)
    if not isinstance(y, torch.Tensor):
        raise WorkerError("the model returned %s, not a tensor" % type(y).__name__)
    values = [float(v) for v in y.detach().to("cpu").flatten().tolist()]
    labels = settings.get("labels")
    if isinstance(labels, list) and labels:
        index = int(torch.argmax(y.detach().flatten()).item())
        if index >= len(labels):
            raise WorkerError("the model's argmax %d has no label (%d labels)" % (index, len(labels)))
        response = str(labels[index])
    else:
        response = json.dumps([round(v, 6) for v in values])
    io.progress(1.0, "done")
    return {
        "response": response,
        "output_shape": list(y.shape),
        "values": values[:1024],
        "device": str(device),
        "torch_version": torch.__version__,
    }


if __name__ == "__main__":
    sys.exit(run(handle))
