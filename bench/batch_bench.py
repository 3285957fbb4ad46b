#!/usr/bin/env python3
"""Batch speed-up: 20 copies of the largest sample built with --jobs 1 and with --jobs 2.

    python bench/batch_bench.py [--copies 20] [--sample one-of-two-dead]

Prints wall time for each, the speed-up, and the peak memory (max RSS) of each worker, read from the
batch report.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from workload import as_installed  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--sample", default="one-of-two-dead")
    a = ap.parse_args()
    as_installed()
    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    for k in range(a.copies):
        shutil.copytree(
            ROOT / "samples" / a.sample, work / "cases" / f"case-{k:02d}", ignore=shutil.ignore_patterns("out")
        )
    ep = shutil.which("evidence-pack") or str(Path(sys.executable).parent / "evidence-pack")
    rows = {}
    for jobs in (1, 2):
        out = work / f"out-{jobs}"
        t = time.perf_counter()
        subprocess.run(
            [ep, "batch", str(work / "cases"), "-o", str(out), "--jobs", str(jobs), "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - t
        report = json.loads((out / "batch-report.json").read_text())
        peaks = [c["peak_mb"] for c in report["cases"] if c["peak_mb"]]
        rows[jobs] = (wall, max(peaks), statistics.median(peaks))
    print(f"| {a.copies} x {a.sample} | wall | peak RSS per worker (max / median) |")
    print("| --- | --- | --- |")
    for jobs, (wall, mx, med) in rows.items():
        print(f"| --jobs {jobs} | {wall:.2f} s | {mx:.0f} MB / {med:.0f} MB |")
    print(f"\nspeed-up --jobs 2 over --jobs 1: {rows[1][0] / rows[2][0]:.2f}x")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
