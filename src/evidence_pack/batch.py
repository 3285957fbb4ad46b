"""Many cases in one run: each in its own worker process, with a time limit, a report and an exit code.

One bad case never stops the others; a case whose inputs and options match its last build is skipped
as `unchanged`; every case builds into a temporary folder renamed into place at the end, so an
interrupted batch leaves finished cases complete and the others untouched.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, cast

from evidence_pack.build import BuildOptions, build_case, default_out, is_unchanged, strict_error
from evidence_pack.case import CASE_FILE
from evidence_pack.errors import EvidencePackError
from evidence_pack.output.folder import (
    is_tool_output,
    read_manifest,
    remove_tmp,
    tmp_dir,
)
from evidence_pack.read import ocr
from evidence_pack.read.shared import SharedReader
from evidence_pack.workers import BATCH_PRELOAD, die_with_parent, process_context

REPORT_JSON = "batch-report.json"
REPORT_CSV = "batch-report.csv"
FIELDS = ("case", "status", "exhibits", "pages", "pdf_bytes", "seconds", "peak_mb", "message")


@dataclass(frozen=True)
class BatchOptions:
    root: Path
    out_root: Path | None = None
    jobs: int = 0
    fail_fast: bool = False
    force: bool = False
    timeout_s: float = 600.0
    build: BuildOptions = field(default_factory=BuildOptions)


@dataclass
class CaseResult:
    case: str  # path relative to the root ("." for the root itself)
    status: str  # built | unchanged | failed | timeout | interrupted | not started
    exhibits: int | None = None
    pages: int | None = None
    pdf_bytes: int | None = None
    seconds: float | None = None
    peak_mb: float | None = None
    message: str = ""


@dataclass
class BatchReport:
    root: Path
    results: list[CaseResult] = field(default_factory=list)
    interrupted: bool = False

    @property
    def return_code(self) -> int:
        """0 all built (or unchanged); 3 some failed; 1 nothing could run."""
        if not self.results:
            return 1
        if any(r.status not in ("built", "unchanged") for r in self.results):
            return 3
        return 0

    def as_dict(self) -> dict[str, object]:
        counts: dict[str, int] = {}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        return {
            "root": self.root.name,
            "interrupted": self.interrupted,
            "counts": counts,
            "cases": [asdict(r) for r in self.results],
        }


@dataclass(frozen=True)
class Progress:
    event: str  # "start" | "done"
    case: str
    done: int
    total: int
    elapsed_s: float
    result: CaseResult | None = None


def find_cases(root: Path, out_root: Path | None = None) -> list[Path]:
    """Every folder under root (any depth) holding a case.toml; hidden folders and outputs are skipped."""
    if not root.is_dir():
        raise EvidencePackError(f"{root}: no such folder; give the folder that holds the case folders")
    skip = out_root.resolve() if out_root else None
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip) and not is_tool_output(here / d)
        )
        if CASE_FILE in filenames:
            found.append(here)
    return found


def _out_for(case: Path, opts: BatchOptions) -> Path:
    if opts.out_root is None:
        return default_out(case)
    rel = case.relative_to(opts.root)
    return opts.out_root / rel if str(rel) != "." else opts.out_root


def _child(case: str, out: str, build: BuildOptions, force: bool, conn: Connection, main_pid: int) -> None:
    """One case, in a worker process: send back a CaseResult as a dict."""
    die_with_parent(main_pid)
    started = time.monotonic()
    result: dict[str, object]
    try:
        if not force and is_unchanged(Path(case), Path(out), build):
            previous = read_manifest(Path(out)) or {}
            warned = previous.get("warnings")
            if build.strict and isinstance(warned, list) and warned:  # --strict holds for unchanged cases too
                raise strict_error([str(w) for w in warned])
            summary = previous.get("summary")
            summary = summary if isinstance(summary, dict) else {}
            result = {
                "status": "unchanged",
                **{k: summary.get(k) for k in ("exhibits", "pages", "pdf_bytes")},
                "message": "inputs and options as in the last build",
            }
        else:
            r = build_case(Path(case), replace(build, out_dir=Path(out), jobs=1))
            notes = len(r.warnings) + len(r.notes)
            result = {
                "status": "built",
                "exhibits": r.exhibits,
                "pages": r.pages,
                "pdf_bytes": r.pdf_bytes,
                "message": f"{notes} warning(s) or note(s)" if notes else "",
            }
    except EvidencePackError as exc:
        result = {"status": "failed", "message": str(exc)}
    except KeyboardInterrupt:
        return
    except Exception as exc:  # a library bug on one case must not stop the batch
        result = {"status": "failed", "message": f"internal error: {type(exc).__name__}: {exc}"}
    result["seconds"] = round(time.monotonic() - started, 2)
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    conn.send(result)
    conn.close()


def _cleanup(out: Path, pid: int | None) -> None:
    """Remove the temporary folder a killed worker was building in (the previous output stays)."""
    if pid is not None:
        remove_tmp(tmp_dir(out, pid))


def _shared_reader(ctx: Any, jobs: int) -> SharedReader | None:
    """The batch's text reader, or None when it cannot be started here (each case then reads for itself)."""
    try:
        return SharedReader(ctx, models=jobs)
    except OSError:
        return None


def run_batch(opts: BatchOptions, progress: Callable[[Progress], None] = lambda p: None) -> BatchReport:
    """Build every case under opts.root; never raises for a single case's failure."""
    root = opts.root
    cases = find_cases(root, opts.out_root)
    report = BatchReport(root)
    total = len(cases)
    jobs = max(1, opts.jobs or (os.cpu_count() or 1))
    ctx = process_context(BATCH_PRELOAD)
    # one text reader for every case: the OCR model is loaded once per batch, not once per case
    reader = _shared_reader(ctx, jobs) if cases and opts.build.read and ocr.available() else None
    started = time.monotonic()
    pending = list(cases)
    running: dict[Connection, tuple[Path, Path, multiprocessing.process.BaseProcess, float]] = {}
    results: dict[Path, CaseResult] = {}
    stop = False

    def rel(case: Path) -> str:
        return case.relative_to(root).as_posix()

    def finish(case: Path, result: CaseResult) -> None:
        results[case] = result
        progress(Progress("done", result.case, len(results), total, time.monotonic() - started, result))
        nonlocal stop
        if opts.fail_fast and result.status not in ("built", "unchanged"):
            stop = True

    try:
        while pending or running:
            while pending and len(running) < jobs and not stop:
                case = pending.pop(0)
                out = _out_for(case, opts)
                parent, child = ctx.Pipe(duplex=False)
                build = replace(
                    opts.build, decode_threads=1 if jobs > 1 else 0, reader=reader.address if reader else None
                )
                proc: multiprocessing.process.BaseProcess = ctx.Process(
                    target=_child,
                    args=(str(case), str(out), build, opts.force, child, os.getpid()),
                    name=f"case {rel(case)}",
                )
                proc.start()
                child.close()
                running[parent] = (case, out, proc, time.monotonic())
                progress(Progress("start", rel(case), len(results), total, time.monotonic() - started))
            if not running:
                break
            for ready in wait(list(running), timeout=0.2):
                conn = cast(Connection, ready)  # wait() hands back the connections it was given
                case, out, proc, t0 = running.pop(conn)
                try:
                    data: dict[str, Any] = conn.recv()
                except EOFError:
                    data = {
                        "status": "failed",
                        "message": f"the worker stopped unexpectedly (exit code "
                        f"{proc.exitcode}); no output was written",
                        "seconds": round(time.monotonic() - t0, 2),
                    }
                    _cleanup(out, proc.pid)
                proc.join()
                conn.close()
                finish(case, CaseResult(case=rel(case), **data))
            now = time.monotonic()
            for conn, (case, out, proc, t0) in list(running.items()):
                if now - t0 > opts.timeout_s:
                    proc.kill()
                    proc.join()
                    conn.close()
                    running.pop(conn)
                    _cleanup(out, proc.pid)
                    finish(
                        case,
                        CaseResult(
                            case=rel(case),
                            status="timeout",
                            seconds=round(now - t0, 2),
                            message=f"stopped after {opts.timeout_s:g} s; nothing was written "
                            "(raise --timeout for very large cases)",
                        ),
                    )
    except KeyboardInterrupt:
        report.interrupted = True
        for case, out, proc, t0 in running.values():
            proc.kill()
            proc.join()
            _cleanup(out, proc.pid)
            results[case] = CaseResult(
                case=rel(case),
                status="interrupted",
                seconds=round(time.monotonic() - t0, 2),
                message="interrupted; nothing was written",
            )
    finally:
        if reader is not None:
            reader.close()

    for case in cases:
        if case not in results:
            why = "the batch was interrupted" if report.interrupted else "--fail-fast stopped the batch"
            results[case] = CaseResult(case=rel(case), status="not started", message=why)
    report.results = [results[c] for c in cases]
    return report


def _csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: one starting with =, +, -, @ (or a tab or carriage return)
    would be run as a formula (a case folder named =HYPERLINK(...)), so it gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_reports(report: BatchReport, folder: Path) -> tuple[Path, Path]:
    """batch-report.json and batch-report.csv in `folder`, each written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    text_json = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS)
    w.writeheader()
    for r in report.results:
        w.writerow({k: _csv_cell(v) for k, v in asdict(r).items()})
    for name, text in ((REPORT_JSON, text_json), (REPORT_CSV, buf.getvalue())):
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(folder / name)
        paths.append(folder / name)
    return paths[0], paths[1]
