#!/usr/bin/env python3
"""Reading the pictures, measured as whole processes in one run.

    python bench/read_bench.py [--work DIR] [--runs 3]

Workload: the standard case (../shared/bench/make_workload.py: 40 phone photos, 6 chat screenshots of
1170x2532 with about 11 bubbles each, a 120-s 1080p video), made once in DIR. Prints:
  - the OCR engine's model load and the seconds per screenshot, in one process (target: at most 1.5 s);
  - `evidence-pack read` of the 6 screenshots with an empty cache (cold, whole process);
  - `evidence-pack build` of the standard case: cold (empty cache), warm (everything cached: a rebuild),
    and with --no-read, each the median of --runs, with the peak memory of the process tree (PSS);
  - the base build's memory without the reading extra (the extra hidden from the interpreter).
The warm rebuild's target: within 10 % of the build without reading. Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import run_measured
from workload import HERE, as_installed, standard_case

ROOT = HERE.parent
HIDE = "import sys; sys.modules['rapidocr'] = None; sys.modules['onnxruntime'] = None; "
RUN = "from evidence_pack.cli import main; sys.argv = ['evidence-pack'] + sys.argv[1:]; main()"


def engine_figures(chat: list[Path]) -> tuple[float, list[float]]:
    from PIL import Image

    from evidence_pack.read.ocr import OcrEngine

    t = time.perf_counter()
    engine = OcrEngine()
    load = time.perf_counter() - t
    per = []
    for p in chat:
        img = Image.open(p)
        t = time.perf_counter()
        engine.read(img)
        per.append(time.perf_counter() - t)
    return load, per


def measured(args: list[str], runs: int, cache: str | None, hide: bool = False) -> tuple[float, int]:
    """Median wall and largest peak PSS (MB) of `runs` runs; cache=None empties a fresh cache each run."""
    walls, peaks = [], []
    for _ in range(runs):
        folder = cache or tempfile.mkdtemp(prefix="ep-cache-")
        os.environ["EVIDENCE_PACK_CACHE_DIR"] = folder
        cmd = [sys.executable, "-c", (HIDE if hide else "import sys; ") + RUN, *args]
        wall, peak_kb = run_measured(cmd)
        walls.append(wall)
        peaks.append(peak_kb // 1024)
        if cache is None:
            shutil.rmtree(folder, ignore_errors=True)
    return statistics.median(walls), max(peaks)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work" / "standard")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--platform", default="paypal", help="profile the builds are made for (default paypal)")
    a = ap.parse_args()
    os.environ["PYTHONPATH"] = str(ROOT / "src")
    as_installed()
    case = standard_case(a.work)
    out = Path(tempfile.mkdtemp(prefix="ep-read-bench-"))
    chat = sorted((case / "chat").glob("*.png"))
    load, per = engine_figures(chat)
    print(
        f"OCR model load {load:.2f} s; per screenshot (1170x2532, in one process): "
        f"median {statistics.median(per):.2f} s, max {max(per):.2f} s over {len(per)}"
    )

    chats = out / "chats"
    (chats / "chat").mkdir(parents=True)
    for p in chat:
        shutil.copy(p, chats / "chat" / p.name)
    (chats / "case.toml").write_text((case / "case.toml").read_text())
    wall, peak = measured(["read", str(chats)], 1, None)
    print(
        f"read, {len(chat)} screenshots, cold (whole process, model load included): {wall:.2f} s "
        f"({wall / len(chat):.2f} s a screenshot), peak {peak} MB"
    )

    # PayPal: the PDF and the cards, no re-encode of the 174 MB video (AliExpress's 30 MB limit would add a
    # minute of x264 to the cold build, which is not reading: bench/fit_bench.py measures it)
    build = [
        "build",
        str(case),
        "-o",
        str(out / "pack"),
        "--generated-at",
        "2026-11-01T12:00:00Z",
        "--platform",
        a.platform,
    ]
    cold_wall, cold_peak = measured(build, 1, None)
    warm_cache = tempfile.mkdtemp(prefix="ep-cache-")
    measured(build, 1, warm_cache)  # fill the cache
    warm_wall, warm_peak = measured(build, a.runs, warm_cache)
    plain_wall, plain_peak = measured([*build, "--no-read"], a.runs, warm_cache)
    base_wall, base_peak = measured([*build, "--no-read"], a.runs, warm_cache, hide=True)
    shutil.rmtree(warm_cache, ignore_errors=True)
    print(f"build, cold (nothing cached):        {cold_wall:.2f} s, peak {cold_peak} MB")
    print(f"build, warm (a rebuild, all cached): {warm_wall:.2f} s, peak {warm_peak} MB")
    print(f"build --no-read:                     {plain_wall:.2f} s, peak {plain_peak} MB")
    print(f"build --no-read, extra not installed: {base_wall:.2f} s, peak {base_peak} MB")
    print(f"warm rebuild / build without reading: {warm_wall / plain_wall:.3f} (target <= 1.10)")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
