"""The JSON-lines protocol shared by Pantograph's inference workers (standard library only).

A worker is run as ``<environment python> <worker script>``. It reads one JSON object (the
request) from stdin and writes JSON lines to stdout: any number of
``{"event": "progress" | "log" | "stream", ...}`` lines, then exactly one final line,
``{"ok": true, "outputs": {...}}`` or ``{"ok": false, "error": "...", "traceback": "..."}``.

File descriptor 1 is reserved for the protocol: before the handler runs, everything else that
writes to stdout (print(), C extensions) is redirected to stderr, which Pantograph shows as logs.

A failure may carry a ``code`` (one of Pantograph's error codes, e.g. ``model_file_missing``) and
a ``where`` (the file or setting at fault): raise ``WorkerError(message, code=..., where=...)``.

Long-lived mode (``serve(handler)``, a warm worker): requests arrive as JSON lines on stdin, one
at a time; each gets its events and exactly one final line, then the worker waits for the next.
It ends when stdin closes. The handler keeps whatever it loaded (torch, a model) between requests.
"""

import json
import os
import sys
import traceback

__all__ = ["WorkerError", "WorkerIO", "run", "serve"]


class WorkerError(Exception):
    """An expected failure with a message meant for the user; reported without a traceback.

    ``code`` is a Pantograph error code (default: the runner's ``worker_failed``); ``where`` names
    the file or request field at fault.
    """

    def __init__(self, message, code=None, where=None):
        Exception.__init__(self, message)
        self.code = code
        self.where = where


class WorkerIO(object):
    """Writes protocol lines. Every line is flushed at once so progress arrives live."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, payload):
        self._stream.write(json.dumps(payload, ensure_ascii=False, allow_nan=False, default=str) + "\n")
        self._stream.flush()

    def progress(self, fraction=None, message=None, **extra):
        payload = {"event": "progress"}
        if fraction is not None:
            payload["fraction"] = max(0.0, min(1.0, float(fraction)))
        if message is not None:
            payload["message"] = str(message)
        payload.update(extra)
        self.write(payload)

    def log(self, message, level="info"):
        self.write({"event": "log", "level": level, "message": str(message)})

    def stream(self, text):
        self.write({"event": "stream", "text": str(text)})


def _claim_stdout():
    """Returns a text stream on the original stdout and points fd 1 and sys.stdout at stderr."""
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1)


def _failure(error):
    if isinstance(error, WorkerError):
        payload = {"ok": False, "error": str(error), "traceback": None}
        if error.code:
            payload["code"] = error.code
        if error.where:
            payload["where"] = str(error.where)
        return payload
    return {"ok": False, "error": "%s: %s" % (type(error).__name__, error), "traceback": traceback.format_exc()}


def _handle_one(handler, text, io):
    try:
        try:
            request = json.loads(text or "null")
        except ValueError as error:
            raise WorkerError("the request on stdin is not JSON: %s" % error)
        if not isinstance(request, dict):
            raise WorkerError("the request must be a JSON object")
        outputs = handler(request, io)
        if not isinstance(outputs, dict):
            raise WorkerError("the worker produced no outputs object")
        io.write({"ok": True, "outputs": outputs})
        return 0
    except Exception as error:  # noqa: BLE001 - report every failure on the protocol
        io.write(_failure(error))
        return 1


def serve(handler):
    """Long-lived mode: handles one JSON request per stdin line until stdin closes. Returns 0."""
    io = WorkerIO(_claim_stdout())
    io.write({"event": "log", "level": "info", "message": "worker ready", "ready": True, "pid": os.getpid()})
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        if line.strip():
            _handle_one(handler, line, io)


def main(handler):
    """``serve`` when started with ``--serve``, else ``run``; returns the exit code."""
    return serve(handler) if "--serve" in sys.argv[1:] else run(handler)


def run(handler):
    """Reads the request, calls ``handler(request, io)`` and writes the final line.

    ``handler`` returns the outputs dict. A WorkerError becomes ``ok: false`` with its message;
    any other exception also carries its traceback. Returns the process exit code.
    """
    io = WorkerIO(_claim_stdout())
    return _handle_one(handler, sys.stdin.read(), io)
