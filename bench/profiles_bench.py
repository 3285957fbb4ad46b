#!/usr/bin/env python3
"""PDF bytes and pages of the standard workload (40 photos, 6 screenshots, a 120-s video) on each profile.

python bench/profiles_bench.py [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workload import HERE, standard_case

PROFILES = ("aliexpress", "paypal", "ebay", "amazon", "card", "generic")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work" / "standard")
    a = ap.parse_args()
    case = standard_case(a.work)
    ep = shutil.which("evidence-pack") or str(Path(sys.executable).parent / "evidence-pack")
    from pypdf import PdfReader

    print("| profile | PDF pages | PDF bytes | upload files | upload bytes | build s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key in PROFILES:
        out = Path(tempfile.mkdtemp(prefix="prof-")) / "out"
        t = time.perf_counter()
        subprocess.run(
            [ep, "build", str(case), "-o", str(out), "--platform", key],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        dt = time.perf_counter() - t
        pdf = out / "evidence.pdf"
        ups = list((out / "upload").iterdir())
        print(
            f"| {key} | {len(PdfReader(str(pdf)).pages)} | {pdf.stat().st_size:,} | {len(ups)} | "
            f"{sum(u.stat().st_size for u in ups):,} | {dt:.2f} |"
        )
        shutil.rmtree(out.parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
