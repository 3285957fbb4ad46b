"""Shared fixtures: case folders and images made on the fly (nothing committed in bulk)."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# Subprocesses (python -m evidence_pack) run the checkout too, not an installed copy.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
)
CORPUS = (ROOT.parent / "shared" / "corpus").resolve()
# What builds keep between runs (readings of pictures, videos re-encoded to fit) goes to a folder of this
# test run, never the user's cache; set before any worker process starts, so the workers see it too.
if "EVIDENCE_PACK_CACHE_DIR" not in os.environ:
    os.environ["EVIDENCE_PACK_CACHE_DIR"] = tempfile.mkdtemp(prefix="evidence-pack-test-cache-")
    atexit.register(shutil.rmtree, os.environ["EVIDENCE_PACK_CACHE_DIR"], ignore_errors=True)

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"media corpus not present at {CORPUS}")

BASE_TOML = """
schema = 1
platform = "aliexpress"

[order]
id = "8181234567890123"
date = 2026-10-01
item = "USB-C hub 7-in-1"
quantity = 2
unit_price = "12.50"
shipping = "2.00"
currency = "USD"

[claim]
reason = "defective"
problems = ["does_not_power_on"]
affected_quantity = 1
refund = "proportional"
"""


def exif_bytes(when: str | None = "2026:10:21 14:03:10", orientation: int = 1, gps: bool = True) -> bytes:
    ex = Image.Exif()
    ex[0x010F] = "Google"
    ex[0x0110] = "Pixel 7"
    ex[0x0112] = orientation
    if when:
        ex[0x8769] = {0x9003: when}
    if gps:
        ex[0x8825] = {1: "N", 2: (35.0, 39.0, 26.0), 3: "E", 4: (139.0, 44.0, 58.0)}
    return ex.tobytes()


def marked_image(size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A picture whose orientation can be checked: red top-left corner, blue bottom-right."""
    img = Image.new("RGB", size, (230, 230, 230))
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle([0, 0, w // 4, h // 4], fill=(220, 20, 20))
    d.rectangle([w - w // 4, h - h // 4, w, h], fill=(20, 20, 220))
    return img


def write_jpeg(
    path: Path,
    img: Image.Image | None = None,
    when: str | None = "2026:10:21 14:03:10",
    orientation: int = 1,
    gps: bool = True,
    quality: int = 90,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (img or marked_image()).save(path, "JPEG", quality=quality, exif=exif_bytes(when, orientation, gps))
    return path


def write_png(path: Path, img: Image.Image | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (img or marked_image()).save(path, "PNG")
    return path


@pytest.fixture
def make_case(tmp_path: Path):
    """make_case(extra_toml="", files={"photos/a.jpg": None}) -> case folder with case.toml and pictures."""

    def make(
        extra_toml: str = "", files: dict[str, object] | None = None, toml: str | None = None, name: str = "case"
    ) -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        text = toml if toml is not None else textwrap.dedent(BASE_TOML) + textwrap.dedent(extra_toml)
        (root / "case.toml").write_text(text, encoding="utf-8")
        for rel, content in (files if files is not None else {"photos/IMG_0001.jpg": None}).items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if content is None:
                if p.suffix.lower() in (".jpg", ".jpeg"):
                    write_jpeg(p)
                else:
                    write_png(p)
            elif isinstance(content, Image.Image):
                content.save(p)
            elif isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(str(content))
        return root

    return make


def jpeg_has_metadata(data: bytes) -> bool:
    return b"Exif\x00\x00" in data or b"http://ns.adobe.com/xap" in data


def pdf_bytes(buf: bytes) -> io.BytesIO:
    return io.BytesIO(buf)
