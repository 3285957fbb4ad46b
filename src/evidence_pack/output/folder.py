"""The output folder: which folders this tool may replace, its temporary folders, and their cleanup.

A build writes into `.OUT.tmp-PID/` beside OUT and renames it into place at the end. A folder is
replaced only when it is empty or holds exactly what an earlier build wrote (its manifest says so,
file by file); a killed build's temporary folder is removed by the next build once its process is
gone, and only then.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from evidence_pack import TOOL_NAME
from evidence_pack.errors import OutputError
from evidence_pack.workers import pid_alive, start_time

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = 2
# Schema 1 manifests (the first release) carried no "schema" field.
KNOWN_SCHEMAS = (1, 2)
MARKER = ".evidence-pack-tmp"  # inside a temporary folder: who made it (pid and process start time)
# Files an operating system drops into any folder it shows; they are not the user's work.
OS_JUNK = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "._.DS_Store", MARKER})


def read_manifest(folder: Path) -> dict[str, object] | None:
    """The manifest of a previous build, or None when there is none or it cannot be read."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_own_manifest(data: dict[str, object] | None) -> bool:
    """True for a manifest this tool wrote: tool name, a known schema and a list of outputs."""
    if not data:
        return False
    tool = data.get("tool")
    if not isinstance(tool, dict) or tool.get("name") != TOOL_NAME:
        return False
    if data.get("schema", 1) not in KNOWN_SCHEMAS:
        return False
    outputs = data.get("outputs")
    return isinstance(outputs, list) and all(isinstance(o, dict) and isinstance(o.get("path"), str) for o in outputs)


def is_tool_output(folder: Path) -> bool:
    """True when `folder` holds a manifest this tool wrote (such a folder is never evidence)."""
    try:
        if not (folder / MANIFEST).is_file():
            return False
    except OSError:
        return False
    return is_own_manifest(read_manifest(folder))


def _files_under(folder: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in filenames + [d for d in dirnames if (here / d).is_symlink()]:
            out.append((here / name).relative_to(folder).as_posix())
    return out


@dataclass(frozen=True)
class Replaceable:
    """What replacing an existing output folder will do."""

    exists: bool
    junk: tuple[str, ...] = ()  # operating-system files that go with the old output


def check_replaceable(out: Path, case_root: Path) -> Replaceable:
    """Refuse (OutputError) unless `out` is new, empty, or exactly an earlier build's output."""
    try:
        out_r, root_r = out.resolve(), case_root.resolve()
    except (OSError, RuntimeError) as exc:
        raise OutputError(f"{out}: cannot be used as the output folder ({exc}); choose another -o") from None
    if out_r == root_r or root_r.is_relative_to(out_r):
        raise OutputError(f"{out}: the output folder cannot be the case folder or contain it; choose another -o")
    if not out.exists() and not out.is_symlink():
        return Replaceable(exists=False)
    if out.is_symlink() or not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; choose an empty or new folder with -o")
    try:
        present = _files_under(out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot be read ({exc.strerror}); choose an empty or new folder with -o") from None
    if not present:
        return Replaceable(exists=True)
    manifest = read_manifest(out)
    if not is_own_manifest(manifest):
        raise OutputError(
            f"{out}: exists, is not empty and is not an evidence-pack output (no manifest.json "
            "written by this tool); choose an empty or new folder with -o. Nothing was changed"
        )
    assert manifest is not None
    outputs = manifest["outputs"]
    assert isinstance(outputs, list)  # is_own_manifest checked it: a list of {"path": str, ...}
    listed = {str(o["path"]) for o in outputs} | {MANIFEST}
    foreign = sorted(p for p in present if p not in listed and Path(p).name not in OS_JUNK)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise OutputError(
            f"{out}: holds files this tool did not write ({shown}); move them out of the output "
            "folder, or choose an empty or new folder with -o. Nothing was changed"
        )
    junk = tuple(sorted(p for p in present if p not in listed))
    return Replaceable(exists=True, junk=junk)


# --- temporary folders ---------------------------------------------------------------------------

_TMP_RE = re.compile(r"^\.(?P<name>.+)\.(?P<what>tmp|old)-(?P<pid>\d+)$")


def tmp_dir(out: Path, pid: int | None = None) -> Path:
    """The temporary folder a build of `out` writes into (one per process)."""
    return out.parent / f".{out.name}.tmp-{pid if pid is not None else os.getpid()}"


def old_dir(out: Path, pid: int | None = None) -> Path:
    """Where the previous output waits while the new one is renamed into place."""
    return out.parent / f".{out.name}.old-{pid if pid is not None else os.getpid()}"


def make_tmp(out: Path) -> Path:
    """Create this process's temporary folder for `out`, marked with the pid and its start time."""
    tmp = tmp_dir(out)
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    pid = os.getpid()
    (tmp / MARKER).write_text(json.dumps({"tool": TOOL_NAME, "pid": pid, "started": start_time(pid)}), "utf-8")
    return tmp


def remove_tmp(tmp: Path) -> None:
    """Remove a temporary folder, its marker last: a removal cut short leaves a folder the next build
    still recognises as its own and removes."""
    try:
        entries = list(tmp.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)


def _marker(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == TOOL_NAME else None


def clean_stale(out: Path) -> list[str]:
    """Remove the temporary folders of builds of `out` whose process is gone; put back an output a killed
    build had moved aside. Folders of running builds, and anything this tool did not make, are left."""
    done: list[str] = []
    try:
        entries = list(out.parent.iterdir())
    except OSError:
        return done
    for entry in entries:
        m = _TMP_RE.match(entry.name)
        if not m or m.group("name") != out.name or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m.group("pid"))
        if m.group("what") == "tmp":
            marker = _marker(entry)
            started = marker.get("started") if marker is not None else None
            if marker is None or pid_alive(pid, started if isinstance(started, str) else None):
                continue
            remove_tmp(entry)
            done.append(f"removed {entry.name}, left by a build that was stopped")
        elif is_tool_output(entry) and not pid_alive(pid, None):
            if not out.exists():
                entry.rename(out)
                done.append(f"put back the previous output {out.name}, moved aside by a build that was stopped")
            else:
                shutil.rmtree(entry, ignore_errors=True)
                done.append(f"removed {entry.name}, a previous output left by a build that was stopped")
    return done


def swap_into_place(tmp: Path, out: Path) -> None:
    """Rename the finished `tmp` to `out`; the previous output (checked replaceable) goes only then."""
    old = old_dir(out)
    if out.exists():
        out.rename(old)
    try:
        tmp.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    (out / MARKER).unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)


def output_error(out: Path, exc: OSError) -> OutputError:
    """A clear message for a failure to write the output (disk full, read-only, no permission)."""
    where = f"{out}"
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        what = "the disk is full (no space left while writing the output); free some space or choose a folder on another disk with -o"
    elif exc.errno == errno.EROFS:
        what = "the folder is on a read-only disk or card; choose a writable folder with -o"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        what = "permission denied while writing the output; choose a folder you can write to with -o"
    elif exc.errno == errno.ENAMETOOLONG:
        what = "a path is too long for this disk; choose a folder with a shorter path with -o"
    else:
        what = f"the output could not be written ({exc.strerror or exc}); choose another folder with -o"
    return OutputError(f"{where}: {what}. The previous output, if any, is unchanged")
