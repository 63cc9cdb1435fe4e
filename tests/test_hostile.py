"""Hostile servers and hostile text: what a server sends, or what a file is named, cannot
leak the key, pass off a wrong quote as verified, stop other files, or reach the terminal
or the model outside its place."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openai_server import Reply, SeenRequest, completion_body, requested_schema
from reliability_support import (
    BRIEF,
    BriefingServer,
    answer_for,
    article,
    article_in,
    clean_env,
    run_brief,
    stderr_lines,
)

from briefer import source
from briefer.source import Document
from briefer.verify import locate

BRIEFER = str(Path(BRIEF).with_name("briefer"))
Hostile = Callable[[SeenRequest], Reply]


class HostileServer(BriefingServer):
    """A BriefingServer that answers articles holding a marker with a hostile reply."""

    def __init__(self) -> None:
        super().__init__()
        self.hostile: dict[str, Hostile] = {}

    def _replay(self, req: SeenRequest) -> Reply:
        text = article_in(req) or req.text
        for marker, respond in self.hostile.items():
            if marker in text:
                return respond(req)
        return super()._replay(req)


@pytest.fixture
def server() -> Any:
    s = HostileServer()
    s.start()
    try:
        yield s
    finally:
        s.stop()


def _key(req: SeenRequest) -> str:
    return req.headers.get("authorization", "").removeprefix("Bearer ").strip()


def _answer(req: SeenRequest) -> dict[str, Any]:
    return answer_for(requested_schema(req.body) or "Draft", article_in(req))


def _escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _unescaped(text: str) -> str:
    """`text` with JSON \\uXXXX escapes (at any depth of backslashes) decoded."""
    return re.sub(r"\\+u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def _files(*folders: Path) -> list[tuple[Path, str]]:
    found = []
    for folder in folders:
        if folder.exists():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    found.append((p, p.read_bytes().decode("utf-8", "replace")))
    return found


def _assert_no_key(key: str, texts: list[str], *folders: Path) -> None:
    fragment = key[-12:]  # any part of it would be a leak too
    found = [(str(p), t) for p, t in _files(*folders)] + [("output", t) for t in texts]
    for where, text in found:
        for form in (text, _unescaped(text)):
            assert key not in form and fragment not in form, (where, text[:300])


def _markdown_then_json(
    path: Path, server: HostileServer, env: dict[str, str], cache: Path, rec: Path
) -> list[str]:
    """Brief `path` as Markdown, then as JSON (from the cache): stdout and stderr of both."""
    texts = []
    for fmt in ("markdown", "json"):
        args = [str(path), "--base-url", server.base_url, "-f", fmt]
        result = run_brief([*args, "--cache-dir", str(cache), "--record", str(rec)], env)
        assert result.returncode == 0, result.stderr
        texts += [result.stdout, result.stderr]
    return texts


# -- 1-4: secrets -----------------------------------------------------------------------------
def test_a_key_escaped_as_json_unicode_in_an_answer_is_redacted(
    tmp_path: Path, server: HostileServer
) -> None:
    key = f"sk-canary-{secrets.token_hex(16)}"
    (tmp_path / "a.txt").write_text(article(1).replace("Officials", "Echo officials"), "utf-8")

    def echo(req: SeenRequest) -> Reply:
        data = _answer(req)
        data["title"] = "Brief for KEY"
        data["gaps"] = ["The key KEY was used.", "Twice: \\\\KEY"]
        content = json.dumps(data).replace("KEY", _escaped(_key(req)))
        return Reply(200, completion_body(content, prompt_tokens=10))

    server.hostile["Echo officials"] = echo
    env = clean_env(tmp_path, OPENAI_API_KEY=key)
    cache, rec = tmp_path / "cache", tmp_path / "rec"
    texts = _markdown_then_json(tmp_path / "a.txt", server, env, cache, rec)
    assert r"# Brief for \[redacted\]" in texts[0] and "[redacted]" in texts[2]
    assert len(server.chat_requests) == 1 and list(rec.glob("*.json"))
    _assert_no_key(key, texts, cache, rec)


def test_a_key_in_the_model_field_stays_out_of_the_cache_and_its_listing(
    tmp_path: Path, server: HostileServer
) -> None:
    key = f"sk-canary-{secrets.token_hex(16)}"
    (tmp_path / "a.txt").write_text(article(2).replace("Officials", "Model officials"), "utf-8")

    def echo(req: SeenRequest) -> Reply:
        content = json.dumps(_answer(req))
        return Reply(200, completion_body(content, model=f"proxy for {_key(req)}"))

    server.hostile["Model officials"] = echo
    env = clean_env(tmp_path, OPENAI_API_KEY=key)
    cache, rec = tmp_path / "cache", tmp_path / "rec"
    texts = _markdown_then_json(tmp_path / "a.txt", server, env, cache, rec)
    listing = [BRIEFER, "cache", "list", "--cache-dir", str(cache)]
    listed = subprocess.run(listing, env=env, capture_output=True, text=True)
    assert listed.returncode == 0 and "[redacted]" in listed.stdout, listed.stdout
    _assert_no_key(key, [*texts, listed.stdout, listed.stderr], cache, rec)


def test_a_key_without_the_sk_prefix_is_masked_before_a_message_is_cut(
    tmp_path: Path, server: HostileServer
) -> None:
    key = "gsk_" + secrets.token_hex(13)  # 30 characters, no "sk-"
    (tmp_path / "a.txt").write_text(article(3).replace("Officials", "Raw officials"), "utf-8")

    def echo(req: SeenRequest) -> Reply:
        # The key starts at character 53: a cut at 80 characters would keep 26 of its 30.
        said = "upstream refused the call, and the token it saw was:"
        assert len(said) == 52
        return Reply(200, f"{said} {_key(req)} end")

    server.hostile["Raw officials"] = echo
    env = clean_env(tmp_path, GROQ_API_KEY=key)
    args = [str(tmp_path / "a.txt"), "--base-url", server.base_url, "--api-key-env", "GROQ_API_KEY"]
    result = run_brief([*args, "--no-cache", "--max-retries", "0"], env)
    assert result.returncode == 1
    (line,) = stderr_lines(result.stderr)
    assert "not a chat completion" in line and "[redacted]" in line
    for i in range(len(key) - 6):
        assert key[i : i + 6] not in line, line


def test_config_never_shows_a_password_in_the_base_url(tmp_path: Path) -> None:
    env = clean_env(tmp_path, OPENAI_BASE_URL="http://user:s3cret-pass@127.0.0.1:9/v1")
    done = subprocess.run([BRIEFER, "config"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "s3cret" not in done.stdout + done.stderr
    assert "http://user:***@127.0.0.1:9/v1" in done.stdout


# -- 5-7: quote verification ---------------------------------------------------------------
def _doc(text: str) -> Document:
    return source.from_bytes(text.encode("utf-8"), "hostile.txt")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "We dont support the strike and we wont go back to work.",
            "We [fully] support the strike and we [will] go back to work.",
        ),
        ("We dont support the strike and we wont go back.", "We ... support the strike"),
        ("They cant agree on the budget this year.", "They [will] agree on the budget"),
        (
            "Er sagte, wir unterstützen den Streik nicht mehr.",
            "wir unterstützen den Streik [...] mehr",
        ),
        ("Wir werden nicht zurückkehren, sagte sie.", "Wir werden [bald] zurückkehren"),
        ("Nous ne signerons pas cet accord.", "Nous [...] signerons [...] cet accord"),
    ],
)
def test_negations_without_apostrophes_or_in_other_languages_are_never_elided(
    text: str, quote: str
) -> None:
    assert not locate(quote, _doc(text)).verified


@pytest.mark.parametrize(
    ("text", "quote", "verified"),
    [
        ("Prices rose 40¹ percent last year.", "Prices rose 401 percent", False),
        ("The grid loses 10² megawatts a day.", "The grid loses 102 megawatts", False),
        ("The grid loses 10² megawatts a day.", "The grid loses 10² megawatts", True),
        ("Prices rose 40¹ percent last year.", "Prices rose 40¹ percent", True),
        ("Emissions of CO₂ fell by a third.", "Emissions of CO2 fell", True),
    ],
)
def test_superscripts_are_compared_by_what_they_mean(text: str, quote: str, verified: bool) -> None:
    assert locate(quote, _doc(text)).verified is verified


_BLOWUP = """
import time
from briefer import source
from briefer.verify import locate
doc = source.from_bytes(("0 " * 300 + "restart now.").encode(), "zeros.txt")
for gaps in (4, 6, 7, 12):
    locate("0 [MW] " * gaps + "restart later", doc)
    locate("0 [MW] 0 ... " * gaps + "restart later", doc)
assert locate("0 [MW] " * 7 + "restart now", doc).verified
print("done")
"""


def test_many_bracket_gaps_over_repetitive_text_are_checked_in_bounded_time() -> None:
    """Was exponential: 6 gaps took two minutes. A subprocess, so a regression fails at
    the timeout instead of hanging the suite."""
    done = subprocess.run(
        [sys.executable, "-c", _BLOWUP], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
