"""The Python API: `briefer.brief`, `briefer.abrief`, `Brief.to_markdown()/.to_json()`.

The README's example is run as written; the API's briefs are compared with the `brief`
command's, offline and against the recorded OpenAI server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openai_server import OpenAIServer
from test_cli import clean_env, script

import briefer
from briefer.errors import ConfigError, InputError

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "harbour-strike.txt"
DATE = "2026-06-13"


def readme_example() -> str:
    """The first Python code block under the README's "Python API" heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's Python API section has no python code block"
    return found.group(1)


def test_readme_example_runs_as_written(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", readme_example()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean_env(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "## Bottom line" in proc.stdout and "quotes verified" in proc.stdout
    # the example prints each verified quote as sliced from the text by its offsets
    sliced = re.findall(r"^¶\d+ (\d+)-(\d+): (.*)$", proc.stdout, re.MULTILINE)
    assert sliced
    text = briefer.brief(ARTICLE, offline=True).text
    assert text is not None
    for start, end, words in sliced:
        assert text[int(start) : int(end)] == words


def test_readme_example_type_checks_strictly(tmp_path: Path) -> None:
    """py.typed ships, so a user's mypy --strict sees the API's types."""
    example = tmp_path / "example.py"
    example.write_text(readme_example(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    typed = Path(briefer.__file__).with_name("py.typed")
    assert typed.is_file()


def test_api_brief_is_the_command_s_brief(tmp_path: Path) -> None:
    """The command is a thin layer: the same article gives the same JSON either way."""
    proc = subprocess.run(
        [script("brief"), "--mock", "--format", "json", str(ARTICLE)],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path, {"BRIEFER_DATE": DATE}),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    memo = briefer.brief(ARTICLE, offline=True, date=DATE)
    assert isinstance(memo, briefer.Brief)
    assert json.loads(memo.to_json()) == json.loads(proc.stdout)
    markdown = subprocess.run(
        [script("brief"), "--mock", str(ARTICLE)],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path, {"BRIEFER_DATE": DATE}),
        timeout=60,
    )
    assert memo.to_markdown() == markdown.stdout


def test_text_bytes_and_path_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    from_path = briefer.brief(ARTICLE, offline=True, date=DATE)
    from_text = briefer.brief(text, offline=True, date=DATE)
    from_bytes = briefer.brief(text.encode("utf-8"), offline=True, date=DATE, name="a.txt")
    assert from_text.source.path == "<text>" and from_bytes.source.path == "a.txt"
    assert from_path.source.path == str(ARTICLE)
    for other in (from_text, from_bytes):
        assert other.claims == from_path.claims and other.text == from_path.text
    # a one-line str naming a file is read as that file
    monkeypatch.chdir(ARTICLE.parent)
    assert briefer.brief(ARTICLE.name, offline=True, date=DATE).source.path == ARTICLE.name
    with pytest.raises(InputError, match="empty"):
        briefer.brief("   \n", offline=True)
    with pytest.raises(InputError, match="no such file"):
        briefer.brief(tmp_path / "missing.txt", offline=True)


def test_async_twin_gives_the_same_brief() -> None:
    sync = briefer.brief(ARTICLE, offline=True, date=DATE)
    concurrent = asyncio.run(_two_at_once())
    assert [b.to_json() for b in concurrent] == [sync.to_json()] * 2


async def _two_at_once() -> list[briefer.Brief]:
    return list(
        await asyncio.gather(
            briefer.abrief(ARTICLE, offline=True, date=DATE),
            briefer.abrief(ARTICLE, offline=True, date=DATE),
        )
    )


def test_sync_brief_inside_an_event_loop_points_at_abrief() -> None:
    async def inside() -> None:
        briefer.brief(ARTICLE, offline=True)

    with pytest.raises(ConfigError, match="abrief"):
        asyncio.run(inside())


def test_offline_false_without_a_model_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "BRIEFER_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFER_CONFIG", "/nonexistent/config.toml")
    with pytest.raises(ConfigError, match="no API key"):
        briefer.brief(ARTICLE, offline=False)
    # offline=None picks the offline engine, as the command does
    assert briefer.brief(ARTICLE).usage.engine == "offline"


def test_api_against_the_recorded_server(
    openai_server: OpenAIServer, veldmark_article: str, tmp_path: Path
) -> None:
    settings = briefer.Settings(cache_dir=str(tmp_path / "cache"), max_retries=0)

    def ask() -> briefer.Brief:
        return briefer.brief(
            veldmark_article,
            settings=settings,
            base_url=openai_server.base_url,
            api_key="sk-test-api",
            date=DATE,
        )

    memo = ask()
    assert memo.usage.engine != "offline" and memo.usage.calls == 1
    assert len(openai_server.chat_requests) == 1
    assert memo.claims and memo.text is not None
    verified = [c for c in memo.claims if c.verified]
    assert verified
    for claim in verified:
        assert claim.start is not None and claim.end is not None
        assert claim.end > claim.start
    again = ask()
    assert len(openai_server.chat_requests) == 1  # the cache answered
    assert again.usage.cache_hits == 1
    assert again.claims == memo.claims and again.title == memo.title


def test_import_and_offline_brief_stay_light(tmp_path: Path) -> None:
    code = (
        "import sys, briefer\n"
        "heavy = ('openai', 'tiktoken', 'pydantic', 'jinja2', 'charset_normalizer', 'ftfy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "memo = briefer.brief(" + repr(str(ARTICLE)) + ", offline=True)\n"
        "print(sorted(m for m in heavy[:2] + heavy[4:] if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[]", "[]"]
