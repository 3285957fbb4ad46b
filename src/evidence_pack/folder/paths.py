"""Paths named in a case must stay inside the case folder, symlinks included."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath


class PathOutsideCase(ValueError):
    """A path leads outside the case folder."""


def resolve_inside(root: Path, rel: str) -> Path:
    """Resolve `rel` against `root` and refuse anything that ends up outside it.

    Absolute paths, `..` and symlinks that lead out are all refused.
    """
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        raise PathOutsideCase(f'"{rel}" is an absolute path; write it relative to the case folder')
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    if ".." in parts:
        raise PathOutsideCase(f'"{rel}" leads outside the case folder ("..") ; move the file into the case folder')
    base = root.resolve()
    target = (base / Path(*parts)).resolve()
    if not is_inside(base, target):
        raise PathOutsideCase(
            f'"{rel}" is a link that leads outside the case folder; copy the file into the case folder'
        )
    return target


def is_inside(base: Path, target: Path) -> bool:
    """True when `target` (resolved) is `base` or below it."""
    try:
        target.relative_to(base)
    except ValueError:
        return False
    return True
