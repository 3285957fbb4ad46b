"""A copy of a video that fits the platform: the whole recording, its length, orientation and sound kept,
no metadata, never below 480p where the limit allows, said plainly when it cannot fit; and the video's
frame-sheet card on platforms that take pictures only."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import av
import pytest
from PIL import Image

from evidence_pack import platforms
from evidence_pack.build import BuildOptions, build_case
from evidence_pack.video import transcode
from evidence_pack.video.transcode import WontFit, fit_copy, plan_fit
from tests import videos
from tests.conftest import jpeg_has_metadata

LOCATION = "+40.7248-073.9883/"


@pytest.fixture(scope="module")
def phone_clip(tmp_path_factory) -> Path:
    """12 s of 720p, 4 Mb/s, turned by its display matrix (portrait), with sound, location and date."""
    path = tmp_path_factory.mktemp("fit") / "phone.mp4"
    videos.one_take(path, 12, size=(1280, 720), rotation=-90, audio=True, bitrate=4_000_000)
    tagged = path.with_name("tagged.mp4")
    with av.open(str(path)) as src, av.open(str(tagged), "w", format="mp4") as out:
        out.metadata["creation_time"] = "2026-10-21T05:03:10.000000Z"
        out.metadata["location"] = LOCATION
        streams = {s.index: out.add_stream_from_template(s, opaque=True) for s in src.streams}
        for pkt in src.demux():
            if pkt.dts is None:
                continue
            pkt.stream = streams[pkt.stream.index]
            out.mux(pkt)
    return tagged


def duration(path: Path) -> float:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        return float(v.duration * v.time_base)


def test_plan_lowers_resolution_only_as_far_as_needed():
    # 2 minutes of 1080p30 into 30 MB: 720p has enough bits per pixel
    plan = plan_fit(1920, 1080, 30, 120, 30_000_000, audio=True)
    assert plan is not None and (plan.width, plan.height) == (1280, 720) and plan.audio_bps == 128_000
    # ten minutes into 30 MB: 480p, the least
    plan = plan_fit(1920, 1080, 30, 600, 30_000_000, audio=True)
    assert plan is not None and plan.label == "480p" and plan.width == 854
    # an hour: not legible even at 480p
    assert plan_fit(1920, 1080, 30, 3600, 30_000_000, audio=True) is None
    # portrait stored sideways keeps its shape; never made larger than the original
    plan = plan_fit(720, 1280, 30, 10, 100_000_000, audio=False)
    assert plan is not None and (plan.width, plan.height) == (720, 1280) and plan.audio_bps == 0


def test_fitted_copy_is_the_whole_recording_under_the_limit(phone_clip, tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", "")
    limit = 600_000
    assert phone_clip.stat().st_size > 2 * limit
    out = tmp_path / "fit.mp4"
    fitted = fit_copy(phone_clip, out, "videos/phone.mp4", limit)
    assert out.stat().st_size == fitted.bytes <= limit
    assert abs(duration(out) - duration(phone_clip)) <= 0.1
    with av.open(str(out)) as c:
        v = c.streams.video[0]
        assert min(v.codec_context.width, v.codec_context.height) >= 480  # the limit allows 540p
        assert (v.codec_context.width, v.codec_context.height) == (fitted.plan.width, fitted.plan.height)
        assert len(c.streams.audio) == 1  # the sound is kept
        assert "creation_time" not in c.metadata and "location" not in c.metadata
        frame = next(c.decode(video=0))
        assert frame.rotation == -90  # plays upright, as the original
    assert LOCATION.encode() not in out.read_bytes() and b"2026-10-21" not in out.read_bytes()


def test_same_video_same_limit_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", "")
    clip = videos.one_take(tmp_path / "small.mp4", 4, audio=True, bitrate=2_000_000)
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    fit_copy(clip, a, "small.mp4", 300_000)
    fit_copy(clip, b, "small.mp4", 300_000)
    assert a.read_bytes() == b.read_bytes()


def test_a_copy_made_once_is_taken_from_the_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("EVIDENCE_PACK_CACHE_DIR", str(cache))
    clip = videos.one_take(tmp_path / "small.mp4", 4, bitrate=2_000_000)
    first = fit_copy(clip, tmp_path / "a.mp4", "small.mp4", 300_000, sha256="ab" * 32)
    assert len(list((cache / "videos").glob("*.mp4"))) == 1
    monkeypatch.setattr(transcode, "_in_fresh_process", lambda *a: pytest.fail("encoded again"))
    again = fit_copy(clip, tmp_path / "b.mp4", "small.mp4", 300_000, sha256="ab" * 32)
    assert again == first and (tmp_path / "a.mp4").read_bytes() == (tmp_path / "b.mp4").read_bytes()


def test_video_too_long_for_the_limit_is_said_so(phone_clip, tmp_path):
    with pytest.raises(WontFit, match=r"^videos/phone\.mp4: is too long to fit 100,000 bytes even at 480p"):
        fit_copy(phone_clip, tmp_path / "x.mp4", "videos/phone.mp4", 100_000)
    assert not (tmp_path / "x.mp4").exists()


TOML = """
[[evidence]]
file = "videos/phone.mp4"
caption = "Unit 2 stays dark"
"""


@pytest.fixture
def small_limit(monkeypatch):
    """AliExpress with a video limit of 1 MB (the profile's own is 30 MB)."""
    real = platforms.get

    def get(key: str) -> platforms.Platform:
        p = real(key)
        return dataclasses.replace(p, max_video_bytes=1_000_000) if key == "aliexpress" else p

    monkeypatch.setattr(platforms, "get", get)


def test_build_attaches_a_fitted_copy_and_says_it_is_the_whole_recording(phone_clip, make_case, small_limit):
    case = make_case(TOML, files={"videos/phone.mp4": phone_clip.read_bytes(), "photos/IMG_0001.jpg": None})
    result = build_case(case, BuildOptions(out_dir=case / "out"))
    upload = case / "out" / "upload"
    fitted = sorted(upload.glob("*-exhibit-1-video-*p.mp4"))  # listed under [[evidence]]: Exhibit 1
    assert len(fitted) == 1 and fitted[0].stat().st_size <= 1_000_000
    assert abs(duration(fitted[0]) - duration(phone_clip)) <= 0.1
    assert any(f"upload/{fitted[0].name} is the whole recording (00:12) re-encoded at" in n for n in result.notes)
    steps = (case / "out" / "next-steps.txt").read_text()
    assert f"In the app, attach the video {fitted[0].name} (the whole recording, made smaller to fit" in steps
    manifest = json.loads((case / "out" / "manifest.json").read_text())
    assert any(o["path"] == f"upload/{fitted[0].name}" for o in manifest["outputs"])
    assert not list(upload.glob(".*"))  # no partial file left behind


def test_build_says_when_the_video_cannot_fit(phone_clip, make_case, monkeypatch):
    real = platforms.get
    monkeypatch.setattr(
        platforms,
        "get",
        lambda key: dataclasses.replace(real(key), max_video_bytes=50_000) if key == "aliexpress" else real(key),
    )
    case = make_case(TOML, files={"videos/phone.mp4": phone_clip.read_bytes()})
    result = build_case(case, BuildOptions(out_dir=case / "out"))
    assert not list((case / "out" / "upload").glob("*.mp4"))
    assert any("is too long to fit 50,000 bytes even at 480p" in n and "its frames are" in n for n in result.notes)
    assert "in the app" not in (case / "out" / "next-steps.txt").read_text()


# --- the frame-sheet card ------------------------------------------------------------------------------------


def test_image_only_platform_gets_one_frame_sheet_card_per_video(make_case, tmp_path):
    clip = videos.two_takes(tmp_path / "two.mp4", 8, 4.4)
    case = make_case(TOML.replace("phone.mp4", "clip.mp4"), files={"videos/clip.mp4": clip.read_bytes()})
    build_case(case, BuildOptions(out_dir=case / "out"))
    upload = case / "out" / "upload"
    cards = sorted(p.name for p in upload.glob("*.jpg"))
    assert cards == ["01-exhibit-1-frames.jpg"]
    data = (upload / cards[0]).read_bytes()
    assert len(data) <= 2_000_000 and not jpeg_has_metadata(data)
    with Image.open(upload / cards[0]) as im:
        assert im.width == 1080 and im.height <= 2200
    steps = (case / "out" / "next-steps.txt").read_text()
    assert "Attach the 1 picture in upload/" in steps

    build_case(case, BuildOptions(out_dir=case / "out2", frame_cards=True))
    per_frame = sorted(p.name for p in (case / "out2" / "upload").glob("*.jpg"))
    assert len(per_frame) >= 2 and per_frame[0] == "01-exhibit-1a.jpg"
    assert f"Attach the {len(per_frame)} pictures in upload/" in (case / "out2" / "next-steps.txt").read_text()
