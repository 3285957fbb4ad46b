"""Copies of videos made to fit (transcode.py), kept in the user's cache by the original's SHA-256 and the
limit: a re-encode takes about as long as the video lasts, and the same input gives the same bytes, so a
rebuild takes the copy made before. A cache that cannot be read or written is skipped, never an error.
EVIDENCE_PACK_CACHE_DIR moves it (an empty value turns it off)."""

from __future__ import annotations

from pathlib import Path

from evidence_pack.video.transcode import Fitted, Plan

CACHE_VERSION = 1  # raise when what is encoded changes (settings, ladder)


def cache_dir() -> Path | None:
    """Where fitted copies are kept: EVIDENCE_PACK_CACHE_DIR (empty: no cache), else the user's cache."""
    import os

    override = os.environ.get("EVIDENCE_PACK_CACHE_DIR")
    if override is not None:
        return Path(override) / "videos" if override else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "evidence-pack" / "videos"


def key(sha256: str, limit_bytes: int) -> str:
    import av

    # the bytes depend on the encoders' builds too
    return f"{sha256}-{limit_bytes}-v{CACHE_VERSION}-av{av.__version__}"


def load(key: str, dest: Path) -> Fitted | None:
    import json
    import shutil

    folder = cache_dir()
    if folder is None:
        return None
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        shutil.copyfile(folder / f"{key}.mp4", dest)
        fitted = Fitted(int(meta["bytes"]), Plan(**meta["plan"]), float(meta["duration_s"]))
    except (OSError, ValueError, KeyError, TypeError):
        dest.unlink(missing_ok=True)
        return None
    if dest.stat().st_size != fitted.bytes:
        dest.unlink(missing_ok=True)
        return None
    return fitted


def store(key: str, made: Path, fitted: Fitted) -> None:
    """Keep the copy; a cache that cannot be written is skipped, never an error: it only saves time."""
    import dataclasses
    import json
    import os
    import shutil

    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        shutil.copyfile(made, tmp)
        tmp.replace(folder / f"{key}.mp4")
        meta = {"bytes": fitted.bytes, "plan": dataclasses.asdict(fitted.plan), "duration_s": fitted.duration_s}
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        tmp.replace(folder / f"{key}.json")  # written last, whole: an entry without it is not read
    except OSError:
        pass
