"""Prompt templates: the shipped defaults, overridable one by one from a user folder.

The article is only ever a variable passed to a template, never part of a template's
source, so `{{ 7*7 }}` in an article reaches the model as those seven characters.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefer.errors import ConfigError

if TYPE_CHECKING:
    import jinja2

TEMPLATE_NAMES = (
    "system.j2",
    "_article.j2",
    "single.j2",
    "extract.j2",
    "synthesize.j2",
    "synthesize_sources.j2",
)


def default_dir() -> Path:
    """`briefer/prompts` inside an installed wheel; the top-level `prompts/` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "prompts", here.parent / "prompts"):
        if (candidate / "system.j2").is_file():
            return candidate
    raise ConfigError("the shipped prompt templates are missing; reinstall briefer")


def delimiter(text: str) -> str:
    """A tag no article can forge: it carries a hash of the article it encloses."""
    return "ARTICLE-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def render_key(template_name: str, context: dict[str, Any]) -> str:
    """What identifies one rendering: the template's name and every variable's value."""
    canonical = json.dumps([template_name, context], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Prompts:
    """Renders prompt templates, looking in the user's folder first.

    `known` holds renderings made in advance by the same templates (by a child process
    that had time to spare, see `presplit`), keyed by `render_key`: a render found there
    needs neither Jinja nor the templates, which load on the first render that is not.
    """

    def __init__(self, user_dir: Path | None = None) -> None:
        if user_dir is not None and not user_dir.is_dir():
            raise ConfigError(f"--prompts {user_dir}: not a folder")
        self.user_dir = user_dir
        self.known: dict[str, str] = {}

    def render(self, template_name: str, **context: Any) -> str:
        if self.known:
            made = self.known.get(render_key(template_name, context))
            if made is not None:
                return made
        import jinja2

        try:
            template = _environment(str(self.user_dir) if self.user_dir else None).get_template(
                template_name
            )
            return template.render(**context).strip()
        except jinja2.UndefinedError as exc:
            raise ConfigError(f"prompt template {template_name}: {exc.message}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(
                f"prompt template {exc.filename or template_name}, line {exc.lineno}: {exc.message}"
            ) from None
        except jinja2.TemplateNotFound:
            raise ConfigError(f"prompt template {template_name} not found") from None


@functools.cache
def _environment(user_dir: str | None) -> jinja2.Environment:
    import jinja2

    from briefer.machine_cache import template_bytecode

    folders = [user_dir] if user_dir else []
    folders.append(str(default_dir()))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        bytecode_cache=template_bytecode("prompts"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write_defaults(target: Path, overwrite: bool = False) -> list[Path]:
    """Copy the shipped templates into `target` for a user to edit."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TEMPLATE_NAMES:
        dest = target / name
        if dest.exists() and not overwrite:
            raise ConfigError(f"{dest} exists; use --force to overwrite")
        dest.write_text((default_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
        written.append(dest)
    return written
