#!/usr/bin/env python3
"""The standard case, built by evidence-pack and by the alternative a user has today, in one run.

    python bench/build_bench.py [--work DIR] [--runs 3] [--skip-alternative]

Workload: ../shared/bench/make_workload.py (40 phone photos 4032x3024, 6 chat screenshots 1170x2532,
a 120-s 1080p H.264 video), made once in DIR. Prints, as whole processes:
  - evidence-pack build: median wall time of --runs, peak memory of the whole process tree (sum of
    PSS over the parent and its workers, sampled every 20 ms in one more run of its own: the sampling
    takes CPU from the build, so timed runs are not sampled), PDF bytes, upload-folder bytes;
  - the alternative: ImageMagick `mogrify -auto-orient -resize 1600x1600 -quality 85` on copies of the
    photos and screenshots, then img2pdf, then `ffmpeg -skip_frame nokey` for the video's keyframes;
    its runs taken in turn with evidence-pack's, so a busy machine slows both alike;
  - the ratio of the medians, and evidence-pack's time and memory for 10, 40 and 160 photos (the 40
    photos linked under new names).
The tools run as installed copies do, with their bytecode cached (workload.as_installed).
Needs ffmpeg and ImageMagick (apt-get install ffmpeg imagemagick) and img2pdf (pip install img2pdf)
for the alternative. Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workload import CASE_TOML, HERE, as_installed, standard_case


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def tree_pss_kb(pid: int) -> int:
    """Proportional set size (shared pages divided among their users, so nothing is counted twice)
    of a process and all its descendants, from /proc/PID/smaps_rollup."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
        except (OSError, StopIteration, ValueError):
            pass
        stack += _children(p)
    return total


def timed(cmd: list[str]) -> float:
    """Wall seconds of a command (nothing else runs meanwhile: memory is sampled in runs of its own)."""
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall


def peak_pss(cmd: list[str]) -> int:
    """Peak process-tree PSS (KB) of a command, sampled every 20 ms. Reading smaps_rollup of every process
    50 times a second takes CPU from the command measured, so this run's time is not counted."""
    peak = 0
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_kb(proc.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample)
    th.start()
    proc.wait()
    done.set()
    th.join()
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return peak


# The base install: the optional reading extra hidden (as if not installed), barcodes read as always.
BASE = (
    "import sys; sys.modules['rapidocr'] = None; sys.modules['onnxruntime'] = None; "
    "from evidence_pack.cli import main; sys.argv = ['evidence-pack'] + sys.argv[1:]; main()"
)


class EpBuild:
    """evidence-pack building one case into a temporary folder, run by run."""

    def __init__(self, ep: list[str], case: Path, platform: str) -> None:
        self.out = Path(tempfile.mkdtemp(prefix="bb-")) / "out"
        self.cmd = [*ep, "build", str(case), "-o", str(self.out), "--platform", platform]

    def time_once(self) -> float:
        shutil.rmtree(self.out, ignore_errors=True)
        return timed(self.cmd)

    def peak(self) -> int:
        shutil.rmtree(self.out, ignore_errors=True)
        return peak_pss(self.cmd)

    def sizes(self) -> tuple[int, int]:
        pdf = (self.out / "evidence.pdf").stat().st_size
        return pdf, sum(f.stat().st_size for f in (self.out / "upload").iterdir())

    def close(self) -> None:
        shutil.rmtree(self.out.parent)


def alternative(case: Path) -> tuple[float, int]:
    tmp = Path(tempfile.mkdtemp(prefix="alt-"))
    imgs = tmp / "imgs"
    imgs.mkdir()
    for sub in ("photos", "chat"):
        for f in sorted((case / sub).iterdir()):
            shutil.copy(f, imgs / f"{sub}-{f.name}")
    t = time.perf_counter()
    subprocess.run(
        ["mogrify", "-auto-orient", "-resize", "1600x1600", "-quality", "85", *map(str, sorted(imgs.iterdir()))],
        check=True,
    )
    img2pdf = shutil.which("img2pdf") or str(Path(sys.executable).parent / "img2pdf")
    subprocess.run([img2pdf, *map(str, sorted(imgs.iterdir())), "-o", str(tmp / "out.pdf")], check=True)
    (tmp / "frames").mkdir()
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-skip_frame",
            "nokey",
            "-i",
            str(case / "videos" / "unboxing.mp4"),
            "-vsync",
            "vfr",
            "-q:v",
            "3",
            str(tmp / "frames" / "%04d.jpg"),
        ],
        check=True,
    )
    wall = time.perf_counter() - t
    size = (tmp / "out.pdf").stat().st_size
    shutil.rmtree(tmp)
    return wall, size


def scaled_case(base: Path, photos: int) -> Path:
    """A case with `photos` photos: the 40 of the workload hard-linked under new names, no video."""
    root = Path(tempfile.mkdtemp(prefix=f"scale{photos}-"))
    (root / "photos").mkdir()
    src = sorted((base / "photos").iterdir())
    for k in range(photos):
        os.link(src[k % len(src)], root / "photos" / f"IMG_{k:04d}.jpg")
    (root / "case.toml").write_text(CASE_TOML)
    return root


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work" / "standard")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-alternative", action="store_true")
    ap.add_argument(
        "--platform",
        default="paypal",
        help="profile to build for (default paypal: the PDF and the cards, like the alternative's PDF; on "
        "aliexpress and generic the 174 MB video is also re-encoded to fit, about a minute: bench/fit_bench.py)",
    )
    ap.add_argument("--with-reading", action="store_true", help="keep the reading extra (OCR) if installed")
    a = ap.parse_args()
    # nothing from earlier runs: every run reads and decodes everything (no cached readings or video copies)
    os.environ["EVIDENCE_PACK_CACHE_DIR"] = ""
    as_installed()
    case = standard_case(a.work)
    ep = [sys.executable, "-c", BASE] if not a.with_reading else [sys.executable, "-m", "evidence_pack"]
    ours = EpBuild(ep, case, a.platform)
    # runs taken in turn (ours, the alternative, ours ...) so a busy machine slows both alike
    walls, alt_walls, alt_pdf = [], [], 0
    for _ in range(a.runs):
        walls.append(ours.time_once())
        if not a.skip_alternative:
            w, alt_pdf = alternative(case)
            alt_walls.append(w)
    peak = ours.peak()
    pdf, upload = ours.sizes()
    ours.close()
    wall = statistics.median(walls)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; profile {a.platform}; base "
        f"install (reading extra hidden: {'no' if a.with_reading else 'yes'}); caches off; medians of {a.runs}\n"
    )
    print("| standard case (40 photos, 6 screenshots, 120-s 1080p video) | wall | peak memory | PDF |")
    print("| --- | --- | --- | --- |")
    print(f"| evidence-pack build | {wall:.2f} s | {peak / 1024:.0f} MB | {pdf:,} bytes (upload/ {upload:,} bytes) |")
    if alt_walls:
        alt_wall = statistics.median(alt_walls)
        print(f"| mogrify + img2pdf + ffmpeg keyframes | {alt_wall:.2f} s | - | {alt_pdf:,} bytes (no captions) |")
        print(f"\nevidence-pack is {alt_wall / wall:.1f}x faster than the alternative")
    print("\n| photos (no video) | wall | peak memory |")
    print("| --- | --- | --- |")
    for n in (10, 40, 160):
        sc = scaled_case(case, n)
        run = EpBuild(ep, sc, a.platform)
        w = statistics.median(run.time_once() for _ in range(a.runs))
        p = run.peak()
        run.close()
        print(f"| {n} | {w:.2f} s | {p / 1024:.0f} MB |")
        shutil.rmtree(sc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
