"""Content-addressed response cache: one SQLite file, JSON values, safe for concurrent runs.

The key is a hash of everything that shapes the answer (endpoint, model, messages, schema,
sampling settings) and nothing secret: the API key never enters it. Only validated answers
are stored, so a re-run replays exactly the answers that worked and resumes where a failed
run stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from briefer.errors import BrieferError
from briefer.llm.structured import schema_name, strict_schema
from briefer.llm.types import LLMRequest, canonical_json

DEFAULT_ENDPOINT = "https://api.openai.com/v1"
CACHE_FILE = "responses.sqlite3"
KEY_VERSION = 1
"""Bump when the key recipe or the stored value changes meaning: old entries simply miss."""

_BUSY_TIMEOUT_MS = 30_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    model TEXT,
    created REAL NOT NULL,
    size INTEGER NOT NULL
)
"""
_SPLITS = """
CREATE TABLE IF NOT EXISTS splits (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created REAL NOT NULL
)
"""


class CacheError(BrieferError):
    """The cache file cannot be opened, read or written (corrupt, locked, no permission)."""


def default_cache_dir() -> Path:
    """`$BRIEFER_CACHE_DIR`, else the platform's user cache folder for briefer."""
    override = os.environ.get("BRIEFER_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefer", appauthor=False))


def normalise_endpoint(base_url: str | None) -> str:
    """The endpoint's identity: lower-case scheme and host, no credentials, no trailing slash.

    Used in cache keys and messages, so credentials in a URL (`https://user:pw@host`) are
    dropped here and never travel further.
    """
    url = (base_url or DEFAULT_ENDPOINT).strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port is not None and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), host, path, "", ""))


def request_key(request: LLMRequest[Any], endpoint: str | None, json_mode: str) -> str:
    """sha256 of the canonical JSON of everything that decides the answer."""
    payload = {
        "v": KEY_VERSION,
        "endpoint": normalise_endpoint(endpoint),
        "model": request.model,
        "messages": [m.as_dict() for m in request.messages],
        "schema_name": schema_name(request.output),
        "schema": strict_schema(request.output, items=request.max_items),
        "json_mode": json_mode,
        "temperature": request.temperature,
        "seed": request.seed,
        "max_tokens": request.max_tokens,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    path: Path
    entries: int
    bytes: int
    """Size on disk of the database and its WAL file."""
    oldest: float | None
    """Unix time of the oldest entry, None when empty."""
    newest: float | None


@dataclass(frozen=True)
class CacheEntry:
    key: str
    created: float
    model: str | None
    size: int


class ResponseCache:
    """A key → JSON object store in SQLite (WAL mode, busy timeout, one statement per write).

    `path` is a directory (the file `responses.sqlite3` goes inside) or a file path ending
    in `.sqlite3`, `.sqlite` or `.db`. Nothing is created until the first `put`.
    """

    def __init__(self, path: Path | str) -> None:
        path = Path(path).expanduser()
        try:
            is_file = path.is_file()
        except OSError:  # an unreadable folder: the first get or put says so
            is_file = False
        if path.suffix in (".sqlite3", ".sqlite", ".db") or is_file:
            self.path = path
        else:
            self.path = path / CACHE_FILE
        self._conn: sqlite3.Connection | None = None

    def __repr__(self) -> str:
        return f"ResponseCache({str(self.path)!r})"

    # -- connection -------------------------------------------------------------------
    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        try:
            exists = self.path.exists()
        except OSError as exc:
            raise CacheError(f"cannot open the response cache {self.path}: {exc}") from None
        if not exists:
            if not create:
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CacheError(
                    f"cannot create the cache folder {self.path.parent}: {exc}"
                ) from None
        deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                conn = self._open()
                break
            except sqlite3.OperationalError as exc:
                # Switching a new file to WAL needs an exclusive lock, and SQLite does not
                # always call the busy handler for it: two processes creating the cache at
                # once see "database is locked". Back off and try again.
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise self._error("open", exc) from None
                time.sleep(0.02)
            except sqlite3.Error as exc:
                raise self._error("open", exc) from None
        self._conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_SCHEMA)
            conn.execute(_SPLITS)
        except BaseException:
            conn.close()
            raise
        return conn

    def _error(self, action: str, exc: sqlite3.Error) -> CacheError:
        hint = "; delete it to start afresh" if "not a database" in str(exc) else ""
        return CacheError(f"cannot {action} the response cache {self.path}: {exc}{hint}")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- the store --------------------------------------------------------------------
    def get(self, key: str) -> dict[str, Any] | None:
        return self._get("SELECT value FROM responses WHERE key = ?", key)

    def _get(self, sql: str, key: str) -> dict[str, Any] | None:
        conn = self._connect(create=False)
        if conn is None:
            return None
        try:
            row = conn.execute(sql, (key,)).fetchone()
        except sqlite3.Error as exc:
            raise self._error("read", exc) from None
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None  # a damaged entry is a miss; the next put replaces it
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        try:
            text = json.dumps(value, sort_keys=True, ensure_ascii=False)
            text.encode("utf-8")
        except (ValueError, UnicodeEncodeError, RecursionError) as exc:
            raise CacheError(f"cannot store an answer in the response cache: {exc}") from None
        model = value.get("model")
        conn = self._connect(create=True)
        assert conn is not None
        try:
            conn.execute(
                "INSERT OR REPLACE INTO responses (key, value, model, created, size) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, text, model if isinstance(model, str) else None, time.time(), len(text)),
            )
        except sqlite3.Error as exc:
            raise self._error("write", exc) from None

    # -- how documents were cut (so a re-run needs no tokenizer) -------------------------
    def get_split(self, key: str) -> dict[str, Any] | None:
        return self._get("SELECT value FROM splits WHERE key = ?", key)

    def put_split(self, key: str, value: dict[str, Any]) -> None:
        conn = self._connect(create=True)
        assert conn is not None
        try:
            conn.execute(
                "INSERT OR REPLACE INTO splits (key, value, created) VALUES (?, ?, ?)",
                (key, json.dumps(value, separators=(",", ":")), time.time()),
            )
        except sqlite3.Error as exc:
            raise self._error("write", exc) from None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    # -- maintenance (the `briefer cache` commands) ------------------------------------
    def stats(self) -> CacheStats:
        conn = self._connect(create=False)
        if conn is None:
            return CacheStats(self.path, 0, 0, None, None)
        try:
            count, oldest, newest = conn.execute(
                "SELECT COUNT(*), MIN(created), MAX(created) FROM responses"
            ).fetchone()
        except sqlite3.Error as exc:
            raise self._error("read", exc) from None
        size = sum(
            p.stat().st_size
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
            if p.exists()
        )
        return CacheStats(self.path, int(count), size, oldest, newest)

    def entries(self, limit: int = 50) -> list[CacheEntry]:
        """The newest `limit` entries, newest first."""
        conn = self._connect(create=False)
        if conn is None:
            return []
        try:
            rows = conn.execute(
                "SELECT key, created, model, size FROM responses "
                "ORDER BY created DESC, key LIMIT ?",
                (limit,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise self._error("read", exc) from None
        return [CacheEntry(k, float(c), m, int(s)) for k, c, m, s in rows]

    def clear(self) -> int:
        """Delete every entry (and every kept split); returns how many answers there were."""
        return self._delete("DELETE FROM {}", ())

    def prune(self, older_than_days: float) -> int:
        """Delete entries (and splits) older than `older_than_days`; returns how many answers."""
        cutoff = time.time() - older_than_days * 86_400
        return self._delete("DELETE FROM {} WHERE created < ?", (cutoff,))

    def _delete(self, sql: str, args: tuple[Any, ...]) -> int:
        conn = self._connect(create=False)
        if conn is None:
            return 0
        try:
            removed = conn.execute(sql.format("responses"), args).rowcount
            conn.execute(sql.format("splits"), args)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if removed:
                conn.execute("VACUUM")
        except sqlite3.Error as exc:
            raise self._error("update", exc) from None
        return int(removed)
