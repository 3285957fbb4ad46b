"""Only the tool's own messages reach stderr: what the decoding libraries print about damaged files
(Python logging, warnings, C libraries writing to fd 2) is captured. The builds run as real processes,
because a C library writes to file descriptor 2, which no in-process capture of sys.stderr sees."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from evidence_pack.quiet import quiet
from tests.conftest import BASE_TOML, CORPUS, needs_corpus

# Every line the CLI itself writes to stderr for a build or a check starts with one of these.
OWN = re.compile(r"^(warning|left out|note|error|built|internal error): |^  - |^built ")
# What the libraries said before they were silenced, for the record.
STRAY = (
    "EOF marker not found",
    "startxref",
    "ZIPDecode",
    "Using code not yet in table",
    "JPEGLib",
    "More samples per pixel",
    "parsing for Object Streams",
)


def _picture() -> Image.Image:
    img = Image.new("RGB", (400, 300), (200, 100, 50))
    ImageDraw.Draw(img).ellipse([50, 50, 350, 250], fill=(10, 200, 30))
    return img


def _corrupt_tiff(compression: str) -> bytes:
    """A TIFF whose compressed strip is damaged: Pillow reads it with libtiff, whose error handler
    prints to fd 2 ("ZIPDecode: ZLib error", "Using code not yet in table", "JPEGLib: ...")."""
    buf = io.BytesIO()
    _picture().save(buf, "TIFF", compression=compression)
    data = bytearray(buf.getvalue())
    for i in range(200, min(len(data) - 200, 1200)):
        data[i] ^= 0x5A
    return bytes(data)


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "receipt")
    c.showPage()
    c.save()
    return buf.getvalue()


def _pdf_with_wrong_startxref() -> bytes:
    """Readable, but pypdf logs "incorrect startxref pointer" and "parsing for Object Streams" while
    counting its pages and again while the PDF is appended to the pack."""
    return re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n" + str(int(m.group(1)) + 7).encode(), _pdf())


def _case(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True)
    (root / "case.toml").write_text(BASE_TOML)
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "EVIDENCE_PACK_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "evidence_pack", *args], capture_output=True, text=True, env=env, timeout=300
    )


def _foreign(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and not OWN.match(line)]


@pytest.fixture(scope="module")
def noisy_case(tmp_path_factory) -> Path:
    pdf = _pdf()
    return _case(
        tmp_path_factory.mktemp("noisy") / "case",
        {
            "photos/ok.jpg": _jpeg(),
            "photos/deflate.tif": _corrupt_tiff("tiff_adobe_deflate"),
            "photos/lzw.tif": _corrupt_tiff("tiff_lzw"),
            "photos/jpeg.tif": _corrupt_tiff("jpeg"),
            "documents/truncated.pdf": pdf[: len(pdf) // 2],  # qpdf repairs a PDF cut at 4/5; not at half
            "documents/receipt.pdf": _pdf_with_wrong_startxref(),
        },
    )


def _jpeg() -> bytes:
    buf = io.BytesIO()
    _picture().save(buf, "JPEG")
    return buf.getvalue()


def test_build_of_damaged_files_prints_only_the_tools_messages(noisy_case: Path, tmp_path: Path):
    result = _run("build", str(noisy_case), "-o", str(tmp_path / "out"), "--skip-unreadable", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert _foreign(result.stderr) == []
    assert not any(s in result.stderr for s in STRAY)
    # the damage itself is still reported, in the tool's words, naming the files
    assert "left out: documents/truncated.pdf: is not a readable PDF" in result.stderr
    assert "left out: photos/deflate.tif: cannot be decoded" in result.stderr


def test_build_with_worker_processes_prints_only_the_tools_messages(noisy_case: Path, tmp_path: Path):
    result = _run("build", str(noisy_case), "-o", str(tmp_path / "out"), "--skip-unreadable", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert _foreign(result.stderr) == []


def test_check_of_damaged_files_prints_only_the_tools_messages(noisy_case: Path):
    result = _run("check", str(noisy_case))
    assert not any(s in result.stderr + result.stdout for s in STRAY), result.stderr


@needs_corpus
def test_libtiff_fuzzer_file_prints_only_the_tools_message(tmp_path: Path):
    case = _case(tmp_path / "case", {})
    (case / "photos").mkdir()
    shutil.copy(CORPUS / "bad" / "libtiff_segfault.tif", case / "photos" / "scan.tif")
    result = _run("build", str(case), "-o", str(tmp_path / "out"), "--skip-unreadable", "--jobs", "1")
    assert "More samples per pixel" not in result.stderr
    assert _foreign(result.stderr) == []
    assert "left out: photos/scan.tif: is not an image this tool can read" in result.stderr


# --- quiet() itself ---------------------------------------------------------------------------------------


def test_quiet_captures_what_a_c_library_writes_to_fd_2(capfd):
    with quiet() as said:
        os.write(2, b"ZIPDecode: ZLib error: .\n")
    print("after", file=sys.stderr)
    err = capfd.readouterr().err
    assert "ZIPDecode" not in err and "after" in err
    assert said == ["ZIPDecode: ZLib error: ."]


def test_quiet_nests_and_gives_fd_2_back(capfd):
    with quiet():
        with quiet():
            os.write(2, b"inner\n")
        os.write(2, b"outer\n")
    os.write(2, b"mine\n")
    assert capfd.readouterr().err == "mine\n"


def test_library_log_records_and_warnings_never_reach_stderr(capfd):
    with quiet() as said:
        logging.getLogger("PIL.TiffImagePlugin").error("More samples per pixel than can be decoded: %s", 65535)
        warnings.warn("Corrupt EXIF data", UserWarning, stacklevel=2)
    logging.getLogger("pypdf._reader").warning("EOF marker not found")  # outside quiet(): dropped too
    err = capfd.readouterr().err
    assert err == ""
    assert "PIL.TiffImagePlugin: More samples per pixel than can be decoded: 65535" in said
    assert "warning: Corrupt EXIF data" in said


def test_debug_shows_what_the_libraries_said(capfd, monkeypatch):
    monkeypatch.setenv("EVIDENCE_PACK_DEBUG", "1")
    with quiet():
        os.write(2, b"JPEGLib: Unsupported marker type 0x7b.\n")
    assert capfd.readouterr().err == "library: JPEGLib: Unsupported marker type 0x7b.\n"
