"""Shared by the benchmarks: the standard workload (../shared/bench/make_workload.py) as a case folder."""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"

CASE_TOML = """schema = 1
platform = "aliexpress"

[order]
id = "8181234567890123"
date = 2026-10-01
item = "USB-C hub 7-in-1"
quantity = 2
unit_price = "12.50"
shipping = "2.00"
currency = "USD"

[claim]
reason = "defective"
problems = ["does_not_power_on"]
affected_quantity = 1
"""


def as_installed() -> None:
    """Measure the tools as a user's installed copy runs: with their bytecode cached. pip compiles a
    package's modules when it installs it, and a checkout writes them on first import, unless
    PYTHONDONTWRITEBYTECODE is set, as it is on this project's machines: then every process compiles
    evidence-pack's hundred modules again (0.1-0.2 s per build, in the main process and the fork server).
    Unset for the processes measured, and the checkout compiled once here."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compileall.compile_dir(str(HERE.parent / "src"), quiet=1)


def standard_case(folder: Path, photos: int = 40, screens: int = 6, video_s: int = 120) -> Path:
    """Make (once) the workload in `folder` and give it a case.toml."""
    marker = folder / ".made"
    want = f"{photos} {screens} {video_s}"
    if not (marker.exists() and marker.read_text().strip() == want):
        print(
            f"making the workload in {folder} ({photos} photos, {screens} screenshots, {video_s}-s video) ...",
            file=sys.stderr,
        )
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "bench" / "make_workload.py"),
                str(folder),
                "--photos",
                str(photos),
                "--screens",
                str(screens),
                "--video-s",
                str(video_s),
            ],
            check=True,
        )
        marker.write_text(want)
    (folder / "case.toml").write_text(CASE_TOML)
    return folder
