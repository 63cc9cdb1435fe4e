"""Reading input: every bad input is one clear InputError line, good input is normalised."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefer import source
from briefer.errors import EXIT_USAGE, ConfigError, InputError
from briefer.source import (
    DEFAULT_MAX_BYTES,
    STDIN_NAME,
    Document,
    count_words,
    decode,
    expand_inputs,
    from_bytes,
    normalize,
    read_path,
    split_paragraphs,
)

ARTICLE = "Title\n\nFirst paragraph, with a quote.\n\nSecond paragraph.\n"


def input_error(path: str | Path, **kwargs: int) -> str:
    """The message read_path raises for `path`, checked to be one line."""
    with pytest.raises(InputError) as info:
        read_path(str(path), **kwargs)
    message = str(info.value)
    assert "\n" not in message and message
    assert info.value.exit_code == EXIT_USAGE
    return message


# --- normalize -----------------------------------------------------------------------------


def test_normalize_line_endings_nfc_controls_and_spaces() -> None:
    raw = "\n\n  \nCafe\u0301\r\nline two  \rline\u200bthree\x07\t\x1b[0m\ufeff\n\n\n"
    assert normalize(raw) == "Café\nline two\nlinethree\t[0m"


def test_normalize_unicode_line_and_page_breaks() -> None:
    assert normalize("a\u2028b\u2029c\x0cd\x0be\x85f") == "a\nb\n\nc\n\nd\ne\nf"
    assert normalize("soft\u00adhyphen and word\u2060joiner") == "softhyphen and wordjoiner"


def test_normalize_composes_marks_split_by_a_removed_control() -> None:
    assert normalize("e\u200b\u0301") == "é"


def test_normalize_keeps_leading_indent_and_inner_blank_lines() -> None:
    assert normalize("  indented\n\n\n\nnext") == "  indented\n\n\n\nnext"


def test_normalize_long_inner_space_run_is_fast() -> None:
    text = "a" + " " * 200_000 + "b"
    started = time.process_time()
    assert normalize(text) == text
    assert time.process_time() - started < 1


@given(st.text(max_size=500))
@settings(max_examples=300)
def test_normalize_properties(raw: str) -> None:
    text = normalize(raw)
    assert normalize(text) == text
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\x00" not in text and "\ufeff" not in text
    assert not text.startswith("\n") and not text.endswith("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert count_words(text) == count_words(normalize(text))


# --- paragraphs ----------------------------------------------------------------------------


def test_paragraphs_are_blocks_between_blank_lines() -> None:
    text = "Title\n\nOne line\nstill one.\n\n\n  Two, indented."
    spans = split_paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["Title", "One line\nstill one.", "Two, indented."]


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    text = "one\ntwo\n\u00a0\nthree"
    assert [text[a:b] for a, b in split_paragraphs(text)] == ["one", "two", "\u00a0", "three"]
    assert split_paragraphs("") == ()


@given(st.text(alphabet="ab \t\n", max_size=200))
@settings(max_examples=300)
def test_paragraph_spans_cover_the_text_in_order(raw: str) -> None:
    text = normalize(raw)
    spans = split_paragraphs(text)
    position = 0
    for a, b in spans:
        assert position <= a < b <= len(text)
        assert text[a] != "\n" and text[b - 1] != "\n"
        assert text[position:a].strip() == ""  # gaps hold only whitespace
        position = b
    assert text[position:].strip() == ""
    if "\n\n" in text:
        assert all("\n\n" not in text[a:b] for a, b in spans)
    else:
        assert all("\n" not in text[a:b] for a, b in spans)


def test_paragraph_at() -> None:
    doc = from_bytes(b"Title\n\nFirst para.\n\nSecond para.", "t.txt")
    text = doc.text
    assert doc.paragraph_at(0) == 1
    assert doc.paragraph_at(text.index("First")) == 2
    assert doc.paragraph_at(text.index("para.")) == 2
    assert doc.paragraph_at(text.index("First") - 1) == 1  # in the gap: the one before
    assert doc.paragraph_at(text.index("Second")) == 3
    assert doc.paragraph_at(len(text) - 1) == 3
    assert doc.paragraph_at(len(text) + 100) == 3
    assert doc.paragraph_at(-5) == 1


@given(st.text(alphabet="ab\n ", min_size=1, max_size=120), st.integers(-3, 130))
@settings(max_examples=300)
def test_paragraph_at_matches_a_linear_scan(raw: str, offset: int) -> None:
    text = normalize(raw)
    if not text.strip():
        return
    doc = Document("t", text, "", split_paragraphs(text))
    expected = 1
    for number, (start, _end) in enumerate(doc.paragraphs, 1):
        if start <= offset:
            expected = number
    assert doc.paragraph_at(offset) == expected


def test_document_words() -> None:
    doc = from_bytes("Kim Jong Un’s well-known envoy met Putin's aides.".encode(), "t")
    assert doc.words == 8  # Kim, Jong, Un’s, well-known, envoy, met, Putin's, aides


# --- decode --------------------------------------------------------------------------------


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode("Grüße".encode(), "t") == "Grüße"
    assert decode(codecs.BOM_UTF8 + "Grüße".encode(), "t") == "Grüße"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_utf16_and_utf32_with_bom(codec: str) -> None:
    text = "Грüße 北朝鮮 😀"
    data = text.encode(codec)
    if not codec.endswith(("16", "32")):
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode(data, "t") == text


def test_invalid_utf8_reports_the_byte_offset() -> None:
    data = b"fine text " + b"caf\xe9" + b" more"
    assert decode(data, "t.txt") == "fine text café more"  # a legacy encoding, detected
    noise = b"fine text " + b"\x01\x02\x03\xff" * 20
    with pytest.raises(
        InputError, match=r"t\.txt: not valid UTF-8 at byte 13, nor text in an encoding"
    ):
        decode(noise, "t.txt")
    # a UTF-8 byte-order mark says what the file is: no guessing, offset counts the BOM
    with pytest.raises(InputError, match="not valid UTF-8 at byte 16; convert"):
        decode(codecs.BOM_UTF8 + data, "t.txt")


def test_invalid_utf16_reports_the_byte_offset() -> None:
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8" + "c".encode("utf-16-le")
    with pytest.raises(InputError, match="not valid UTF-16 at byte 6"):
        decode(data, "t")


def test_nul_bytes_are_binary_and_utf16_without_bom_gets_a_hint() -> None:
    with pytest.raises(InputError, match=r"binary data \(NUL bytes\), not a text file$"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "t")
    with pytest.raises(InputError, match="UTF-16 text, save it as UTF-8"):
        decode("plain words".encode("utf-16-le"), "t")
    with pytest.raises(InputError, match="NUL characters"):
        decode("a\x00b".encode("utf-16"), "t")


# --- from_bytes ----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", b"\x07\x08\x1b", "\u200b\ufeff".encode()])
def test_empty_input_is_an_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"t\.txt: empty, nothing to brief"):
        from_bytes(data, "t.txt")


def test_from_bytes_builds_the_document() -> None:
    data = ("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode()
    doc = from_bytes(data, "a.txt")
    assert doc.name == "a.txt"
    assert doc.text == ARTICLE.strip()
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert next(doc.text[a:b] for a, b in doc.paragraphs) == "Title"
    assert len(doc.paragraphs) == 3


# --- read_path: good files -----------------------------------------------------------------


def test_reads_a_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Heading\n\nBody *text*.\n", encoding="utf-8")
    doc = read_path(str(path))
    assert doc.text == "# Heading\n\nBody *text*."
    assert doc.name == str(path)


def test_reads_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Ünïcode article\r\n\r\nsecond".encode("utf-16"))
    assert read_path(str(path)).text == "Ünïcode article\n\nsecond"


def test_reads_one_megabyte_line(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    line = ("word " * 210_000)[: 1024 * 1024 - 1] + "x"
    path.write_text(line, encoding="utf-8")
    doc = read_path(str(path))
    assert doc.text == line.rstrip() and len(doc.paragraphs) == 1


def test_file_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert len(read_path(str(path), max_bytes=100).text) == 100
    assert "larger than the 99 bytes limit" in input_error(path, max_bytes=99)


def test_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    doc = read_path("-")
    assert doc.name == STDIN_NAME and doc.text == ARTICLE.strip()


def test_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    assert (
        input_error("-", max_bytes=1024)
        == "<stdin>: larger than the 1,024 bytes limit (see --max-bytes)"
    )


def test_stdin_that_is_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty(io.BytesIO(b"never read")))
    assert "is a terminal" in input_error("-")


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert input_error("-") == "<stdin>: empty, nothing to brief"


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        read_path(str(tmp_path), max_bytes=0)
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024


# --- read_path: bad files ------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert input_error(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert input_error(tmp_path).endswith(": is a directory; pass the files in it")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty, nothing to brief"),
        (b"  \n\n\t \r\n", "empty, nothing to brief"),
        (b"GIF89a\x00\x01\x00\x01", "binary data (NUL bytes), not a text file"),
        (b"ok so far caf\xe9 \x01\x02\x03" * 20, "not valid UTF-8 at byte 13, nor text"),
    ],
)
def test_bad_content(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert expected in input_error(path)


def fifo_error(fifo: Path) -> str:
    """read_path's message for a FIFO; fails (instead of hanging) if reading it blocks."""
    result: list[str] = []

    def attempt() -> None:
        result.append(input_error(fifo))

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout=5)
    if thread.is_alive():  # unblock it before failing, so the test run can finish
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        thread.join(timeout=5)
        pytest.fail("read_path blocked on a FIFO")
    assert result, "read_path raised something other than InputError"
    return result[0]


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert fifo_error(fifo) == f"{fifo}: not a regular file"


def test_fifo_swapped_in_after_the_stat_is_caught_by_fstat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.txt"
    regular.write_text("text")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: real_stat(regular))
    assert fifo_error(fifo) == f"{fifo}: not a regular file"


def test_dev_zero_is_not_a_regular_file() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert input_error("/dev/zero") == "/dev/zero: not a regular file"


def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    assert input_error(a) == f"{a}: cannot read (symbolic link loop)"


def test_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert input_error(link).endswith(": no such file")


def test_fifty_megabyte_file_is_refused_by_size_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:  # sparse: no disk used
        fh.truncate(50 * 1024 * 1024)

    def no_read(*args: object) -> bytes:
        raise AssertionError("read before the size check")

    monkeypatch.setattr(source, "_read_limited", no_read)
    assert input_error(path) == f"{path}: 50 MB, larger than the 5 MB limit (see --max-bytes)"


def test_file_that_grows_past_the_limit_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def small_fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *[0] * 5, 10, *[0] * 3))

    monkeypatch.setattr(os, "fstat", small_fstat)
    assert "larger than the 1,000 bytes limit" in input_error(path, max_bytes=1000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_by_mode(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    try:
        assert input_error(path) == f"{path}: permission denied"
    finally:
        path.chmod(0o600)


def test_permission_denied_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Works as root too: the PermissionError branch is reached by refusing the open."""
    path = tmp_path / "secret.txt"
    path.write_text("text")

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)
    assert input_error(path) == f"{path}: permission denied"


def test_error_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("text")

    def fail(*args: object) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(source, "_read_limited", fail)
    assert input_error(path) == f"{path}: cannot read (Input/output error)"


def test_control_characters_in_a_path_stay_on_one_line(tmp_path: Path) -> None:
    message = input_error(tmp_path / "evil\nname.txt")
    assert message.startswith("'") and "\\n" in message


# --- expand_inputs -------------------------------------------------------------------------


def test_expand_inputs(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "a.TXT").write_text("a")
    (tmp_path / "notes.pdf").write_text("x")
    (tmp_path / "image.png").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.markdown").write_text("c")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("d")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "b.brief.md").write_text("a memo briefer wrote")
    expanded = expand_inputs([str(tmp_path), "-", "missing.txt"])
    assert expanded == [
        str(tmp_path / "a.TXT"),
        str(tmp_path / "b.md"),
        str(tmp_path / "notes.pdf"),
        str(tmp_path / "sub" / "c.markdown"),
        "-",
        "missing.txt",
    ]


def test_expand_inputs_globs_the_shell_left_alone(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.txt", "a.brief.md", "sub/c.txt", "notes.log"):
        (tmp_path / name).write_text("x")
    assert expand_inputs([str(tmp_path / "*.txt")]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
    ]
    assert expand_inputs([str(tmp_path / "**" / "*.txt")])[-1] == str(tmp_path / "sub" / "c.txt")
    for nothing in ("*.pdf", "*.md"):  # briefer's own memos never count as a match
        with pytest.raises(InputError, match="no file matches"):
            expand_inputs([str(tmp_path / nothing)])
    odd = tmp_path / "[draft].txt"  # a real file whose name looks like a pattern
    odd.write_text("x")
    assert expand_inputs([str(odd)]) == [str(odd)]


def test_expand_inputs_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "old.brief.md").write_text("a memo, not an article")
    with pytest.raises(InputError, match=r"folder holds no articles \(\.txt, \.md, \.html"):
        expand_inputs([str(tmp_path)])
