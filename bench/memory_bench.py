#!/usr/bin/env python3
"""Peak memory of building a case around one hostile (huge in pixels, small on disk) file.

    python bench/memory_bench.py [--work DIR] [--jobs N] [--photos K] [--only NAME ...]

Files, made once in DIR (default bench/.work/memory) by tests/hostile_media.py:
  huge.png          15800x15800 RGB PNG, mostly one colour (728 KB), under the 250-MP image limit
  huge-mjpeg.mov    16000x16000 Motion-JPEG, 3 frames (12 MB)
  200MP.heic        the Galaxy S24 Ultra photo of ../shared/corpus (when present)
Each is put alone in a case (plus K small photos, so that with --jobs > 1 a worker pool is used) and
built with `evidence-pack build --skip-unreadable`. Prints, per file: exit code, wall time, peak memory
of the whole process tree (sum of PSS and sum of RSS over the build and its workers, sampled every
10 ms), and what the build said on stderr. Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from build_bench import _children, tree_pss_kb  # noqa: E402
from tests.hostile_media import write_huge_mjpeg, write_huge_png  # noqa: E402
from workload import CASE_TOML  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def tree_rss_kb(pid: int) -> int:
    """Resident set size summed over a process and its descendants (counts shared pages twice)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            pass
        stack += _children(p)
    return total


def make_inputs(work: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, case sub-folder), made once."""
    work.mkdir(parents=True, exist_ok=True)
    png, mov = work / "huge.png", work / "huge-mjpeg.mov"
    if not png.exists():
        write_huge_png(png, 15800, 15800, level=6)
    if not mov.exists():
        write_huge_mjpeg(mov, 16000, 16000, frames=3, colour=True)
    files = {"huge.png": (png, "photos"), "huge-mjpeg.mov": (mov, "videos")}
    heic = CORPUS / "images" / "200MP.heic"
    if heic.exists():
        files["200MP.heic"] = (heic, "photos")
    return files


def make_case(work: Path, name: str, src: Path, sub: str, photos: int) -> Path:
    case = work / f"case-{name}"
    shutil.rmtree(case, ignore_errors=True)
    (case / sub).mkdir(parents=True)
    shutil.copy(src, case / sub / src.name)
    if photos:
        from PIL import Image

        (case / "photos").mkdir(exist_ok=True)
        for i in range(photos):
            Image.new("RGB", (1600, 1200), (40 * i % 255, 120, 200)).save(case / "photos" / f"small-{i}.jpg")
    (case / "case.toml").write_text(CASE_TOML)
    return case


def measure(cmd: list[str]) -> tuple[int, float, int, int, str]:
    """Exit code, wall seconds, peak tree PSS (KB), peak tree RSS (KB), stderr."""
    peak_pss = peak_rss = 0
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss, peak_rss
        while not done.is_set():
            peak_pss = max(peak_pss, tree_pss_kb(proc.pid))
            peak_rss = max(peak_rss, tree_rss_kb(proc.pid))
            time.sleep(0.01)

    th = threading.Thread(target=sample)
    th.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t
    done.set()
    th.join()
    return proc.returncode, wall, peak_pss, peak_rss, err


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=HERE / ".work" / "memory")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--photos", type=int, default=0, help="small photos added to each case")
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    ep = str(Path(sys.executable).parent / "evidence-pack")
    for name, (src, sub) in make_inputs(args.work).items():
        if args.only and name not in args.only:
            continue
        case = make_case(args.work, name, src, sub, args.photos)
        out = args.work / f"out-{name}"
        shutil.rmtree(out, ignore_errors=True)
        code, wall, pss, rss, err = measure(
            [
                ep,
                "build",
                str(case),
                "-o",
                str(out),
                "--skip-unreadable",
                "--jobs",
                str(args.jobs),
                "--generated-at",
                "2026-11-01T12:00:00Z",
            ]
        )
        print(f"{name:16s} exit {code}  {wall:6.1f} s  peak PSS {pss / 1024:7.0f} MB  peak RSS {rss / 1024:7.0f} MB")
        for line in err.strip().splitlines():
            print(f"    stderr: {line}")


if __name__ == "__main__":
    main()
