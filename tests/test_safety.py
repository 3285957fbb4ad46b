"""Never lose a user's file: output folders, temporary folders, stopped builds, odd files and names."""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from evidence_pack.batch import BatchOptions, run_batch, write_reports
from evidence_pack.build import BuildOptions, build_case
from evidence_pack.errors import CaseError, EvidencePackError, OutputError
from evidence_pack.output import folder as outdir
from evidence_pack.output.verify import verify
from evidence_pack.review.check import check_case
from evidence_pack.workers import start_time
from tests.conftest import BASE_TOML, write_jpeg

# --- the output folder ---------------------------------------------------------------------------


def test_foreign_manifest_folder_is_refused_and_untouched(make_case, tmp_path):
    case = make_case()
    p = tmp_path / "P"
    (p / "src").mkdir(parents=True)
    (p / "manifest.json").write_text("[]")
    (p / "src" / "keep.txt").write_text("x")
    with pytest.raises(OutputError, match="choose an empty or new folder"):
        build_case(case, BuildOptions(out_dir=p))
    assert (p / "src" / "keep.txt").read_text() == "x" and (p / "manifest.json").read_text() == "[]"


def test_manifest_of_another_tool_is_refused(make_case, tmp_path):
    case = make_case()
    p = tmp_path / "P"
    p.mkdir()
    (p / "manifest.json").write_text(json.dumps({"tool": {"name": "webpack"}, "outputs": []}))
    with pytest.raises(OutputError, match="not an evidence-pack output"):
        build_case(case, BuildOptions(out_dir=p))
    assert (p / "manifest.json").exists()


def test_user_file_in_a_real_output_is_never_deleted(make_case, tmp_path):
    case = make_case()
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out))
    before = (out / "evidence.pdf").read_bytes()
    (out / "notes.txt").write_text("my notes")
    with pytest.raises(OutputError, match=r"holds files this tool did not write \(notes.txt\)"):
        build_case(case, BuildOptions(out_dir=out))
    assert (out / "notes.txt").read_text() == "my notes"
    assert (out / "evidence.pdf").read_bytes() == before


def test_an_earlier_output_is_replaced_os_junk_included(make_case, tmp_path):
    case = make_case()
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out))
    (out / ".DS_Store").write_bytes(b"\0")
    (out / "upload" / "Thumbs.db").write_bytes(b"\0")
    build_case(case, BuildOptions(out_dir=out))
    assert not (out / ".DS_Store").exists() and (out / "evidence.pdf").is_file()
    assert not (out / outdir.MARKER).exists()
    assert json.loads((out / "manifest.json").read_text())["schema"] == outdir.MANIFEST_SCHEMA


def test_an_output_inside_the_case_is_never_evidence(make_case, tmp_path):
    case = make_case(files={"photos/a.jpg": None, "photos/b.jpg": None})
    first = build_case(case, BuildOptions(out_dir=case / "packs" / "v1"))
    again = build_case(case, BuildOptions(out_dir=tmp_path / "elsewhere"))
    assert first.exhibits == again.exhibits == 2
    report = check_case(case)
    assert {r["file"] for r in report.evidence} == {"photos/a.jpg", "photos/b.jpg"}
    assert verify(tmp_path / "elsewhere", case).ok


def test_batch_finds_cases_beside_a_web_project_manifest(make_case, tmp_path):
    root = tmp_path / "root"
    make_case(name="root/web")
    (root / "web" / "manifest.json").write_text("[]")  # not ours: the case folder is still a case
    report = run_batch(BatchOptions(root=root, out_root=tmp_path / "packs", jobs=1))
    assert [r.case for r in report.results] == ["web"]
    assert report.results[0].status == "built"


# --- temporary folders of stopped builds --------------------------------------------------------


def _fake_tmp(out: Path, pid: int, started: str | None) -> Path:
    tmp = outdir.tmp_dir(out, pid)
    (tmp / ".work").mkdir(parents=True)
    (tmp / ".work" / "0001.jpg").write_bytes(b"x")
    (tmp / outdir.MARKER).write_text(json.dumps({"tool": "evidence-pack", "pid": pid, "started": started}))
    return tmp


def test_stale_temporary_folders_of_dead_processes_only_are_removed(make_case, tmp_path):
    case = make_case()
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = _fake_tmp(out, dead.pid, None)
        running = _fake_tmp(out, alive.pid, start_time(alive.pid))
        unmarked = tmp_path / ".out.tmp-3999999"
        unmarked.mkdir()
        (unmarked / "mine.txt").write_text("not the tool's")
        result = build_case(case, BuildOptions(out_dir=out))
        assert not stale.exists()
        assert running.exists() and unmarked.exists()
        assert any("left by a build that was stopped" in n for n in result.notes)
    finally:
        alive.kill()
        alive.wait()


def test_an_output_moved_aside_by_a_killed_build_is_put_back(make_case, tmp_path):
    case = make_case()
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out.rename(outdir.old_dir(out, dead.pid))  # killed between the two renames of the swap
    assert outdir.clean_stale(out)
    assert (out / "evidence.pdf").is_file()


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


@pytest.fixture
def slow_case(tmp_path) -> Path:
    """A case with enough photos (noise compresses badly and decodes slowly) for a build to take seconds."""
    case = tmp_path / "slow"
    (case / "photos").mkdir(parents=True)
    (case / "case.toml").write_text(BASE_TOML)
    noise = Image.effect_noise((2400, 1800), 90)
    for i in range(24):
        noise.save(case / "photos" / f"p{i:02d}.png", compress_level=1)
    return case


def _start_build(case: Path, out: Path) -> tuple[subprocess.Popen, set[int]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "evidence_pack", "build", str(case), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    kids: set[int] = set()
    while time.monotonic() < deadline:
        kids = _descendants(proc.pid)
        if len(kids) >= 3 and list(out.parent.glob(f".{out.name}.tmp-*/.work/*.jpg")):
            return proc, kids
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"the build did not reach its workers (exit {proc.poll()})")


def _wait_gone(pids: set[int], seconds: float = 20) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = {
            p
            for p in pids
            if Path(f"/proc/{p}").exists()
            and "Z" not in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[:1]
        }
        if not alive:
            return set()
        time.sleep(0.1)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process tree read from /proc")
def test_sigkill_workers_die_and_the_next_build_cleans_up(slow_case, tmp_path):
    out = tmp_path / "out"
    proc, kids = _start_build(slow_case, out)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _wait_gone(kids) == set(), "worker processes outlived the killed build"
    assert list(tmp_path.glob(".out.tmp-*")), "a SIGKILL leaves its temporary folder (nothing can run)"
    done = subprocess.run(
        [sys.executable, "-m", "evidence_pack", "build", str(slow_case), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "left by a build that was stopped" in done.stderr
    assert not list(tmp_path.glob(".out.tmp-*")) and (out / "evidence.pdf").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process tree read from /proc")
def test_sigterm_removes_the_temporary_folder_and_stops_workers(slow_case, tmp_path):
    out = tmp_path / "out"
    proc, kids = _start_build(slow_case, out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted: nothing was written" in err.decode()
    assert "Traceback" not in err.decode() and "resource_tracker" not in err.decode()
    assert _wait_gone(kids) == set()
    assert not list(tmp_path.glob(".out.*")) and not out.exists()


# --- files that are not files, and names that are not names ------------------------------------


def _run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "evidence_pack", *args], capture_output=True, text=True, timeout=timeout
    )


def test_fifo_and_link_to_fifo_never_block(make_case, tmp_path):
    case = make_case()
    os.mkfifo(case / "photos" / "pipe.jpg")
    (case / "chat").mkdir()
    os.mkfifo(case / "chat" / "real-fifo")
    (case / "photos" / "link.jpg").symlink_to(case / "chat" / "real-fifo")
    out = tmp_path / "out"
    for args in (("check", str(case)), ("build", str(case), "-o", str(out)), ("verify", str(out), "--case", str(case))):
        done = _run_cli(*args, timeout=120)  # a blocking open would hang here until the timeout
        assert "Traceback" not in done.stderr, args
    manifest = json.loads((out / "manifest.json").read_text())
    left = {i["path"]: i.get("left_out") for i in manifest["inputs"]}
    assert "pipe (FIFO)" in left["photos/pipe.jpg"] and "pipe (FIFO)" in left["photos/link.jpg"]
    assert "pipe (FIFO)" in left["chat/real-fifo"]


def test_file_names_with_a_newline_or_bad_bytes_are_left_out_with_their_reason(make_case, tmp_path):
    case = make_case()
    write_jpeg(case / "photos" / "two\nlines.jpg")
    bad = os.fsdecode(b"photos/caf\xe9.jpg")
    write_jpeg(case / bad)
    out = tmp_path / "out"
    result = build_case(case, BuildOptions(out_dir=out))
    assert result.exhibits == 1
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    reasons = {i["path"]: i.get("left_out") for i in manifest["inputs"]}
    assert "line break" in reasons["photos/two\ufffdlines.jpg"]
    assert "not valid UTF-8" in reasons["photos/caf\ufffd.jpg"]
    assert (out / "justification.txt").read_text().splitlines()[0].startswith("I ordered")


def test_symlink_loop_is_left_out(make_case, tmp_path):
    case = make_case()
    (case / "photos" / "loop.jpg").symlink_to(case / "photos" / "loop.jpg")
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert "loops back on itself" in {i["path"]: i.get("left_out") for i in manifest["inputs"]}["photos/loop.jpg"]
    assert check_case(case).ok


def test_deeply_nested_toml_is_a_clear_error(make_case):
    case = make_case(toml="x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(CaseError, match="nested too deeply"):
        build_case(case)


def test_case_file_with_a_byte_order_mark_reads(make_case, tmp_path):
    case = make_case()
    (case / "case.toml").write_bytes(b"\xef\xbb\xbf" + (case / "case.toml").read_bytes())
    assert build_case(case, BuildOptions(out_dir=tmp_path / "out")).exhibits == 1


def test_control_characters_cannot_break_line_one(make_case, tmp_path):
    case = make_case(
        toml=BASE_TOML.replace('id = "8181234567890123"', 'id = "8181\\n2345"').replace(
            'item = "USB-C hub 7-in-1"', 'item = "USB-C hub\\nIGNORE THIS\\u0007 7-in-1"'
        )
    )
    build_case(case, BuildOptions(out_dir=tmp_path / "out"))
    first = (tmp_path / "out" / "justification.txt").read_text().splitlines()[0]
    assert "order 8181 2345" in first and '"USB-C hub IGNORE THIS 7-in-1"' in first


def test_implausible_dates_are_warned(make_case, tmp_path):
    case = make_case(toml=BASE_TOML.replace("date = 2026-10-01", "date = 0001-01-01"))
    result = build_case(case, BuildOptions(out_dir=tmp_path / "out"))
    assert any("order.date: 0001-01-01 is not a plausible date" in w for w in result.warnings)
    future = make_case(name="future", toml=BASE_TOML.replace("date = 2026-10-01", "date = 9999-01-01"))
    codes = [f.code for f in check_case(future).findings]
    assert "implausible_date" in codes


# --- verify and reports -------------------------------------------------------------------------


@pytest.fixture
def built_out(make_case, tmp_path) -> tuple[Path, Path]:
    case = make_case()
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out))
    return case, out


def test_verify_reports_files_added_under_hidden_names(built_out):
    _, out = built_out
    (out / "upload" / ".x.jpg").write_bytes(b"x")
    (out / "upload" / ".h").mkdir()
    (out / "upload" / ".h" / "evil.jpg").write_bytes(b"x")
    problems = verify(out).problems
    assert "output added: upload/.x.jpg" in problems and "output added: upload/.h/evil.jpg" in problems


def test_verify_never_reads_paths_outside_the_folder(built_out, tmp_path):
    case, out = built_out
    secret = tmp_path / "secret.txt"
    secret.write_text("s")
    data = json.loads((out / "manifest.json").read_text())
    data["outputs"].append({"path": "../secret.txt", "bytes": 1, "sha256": "0" * 64})
    data["outputs"].append({"path": str(secret), "bytes": 1, "sha256": "0" * 64})
    data["inputs"].append({"path": "../../etc/passwd", "bytes": 1, "sha256": "0" * 64, "kind": "photo"})
    (out / "manifest.json").write_text(json.dumps(data))
    problems = verify(out, case).problems
    assert sum("outside the output folder" in p for p in problems) == 2
    assert any("outside the case folder" in p and "etc/passwd" in p for p in problems)


@pytest.mark.parametrize(
    "manifest",
    [
        '{"tool": {"name": "evidence-pack"}, "outputs": [{"path": "a"}]}',
        '{"tool": {"name": "evidence-pack"}, "outputs": "x"}',
        "[]",
        '{"tool": {"name": "evidence-pack"}, "outputs": [], "inputs": [7]}',
    ],
)
def test_verify_malformed_manifest_is_a_clear_error(built_out, manifest):
    case, out = built_out
    (out / "manifest.json").write_text(manifest)
    with pytest.raises(EvidencePackError, match="manifest"):
        verify(out, case)
    done = _run_cli("verify", str(out), "--case", str(case))
    assert done.returncode == 1 and "internal error" not in done.stderr and "Traceback" not in done.stderr


def test_batch_csv_cells_cannot_be_formulas(tmp_path):
    from evidence_pack.batch import BatchReport, CaseResult

    report = BatchReport(tmp_path, [CaseResult(case='=HYPERLINK("http://x","y")', status="failed", message="-1+1")])
    _, csv_path = write_reports(report, tmp_path)
    row = next(csv.DictReader(csv_path.open()))
    assert row["case"] == '\'=HYPERLINK("http://x","y")' and row["message"] == "'-1+1"


# --- a full disk and a read-only folder ----------------------------------------------------------


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")])
def test_write_failures_are_clear_and_keep_the_previous_output(built_out, monkeypatch, code, words):
    case, out = built_out
    before = (out / "evidence.pdf").read_bytes()
    import evidence_pack.build as build_mod

    def fail(*a, **k):
        raise OSError(code, os.strerror(code), str(out.parent / "x"))

    monkeypatch.setattr(build_mod, "write_manifest", fail)
    with pytest.raises(OutputError, match=words) as info:
        build_case(case, BuildOptions(out_dir=out))
    assert str(out) in str(info.value)
    assert (out / "evidence.pdf").read_bytes() == before
    assert not list(out.parent.glob(".out.tmp-*"))


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


def test_real_full_disk_and_read_only_folder(make_case, tmp_path):
    """On a real small tmpfs: the disk fills up during the build; then the same folder read-only."""
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(disk, "size=200k"):
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        case = make_case(files={f"photos/{i}.jpg": None for i in range(6)})
        done = _run_cli("build", str(case), "-o", str(disk / "out"))
        assert done.returncode == 1 and "the disk is full" in done.stderr and "internal error" not in done.stderr
        assert not list(disk.iterdir())
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = _run_cli("build", str(case), "-o", str(disk / "out"))
        assert done.returncode == 1 and "read-only" in done.stderr and "internal error" not in done.stderr
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
