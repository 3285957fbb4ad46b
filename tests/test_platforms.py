"""Each platform profile's limits, on a large case: 40 full-size phone photos and a few chat screenshots."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from evidence_pack import platforms
from evidence_pack.build import BuildOptions, build_case
from tests.conftest import BASE_TOML, exif_bytes

WHEN = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


def _noisy_photo(seed: int) -> Image.Image:
    """A 4032x3024 picture that compresses like a phone photo (noise and shapes), made quickly."""
    base = Image.effect_noise((1008, 756), 40 + seed).convert("RGB").resize((4032, 3024), Image.Resampling.NEAREST)
    d = ImageDraw.Draw(base)
    for k in range(6):
        x, y = (seed * 577 + k * 613) % 3400, (seed * 311 + k * 271) % 2500
        d.rectangle([x, y, x + 500, y + 400], fill=((seed * 40 + k * 30) % 256, (k * 70) % 256, (seed * 90) % 256))
    noise = Image.effect_noise((4032, 3024), 25).convert("RGB")
    return Image.blend(base, noise, 0.25)


@pytest.fixture(scope="module")
def large_case(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("large") / "case"
    (root / "photos").mkdir(parents=True)
    (root / "chat").mkdir()
    masters = []
    for k in range(4):
        p = root / "photos" / f"IMG_{k:04d}.jpg"
        _noisy_photo(k).save(p, "JPEG", quality=92, exif=exif_bytes(f"2026:10:21 10:{k:02d}:00"))
        masters.append(p)
    for k in range(4, 40):  # same pictures, distinct files (distinct capture times in name order)
        shutil.copy(masters[k % 4], root / "photos" / f"IMG_{k:04d}.jpg")
    for k in range(4):
        img = Image.new("RGB", (1170, 2532), (240, 240, 240))
        d = ImageDraw.Draw(img)
        for y in range(100, 2400, 200):
            d.rounded_rectangle([60, y, 900, y + 140], 30, fill=(255, 255, 255))
            d.text((100, y + 50), "Seller: we agree to refund 50%", fill=(0, 0, 0))
        img.save(root / "chat" / f"chat_{k}.png")
    (root / "case.toml").write_text(BASE_TOML)
    return root


@pytest.mark.parametrize("key", platforms.NAMES)
def test_profile_limits_met(large_case, tmp_path, key):
    p = platforms.get(key)
    out = tmp_path / key
    result = build_case(large_case, BuildOptions(out_dir=out, platform=key, generated_at=WHEN))
    assert result.exhibits == 44  # nothing dropped, whatever the budget
    pdf = out / "evidence.pdf"
    pages = len(PdfReader(str(pdf)).pages)
    if p.pdf_max_pages:
        assert pages <= p.pdf_max_pages
    if p.pdf_max_bytes:
        assert pdf.stat().st_size <= p.pdf_max_bytes
    files = list((out / "upload").iterdir())
    for f in files:
        assert f.suffix.lstrip(".") in p.upload_types or (p.accepts_video and f.suffix in (".mp4", ".mov"))
        assert f.stat().st_size <= max(p.max_file_bytes, p.max_video_bytes)
    if p.max_files:
        assert len(files) <= p.max_files
    if key == "card":
        assert [f.name for f in files] == ["evidence.pdf"]
        assert any("pictures per page" in n for n in result.notes)
    if key == "aliexpress":
        assert "evidence.pdf" not in {f.name for f in files}
        text = (out / "justification.txt").read_text()
        assert len(text) <= 1000 and text.isascii()


def test_card_text_is_at_least_10_pt(large_case, tmp_path):
    build_case(large_case, BuildOptions(out_dir=tmp_path / "c", platform="card", generated_at=WHEN))
    sizes = set()
    for page in PdfReader(str(tmp_path / "c" / "evidence.pdf")).pages:
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size: sizes.add(round(size * tm[0], 1)) if text.strip() else None
        )
    assert sizes and min(sizes) >= 9.9


def test_platforms_command_shows_windows():
    from click.testing import CliRunner

    from evidence_pack.cli import cli

    out = CliRunner().invoke(cli, ["platforms"]).output
    assert "at most 19 pages" in out and "open within 180 days" in out
