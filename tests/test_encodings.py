"""Text that is not clean UTF-8: legacy encodings detected, mojibake repaired, and the user
told on stderr which was done; clean UTF-8 never loads the detectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import clean_env, run

from briefer.source import from_bytes, read_path

# Our own sentences, in the languages whose legacy encodings are still met in the wild.
ENGLISH = (
    "Harbour pilots walk out in Meridale\n\n"
    "“We will not move a single ship until the port pays what it owes,” said Ruth Okafor, "
    "who chairs the pilots’ association. The café owners on the quay — twelve of them — "
    "said they had lost €3,000 each since Monday.\n"
)
FRENCH = (
    "Le ministre a déclaré à Montréal que la réforme était nécessaire. « Nous ne céderons "
    "pas », a-t-il ajouté, après une réunion où l'opposition s'est retirée.\n"
)
RUSSIAN = "Министр заявил, что цены в следующем году вырастут на пять процентов.\n"
JAPANESE = "経済産業省は水曜日、来年の物価が五パーセント上昇すると発表した。\n"


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        (ENGLISH, "cp1252", "cp1252"),
        (FRENCH, "latin-1", "cp1252"),  # Windows-1252 reads every Latin-1 letter alike
        (RUSSIAN, "cp1251", "cp1251"),
        (JAPANESE, "shift_jis", "cp932"),
    ],
)
def test_legacy_encodings_are_detected(text: str, encoding: str, named: str) -> None:
    doc = from_bytes(text.encode(encoding), "old.txt")
    assert doc.text == text.strip("\n")
    assert doc.encoding == named
    assert any(named in note for note in doc.notes)


def test_a_cp1252_article_is_briefed_with_its_curly_quotes(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes(ENGLISH.encode("cp1252"))
    proc = run(tmp_path, "--mock", "-f", "json", "old.txt")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines == ["brief: old.txt: not UTF-8; read as cp1252 (detected)"]
    text = read_path(str(tmp_path / "old.txt")).text
    assert "“We will not move" in text and "pilots’ association" in text and "€3,000" in text
    claims = json.loads(proc.stdout)["claims"]
    assert claims and all(c["verified"] for c in claims)
    assert any("We will not move a single ship" in c["quote"] for c in claims)


def test_mojibake_is_repaired_and_said(tmp_path: Path) -> None:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    garbled = ENGLISH.encode("utf-8").decode("sloppy-windows-1252")
    assert "â€œ" in garbled
    doc = from_bytes(garbled.encode("utf-8"), "garbled.txt")
    assert doc.text == ENGLISH.strip("\n")
    assert doc.encoding == "utf-8" and doc.notes == ("repaired mojibake (ftfy)",)
    (tmp_path / "garbled.txt").write_text(garbled, encoding="utf-8")
    proc = run(tmp_path, "--mock", "garbled.txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == ["brief: garbled.txt: repaired mojibake (ftfy)"]
    assert "â€" not in proc.stdout


@pytest.mark.parametrize(
    "text", [ENGLISH, FRENCH, RUSSIAN, JAPANESE, "Plain ASCII.", "Déjà vu à Zürich: “café”."]
)
def test_clean_utf8_is_left_alone(text: str) -> None:
    doc = from_bytes(text.encode("utf-8"), "new.txt")
    assert doc.text == text.strip("\n") and doc.encoding == "utf-8" and doc.notes == ()


def test_clean_utf8_never_loads_the_detectors(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from briefer.source import from_bytes\n"
        f"from_bytes({ENGLISH.encode('utf-8')!r}, 'a.txt')\n"
        f"from_bytes({FRENCH.encode('utf-8')!r}, 'b.txt')\n"
        "print([m for m in ('charset_normalizer', 'ftfy') if m in sys.modules])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(tmp_path)
    )
    assert proc.stdout == "[]\n", proc.stderr


def test_bytes_that_are_no_text_in_any_encoding_are_refused(tmp_path: Path) -> None:
    noise = bytes(range(1, 32)) * 40 + b"\xff\xfe\x81\x8d" * 40
    (tmp_path / "noise.txt").write_bytes(noise)
    proc = run(tmp_path, "--mock", "noise.txt")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "brief: error: noise.txt: not valid UTF-8 at byte 1240, nor text in an encoding "
        "briefer can detect; convert it to UTF-8 first"
    ]
