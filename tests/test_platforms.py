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


@pytest.fixture(scope="module")
def builds(large_case, tmp_path_factory):
    """Each profile's build of the large case, made once for the module."""
    done: dict[str, tuple[Path, object]] = {}

    def get(key: str):
        if key not in done:
            out = tmp_path_factory.mktemp("built") / key
            done[key] = (out, build_case(large_case, BuildOptions(out_dir=out, platform=key, generated_at=WHEN)))
        return done[key]

    return get


@pytest.mark.parametrize("key", platforms.NAMES)
def test_profile_limits_met(builds, key):
    p = platforms.get(key)
    out, result = builds(key)
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


def test_card_text_is_at_least_10_pt(builds):
    out, _ = builds("card")
    sizes = set()
    for page in PdfReader(str(out / "evidence.pdf")).pages:
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size: sizes.add(round(size * tm[0], 1)) if text.strip() else None
        )
    assert sizes and min(sizes) >= 9.9


def test_platforms_command_shows_windows():
    from click.testing import CliRunner

    from evidence_pack.cli import cli

    out = CliRunner().invoke(cli, ["platforms"]).output
    assert "at most 19 pages" in out and "open within 180 days" in out


@pytest.mark.parametrize("budget", [1_200_000, 450_000])
def test_byte_budget_reencodes_pictures_and_says_so(large_case, tmp_path, monkeypatch, budget):
    """A profile with a small byte budget: the pictures inside the PDF are re-encoded for the size they are
    shown at, step by step, until the PDF fits; nothing is dropped and the build says what it did."""
    import dataclasses

    import evidence_pack.build as build_mod

    small = dataclasses.replace(platforms.get("paypal"), pdf_max_bytes=budget, max_file_bytes=budget)
    monkeypatch.setattr(build_mod.platforms, "get", lambda key: small)
    out = tmp_path / "small"
    result = build_case(large_case, BuildOptions(out_dir=out, generated_at=WHEN))
    assert result.exhibits == 44
    assert (out / "evidence.pdf").stat().st_size <= budget
    note = next(n for n in result.notes if "re-encoded" in n)
    dpi = int(note.split(" dpi")[0].rsplit(" ", 1)[1])
    assert dpi < 150 if budget < 1_000_000 else dpi <= 150
    assert (out / "upload" / "evidence.pdf").is_file()
