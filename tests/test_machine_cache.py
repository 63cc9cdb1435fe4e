"""The per-user caches of derived files: compiled templates are a speed-up, never a failure."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
import pytest

from briefer import machine_cache


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    machine_cache.template_bytecode.cache_clear()
    yield tmp_path
    machine_cache.template_bytecode.cache_clear()


def environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        bytecode_cache=machine_cache.template_bytecode("test"),
    )


def test_compiled_templates_are_kept_and_a_damaged_file_is_a_miss(
    cache_home: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "a.j2").write_text("Hello {{ name }}!", encoding="utf-8")
    assert environment(templates).get_template("a.j2").render(name="x") == "Hello x!"
    (kept,) = (cache_home / "briefer" / "templates").glob("jinja-*-test/*")
    assert kept.stat().st_size > 0
    assert environment(templates).get_template("a.j2").render(name="y") == "Hello y!"

    kept.write_bytes(kept.read_bytes()[:20])  # cut short, as by a crash or a full disk
    assert environment(templates).get_template("a.j2").render(name="z") == "Hello z!"


def test_a_cache_that_cannot_be_written_costs_nothing(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "b.j2").write_text("{{ 6 * 7 }}", encoding="utf-8")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full_disk)
    assert environment(templates).get_template("b.j2").render() == "42"


def test_no_cache_folder_means_no_bytecode_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    machine_cache.template_bytecode.cache_clear()
    try:
        assert machine_cache.template_bytecode("test") is None
    finally:
        machine_cache.template_bytecode.cache_clear()
