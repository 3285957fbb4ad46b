from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from evidence_pack.errors import MediaError
from evidence_pack.media.image import decode_upright, probe_image
from evidence_pack.media.jpeg import save_jpeg
from tests.conftest import jpeg_has_metadata, marked_image, write_jpeg

_STORE = {  # how a camera stores an upright picture for each EXIF orientation
    1: [],
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_90],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_270],
}


def _diff(a: Image.Image, b: Image.Image) -> float:
    a, b = a.convert("RGB").resize((80, 60)), b.convert("RGB").resize((80, 60))
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("orientation", range(9))
def test_every_orientation_comes_out_upright(tmp_path: Path, orientation: int):
    upright = marked_image((800, 600))
    stored = upright
    for t in _STORE.get(orientation, []):
        stored = stored.transpose(t)
    path = write_jpeg(tmp_path / "o.jpg", stored, orientation=orientation)
    img, facts = decode_upright(path, "o.jpg", max_edge=None)
    assert img.size == (800, 600)
    assert (facts.width, facts.height) == (800, 600)
    assert _diff(img, upright) < 3


def test_reduced_decode_uses_draft_and_keeps_original_size(tmp_path: Path):
    path = write_jpeg(tmp_path / "big.jpg", marked_image((4000, 3000)))
    img, facts = decode_upright(path, "big.jpg", max_edge=1000)
    assert max(img.size) == 1000
    assert (facts.width, facts.height) == (4000, 3000)


def test_capture_time_and_camera(tmp_path: Path):
    facts = probe_image(write_jpeg(tmp_path / "a.jpg"), "a.jpg")
    assert facts.captured_at.isoformat() == "2026-10-21T14:03:10"
    assert facts.camera == "Google Pixel 7"
    assert facts.has_exif


def test_forwarded_photo_has_no_capture_time(tmp_path: Path):
    p = tmp_path / "fwd.jpg"
    marked_image().save(p, "JPEG")
    facts = probe_image(p, "fwd.jpg")
    assert facts.captured_at is None and not facts.has_exif


def test_output_jpeg_has_no_metadata(tmp_path: Path):
    img, _ = decode_upright(write_jpeg(tmp_path / "a.jpg"), "a.jpg", max_edge=500)
    out = save_jpeg(img, tmp_path / "out.jpg")
    data = out.path.read_bytes()
    assert not jpeg_has_metadata(data)
    with Image.open(out.path) as im:
        assert not im.getexif() and "icc_profile" not in im.info


def test_alpha_flattened_on_white(tmp_path: Path):
    p = tmp_path / "a.png"
    Image.new("RGBA", (50, 50), (255, 0, 0, 0)).save(p)
    img, _ = decode_upright(p, "a.png", None)
    assert img.mode == "RGB" and img.getpixel((10, 10)) == (255, 255, 255)


def test_16_bit_grey_is_scaled_not_clipped(tmp_path: Path):
    p = tmp_path / "g16.png"
    Image.new("I;16", (20, 20), 32768).save(p)
    img, _ = decode_upright(p, "g16.png", None)
    r, g, b = img.getpixel((5, 5))
    assert 120 <= r <= 135 and r == g == b


def test_palette_with_transparency(tmp_path: Path):
    p = tmp_path / "p.png"
    im = Image.new("P", (20, 20), 1)
    im.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    im.save(p, transparency=0)
    img, _ = decode_upright(p, "p.png", None)
    assert img.getpixel((3, 3)) == (200, 0, 0)


def test_cmyk_jpeg_colours(tmp_path: Path):
    p = tmp_path / "c.jpg"
    Image.new("CMYK", (20, 20), (0, 255, 255, 0)).save(p)  # pure red in CMYK
    img, _ = decode_upright(p, "c.jpg", None)
    r, g, b = img.getpixel((5, 5))
    assert r > 200 and g < 60 and b < 60


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "empty file"),
        (b'{"not": "an image"}', "not an image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "corrupt"),
    ],
)
def test_unreadable_files_get_clear_messages(tmp_path: Path, content: bytes, words: str):
    p = tmp_path / "bad.jpg"
    p.write_bytes(content)
    with pytest.raises(MediaError) as err:
        decode_upright(p, "photos/bad.jpg", 500)
    assert str(err.value).startswith("photos/bad.jpg: ") and words in str(err.value)


def test_truncated_jpeg(tmp_path: Path):
    full = write_jpeg(tmp_path / "full.jpg", marked_image((1200, 900))).read_bytes()
    p = tmp_path / "cut.jpg"
    p.write_bytes(full[: len(full) // 2])
    with pytest.raises(MediaError, match="truncated"):
        decode_upright(p, "cut.jpg", None)


@pytest.mark.parametrize(
    "description, expected", [("Display P3", (216, 93, 24)), ("sRGB IEC61966-2.1", (200, 100, 50))]
)
def test_wide_gamut_photos_are_converted_to_srgb(tmp_path, description, expected):
    """A P3-tagged photo loses its profile on the way into the pack, so its colours are converted to
    sRGB first; a photo already in sRGB keeps its pixels."""
    from tests.icc import rgb_profile

    path = tmp_path / "p3.png"
    Image.new("RGB", (64, 48), (200, 100, 50)).save(path, icc_profile=rgb_profile(description))
    img, _ = decode_upright(path, "photos/p3.png", max_edge=1000)
    assert all(abs(a - b) <= 2 for a, b in zip(img.getpixel((10, 10)), expected, strict=True))
