"""Habits of Python and the shell: `python -m briefer`, `--version`, completion, `-o -`,
readable --help placeholders, declared imports, files created with the user's umask."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from test_cli import clean_env, run, script

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "harbour-strike.txt"


def test_python_m_briefer_makes_a_brief(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefer", "--mock", str(ARTICLE)],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == run(tmp_path, "--mock", str(ARTICLE)).stdout
    helped = subprocess.run(
        [sys.executable, "-m", "briefer", "--help"],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        timeout=60,
    )
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: python -m briefer ")


def test_briefer_version_works_like_brief_version(tmp_path: Path) -> None:
    from briefer import __version__

    for prog in ("brief", "briefer"):
        proc = run(tmp_path, "--version", prog=prog)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == f"briefer {__version__}\n"


@pytest.mark.parametrize("prog", ["brief", "briefer"])
def test_shell_completion_is_on(tmp_path: Path, prog: str) -> None:
    helped = run(tmp_path, "--help", prog=prog)
    assert "--install-completion" in helped.stdout and "--show-completion" in helped.stdout
    shown = run(tmp_path, "--show-completion", "bash", prog=prog)
    assert shown.returncode == 0 and f"_{prog.upper()}_COMPLETE" in shown.stdout
    # what bash asks when the user presses tab after `brief --for` / `briefer ca`
    word = "--for" if prog == "brief" else "ca"
    env = {
        f"_{prog.upper()}_COMPLETE": "complete_bash",
        "COMP_WORDS": f"{prog} {word}",
        "COMP_CWORD": "1",
    }
    completed = run(tmp_path, prog=prog, env=env)
    assert completed.returncode == 0, completed.stderr
    assert ("--format" if prog == "brief" else "cache") in completed.stdout.split()


def test_dash_o_is_standard_output(tmp_path: Path) -> None:
    to_stdout = run(tmp_path, "--mock", "-o", "-", str(ARTICLE))
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert to_stdout.stdout == run(tmp_path, "--mock", str(ARTICLE)).stdout
    assert not (tmp_path / "-").exists()
    two = run(tmp_path, "--mock", "-f", "json", "-o", "-", str(ARTICLE), str(ARTICLE))
    assert two.returncode == 0 and two.stdout.startswith("[")
    assert not (tmp_path / "-").exists()


_PYTHON_TYPE = re.compile(r"<[\w\[\]|, .]+>")
_COMMANDS = (
    ("brief",),
    ("briefer",),
    ("briefer", "config"),
    ("briefer", "cache"),
    ("briefer", "cache", "info"),
    ("briefer", "cache", "list"),
    ("briefer", "cache", "clear"),
    ("briefer", "cache", "prune"),
    ("briefer", "prompts"),
    ("briefer", "prompts", "init"),
    ("briefer", "prompts", "path"),
    ("briefer", "version"),
)


@pytest.mark.parametrize("command", _COMMANDS, ids=" ".join)
def test_help_placeholders_are_words(tmp_path: Path, command: tuple[str, ...]) -> None:
    proc = run(tmp_path, *command[1:], "--help", prog=command[0])
    assert proc.returncode == 0, proc.stderr
    assert not _PYTHON_TYPE.findall(proc.stdout), proc.stdout
    assert "{" not in proc.stdout.splitlines()[0]  # no `{FILE}...` in the usage line
    if command == ("brief",):
        assert proc.stdout.startswith("Usage: brief [OPTIONS] FILE...\n")
        for option, word in (("--model", "MODEL"), ("--output", "PATH"), ("--timeout", "SECONDS")):
            assert re.search(rf"{option} {word}\b", proc.stdout), option


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "briefer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "briefer"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _normal(re.split(r"[\s<>=!~;\[]", d, maxsplit=1)[0]) for d in project["dependencies"]
    }
    providers = importlib.metadata.packages_distributions()
    imported = _imported_top_levels()
    assert {"rich", "typer", "openai"} <= imported
    undeclared = {
        name: providers.get(name)
        for name in imported
        if not {_normal(d) for d in providers.get(name, [name])} & declared
    }
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_memos_are_created_with_the_user_s_umask(tmp_path: Path, umask: int, mode: int) -> None:
    for args, made in (
        (["-o", "memo.md", str(ARTICLE)], ["memo.md"]),
        (["-f", "json", "-o", "memo.json", str(ARTICLE)], ["memo.json"]),
        (
            ["-o", "out", str(ARTICLE), str(ARTICLE.with_name("water-rights-hearing.txt"))],
            ["out/harbour-strike.brief.md", "out/water-rights-hearing.brief.md"],
        ),
    ):
        proc = subprocess.run(
            [script("brief"), "--mock", *args],
            capture_output=True,
            cwd=tmp_path,
            env=clean_env(tmp_path),
            umask=umask,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        for name in made:
            assert (tmp_path / name).stat().st_mode & 0o777 == mode, name


def test_a_memo_rewritten_keeps_its_mode(tmp_path: Path) -> None:
    memo = tmp_path / "memo.md"
    memo.write_text("old", encoding="utf-8")
    memo.chmod(0o604)
    proc = subprocess.run(
        [script("brief"), "--mock", "-o", str(memo), str(ARTICLE)],
        capture_output=True,
        env=clean_env(tmp_path),
        umask=0o077,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert memo.stat().st_mode & 0o777 == 0o604 and memo.read_text().startswith("# ")
    assert os.listdir(tmp_path).count("memo.md") == 1


def test_o_with_a_trailing_slash_is_a_new_folder(tmp_path: Path) -> None:
    proc = run(tmp_path, "--mock", "-o", "briefs/", str(ARTICLE))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "briefs" / "harbour-strike.brief.md").read_text().startswith("# ")
