"""Every file of the shared media corpus through ingestion, with the expected outcome per file.

Skips cleanly where ../shared/corpus is absent; .ci/run has it.
"""

import pytest
from PIL import Image, ImageChops, ImageStat

from evidence_pack.folder.discover import SourceFile
from evidence_pack.folder.sniff import sniff
from evidence_pack.ingest import IngestSettings, ingest_all
from evidence_pack.workers import worker_pool
from tests.conftest import CORPUS, needs_corpus

pytestmark = needs_corpus

# Files refused, with words their message must contain. Everything else must be included.
REFUSED = {
    "images/sample.jxl": "JPEG XL",
    "bad/corrupted.heic": "not an image",
    "bad/decompression_bomb.gif": "million pixels",
    "bad/empty.heic": "empty file",
    "bad/fixture-corrupt.mkv": "cannot be opened as a video",
    "bad/fixture-corrupt.png": "not an image",
    "bad/fixture-isom.mp4": "cannot be opened as a video",
    "bad/fixture-json.webp": "not an image",
    "bad/libtiff_segfault.tif": "not an image",
    "bad/png_decompression_dos.png": "cannot be opened",
    "bad/result.webm": "empty file",
    "bad/sample-garbled.avif": "not an image",
    "bad/truncated_image.png": "truncated",
    "bad/truncated_jpeg.jpg": "truncated",
}
PARTIAL = {"bad/fixture2.mkv": "truncated", "bad/sample_with_invalid_nalu.mp4": "damaged"}
PORTRAIT = {
    "images/fixture-heic.heic",
    "images/pixel-motion-photo-shortened.jpg",
    "images/IMG_5195.HEIC",
    "images/200MP.heic",
    "videos/iphone_rotated.mov",
    "videos/portrait_4k60.mp4",
    "videos/dolbyVision-hdr.MOV",
    "videos/sample_rotate_and_reflect.mp4",
    "videos/hdr10-av1.mp4",
    "images/ultraHDR.jpg",
    "images/tokyo.jpg",
}
SLOW = {"images/200MP.heic"}  # a 200-MP decode takes ~7 s: run it once, in its own test


def _files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(f"{d}/{p.name}" for d in ("images", "videos", "bad") for p in (CORPUS / d).iterdir() if p.is_file())


def _source(rel: str) -> SourceFile:
    path = CORPUS / rel
    content = sniff(path)
    kind = "video" if content == "video" else "document" if content == "pdf" else "photo"
    return SourceFile(rel, path, kind, content, path.stat().st_size, None)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    work = tmp_path_factory.mktemp("work")
    rels = [r for r in _files() if r not in SLOW]
    with worker_pool(2, len(rels)) as pool:
        return dict(
            zip(
                rels,
                ingest_all([_source(r) for r in rels], work, pool, IngestSettings(frames_per_video=6)),
                strict=False,
            )
        )


@pytest.mark.parametrize("rel", [r for r in _files() if r not in SLOW])
def test_corpus_file_outcome(ingested, rel):
    ing = ingested[rel]
    if rel in REFUSED:
        assert ing.error is not None, f"{rel} should be refused"
        assert REFUSED[rel] in ing.error
        assert "/" not in ing.error.replace("JPEG or PNG", "")  # no paths in messages
        return
    assert ing.error is None, f"{rel}: {ing.error}"
    assert ing.pictures, rel
    if rel in PARTIAL:
        assert ing.partial and PARTIAL[rel] in ing.partial
    for pic in ing.pictures:
        with Image.open(pic.path) as im:
            assert im.mode == "RGB" and not im.getexif()
            if rel in PORTRAIT:
                assert im.height > im.width, f"{rel} should come out portrait"


def test_landscape_orientations_all_match(ingested):
    ref = None
    for n in range(9):
        pic = ingested[f"images/Landscape_{n}.jpg"].pictures[0]
        with Image.open(pic.path) as im:
            small = im.convert("RGB").resize((180, 120))
        if ref is None:
            ref = small
            continue
        diff = sum(ImageStat.Stat(ImageChops.difference(ref, small)).mean) / 3
        assert diff < 2.0, f"Landscape_{n} differs from Landscape_0 by {diff:.1f}"


def test_cmyk_not_inverted(ingested):
    with Image.open(ingested["images/pil_sample_cmyk.jpg"].pictures[0].path) as a:
        a_mean = sum(ImageStat.Stat(a.convert("RGB")).mean) / 3
    with Image.open(CORPUS / "images" / "pil_sample_cmyk.jpg") as src:
        ref = sum(ImageStat.Stat(src.convert("RGB")).mean) / 3
    assert abs(a_mean - ref) < 10


def test_16bit_grey_not_clipped_white(ingested):
    with Image.open(ingested["images/L_16__128x128.png"].pictures[0].path) as im:
        assert ImageStat.Stat(im.convert("L")).mean[0] < 240


def test_gps_photo_capture_time_kept_gps_dropped(ingested):
    ing = ingested["images/tokyo.jpg"]
    assert ing.captured_at.startswith("2018-02-17")
    data = ing.pictures[0].path.read_bytes()
    assert b"GPS" not in data and b"Exif" not in data


def test_200mp_phone_heic_is_included(tmp_path):
    ing = ingest_all([_source("images/200MP.heic")], tmp_path)[0]
    assert ing.error is None
    assert (ing.width, ing.height) == (12240, 16320)
    with Image.open(ing.pictures[0].path) as im:
        assert max(im.size) <= 1600 and im.height > im.width


def test_video_timestamps_within_duration(ingested):
    ing = ingested["videos/flower.mp4"]
    times = [p.at_s for p in ing.pictures]
    assert times == sorted(times) and times[0] == 0.0
    assert max(times) <= ing.video["duration_s"] + 0.1


def test_uploaded_phone_video_loses_location_keeps_rotation(tmp_path):
    import shutil

    import av

    from evidence_pack.build import BuildOptions, build_case
    from tests.conftest import BASE_TOML

    case = tmp_path / "case"
    (case / "videos").mkdir(parents=True)
    shutil.copy(CORPUS / "videos" / "iphone_rotated.mov", case / "videos" / "clip.mov")
    (case / "case.toml").write_text(BASE_TOML)
    build_case(case, BuildOptions(out_dir=tmp_path / "out"))
    up = next((tmp_path / "out" / "upload").glob("*-video.mov"))
    with av.open(str(up)) as c:
        tags = " ".join(f"{k}={v}" for k, v in c.metadata.items()).lower()
        assert "location" not in tags and "iphone" not in tags and "+40.72" not in tags
        frame = next(c.decode(video=0))
        assert frame.rotation == -90
    assert b"+40.7248" not in up.read_bytes()
