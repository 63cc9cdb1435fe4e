"""The committed offline briefs in examples/ are what the offline engine makes today.

They are written by examples/regenerate.sh (offline engine, fixed date BRIEFER_DATE), and
this test runs the same script into a temporary folder and compares bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ARTICLES = sorted(EXAMPLES.glob("*.txt"))
SETS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())
"""Folders of articles about one event, each with one merged brief (brief --merge)."""
SCRIPT = EXAMPLES / "regenerate.sh"
SECTIONS = ("Bottom line", "Actors", "Claims", "Developments", "Outlook", "Gaps")
MERGED_SECTIONS = (
    "Bottom line",
    "Sources",
    "Actors",
    "Claims",
    "Contradictions",
    "Developments",
    "Outlook",
    "Gaps",
)
HOW = "regenerate with: examples/regenerate.sh (with the project's venv active) and commit"


def brief_name(article: Path) -> str:
    return article.name.removesuffix(".txt") + ".brief.md"


EXAMPLE_INPUTS = ARTICLES + SETS


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("briefs")
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "brief").exists() and shutil.which("brief") is None:
        pytest.skip("the brief console script is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFER_"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["BRIEFER_MAX_ITEMS"] = "3"  # the script must ignore the caller's settings
    proc = subprocess.run(
        ["bash", str(SCRIPT), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=out,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # --mock: no offline notice
    return out


def test_every_article_has_a_committed_brief() -> None:
    assert len(ARTICLES) >= 2
    committed = sorted(p.name for p in EXAMPLES.glob("*.brief.md"))
    assert committed == sorted(brief_name(a) for a in EXAMPLE_INPUTS), HOW


@pytest.mark.parametrize("article", EXAMPLE_INPUTS, ids=lambda p: p.stem)
def test_committed_brief_is_current(regenerated: Path, article: Path) -> None:
    committed = EXAMPLES / brief_name(article)
    fresh = (regenerated / brief_name(article)).read_bytes()
    assert committed.exists(), f"{committed.name} is missing; {HOW}"
    assert committed.read_bytes() == fresh, f"{committed.name} is stale; {HOW}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_committed_brief_is_a_whole_verified_memo(article: Path) -> None:
    memo = (EXAMPLES / brief_name(article)).read_text(encoding="utf-8")
    assert memo.startswith("# ")
    assert f"Source: examples/{article.name} · " in memo
    assert "· engine offline · 2026-01-01\n" in memo
    assert re.findall(r"^## (.+)$", memo, re.M) == list(SECTIONS)
    found = re.search(r"^(\d+)/(\d+) quotes verified · engine offline", memo, re.M)
    assert found, "footer missing"
    verified, total = int(found.group(1)), int(found.group(2))
    assert total > 0 and verified == total  # the offline engine quotes verbatim
    assert "Not found in source" not in memo


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_committed_merged_brief_covers_its_set(folder: Path) -> None:
    memo = (EXAMPLES / brief_name(folder)).read_text(encoding="utf-8")
    articles = sorted(folder.glob("*.txt"))
    assert len(articles) >= 3
    assert re.findall(r"^## (.+)$", memo, re.M) == list(MERGED_SECTIONS)
    assert f"Sources: {len(articles)} · " in memo
    for article in articles:
        assert f"examples/{folder.name}/{article.name}" in memo
    assert re.search(r"\*\*[23] sources\*\*", memo), "no corroborated claim"
    contradictions = memo.split("## Contradictions\n")[1].split("\n## ")[0]
    assert re.search(r"^1\. ", contradictions, re.M), "no contradiction"
    assert "Not found in source" not in memo
