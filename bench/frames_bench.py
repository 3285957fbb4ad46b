#!/usr/bin/env python3
"""Benchmark `evidence-pack frames` against the alternatives, on the standard workload's video.

    python bench/frames_bench.py [--work DIR] [--runs 3]

Makes the 120-s 1080p video with ../shared/bench/make_workload.py (needs numpy and ffmpeg with
libx264) unless DIR already has it, and a 600-s one by joining five copies (ffmpeg -c copy). Times,
as whole processes (median of --runs):
  - evidence-pack frames VIDEO -o DIR   (this project; PyAV, seeking keyframes)
  - ffmpeg -skip_frame nokey -i VIDEO -vsync vfr DIR/%04d.jpg   (every keyframe dumped)
  - scenedetect -i VIDEO detect-adaptive save-images   (PySceneDetect; skipped if not installed:
    pip install scenedetect opencv-python-headless)
Prints a Markdown table. Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"


def timed(cmd: list[str], runs: int) -> float | None:
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="bench-"))
        full = [c.replace("{OUT}", str(out)) for c in cmd]
        t = time.perf_counter()
        p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - t
        shutil.rmtree(out, ignore_errors=True)
        if p.returncode != 0:
            print(f"  failed: {' '.join(full)}\n  {p.stderr.strip()[-300:]}", file=sys.stderr)
            return None
        times.append(elapsed)
    return statistics.median(times)


def ensure_videos(work: Path) -> tuple[Path, Path]:
    v120 = work / "videos" / "unboxing.mp4"
    if not v120.exists():
        print("making the 120-s workload video (about 2-3 minutes) ...", file=sys.stderr)
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "bench" / "make_workload.py"),
                str(work),
                "--photos",
                "0",
                "--screens",
                "0",
                "--video-s",
                "120",
            ],
            check=True,
        )
    v600 = work / "videos" / "long-600s.mp4"
    if not v600.exists():
        lst = work / "concat.txt"
        lst.write_text("".join(f"file '{v120}'\n" for _ in range(5)))
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(lst), "-c", "copy", str(v600)],
            check=True,
        )
    return v120, v600


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    v120, v600 = ensure_videos(a.work)
    ep = shutil.which("evidence-pack") or str(Path(sys.executable).parent / "evidence-pack")
    rows = []
    for label, video in (("120 s", v120), ("600 s", v600)):
        ours = timed([ep, "frames", str(video), "-o", "{OUT}"], a.runs)
        ff = (
            timed(
                [
                    "ffmpeg",
                    "-v",
                    "error",
                    "-skip_frame",
                    "nokey",
                    "-i",
                    str(video),
                    "-vsync",
                    "vfr",
                    "-q:v",
                    "3",
                    "{OUT}/%04d.jpg",
                ],
                a.runs,
            )
            if shutil.which("ffmpeg")
            else None
        )
        sd_bin = shutil.which("scenedetect") or str(Path(sys.executable).parent / "scenedetect")
        sd = (
            timed([sd_bin, "-i", str(video), "-o", "{OUT}", "detect-adaptive", "save-images"], 1)
            if Path(sd_bin).exists() and label == "120 s"
            else None
        )
        rows.append((label, ours, ff, sd))
    fmt = lambda v: f"{v:.2f} s" if v is not None else "n/a"  # noqa: E731
    print(
        "| video (1080p H.264, 12 Mb/s) | evidence-pack frames | ffmpeg keyframe dump | PySceneDetect detect-adaptive |"
    )
    print("| --- | --- | --- | --- |")
    for label, ours, ff, sd in rows:
        print(f"| {label} | {fmt(ours)} | {fmt(ff)} | {fmt(sd)} |")
    if rows[0][1] and rows[1][1]:
        print(f"\n600-s / 120-s time ratio for evidence-pack frames: {rows[1][1] / rows[0][1]:.2f}")
    if rows[0][1] and rows[0][2]:
        print(f"ffmpeg keyframe dump / evidence-pack frames (120 s): {rows[0][2] / rows[0][1]:.1f}x")
    if rows[0][1] and rows[0][3]:
        print(f"PySceneDetect / evidence-pack frames (120 s): {rows[0][3] / rows[0][1]:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
