"""Find the evidence in a case folder and say what kind each file is.

Folders give the kind (photos/, videos/, chat/, listing/, documents/); files
directly in the case folder are classified by their content; hidden files and
the output folder are never evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evidence_pack.case import CASE_FILE, EvidenceEntry
from evidence_pack.paths import is_inside
from evidence_pack.sniff import sniff

FOLDER_KINDS = {"photos": "photo", "videos": "video", "chat": "chat", "listing": "listing", "documents": "document"}
KIND_ORDER = ("listing", "photo", "video", "chat", "document")
_JUNK = {"thumbs.db", "desktop.ini", "icon\r"}


@dataclass(frozen=True)
class SourceFile:
    """One file found in the case folder, before it is read."""

    rel: str  # POSIX path relative to the case folder
    path: Path
    kind: str | None  # photo | video | chat | listing | document; None when left out
    content: str | None  # image | video | pdf | None, from the first bytes
    size: int
    entry: EvidenceEntry | None
    left_out: str | None = None  # why the file is not evidence
    problem: str | None = None  # why the file cannot be used although it was meant as evidence


def natural_key(text: str) -> tuple[object, ...]:
    """Sort IMG_2 before IMG_10."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text))


def discover(case_root: Path, entries: tuple[EvidenceEntry, ...] = (),
             exclude: tuple[Path, ...] = ()) -> list[SourceFile]:
    """Every file of the case folder, classified, in a stable order (by path)."""
    root = case_root.resolve()
    by_rel = {e.file: e for e in entries}
    excluded = [p.resolve() for p in exclude]
    found: list[SourceFile] = []
    for path in sorted(_walk(root, excluded), key=lambda p: natural_key(p.relative_to(root).as_posix())):
        rel = path.relative_to(root).as_posix()
        if rel == CASE_FILE:
            continue
        found.append(_classify(by_rel.get(rel), root, path, rel))
    return found


def _walk(root: Path, excluded: list[Path]) -> list[Path]:
    out: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for p in entries:
            if p.name.startswith(".") or p.name.lower() in _JUNK:
                continue
            if any(p.absolute() == e or _same(p, e) for e in excluded):
                continue
            if p.is_symlink():
                out.append(p)  # judged in _classify: a link must not lead outside the case
                continue
            if p.is_dir():
                stack.append(p)
            elif p.is_file():
                out.append(p)
    return out


def _same(p: Path, e: Path) -> bool:
    try:
        return p.resolve() == e
    except OSError:
        return False


def _classify(entry: EvidenceEntry | None, root: Path, path: Path, rel: str) -> SourceFile:
    top = rel.split("/", 1)[0] if "/" in rel else None
    folder_kind = FOLDER_KINDS.get(top.lower()) if top else None
    try:
        target = path.resolve()
    except OSError:
        return SourceFile(rel, path, folder_kind, None, 0, entry, problem="is a broken link; replace it with the file itself")
    if not is_inside(root, target):
        return SourceFile(rel, path, folder_kind, None, 0, entry,
                          problem="is a link that leads outside the case folder; copy the file into the case folder")
    if target.is_dir():
        return SourceFile(rel, path, None, None, 0, entry, left_out="a folder link (not followed)")
    size = target.stat().st_size
    content = sniff(target)
    kind = _kind_for(folder_kind, content)
    if entry and entry.kind:
        kind = entry.kind
    if kind is None:
        if folder_kind is None and entry is None:
            what = "an empty file" if size == 0 else "not an image, video or PDF"
            return SourceFile(rel, path, None, content, size, entry, left_out=f"{what} (files in the case folder itself are classified by content)")
        kind = folder_kind or "photo"
        reason = ("is an empty file (0 bytes); copy the original again"
                  if size == 0 else "is not an image, video or PDF (by its content); remove it or export it as JPEG, PNG, MP4 or PDF")
        return SourceFile(rel, path, kind, content, size, entry, problem=reason)
    return SourceFile(rel, path, kind, content, size, entry)


def _kind_for(folder_kind: str | None, content: str | None) -> str | None:
    if content is None:
        return None
    if content == "video":
        return "video"
    if content == "pdf":
        return "document"
    # an image
    if folder_kind in (None, "video"):
        return "photo"
    if folder_kind == "document":
        return "document"
    return folder_kind
