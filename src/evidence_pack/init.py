"""`evidence-pack init`: a new case folder and its commented case.toml, from the answers to texts.questions."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from evidence_pack.case import parse_case
from evidence_pack.errors import CaseError
from evidence_pack.texts.questions import QUESTIONS
from evidence_pack.texts.templating import environment
from evidence_pack.texts.wording import REASON_JA

FOLDERS = ("photos", "videos", "chat", "listing", "documents")


def write_case(folder: Path, answers: dict[str, object], language: str, force: bool = False) -> Path:
    """Create the folders and the commented case.toml; check that it reads back as a valid case."""
    case_file = folder / "case.toml"
    if case_file.exists() and not force:
        raise CaseError(f"{case_file}: exists already; choose a new folder, or use --force to replace it")
    ja = language == "ja"
    a = dict(answers)
    ctx = {k: a.get(k) for k in (q.key for q in QUESTIONS)}
    ctx.update(
        ja=ja,
        language=language,
        folder=folder.name,
        q=lambda v: json.dumps(v, ensure_ascii=False),
        problems=a.get("problems") or [],
        reason_ja=REASON_JA.get(str(a.get("reason")), ""),
        agreed=a.get("agreed") or "none",
    )
    text = environment().get_template("init/case.toml.j2").render(**ctx)
    parse_case(tomllib.loads(text), folder)  # what would be written must read back (CaseError otherwise)
    folder.mkdir(parents=True, exist_ok=True)
    for sub in FOLDERS:
        (folder / sub).mkdir(exist_ok=True)
    tmp = folder / ".case.toml.tmp"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(case_file)
    return case_file
