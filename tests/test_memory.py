"""One file's decode stays within budget.MEMORY_BUDGET_BYTES: huge pictures and videos are read reduced,
band by band or tile by tile, or refused with what to do. Inputs are made here (tests/hostile_media.py);
nothing measures time or memory: the peaks are bench/memory_bench.py's job."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import av
import pillow_heif
import pytest
from PIL import Image, ImageChops, ImageStat

from evidence_pack.errors import MediaError, VideoError
from evidence_pack.folder.discover import SourceFile
from evidence_pack.ingest import decode_for_pack, ingest_all
from evidence_pack.media.budget import MEMORY_BUDGET_BYTES, full_decode_bytes
from evidence_pack.media.image import decode_upright
from evidence_pack.video.probe import _lowres
from evidence_pack.video.sample import extract_frames
from tests.conftest import exif_bytes, marked_image
from tests.hostile_media import BLUE, GREY, RED, write_huge_mjpeg, write_huge_png

pillow_heif.register_heif_opener()  # to write the HEIF grids (media registers it for reading)
SMALL_BUDGET = 8 << 20  # makes the pictures below "too large to decode whole": the band and tile paths


def _close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def _full_decode_sha(path: Path) -> str:
    """What pixels_sha256 has always been: the SHA-256 of Pillow's whole picture converted to RGB."""
    from evidence_pack.media.image import _to_rgb

    with Image.open(path) as im:
        im.load()
        return hashlib.sha256(_to_rgb(im).tobytes()).hexdigest()


# --- a 15800 x 15800 PNG (250 MP, 3 MB on disk) -----------------------------------------------------


@pytest.fixture(scope="module")
def huge_png(tmp_path_factory) -> Path:
    return write_huge_png(tmp_path_factory.mktemp("png") / "huge.png", 15800, 15800)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_huge_png_would_not_fit_whole(huge_png: Path):
    with Image.open(huge_png) as im:  # under media.MAX_PIXELS: Pillow only warns
        assert full_decode_bytes(im) > MEMORY_BUDGET_BYTES


def test_huge_png_is_read_band_by_band_reduced_for_the_pack(huge_png: Path):
    img, facts = decode_for_pack(huge_png, "photos/huge.png", "photo")
    assert img.size == (1600, 1600) and img.mode == "RGB"
    assert (facts.width, facts.height) == (15800, 15800)
    assert _close(img.getpixel((10, 10)), RED) and _close(img.getpixel((1590, 1590)), BLUE)
    assert _close(img.getpixel((800, 800)), GREY)


def test_huge_png_within_a_quarter_of_the_budget(huge_png: Path):
    # decoded whole it needs 1 GB: only band-by-band reading gets through 128 MB
    img, _ = decode_upright(huge_png, "huge.png", max_edge=1000, budget_bytes=MEMORY_BUDGET_BYTES // 4)
    assert img.size == (1000, 1000)


def test_huge_png_at_full_size_is_refused_before_decoding(huge_png: Path):
    with pytest.raises(MediaError, match=r"^huge\.png: is 15800x15800 pixels \(250 MP\): .* resize it to at most"):
        decode_upright(huge_png, "huge.png", max_edge=None)


def test_huge_png_as_chat_screenshot_comes_out_at_chat_width(huge_png: Path):
    img, _ = decode_for_pack(huge_png, "chat/huge.png", "chat")
    assert img.size == (1170, 1170)
    assert _close(img.getpixel((5, 5)), RED)


# --- PNG bands give exactly Pillow's pixels ------------------------------------------------------------


def _noise_picture(mode: str, size: tuple[int, int] = (1501, 1103)) -> Image.Image:
    noise = Image.effect_noise(size, 70).convert("L")
    ramp = Image.linear_gradient("L").resize(size)
    rgb = Image.merge("RGB", (noise, ramp, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    if mode == "P;4":
        return rgb.quantize(16)
    if mode == "I;16":
        return noise.convert("I").point(lambda v: v * 257).convert("I;16")
    return rgb.convert(mode) if mode != "L" else noise


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "LA", "L", "P", "P;4", "1", "I;16"])
def test_png_bands_match_the_whole_picture(tmp_path: Path, mode: str):
    path = tmp_path / "noise.png"
    img = _noise_picture(mode)
    if mode == "P":
        img.save(path, transparency=3)
    elif mode == "P;4":
        img.save(path, bits=4)
    else:
        img.save(path, compress_level=1)
    banded, b_facts = decode_upright(path, "noise.png", max_edge=300, budget_bytes=SMALL_BUDGET)
    whole, w_facts = decode_upright(path, "noise.png", max_edge=300)
    assert b_facts.pixels_sha256 == w_facts.pixels_sha256 == _full_decode_sha(path)
    assert banded.tobytes() == whole.tobytes()


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        out.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


def _png_from_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d)) for k, d in chunks
    )


def test_truncated_png_read_in_bands_is_called_truncated(tmp_path: Path):
    path = tmp_path / "cut.png"
    _noise_picture("RGB").save(path, compress_level=1)
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    with pytest.raises(MediaError, match="is truncated"):
        decode_upright(path, "photos/cut.png", max_edge=300, budget_bytes=SMALL_BUDGET)


def test_png_with_a_damaged_chunk_read_in_bands_is_refused_clearly(tmp_path: Path):
    buf = io.BytesIO()
    _noise_picture("RGB").save(buf, "PNG", compress_level=1)
    chunks = _png_chunks(buf.getvalue())
    data = bytearray(_png_from_chunks(chunks))
    data[data.index(b"IDAT") + 500] ^= 0xFF  # the chunk's CRC no longer matches
    path = tmp_path / "bad.png"
    path.write_bytes(bytes(data))
    with pytest.raises(MediaError, match=r"photos/bad\.png: cannot be decoded \(the picture data is damaged\)") as info:
        decode_upright(path, "photos/bad.png", max_edge=300, budget_bytes=SMALL_BUDGET)
    assert "broken PNG data" in info.value.detail  # the library's account, for manifest.json


def test_png_exif_stored_after_the_pixels_is_read(tmp_path: Path):
    # Pillow's getexif() decodes the whole PNG to find such a chunk; the orientation must still apply
    buf = io.BytesIO()
    marked_image((400, 300)).transpose(Image.Transpose.ROTATE_90).save(buf, "PNG")
    chunks = _png_chunks(buf.getvalue())
    exif = exif_bytes(orientation=6)
    chunks.insert(len(chunks) - 1, (b"eXIf", exif[6:] if exif.startswith(b"Exif\x00\x00") else exif))
    path = tmp_path / "late.png"
    path.write_bytes(_png_from_chunks(chunks))
    img, facts = decode_upright(path, "late.png", max_edge=None)
    assert img.size == (400, 300) and (facts.width, facts.height) == (400, 300)
    assert _close(img.getpixel((5, 5)), (220, 20, 20))
    assert facts.captured_at is not None and facts.camera == "Google Pixel 7"


# --- HEIF grids tile by tile ---------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", [1, 5, 6, 8])
def test_heif_grid_read_tile_by_tile_matches_the_full_decode(tmp_path: Path, orientation: int):
    path = tmp_path / f"grid{orientation}.heic"
    marked_image((1400, 1000)).save(path, "HEIF", tile_size=256, quality=90, exif=exif_bytes(orientation=orientation))
    tiled, t_facts = decode_upright(path, "grid.heic", max_edge=350, budget_bytes=SMALL_BUDGET)
    whole, w_facts = decode_upright(path, "grid.heic", max_edge=350)
    assert tiled.size == whole.size and (t_facts.width, t_facts.height) == (w_facts.width, w_facts.height)
    assert _mean_diff(tiled, whole) < 1.5


def test_heif_grid_tiles_are_libheifs_own_pixels(tmp_path: Path):
    path = tmp_path / "grid.heic"
    marked_image((1400, 1000)).save(path, "HEIF", tile_size=256, quality=90)
    _, tiled = decode_upright(path, "grid.heic", max_edge=350, budget_bytes=SMALL_BUDGET)
    assert tiled.pixels_sha256 == _full_decode_sha(path)


# --- refusals name the file and the size to resize to -----------------------------------------------


def test_picture_too_large_for_its_decoder_is_refused_with_the_size_to_resize_to(tmp_path: Path):
    # libwebp needs 16 bytes a pixel: a 36-MP WebP cannot be read within 512 MB (38 bytes on disk)
    path = tmp_path / "case" / "photos" / "big.webp"
    path.parent.mkdir(parents=True)
    Image.new("RGB", (6000, 6000), (200, 180, 160)).save(path, lossless=True, method=0)
    src = SourceFile("photos/big.webp", path, "photo", "image", path.stat().st_size, None)
    ing = ingest_all([src], tmp_path)[0]
    assert ing.error is not None and "6000x6000 pixels (36 MP)" in ing.error
    assert "resize it to at most 33 megapixels" in ing.error
    with pytest.raises(MediaError, match=r"^photos/big\.webp: .*512 MB one file may use"):
        decode_for_pack(path, "photos/big.webp", "photo")


# --- videos ---------------------------------------------------------------------------------------------


def test_lowres_only_for_codecs_that_have_it_and_only_as_much_as_needed():
    cap = 44_000_000
    assert _lowres("mjpeg", 16000, 16000, cap) == 3
    assert _lowres("mjpeg", 3840, 2160, cap) == 1  # still 1920 wide: enough for 1600-px frames
    assert _lowres("mjpeg", 1920, 1080, cap) == 0
    assert _lowres("h264", 16000, 16000, cap) == 0


@pytest.fixture(scope="module")
def huge_mjpeg(tmp_path_factory) -> Path:
    return write_huge_mjpeg(tmp_path_factory.mktemp("mjpeg") / "huge.mov", 16000, 16000, frames=3)


def test_huge_mjpeg_is_decoded_at_an_eighth(huge_mjpeg: Path):
    result = extract_frames(huge_mjpeg, "videos/huge.mov", count=4)
    assert (result.info.width, result.info.height) == (16000, 16000) and result.partial is None
    assert [f.at_s for f in result.frames] == [0.0, 2.0]  # the same picture three times: first and last
    for f in result.frames:
        assert f.image.size == (1600, 1600)
        assert f.image.getpixel((20, 20))[0] > 240 and f.image.getpixel((1580, 1580))[0] < 15


def _h264(path: Path, size: tuple[int, int], pix_fmt: str) -> Path:
    with av.open(str(path), "w", format="mp4") as out:
        st = out.add_stream("libx264", rate=1)
        st.width, st.height, st.pix_fmt = size[0], size[1], pix_fmt
        st.options = {"preset": "ultrafast", "tune": "zerolatency", "threads": "1"}
        small = marked_image((64, 36))
        frame = av.VideoFrame.from_image(small).reformat(width=size[0], height=size[1], format=pix_fmt)
        for pkt in st.encode(frame):
            out.mux(pkt)
        for pkt in st.encode():
            out.mux(pkt)
    return path


def test_8k_video_is_decoded(tmp_path: Path):
    result = extract_frames(_h264(tmp_path / "8k.mp4", (8448, 4352), "yuv420p"), "videos/8k.mp4")
    assert (result.info.width, result.info.height) == (8448, 4352)
    assert result.frames and max(result.frames[0].image.size) == 1600


def test_video_whose_frames_cannot_be_decoded_within_the_budget_is_refused(tmp_path: Path):
    path = _h264(tmp_path / "10bit.mp4", (6144, 4096), "yuv420p10le")  # 25 MP of 3 bytes: 75 MB a frame
    with pytest.raises(
        VideoError,
        match=r"^videos/10bit\.mp4: is a 6144x4096 10-bit video .* re-encode it at "
        r"3840x2160 \(4K\) or less",
    ):
        extract_frames(path, "videos/10bit.mp4")
