"""Settings: flags over environment over a TOML config file over defaults, in one frozen object.

Each value remembers where it came from, so `briefer config` can show it. The API key is
read from the environment only (never a flag, never the config file) and is never printed.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from briefer.errors import ConfigError

JsonMode = Literal["schema", "object", "prompt"]
DEFAULT_MODEL = "gpt-4.1-mini"
CONFIG_ENV = "BRIEFER_CONFIG"


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    json_mode: JsonMode = "schema"
    concurrency: int = 8
    cache_dir: str | None = None
    chunk_tokens: int = 6000
    overlap: int = 150
    max_retries: int = 3
    timeout: float = 120.0
    max_output_tokens: int = 4096
    temperature: float = 0.0
    max_bytes: int = 5 * 1024 * 1024
    fetch_timeout: float = 30.0
    max_items: int = 8
    mock: bool = False
    price_in: float | None = None
    price_out: float | None = None
    api_key: str | None = field(default=None, repr=False, compare=False)
    sources: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def cache_path(self) -> Path:
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        import platformdirs

        return Path(platformdirs.user_cache_dir("briefer"))

    @property
    def wants_offline(self) -> bool:
        """Offline when asked, or when nothing points at a model (no key and no endpoint)."""
        return self.mock or (not self.api_key and not self.base_url)

    def describe(self) -> list[tuple[str, str, str]]:
        """(name, value, source) rows for `briefer config`; the key only as set / not set."""
        rows = []
        for f in fields(self):
            if f.name in {"api_key", "sources"}:
                continue
            value = getattr(self, f.name)
            shown = "" if value is None else str(value)
            if f.name == "base_url" and value:
                shown = without_password(shown)
            rows.append((f.name, shown, self.sources[f.name]))
        rows.append(
            (
                "api_key",
                "set" if self.api_key else "not set",
                f"env {self.api_key_env}",
            )
        )
        rows.append(("cache path", str(self.cache_path), "derived"))
        return rows


def without_password(url: str) -> str:
    """`url` with the password of its user info (`http://user:pw@host`) shown as `***`."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user_info, _, host = parts.netloc.rpartition("@")
        user = user_info.split(":", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return "(not a URL)" if "@" in url else url


ENV_NAMES: dict[str, str] = {
    "model": "BRIEFER_MODEL",
    "base_url": "OPENAI_BASE_URL",
    "json_mode": "BRIEFER_JSON_MODE",
    "concurrency": "BRIEFER_CONCURRENCY",
    "cache_dir": "BRIEFER_CACHE_DIR",
    "chunk_tokens": "BRIEFER_CHUNK_TOKENS",
    "mock": "BRIEFER_MOCK",
    "fetch_timeout": "BRIEFER_FETCH_TIMEOUT",
}


def config_file(env: Mapping[str, str]) -> Path:
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("briefer")) / "config.toml"


def _coerce(name: str, raw: Any, origin: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if kind == "int":
            return int(raw)
        if kind in ("float", "float | None"):
            return float(raw)
        if name == "json_mode" and raw not in ("schema", "object", "prompt"):
            raise ValueError(raw)
        return None if raw in (None, "") else str(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{origin}: bad value {raw!r} for {name}") from None


def _read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    known = {f.name for f in fields(Settings)} - {"api_key", "sources"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"config file {path}: unknown setting {unknown[0]!r}")
    return data


def load(flags: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Settings:
    """Resolve every setting; `flags` holds only the options the user actually gave."""
    env = os.environ if env is None else env
    path = config_file(env)
    from_file = _read_config(path)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for f in fields(Settings):
        if f.name in {"api_key", "sources"}:
            continue
        env_name = ENV_NAMES.get(f.name)
        if flags.get(f.name) is not None:
            values[f.name], sources[f.name] = flags[f.name], "flag"
        elif env_name and env.get(env_name):
            origin = f"env {env_name}"
            values[f.name], sources[f.name] = _coerce(f.name, env[env_name], origin), origin
        elif f.name in from_file:
            origin = f"config {path}"
            _check_type(f.name, from_file[f.name], origin)
            values[f.name] = _coerce(f.name, from_file[f.name], origin)
            sources[f.name] = origin
        else:
            sources[f.name] = "default"
    settings = replace(Settings(), **values)
    _validate(settings)
    key = env.get(settings.api_key_env) or None
    return replace(settings, api_key=key, sources=sources)


def _check_type(name: str, raw: Any, origin: str) -> None:
    """A config file's value must have its setting's type: a table is no model name, 2.9
    is no concurrency."""
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind == "bool":
        ok = isinstance(raw, bool)
    elif kind == "int":
        ok = isinstance(raw, int) and not isinstance(raw, bool)
    elif kind in ("float", "float | None"):
        ok = isinstance(raw, int | float) and not isinstance(raw, bool)
    else:
        ok = isinstance(raw, str)
    if not ok:
        raise ConfigError(f"{origin}: bad value {raw!r} for {name} (wants {kind})")


def _check_url(url: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises for a port out of range
    except ValueError as exc:
        raise ConfigError(f"base_url {without_password(url)!r} is not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"base_url {without_password(url)!r} is not an http:// or https:// URL with a host"
        )


def _validate(s: Settings) -> None:
    if s.base_url:
        _check_url(s.base_url)
    for name in ("timeout", "temperature", "price_in", "price_out"):
        value = getattr(s, name)
        if value is not None and not math.isfinite(value):
            raise ConfigError(f"{name} must be a finite number, not {value}")
    for name in ("price_in", "price_out"):
        value = getattr(s, name)
        if value is not None and value < 0:
            raise ConfigError(f"{name} must be 0 or more")
    if not 0 <= s.temperature <= 2:
        raise ConfigError("temperature must be between 0 and 2")
    if s.concurrency < 1:
        raise ConfigError("concurrency must be at least 1")
    if s.max_retries < 0:
        raise ConfigError("max_retries must be 0 or more")
    if s.timeout <= 0:
        raise ConfigError("timeout must be positive")
    if s.max_output_tokens < 256:
        raise ConfigError("max_output_tokens must be at least 256")
    if s.fetch_timeout <= 0:
        raise ConfigError("fetch_timeout must be positive")
    if s.max_bytes < 1:
        raise ConfigError("max_bytes must be positive")
    if s.max_items < 1:
        raise ConfigError("max_items must be at least 1")
