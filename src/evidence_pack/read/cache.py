"""Readings kept by the picture's SHA-256 in the user's cache folder, so that an unchanged picture is read
once: a rebuild, `check` and `read` reuse what the first of them read.

The key also holds what changes the result: how the picture is decoded (its kind), the boxes blacked out
before reading, and the engine's version. A cache that cannot be read or written is skipped, never an
error: it only saves time. EVIDENCE_PACK_CACHE_DIR moves it (an empty value turns it off).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

READER_VERSION = 1  # raise when what is stored changes shape


def cache_dir() -> Path | None:
    """The folder readings are kept in, or None when caching is off."""
    override = os.environ.get("EVIDENCE_PACK_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("evidence-pack", appauthor=False)) / "readings"


def key(what: str, sha256: str, *parts: object) -> str:
    """The name of one reading: what was read (barcodes, text), of which picture, decoded how."""
    detail = hashlib.sha256(json.dumps([READER_VERSION, *parts], default=str).encode()).hexdigest()[:16]
    return f"{what}-{sha256}-{detail}"


def load(name: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(name: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / f"{name}.json")  # whole or not at all: two builds may write the same entry
    except OSError:
        pass
