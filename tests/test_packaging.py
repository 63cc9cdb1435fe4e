"""A non-editable install ships the prompt templates and the memo template.

The wheel is built the way `pip install .` builds it (pip, build isolation: hatchling comes
from the package index, so with no index the test skips and says why), then checked as a
zip and run from its unpacked files with no access to the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROMPTS = (
    "system.j2",
    "single.j2",
    "extract.j2",
    "synthesize.j2",
    "synthesize_sources.j2",
    "_article.j2",
)
NO_INDEX = (
    "No matching distribution",
    "Could not find a version",
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
    "ConnectTimeout",
    "ReadTimeout",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=out,
    )
    if proc.returncode != 0:
        if any(sign in proc.stdout + proc.stderr for sign in NO_INDEX):
            pytest.skip("cannot build the wheel: the build backend (hatchling) is not reachable")
        pytest.fail(f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}")
    (found,) = out.glob("briefer_intel-*.whl")
    return found


def test_wheel_holds_the_templates_and_scripts(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = zf.read(entry_points).decode()
    for name in PROMPTS:
        assert f"briefer/prompts/{name}" in names, f"{name} is not in the wheel"
    assert "briefer/templates/memo.md.j2" in names
    assert "briefer/py.typed" in names  # type checkers see the API's annotations
    assert "briefer/__main__.py" in names
    assert "briefer/prompts.py" in names and "briefer/cli.py" in names
    assert "briefer/offline/data/assert_verbs.txt" in names  # the offline engine's word lists
    assert "brief = briefer.entry:brief_main" in scripts
    assert "briefer = briefer.cli:tools_main" in scripts
    assert not [n for n in names if n.startswith(("tests/", "examples/"))]


def test_unpacked_wheel_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    """Run from the wheel's own files: -S skips site (and the editable install's .pth), so
    only the unpacked wheel and the venv's dependencies are importable, never the checkout."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    deps = sysconfig.get_paths()["purelib"]
    article = ROOT / "examples" / "harbour-strike.txt"
    code = f"""
import sys
sys.path[:0] = [{str(site)!r}, {deps!r}]
import briefer, briefer.prompts, briefer.render
from pathlib import Path
assert Path(briefer.__file__).is_relative_to({str(site)!r}), briefer.__file__
folder = briefer.prompts.default_dir()
assert folder == Path({str(site)!r}).resolve() / "briefer" / "prompts", folder
text = briefer.prompts.Prompts().render(
    "single.j2", tag="ARTICLE-0123456789ab", article="A.", name="a.txt", words=1, published=None
)
assert "<<<ARTICLE-0123456789ab" in text, text
from briefer.entry import brief_main
sys.argv = ["brief", "--mock", {str(article)!r}]
brief_main()
"""
    proc = subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"BRIEFER_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "## Bottom line" in proc.stdout and "quotes verified" in proc.stdout


def test_installed_package_resolves_its_prompt_folder() -> None:
    from briefer.prompts import TEMPLATE_NAMES, default_dir
    from briefer.render import TEMPLATE_DIR

    folder = default_dir()
    assert (folder / "system.j2").is_file()
    assert set(PROMPTS) <= set(TEMPLATE_NAMES)
    for name in TEMPLATE_NAMES:
        assert (folder / name).is_file(), name
    assert (Path(TEMPLATE_DIR) / "memo.md.j2").is_file()


def test_extras_that_name_the_project_name_it_by_its_distribution_name() -> None:
    """`pip install '.[test]'` must pull the docs extra: an extra that names the project by
    another name installs nothing (pip only warns), and the tests of web pages, PDF and Word
    files would then skip."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    own = project["name"]
    extras = project["optional-dependencies"]
    self_refs = [
        req
        for reqs in extras.values()
        for req in reqs
        if req.split("[")[0].strip().lower().startswith("briefer")
    ]
    assert self_refs, "the test extra is expected to pull the docs extra"
    for req in self_refs:
        name, _, rest = req.partition("[")
        assert name.strip() == own, req
        assert rest.rstrip("]") in extras, req


def test_benchmarks_name_installed_distributions() -> None:
    """A benchmark that reports versions must name distributions as installed (briefer-intel)."""
    import importlib.metadata
    import re

    named = set()
    for script in (ROOT / "benchmarks").glob("*.py"):
        named |= set(re.findall(r'metadata\.version\("([^"]+)"\)', script.read_text("utf-8")))
    assert "briefer-intel" in named
    for dist in named:
        assert importlib.metadata.version(dist), dist
