#!/usr/bin/env python3
"""A case whose only evidence is a long PDF document (a bank statement of 5,000 pages), built as a whole process.

    python bench/document_bench.py [--work DIR] [--pages 5000] [--runs 1] [--timeout 600] [-- BUILD OPTIONS]

Makes (once) in DIR a case with documents/statement.pdf: `--pages` pages of statement-like text drawn
by reportlab with compressed page streams (5,000 pages come to about 3.1 MB). Prints the wall time and
the peak memory of the whole process tree (sum of PSS over the parent and its workers, sampled every
20 ms) of `evidence-pack build`, and the pages and bytes of evidence.pdf. Options after `--` go to the
build (e.g. `-- --max-document-pages 500`). Never part of the unit tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import tree_pss_kb
from workload import CASE_TOML, HERE


def make_statement(path: Path, pages: int) -> None:
    """A long, plain statement: 3 lines of text per page, streams compressed as a bank's would be."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1, invariant=1)
    for p in range(pages):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, 780, f"Example Bank - statement of account - page {p + 1} of {pages}")
        c.setFont("Helvetica", 10)
        for k in range(3):
            n = p * 3 + k
            c.drawString(
                60,
                740 - 18 * k,
                f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}  card payment {n:07d}  "
                f"Merchant {n % 97:02d}  EUR {(n * 37) % 9000 / 100:8.2f}",
            )
        c.showPage()
    c.save()


def document_case(folder: Path, pages: int) -> Path:
    doc = folder / "documents" / "statement.pdf"
    marker = folder / ".made"
    if not (marker.exists() and marker.read_text().strip() == str(pages)):
        shutil.rmtree(folder, ignore_errors=True)
        make_statement(doc, pages)
        (folder / "case.toml").write_text(CASE_TOML)
        marker.write_text(str(pages))
    return folder


def run_measured(cmd: list[str], timeout_s: float) -> tuple[float, int, int]:
    """Wall seconds, peak process-tree PSS (KB) and exit code of a command; killed after timeout_s."""
    peak = 0
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_kb(proc.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample)
    th.start()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    wall = time.perf_counter() - t
    done.set()
    th.join()
    if proc.returncode:
        print(proc.stderr.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return wall, peak, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=HERE / ".work" / "document")
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("build_args", nargs="*")
    a = ap.parse_args()
    case = document_case(a.work, a.pages)
    doc = case / "documents" / "statement.pdf"
    ep = shutil.which("evidence-pack") or str(Path(sys.executable).parent / "evidence-pack")
    out = Path(tempfile.mkdtemp(prefix="db-")) / "out"
    print(f"document: {a.pages:,} pages, {doc.stat().st_size:,} bytes")
    print("| run | wall | peak memory (PSS) | exit | evidence.pdf |")
    print("| --- | --- | --- | --- | --- |")
    for r in range(a.runs):
        shutil.rmtree(out, ignore_errors=True)
        wall, peak, rc = run_measured([ep, "build", str(case), "-o", str(out), *a.build_args], a.timeout)
        pdf = out / "evidence.pdf"
        facts = f"{pdf.stat().st_size:,} bytes" if rc == 0 and pdf.is_file() else "-"
        print(f"| {r + 1} | {wall:.1f} s | {peak / 1024:.0f} MB | {rc} | {facts} |", flush=True)
    shutil.rmtree(out.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
