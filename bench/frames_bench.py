#!/usr/bin/env python3
"""Benchmark `evidence-pack frames` (frames chosen and the recording checked for cuts) against the
alternatives, on the standard workload's video.

    python bench/frames_bench.py [--work DIR] [--runs 5]

Makes the 120-s 1080p video with ../shared/bench/make_workload.py (needs numpy and ffmpeg with
libx264) unless DIR already has it, and a 600-s one by joining five copies (ffmpeg -c copy). Times,
as whole processes, the runs of each tool taken in turn (ours, ffmpeg, ours, ffmpeg ...) so a busy
machine slows both alike; prints the median wall time and the median CPU time (user + system, all
threads and children) of each:
  - evidence-pack frames VIDEO -o DIR   (this project: PyAV, keyframes picked on the timeline, continuity)
  - ffmpeg -skip_frame nokey -i VIDEO -vsync vfr DIR/%04d.jpg   (every keyframe dumped)
  - scenedetect -i VIDEO detect-adaptive save-images   (PySceneDetect; skipped if not installed:
    pip install scenedetect opencv-python-headless)
Prints a Markdown table and what evidence-pack said about the recording. Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
sys.path.insert(0, str(HERE))
from workload import as_installed  # noqa: E402


def run_once(cmd: list[str]) -> tuple[float, float, str] | None:
    """Wall seconds, CPU seconds (user + system of the child and its threads) and stderr of one run."""
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    full = [c.replace("{OUT}", str(out)) for c in cmd]
    before = os.times()
    t = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    after = os.times()
    shutil.rmtree(out, ignore_errors=True)
    if p.returncode != 0:
        print(f"  failed: {' '.join(full)}\n  {p.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, p.stderr


def interleaved(cmds: dict[str, list[str] | None], runs: int) -> dict[str, tuple[float, float, str] | None]:
    """Median wall and CPU of each command, the runs of all commands taken in turn."""
    times: dict[str, list[tuple[float, float, str]]] = {k: [] for k, c in cmds.items() if c}
    for _ in range(runs):
        for name, cmd in cmds.items():
            if cmd:
                r = run_once(cmd)
                if r is not None:
                    times[name].append(r)
    out: dict[str, tuple[float, float, str] | None] = {}
    for name in cmds:
        got = times.get(name) or []
        out[name] = (
            (statistics.median(w for w, _, _ in got), statistics.median(c for _, c, _ in got), got[-1][2])
            if got
            else None
        )
    return out


def ensure_videos(work: Path) -> tuple[Path, Path]:
    v120 = work / "videos" / "unboxing.mp4"
    if not v120.exists():
        print("making the 120-s workload video (about 2-4 minutes) ...", file=sys.stderr)
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


def phone_like(work: Path) -> Path:
    """The workload's picture encoded as phones record: a keyframe every second and no other (x264's
    scene-cut keyframes off), so nothing in its timeline asks to be looked at."""
    v = work / "videos" / "unboxing-fixed-gop.mp4"
    if not v.exists():
        print("making the phone-like 120-s video (about 2-4 minutes) ...", file=sys.stderr)
        subprocess.run(
            [
                "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=30,noise=alls=6:allf=t",
                "-t", "120", "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-sc_threshold", "0",
                "-b:v", "12M", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(v),
            ],
            check=True,
        )  # fmt: skip
    return v


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--phone-like", action="store_true", help="also the workload encoded with a fixed keyframe cadence")
    a = ap.parse_args()
    as_installed()
    a.work.mkdir(parents=True, exist_ok=True)
    v120, v600 = ensure_videos(a.work)
    ep = shutil.which("evidence-pack") or str(Path(sys.executable).parent / "evidence-pack")
    sd_bin = shutil.which("scenedetect") or str(Path(sys.executable).parent / "scenedetect")
    rows = []
    videos = [("120 s", v120), ("600 s", v600)]
    if a.phone_like:
        videos.append(("120 s, fixed keyframe cadence", phone_like(a.work)))
    for label, video in videos:
        ffmpeg = [
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
        ]
        got = interleaved(
            {"ours": [ep, "frames", str(video), "-o", "{OUT}"], "ffmpeg": ffmpeg if shutil.which("ffmpeg") else None},
            a.runs,
        )
        sd = None
        if Path(sd_bin).exists() and label == "120 s":
            sd = run_once([sd_bin, "-i", str(video), "-o", "{OUT}", "detect-adaptive", "save-images"])
        rows.append((label, got["ours"], got["ffmpeg"], sd))

    def fmt(v: tuple[float, float, str] | None) -> str:
        return f"{v[0]:.2f} s (CPU {v[1]:.2f} s)" if v else "n/a"

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; medians of {a.runs}")
    print(
        "| video (1080p H.264, 12 Mb/s) | evidence-pack frames (continuity included) | ffmpeg keyframe dump | PySceneDetect detect-adaptive |"
    )
    print("| --- | --- | --- | --- |")
    for label, ours, ff, sd in rows:
        print(f"| {label} | {fmt(ours)} | {fmt(ff)} | {fmt(sd)} |")
    for label, ours, ff, _ in rows:
        if ours and ff:
            print(
                f"ffmpeg keyframe dump / evidence-pack frames ({label}): {ff[0] / ours[0]:.1f}x wall, "
                f"{ff[1] / ours[1]:.1f}x CPU"
            )
    for label, ours, _, _ in rows:
        if ours:
            said = [line[len("note: ") :] for line in ours[2].splitlines() if line.startswith("note: ")]
            print(f"evidence-pack on the {label} video: " + (" ".join(said) or "(nothing said)"))
    if rows[0][1] and rows[0][3]:
        print(f"PySceneDetect / evidence-pack frames (120 s): {rows[0][3][0] / rows[0][1][0]:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
