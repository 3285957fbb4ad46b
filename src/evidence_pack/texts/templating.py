"""The jinja2 environment every text is rendered in: sandboxed (a buyer's own templates may be added with
--templates), plain text, strict about undefined names; and where the shipped templates are."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from evidence_pack.errors import RenderError

_PLURAL = {"does": "do", "is": "are", "has": "have", "was": "were"}


def templates_dir() -> Path:
    """The templates shipped inside the package; in a source checkout, the top-level templates/ folder."""
    packaged = resources.files("evidence_pack") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if checkout.is_dir():
        return checkout
    raise RenderError("the text templates are missing from this installation; reinstall evidence-pack")


def verb(phrase: str, plural: bool) -> str:
    if not plural:
        return phrase
    return re.sub(r"\b(does|is|has|was)\b", lambda m: _PLURAL[m.group(1)], phrase)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


@lru_cache(maxsize=4)
def environment(extra_dir: str | None = None) -> SandboxedEnvironment:
    """The jinja2 environment: sandboxed (user templates may be added), plain text, strict."""
    dirs = ([extra_dir] if extra_dir else []) + [str(templates_dir())]
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(dirs),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["verb"] = verb
    env.filters["lower_first"] = _lower_first
    return env
