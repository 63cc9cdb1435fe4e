"""The `brief` and `briefer` console scripts, driven in a subprocess (issue 2's "done when").

Every run gets an environment with no OpenAI key or endpoint and with the cache and config
file inside tmp_path, so the developer's own settings never leak in or get touched.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
SECTIONS = ("## Bottom line", "## Actors", "## Claims", "## Developments", "## Outlook", "## Gaps")
OFFLINE_NOTICE = "using the offline engine"


def script(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"console script {name!r} is not installed")
    return found


def clean_env(tmp: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "BRIEFER_")) and k != "COLUMNS"
    }
    env.update(
        BRIEFER_CACHE_DIR=str(tmp / "cache"),
        BRIEFER_CONFIG=str(tmp / "config.toml"),
        COLUMNS="100",
        NO_COLOR="1",
    )
    env.update(extra or {})
    return env


def run(
    tmp: Path,
    *args: str,
    prog: str = "brief",
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 30,
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [script(prog), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=tmp,
        env=clean_env(tmp, env),
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def assert_usage_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, exactly one line on stderr, nothing on stdout, no traceback anywhere."""
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("brief: error: "), lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def article() -> Path:
    return ROOT / "examples" / "harbour-strike.txt"


# -- bad input: exit 2, one line, no traceback ------------------------------------------


def _unreadable(tmp: Path) -> str:
    """A regular file this process may not read, even as root (a write-only sysfs file)."""
    if os.geteuid() != 0:
        path = tmp / "secret.txt"
        path.write_text("A perfectly good article.\n", encoding="utf-8")
        path.chmod(0)
        return str(path)
    for candidate in sorted(glob.glob("/sys/bus/*/uevent")):
        try:
            with open(candidate, "rb"):
                pass
        except PermissionError:
            return candidate
        except OSError:
            continue
    pytest.skip("running as root and no unreadable file found to test permission denied")


BAD_INPUTS = {
    # name: (how to make it in tmp, words the message must hold)
    "missing": (lambda tmp: "nope.txt", ["nope.txt", "no such file"]),
    "empty folder": (lambda tmp: (tmp / "folder").mkdir() or "folder", ["holds no articles"]),
    "empty": (lambda tmp: _write(tmp, "empty.txt", b""), ["empty"]),
    "whitespace": (lambda tmp: _write(tmp, "ws.txt", b"  \n\t\n\r\n   \n"), ["empty"]),
    "nul bytes": (lambda tmp: _write(tmp, "bin.txt", b"Hello\x00world\x00" * 20), ["binary"]),
    "invalid utf-8": (
        lambda tmp: _write(tmp, "noise.txt", b"Caf\xe9 \x01\x02\x03\x04" * 30),
        ["not valid UTF-8", "byte 3", "nor text in an encoding"],
    ),
    "symlink loop": (lambda tmp: _loop(tmp), ["loop.txt"]),
    "dev zero": (lambda tmp: "/dev/zero", ["not a regular file"]),
    "permission denied": (lambda tmp: _unreadable(tmp), ["permission denied"]),
}


def _write(tmp: Path, name: str, data: bytes) -> str:
    (tmp / name).write_bytes(data)
    return name


def _loop(tmp: Path) -> str:
    (tmp / "loop.txt").symlink_to(tmp / "loop.txt")
    return "loop.txt"


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    make, needles = BAD_INPUTS[case]
    path = make(tmp_path)
    assert_usage_error(run(tmp_path, "--mock", path, timeout=10), *needles)


def test_file_over_max_bytes(tmp_path: Path, article: Path) -> None:
    size = article.stat().st_size
    proc = run(tmp_path, "--mock", "--max-bytes", str(size - 1), str(article))
    assert_usage_error(proc, "limit", "--max-bytes")
    assert run(tmp_path, "--mock", "--max-bytes", str(size), str(article)).returncode == 0


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    start = time.monotonic()
    proc = run(tmp_path, "--mock", str(fifo), timeout=10)  # a hang raises TimeoutExpired
    assert time.monotonic() - start < 10
    assert_usage_error(proc, "not a regular file")


def test_stdin_given_twice(tmp_path: Path) -> None:
    assert_usage_error(run(tmp_path, "--mock", "-", "-", stdin=b"Some text.\n"), "stdin")


def test_bad_option_value_is_usage_error(tmp_path: Path, article: Path) -> None:
    proc = run(tmp_path, "--mock", "--format", "pdf", str(article))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_bad_config_file_is_one_line(tmp_path: Path, article: Path) -> None:
    (tmp_path / "config.toml").write_text("colour = 'blue'\n", encoding="utf-8")
    assert_usage_error(run(tmp_path, "--mock", str(article)), "unknown setting")


# -- good input ---------------------------------------------------------------------------


def test_utf16_with_bom_and_stdin_succeed(tmp_path: Path, article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    (tmp_path / "u16.txt").write_text(text, encoding="utf-16")  # writes a BOM
    assert (tmp_path / "u16.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    from_file = run(tmp_path, "--mock", "u16.txt")
    from_stdin = run(tmp_path, "--mock", "-", stdin=text.encode("utf-8"))
    for proc in (from_file, from_stdin):
        assert proc.returncode == 0, proc.stderr
        assert "## Bottom line" in proc.stdout
        assert proc.stderr == ""
    assert "Source: &lt;stdin&gt;" in from_stdin.stdout or "Source: <stdin>" in from_stdin.stdout
    # Same text, same brief apart from the source name. Compared as JSON: the memo's page
    # budget counts the header's words, so a longer name may trim a Markdown memo sooner.
    as_json = [
        json.loads(run(tmp_path, "--mock", "--format", "json", *args, stdin=data).stdout)
        for args, data in ((["u16.txt"], None), (["-"], text.encode("utf-8")))
    ]
    for brief in as_json:
        brief["source"].pop("path")
        brief["source"].pop("sha256")  # of the bytes read: UTF-16 and UTF-8 differ
        brief["source"].pop("origin")
    assert as_json[0] == as_json[1]


def test_offline_engine_is_announced_once_unless_mock(tmp_path: Path, article: Path) -> None:
    announced = run(tmp_path, str(article))
    assert announced.returncode == 0
    lines = announced.stderr.splitlines()
    assert len(lines) == 1 and OFFLINE_NOTICE in lines[0], announced.stderr
    assert "OPENAI_API_KEY" in lines[0]
    quiet = run(tmp_path, "--mock", str(article))
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert quiet.stdout == announced.stdout
    for heading in SECTIONS:
        assert f"\n{heading}\n" in quiet.stdout
    footer = re.search(r"(\d+)/(\d+) quotes verified", quiet.stdout)
    assert footer and footer.group(1) == footer.group(2)
    # BRIEFER_MOCK=1 is the environment's way of saying --mock: also silent.
    env_mock = run(tmp_path, str(article), env={"BRIEFER_MOCK": "1"})
    assert env_mock.returncode == 0 and env_mock.stderr == ""


def test_output_file(tmp_path: Path, article: Path) -> None:
    memo = tmp_path / "memo.md"
    proc = run(tmp_path, "--mock", "-o", str(memo), str(article))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    text = memo.read_text(encoding="utf-8")
    assert text.startswith("# ") and "## Gaps" in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp left


def test_output_dir_batch_survives_a_failing_input(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "briefs"
    inputs = [str(p) for p in EXAMPLES]
    proc = run(tmp_path, "--mock", "-o", str(out), inputs[0], "empty.txt", *inputs[1:])
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "empty.txt" in proc.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name.removesuffix(".txt") + ".brief.md" for p in EXAMPLES)
    for p in out.iterdir():
        assert "## Bottom line" in p.read_text(encoding="utf-8")
    assert proc.stdout == ""


def test_format_json_has_the_documented_keys(tmp_path: Path, article: Path) -> None:
    proc = run(tmp_path, "--mock", "--format", "json", str(article))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in (
        "title",
        "bottom_line",
        "actors",
        "claims",
        "developments",
        "outlook",
        "gaps",
        "source",
        "usage",
    ):
        assert key in data, key
    assert data["actors"], "the offline engine finds actors in the example"
    assert set(data["actors"][0]) >= {"name", "aliases", "kind", "role", "stance"}
    assert set(data["claims"][0]) >= {
        "statement",
        "claimant",
        "quote",
        "kind",
        "verified",
        "paragraph",
    }
    assert set(data["developments"][0]) >= {
        "when",
        "what",
        "where",
        "actors",
        "evidence",
        "verified",
        "paragraph",
    }
    assert set(data["source"]) >= {"path", "sha256", "words", "tokens", "chunks"}
    assert set(data["usage"]) >= {
        "engine",
        "model",
        "calls",
        "cache_hits",
        "prompt_tokens",
        "completion_tokens",
    }
    assert data["schema_version"] == 1 and re.fullmatch(r"\d{4}-\d\d-\d\d", data["date"])
    assert data["usage"]["engine"] == "offline" and data["usage"]["calls"] == 0


# -- help, version, config ------------------------------------------------------------------

_OPTION_LINE = re.compile(
    r"^\s{2,}(?:-\w, )?(--[\w-]+)(?: / --[\w-]+)?(?: <[\w\[\]]+>| [A-Z]+)?(\s*)(.*)$"
)


def test_help_documents_every_option_and_the_exit_codes(tmp_path: Path) -> None:
    import typer.main

    from briefer.cli import brief_app

    proc = run(tmp_path, "--help")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    documented: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        m = _OPTION_LINE.match(line)
        if m:
            documented[m.group(1)] = m.group(3).strip()
    command = typer.main.get_command(brief_app)
    expected = {opt for p in command.params for opt in p.opts if opt.startswith("--")} | {"--help"}
    missing = expected - set(documented)
    assert not missing, f"options absent from --help: {sorted(missing)}"
    bare = sorted(o for o, text in documented.items() if not text)
    assert not bare, f"options without help text on their line: {bare}"
    flat = " ".join(proc.stdout.split())
    assert "Exit codes: 0 ok; 1" in flat and "2 bad input or usage" in flat
    tools = run(tmp_path, "--help", prog="briefer")
    assert tools.returncode == 0 and "Exit codes" in tools.stdout
    for sub in ("config", "cache", "prompts", "version"):
        assert sub in tools.stdout


def test_version(tmp_path: Path) -> None:
    from briefer import __version__

    for prog, args in (("brief", ["--version"]), ("briefer", ["version"])):
        proc = run(tmp_path, *args, prog=prog)
        assert proc.returncode == 0
        assert proc.stdout.strip() == f"briefer {__version__}"


def test_config_shows_sources_and_never_the_key(tmp_path: Path) -> None:
    plain = run(tmp_path, "config", prog="briefer")
    assert plain.returncode == 0, plain.stderr
    assert f"config file: {tmp_path / 'config.toml'}" in plain.stdout
    assert re.search(r"^api_key\s+not set\s+env OPENAI_API_KEY$", plain.stdout, re.M)
    assert re.search(
        rf"^cache_dir\s+{re.escape(str(tmp_path / 'cache'))}\s+env BRIEFER_CACHE_DIR",
        plain.stdout,
        re.M,
    )
    assert re.search(r"^model\s+\S+\s+default$", plain.stdout, re.M)

    canary = "sk-canary-9f8e7d6c5b4a39281706"
    (tmp_path / "config.toml").write_text('model = "gpt-4.1"\n', encoding="utf-8")
    keyed = run(
        tmp_path,
        "config",
        prog="briefer",
        env={"OPENAI_API_KEY": canary, "BRIEFER_CONCURRENCY": "3"},
    )
    assert keyed.returncode == 0, keyed.stderr
    assert re.search(r"^api_key\s+set\s+env OPENAI_API_KEY$", keyed.stdout, re.M)
    assert re.search(r"^model\s+gpt-4\.1\s+config ", keyed.stdout, re.M)
    assert re.search(r"^concurrency\s+3\s+env BRIEFER_CONCURRENCY$", keyed.stdout, re.M)
    assert canary not in keyed.stdout + keyed.stderr
    assert "canary" not in keyed.stdout + keyed.stderr


# -- dry run -----------------------------------------------------------------------------


def test_dry_run_on_20000_words_sends_nothing(tmp_path: Path) -> None:
    from briefer.source import count_words

    parts: list[str] = []
    words = 0
    while words < 20_000:
        for p in EXAMPLES:
            text = p.read_text(encoding="utf-8")
            parts.append(text)
            words += count_words(text)
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(parts), encoding="utf-8")
    # A key and an endpoint where nothing listens: a dry run must not need either.
    env = {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    start = time.monotonic()
    proc = run(tmp_path, "--dry-run", str(big), env=env)
    elapsed = time.monotonic() - start
    print(f"brief --dry-run on {words:,} words: {elapsed:.2f} s wall, process included")
    assert proc.returncode == 0, proc.stderr
    # Speed is measured by benchmarks/bench_speed.py; this bound only catches a run that
    # waits on the network (the SDK's retries and timeouts), on however busy a machine.
    assert elapsed < 10, f"dry run took {elapsed:.2f} s"
    row = next(line for line in proc.stdout.splitlines() if "big.txt" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    header = next(line for line in proc.stdout.splitlines() if "chunks" in line and "|" in line)
    names = [c.strip() for c in header.strip("|").split("|")]
    plan = dict(zip(names, cells, strict=True))
    chunks = int(plan["chunks"].replace(",", ""))
    assert int(plan["words"].replace(",", "")) >= 20_000
    assert chunks >= 4  # ~27k tokens in chunks of 6,000
    assert int(plan["calls"].replace(",", "")) == chunks + 1
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


# -- where the memo goes ----------------------------------------------------------------------


def test_unwritable_output_is_one_line_not_a_traceback(tmp_path: Path, article: Path) -> None:
    (tmp_path / "afile").write_text("not a folder\n", encoding="utf-8")
    proc = run(tmp_path, "--mock", "-o", str(tmp_path / "afile" / "memo.md"), str(article))
    assert proc.returncode in (1, 2)
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1, proc.stderr


def test_output_to_a_fifo_writes_into_it(tmp_path: Path, article: Path) -> None:
    import stat

    fifo = tmp_path / "memo.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        proc = run(tmp_path, "--mock", "-o", str(fifo), str(article), timeout=10)
        assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a regular file"
        got, _ = reader.communicate(timeout=5)
        assert proc.returncode == 0
        assert b"## Bottom line" in got
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()


def test_several_inputs_on_stdout(tmp_path: Path) -> None:
    files = [str(p) for p in EXAMPLES[:2]]
    as_json = run(tmp_path, "--mock", "--format", "json", *files)
    assert as_json.returncode == 0, as_json.stderr
    briefs = json.loads(as_json.stdout)  # one parseable array, not concatenated objects
    assert [b["source"]["path"] for b in briefs] == files
    memos = run(tmp_path, "--mock", *files)
    assert memos.stdout.count("## Bottom line") == 2


def test_a_folder_without_o_is_briefed_and_estimated_but_its_memos_are_not(
    tmp_path: Path,
) -> None:
    """A folder is an input like several files: memos on stdout without -o, a plan for the
    whole folder with --dry-run; the `*.brief.md` memos briefer wrote there are skipped."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for example in EXAMPLES[:2]:
        shutil.copy(example, folder / example.name)
    first = run(tmp_path, "--mock", str(folder), "-o", str(folder))
    assert first.returncode == 0, first.stderr
    assert len(list(folder.glob("*.brief.md"))) == 2
    again = run(tmp_path, "--mock", "--format", "json", str(folder))
    assert again.returncode == 0, again.stderr
    assert sorted(Path(b["source"]["path"]).name for b in json.loads(again.stdout)) == sorted(
        e.name for e in EXAMPLES[:2]
    )
    plan = run(tmp_path, "--dry-run", "--base-url", "http://127.0.0.1:9/v1", str(folder))
    assert plan.returncode == 0, plan.stderr
    assert all(e.name in plan.stdout for e in EXAMPLES[:2])
    assert ".brief.md" not in plan.stdout


def test_a_quoted_pattern_is_a_batch_even_into_a_new_output_name(tmp_path: Path) -> None:
    """`-o NAME` with a pattern makes NAME a folder of memos, one per match, never one file
    holding the first memo only."""
    folder = tmp_path / "in"
    folder.mkdir()
    for example in EXAMPLES[:2]:
        shutil.copy(example, folder / example.name)
    out = tmp_path / "memos"
    result = run(tmp_path, "--mock", str(folder / "*.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        e.name.replace(".txt", ".brief.md") for e in EXAMPLES[:2]
    )
    missing = run(tmp_path, "--mock", str(folder / "*.pdf"))
    assert missing.returncode == 2
    assert missing.stderr.strip().endswith("no file matches")
