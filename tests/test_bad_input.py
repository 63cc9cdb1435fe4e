"""Bad input inside a batch: each bad file costs one line on stderr, never the batch."""

from __future__ import annotations

import codecs
import os
import threading
from pathlib import Path

import pytest
from reliability_support import article, stderr_lines

from briefer import config, run, source


def _bad_and_good(folder: Path) -> tuple[dict[str, str], list[str]]:
    """{bad path: what its line must say}, [good file stems]; the bad ones that a folder
    listing skips (not regular files) are returned too, to be passed by name."""
    folder.mkdir()
    good = []
    for i in range(4):
        (folder / f"good{i}.txt").write_text(article(i), encoding="utf-8")
        good.append(f"good{i}")
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + article(7).encode("utf-16-le"))
    good.append("utf16")
    # One 1 MB line, no paragraph break at all: accepted.
    line = " ".join(f"the port would reopen on day {i}, officials said." for i in range(24000))
    (folder / "oneline.txt").write_text(line[: 1024 * 1024] + "\n", encoding="utf-8")
    good.append("oneline")

    bad: dict[str, str] = {}
    nul = folder / "nul.txt"
    nul.write_bytes(article(1).encode() + b"\x00\x00" + article(2).encode())
    bad[str(nul)] = "binary data (NUL bytes)"
    broken = folder / "broken.txt"
    noise = b"caf\xe9 \xff\xfe " + bytes(range(1, 9)) * 60  # no text in any encoding
    broken.write_bytes(article(1).encode() + noise + article(2).encode())
    bad[str(broken)] = "not valid UTF-8 at byte"
    big = folder / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: refused by stat, never read
    bad[str(big)] = "50 MB, larger than the 5 MB limit"
    gone = folder / "gone.txt"
    gone.write_text(article(3), encoding="utf-8")
    bad[str(gone)] = "no such file"

    fifo = folder / "fifo.txt"
    os.mkfifo(fifo)
    bad[str(fifo)] = "not a regular file"
    bad["/dev/zero"] = "not a regular file"
    loop = folder / "loop.txt"
    os.symlink(folder / "loop2.txt", loop)
    os.symlink(loop, folder / "loop2.txt")
    bad[str(loop)] = "symbolic link loop"
    return bad, good


def test_each_bad_file_costs_one_line_and_the_others_are_briefed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    bad, good = _bad_and_good(folder)
    gone = folder / "gone.txt"
    expand = source.expand_inputs

    def expand_then_delete(paths: list[str]) -> list[str]:
        found = expand(paths)
        assert str(gone) in found  # it was there when the folder was listed ...
        gone.unlink()  # ... and is deleted before it is read
        return found

    monkeypatch.setattr(source, "expand_inputs", expand_then_delete)
    settings = config.load({"mock": True}, {"BRIEFER_CONFIG": str(tmp_path / "none.toml")})
    specials = [str(folder / "fifo.txt"), "/dev/zero", str(folder / "loop.txt")]
    options = run.RunOptions(files=[str(folder), *specials], output=out)

    codes: list[int] = []
    worker = threading.Thread(target=lambda: codes.append(run.main(settings, options)))
    worker.start()
    worker.join(timeout=30)  # a FIFO or /dev/zero must not hang the batch
    assert not worker.is_alive(), "the batch hangs"
    err = capsys.readouterr().err

    assert codes == [2]
    lines = stderr_lines(err)
    assert "Traceback" not in err
    for path, reason in bad.items():
        mine = [line for line in lines if path in line]
        assert len(mine) == 1, (path, mine)
        assert mine[0].startswith("brief: error: ") and reason in mine[0], mine[0]
        assert mine[0].count(path) == 1, mine[0]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{g}.brief.md" for g in good)
    for memo in out.iterdir():
        assert "quotes verified" in memo.read_text(encoding="utf-8").splitlines()[-1]
    assert lines[-1].startswith(f"brief: {len(good)} briefed, {len(bad)} failed")
