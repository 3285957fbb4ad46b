"""Find the evidence in a case folder and say what kind each file is.

Folders give the kind (photos/, videos/, chat/, listing/, documents/); files
directly in the case folder are classified by their content; hidden files and
the output folder are never evidence.
"""

from __future__ import annotations

import errno
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from evidence_pack.case import CASE_FILE, EvidenceEntry
from evidence_pack.folder.paths import is_inside
from evidence_pack.folder.sniff import sniff
from evidence_pack.output.folder import is_tool_output

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
    regular: bool = True  # a regular file that may be opened and hashed (never a pipe, device or loop)


def natural_key(text: str) -> tuple[object, ...]:
    """Sort IMG_2 before IMG_10."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text))


def discover(
    case_root: Path, entries: tuple[EvidenceEntry, ...] = (), exclude: tuple[Path, ...] = ()
) -> list[SourceFile]:
    """Every file of the case folder, classified, in a stable order (by path).

    Only regular files are ever opened: a pipe or device file (which would block a read forever) is
    listed as left out with its reason. Folders holding this tool's output are never evidence.
    """
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
            try:
                is_dir = stat.S_ISDIR(p.lstat().st_mode)
            except OSError:
                continue
            if is_dir:
                if not is_tool_output(p):  # an earlier build's output is never evidence
                    stack.append(p)
            else:
                out.append(p)  # regular or not: judged in _classify, never opened here
    return out


def _same(p: Path, e: Path) -> bool:
    try:
        return p.resolve() == e
    except (OSError, RuntimeError):
        return False


def printable_name(rel: str) -> str:
    """A file name as it can be shown and written to JSON: undecodable bytes and control characters
    replaced by U+FFFD."""
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


def _name_problem(rel: str) -> str | None:
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8 text (written by another system); rename the file"
    if any(unicodedata.category(c) == "Cc" for c in rel):
        return "its name contains a line break or another control character; rename the file"
    return None


_LOOP = "is a link that loops back on itself; replace it with the file itself"


def _unopened(
    rel: str,
    path: Path,
    entry: EvidenceEntry | None,
    kind: str | None = None,
    *,
    left_out: str | None = None,
    problem: str | None = None,
) -> SourceFile:
    """A file that is never opened: left out (not evidence) or a problem (meant as evidence, unusable)."""
    return SourceFile(rel, path, kind, None, 0, entry, left_out=left_out, problem=problem, regular=False)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "not a regular file"


def _classify(entry: EvidenceEntry | None, root: Path, path: Path, rel: str) -> SourceFile:
    top = rel.split("/", 1)[0] if "/" in rel else None
    folder_kind = FOLDER_KINDS.get(top.lower()) if top else None
    name_problem = _name_problem(rel)
    if name_problem:
        return _unopened(printable_name(rel), path, entry, left_out=name_problem)
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        return _unopened(rel, path, entry, left_out=_LOOP)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _unopened(rel, path, entry, left_out=_LOOP)
        return _unopened(rel, path, entry, folder_kind, problem="is a broken link; replace it with the file itself")
    if not is_inside(root, target):
        return _unopened(
            rel,
            path,
            entry,
            folder_kind,
            problem="is a link that leads outside the case folder; copy the file into the case folder",
        )
    try:
        st = target.stat()
    except OSError as exc:
        return _unopened(
            rel, path, entry, folder_kind, problem=f"cannot be read ({exc.strerror}); check the file's permissions"
        )
    if stat.S_ISDIR(st.st_mode):
        return _unopened(rel, path, entry, left_out="a folder link (not followed)")
    if not stat.S_ISREG(st.st_mode):
        return _unopened(rel, path, entry, left_out=f"is {_special_kind(st.st_mode)}, not a file; it was not read")
    size = st.st_size
    content = sniff(target)
    kind = _kind_for(folder_kind, content)
    if entry and entry.kind:
        kind = entry.kind
    if kind is None:
        if folder_kind is None and entry is None:
            what = "an empty file" if size == 0 else "not an image, video or PDF"
            return SourceFile(
                rel,
                path,
                None,
                content,
                size,
                entry,
                left_out=f"{what} (files in the case folder itself are classified by content)",
            )
        kind = folder_kind or "photo"
        reason = (
            "is an empty file (0 bytes); copy the original again"
            if size == 0
            else "is not an image, video or PDF (by its content); remove it or export it as JPEG, PNG, MP4 or PDF"
        )
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
