"""Batch: a root of good, broken and too-slow cases; exit codes, report shape, incremental skip, interruption."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_pack.batch import BatchOptions, find_cases, run_batch
from evidence_pack.cli import cli
from tests.conftest import BASE_TOML, SAMPLES, marked_image, write_jpeg


@pytest.fixture
def root(tmp_path) -> Path:
    r = tmp_path / "disputes"
    shutil.copytree(SAMPLES / "wrong-colour", r / "2026" / "jacket", ignore=shutil.ignore_patterns("out"))
    shutil.copytree(SAMPLES / "missing-items", r / "cases", ignore=shutil.ignore_patterns("out"))
    (r / "broken").mkdir()
    (r / "broken" / "case.toml").write_text('schema = 1\n[order]\nid = "1"\n')
    (r / ".hidden").mkdir()
    (r / ".hidden" / "case.toml").write_text(BASE_TOML)
    (r / "not-a-case").mkdir()
    return r


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_find_cases_any_depth_skips_hidden(root):
    assert [p.relative_to(root).as_posix() for p in find_cases(root)] == ["2026/jacket", "broken", "cases"]


def test_batch_builds_good_reports_broken_exit_3(root, tmp_path):
    out = tmp_path / "packs"
    r = run("batch", root, "-o", out, "--json", "--jobs", "2")
    assert r.exit_code == 3
    data = json.loads(r.stdout)
    by = {c["case"]: c for c in data["cases"]}
    assert by["2026/jacket"]["status"] == "built" and by["2026/jacket"]["exhibits"] == 4
    assert by["cases"]["status"] == "built" and by["cases"]["pages"] >= 5
    assert by["broken"]["status"] == "failed" and "order.date" in by["broken"]["message"]
    assert set(by["cases"]) >= {"case", "status", "exhibits", "pages", "pdf_bytes", "seconds", "message", "peak_mb"}
    assert (out / "2026" / "jacket" / "evidence.pdf").is_file() and (out / "cases" / "evidence.pdf").is_file()
    assert not (out / "broken").exists()
    assert json.loads((out / "batch-report.json").read_text())["counts"] == {"built": 2, "failed": 1}
    assert (out / "batch-report.csv").read_text().splitlines()[0].startswith("case,status,exhibits,pages")


def test_all_good_exit_0_then_unchanged_then_force(root, tmp_path):
    shutil.rmtree(root / "broken")
    out = tmp_path / "packs"
    assert run("batch", root, "-o", out).exit_code == 0
    again = json.loads(run("batch", root, "-o", out, "--json").stdout)
    assert {c["status"] for c in again["cases"]} == {"unchanged"}
    # a changed input rebuilds only that case
    write_jpeg(root / "cases" / "photos" / "IMG_9999.jpg")
    third = {c["case"]: c["status"] for c in json.loads(run("batch", root, "-o", out, "--json").stdout)["cases"]}
    assert third == {"2026/jacket": "unchanged", "cases": "built"}
    forced = json.loads(run("batch", root, "-o", out, "--json", "--force").stdout)
    assert {c["status"] for c in forced["cases"]} == {"built"}


def test_default_output_is_each_case_out(root):
    shutil.rmtree(root / "broken")
    assert run("batch", root, "--jobs", "1").exit_code == 0
    assert (root / "cases" / "out" / "manifest.json").is_file()
    assert (root / "batch-report.json").is_file()
    # outputs are never mistaken for cases or evidence on the next run
    assert [p.relative_to(root).as_posix() for p in find_cases(root)] == ["2026/jacket", "cases"]


def test_nothing_to_run_exit_1(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("batch", tmp_path / "empty").exit_code == 1
    assert run("batch", tmp_path / "missing").exit_code == 1


def test_slow_case_is_stopped_and_reported(root, tmp_path):
    slow = root / "slow"
    (slow / "photos").mkdir(parents=True)
    for k in range(30):  # well over a second of work, whatever the machine
        write_jpeg(slow / "photos" / f"IMG_{k}.jpg", marked_image((3000, 2000)))
    (slow / "case.toml").write_text(BASE_TOML)
    report = run_batch(BatchOptions(root=root, out_root=tmp_path / "o", jobs=2, timeout_s=0.3))
    by = {r.case: r for r in report.results}
    assert by["slow"].status == "timeout" and "stopped after 0.3 s" in by["slow"].message
    assert not (tmp_path / "o" / "slow").exists()
    assert not list((tmp_path / "o").rglob(".*tmp*"))
    assert report.return_code == 3


def test_fail_fast_starts_nothing_after_a_failure(root, tmp_path):
    (root / "0-broken").mkdir()
    (root / "0-broken" / "case.toml").write_text("not toml [")
    report = run_batch(BatchOptions(root=root, out_root=tmp_path / "o", jobs=1, fail_fast=True))
    statuses = [r.status for r in report.results]
    assert statuses[0] == "failed" and "not started" in statuses


def test_interrupt_leaves_no_partial_output(root, tmp_path):
    for k in range(6):
        shutil.copytree(SAMPLES / "one-of-two-dead", root / f"many-{k}", ignore=shutil.ignore_patterns("out"))
    out = tmp_path / "o"
    proc = subprocess.Popen(
        [sys.executable, "-m", "evidence_pack", "batch", str(root), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    # interrupt once one case is finished and another is being built
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        # a finished case: its manifest in a visible folder (pathlib's "*" also matches the hidden temporary
        # folder, whose manifest is written just before it is renamed into place)
        done = [p for p in out.glob("*/manifest.json") if not p.parent.name.startswith(".")]
        if done and [p for p in out.glob(".*") if ".tmp-" in p.name]:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the batch never had a finished case and a case in progress at once")
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name or ".old-" in p.name]
    finished = [p.parent for p in out.glob("*/evidence.pdf")]
    assert finished
    for case_out in finished:
        assert (case_out / "manifest.json").is_file()  # finished cases are complete
    data = json.loads((out / "batch-report.json").read_text())
    assert data["interrupted"] is True
    assert data["counts"].get("built", 0) >= 1 and data["counts"].get("interrupted", 0) >= 1


needs_ocr = pytest.mark.skipif(
    not __import__("evidence_pack.read.ocr", fromlist=["available"]).available(),
    reason="the reading extra is not installed: pip install -c constraints.txt '.[read]'",
)


@needs_ocr
def test_a_batch_reads_text_through_one_shared_reader(tmp_path, monkeypatch):
    """Nothing cached: every case's chat is read by the batch's reader process (its model loaded once, not
    once per case); every pack has its transcript; the reader and its socket folder are gone afterwards."""
    import tempfile

    from pypdf import PdfReader

    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", "")
    cases = tmp_path / "cases"
    for k in range(3):
        shutil.copytree(SAMPLES / "one-of-two-dead", cases / f"c{k}", ignore=shutil.ignore_patterns("out"))
    private = Path(tempfile.mkdtemp(prefix="ep-t-", dir="/tmp"))  # short: a socket path has a length limit
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    report = run_batch(BatchOptions(root=cases, out_root=tmp_path / "out", jobs=2))
    assert [r.status for r in report.results] == ["built"] * 3
    for k in range(3):
        text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "out" / f"c{k}" / "evidence.pdf").pages)
        assert "the conversation as read" in text and "we agree to refund US $13.50" in " ".join(text.split())
    assert list(private.iterdir()) == []  # the reader's socket folder is gone
    private.rmdir()


@needs_ocr
def test_shared_reader_reads_and_a_gone_reader_falls_back_to_a_local_one(tmp_path, monkeypatch):
    from evidence_pack.folder.discover import discover
    from evidence_pack.read.readings import TextWorker, start_text
    from evidence_pack.read.shared import RemoteText, SharedReader
    from evidence_pack.workers import process_context

    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", "")
    case = tmp_path / "c"
    shutil.copytree(SAMPLES / "one-of-two-dead", case, ignore=shutil.ignore_patterns("out"))
    sources = discover(case)
    reader = SharedReader(process_context(), models=1)
    try:
        remote = start_text(sources, reader.address)
        assert isinstance(remote, RemoteText)
        done = remote.results(None)
        lines = [line[0] for result in done.values() for line in result.get("lines", [])]
        assert "Example Official Store" in lines and any("agree to refund" in t for t in lines)
    finally:
        reader.close()
    assert not reader.process.is_alive() and not Path(reader.folder).exists()
    local = start_text(sources, reader.address)  # the reader is gone: this build reads for itself
    assert isinstance(local, TextWorker)
    local.close()
