#!/usr/bin/env python3
"""Benchmark the copy of a video made to fit a platform's limit (video/transcode.py): the standard
workload's 2-minute 1080p video (174 MB) into AliExpress's 30,000,000 bytes.

    python bench/fit_bench.py [--work DIR] [--limit BYTES] [--runs 1]

Runs the re-encode as a whole process with the cache off (EVIDENCE_PACK_CACHE_DIR=""), and prints its
wall time, CPU time, the copy's size, resolution and length against the original's, and the peak memory
(resident set) of the process that encodes. Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from frames_bench import ensure_videos  # noqa: E402  (the same workload video)

CHILD = """
import json, sys
from pathlib import Path
from evidence_pack.video.transcode import fit_copy
fitted = fit_copy(Path(sys.argv[1]), Path(sys.argv[2]), "videos/unboxing.mp4", int(sys.argv[3]))
print(json.dumps({"bytes": fitted.bytes, "plan": [fitted.plan.width, fitted.plan.height, fitted.plan.video_bps,
      fitted.plan.audio_bps], "duration_s": fitted.duration_s}))
"""


def length(path: Path) -> float:
    import av

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        return float(v.duration * v.time_base)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work")
    ap.add_argument("--limit", type=int, default=30_000_000)
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    video, _ = ensure_videos(a.work)
    env = dict(os.environ, EVIDENCE_PACK_CACHE_DIR="")
    src_root = str(HERE.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join([src_root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    walls, cpus, result = [], [], {}
    out = Path(tempfile.mkdtemp(prefix="fit-bench-")) / "fitted.mp4"
    for _ in range(a.runs):
        before = os.times()
        t = time.perf_counter()
        p = subprocess.run(
            [sys.executable, "-c", CHILD, str(video), str(out), str(a.limit)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - t)
        after = os.times()
        cpus.append(after.children_user - before.children_user + after.children_system - before.children_system)
        result = json.loads(p.stdout.strip().splitlines()[-1])
    # the largest resident set of any process started here: the encoding process (Linux: kilobytes)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    w, h, vbps, abps = result["plan"]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print("| original | limit | copy | wall | CPU | peak memory (RSS) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| {video.stat().st_size:,} bytes, {length(video):.2f} s, 1920x1080 | {a.limit:,} bytes | "
        f"{result['bytes']:,} bytes, {length(out):.2f} s, {w}x{h}, video {vbps / 1e6:.2f} Mb/s"
        f"{f', audio {abps // 1000} kb/s' if abps else ''} | {statistics.median(walls):.1f} s | "
        f"{statistics.median(cpus):.1f} s | {peak_mb:.0f} MB |"
    )
    out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
