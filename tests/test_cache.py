"""ResponseCache: JSON in SQLite, safe when two runs write at once, maintainable by the CLI."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from briefer.llm import CacheError, ResponseCache, default_cache_dir
from briefer.llm.cache import CACHE_FILE, normalise_endpoint

WRITES = 200


def value(i: int, writer: int) -> dict[str, object]:
    return {"raw": json.dumps({"n": i, "by": writer}), "model": "gpt-4o-mini", "prompt_tokens": i}


def test_round_trip_stores_plain_json(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    assert cache.path == tmp_path / CACHE_FILE
    cache.put("k1", {"raw": "{}", "model": "m", "note": "ünïcode"})
    assert cache.get("k1") == {"raw": "{}", "model": "m", "note": "ünïcode"}
    assert cache.get("missing") is None and "k1" in cache
    cache.close()

    with sqlite3.connect(cache.path) as db:
        row = db.execute("SELECT key, value, model, created, size FROM responses").fetchone()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert row[0] == "k1" and json.loads(row[1])["note"] == "ünïcode"
    assert row[2] == "m" and abs(row[3] - time.time()) < 60 and row[4] == len(row[1])


def test_put_replaces(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c.sqlite3")
    cache.put("k", {"raw": "a"})
    cache.put("k", {"raw": "b"})
    assert cache.get("k") == {"raw": "b"} and cache.stats().entries == 1


def test_reading_creates_nothing(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "nested" / "dir")
    assert cache.get("k") is None
    assert cache.stats().entries == 0 and cache.entries() == [] and cache.clear() == 0
    assert not (tmp_path / "nested").exists()


def test_damaged_value_is_a_miss(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"raw": "x"})
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE responses SET value = 'not json{' WHERE key = 'k'")
    assert cache.get("k") is None


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CacheError) as info:
        ResponseCache(path).get("k")
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "delete it" in message
    assert info.value.exit_code == 1


def test_stats_entries_prune_clear(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    for i in range(5):
        cache.put(f"k{i}", {"raw": "x" * i, "model": f"m{i}"})
    with sqlite3.connect(cache.path) as db:  # age two entries by ten days
        db.execute("UPDATE responses SET created = created - 864000 WHERE key IN ('k0', 'k1')")

    stats = cache.stats()
    assert stats.entries == 5 and stats.bytes > 0 and stats.path == cache.path
    assert stats.oldest is not None and stats.newest is not None
    assert stats.newest - stats.oldest >= 863_000
    newest = cache.entries(limit=3)
    assert [e.key for e in newest] == ["k4", "k3", "k2"]
    assert newest[0].model == "m4" and newest[0].size == len(
        json.dumps({"model": "m4", "raw": "xxxx"})
    )

    cache.put_split("old", {"chunks": [], "tokens": 1})
    cache.put_split("new", {"chunks": [], "tokens": 2})
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE splits SET created = created - 864000 WHERE key = 'old'")
    assert cache.prune(older_than_days=5) == 2
    assert cache.get("k0") is None and cache.get("k2") is not None
    assert cache.get_split("old") is None and cache.get_split("new") == {"chunks": [], "tokens": 2}
    assert cache.clear() == 3 and cache.stats().entries == 0
    assert cache.get_split("new") is None


def test_default_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("BRIEFER_CACHE_DIR")
    assert default_cache_dir().name == "briefer"


@pytest.mark.parametrize(
    ("url", "identity"),
    [
        (None, "https://api.openai.com/v1"),
        ("https://API.OpenAI.com/v1/", "https://api.openai.com/v1"),
        ("https://api.openai.com:443/v1", "https://api.openai.com/v1"),
        ("http://user:secret@localhost:11434/v1", "http://localhost:11434/v1"),
    ],
)
def test_endpoint_identity(url: str | None, identity: str) -> None:
    assert normalise_endpoint(url) == identity


def _writer(path: str, writer: int, start: Barrier) -> None:
    cache = ResponseCache(Path(path))
    start.wait(timeout=30)  # both write at the same moment
    for i in range(WRITES):
        key = f"shared-{i}" if i % 4 == 0 else f"w{writer}-{i}"
        cache.put(key, value(i, writer))
        if i % 50 == 0:
            cache.get(key)
    cache.close()


def test_two_writer_processes_leave_a_sound_cache(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context()  # the platform default: fork on Linux, spawn elsewhere
    start = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, start)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0]

    cache = ResponseCache(tmp_path)
    with sqlite3.connect(cache.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        keys = [k for (k,) in db.execute("SELECT key FROM responses")]
    shared = WRITES // 4
    assert len(keys) == 2 * (WRITES - shared) + shared
    for key in keys:
        got = cache.get(key)
        assert got is not None and got["model"] == "gpt-4o-mini"
        i = int(key.rsplit("-", 1)[1])
        assert got["prompt_tokens"] == i
