"""Frames that follow the content, cuts and gaps found (and only then "one continuous recording"), the
parcel label read in the first seconds: on videos made here (tests/videos.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import av
import pytest

from evidence_pack.video import long as long_clips
from evidence_pack.video.continuity import suspects
from evidence_pack.video.probe import open_video
from evidence_pack.video.sample import extract_frames
from evidence_pack.video.statements import (
    checked_sentence,
    continuity_sentence,
    cuts_sentence,
    label_sentence,
    merged_sentence,
)
from evidence_pack.video.timecode import format_ts
from evidence_pack.video.timeline import read_timeline
from tests import videos
from tests.conftest import SAMPLES

ONE_FRAME = 1 / 15 + 1e-6  # the clips here run at 15 fps


def facts(r) -> dict[str, object]:
    """Ingested.video's keys, as ingest writes them."""
    return {
        "continuity": r.continuity.as_dict() if r.continuity else None,
        "label": r.label.as_dict() if r.label else None,
        "merged_identical": r.merged,
    }


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("clips")


# --- frames follow the content ----------------------------------------------------------------------------


def test_static_minute_gives_its_first_and_last_moments(clips):
    r = extract_frames(videos.static(clips / "static.mp4", 60), "static.mp4", count=8)
    assert [f.at_s for f in r.frames] == [0.0, pytest.approx(59, abs=1)]
    assert r.merged >= 8
    assert merged_sentence(facts(r)).endswith("they show the same as the frames here and are not repeated.")


def test_sample_unboxing_gives_its_scenes_the_asked_moment_and_its_label():
    r = extract_frames(
        SAMPLES / "one-of-two-dead/videos/unboxing.mp4", "unboxing.mp4", requested_s=(6.0,), read_label=True
    )
    times = [f.at_s for f in r.frames]
    assert 3 <= len(times) <= 5 and 6.0 in times and times[0] == 0.0
    assert [f.at_s for f in r.frames if f.requested] == [6.0]
    assert r.label is not None and r.label.text == "LP00123456789CN" and r.label.at_s == 0.0
    assert r.continuity is not None and r.continuity.continuous
    # frames caught half-way through the camera's turn to the next thing are not shown
    assert not any(2.7 < t < 3.4 or 4.7 < t < 5.4 for t in times)


def test_count_is_a_maximum(clips):
    r = extract_frames(videos.one_take(clips / "pan.mp4", 8), "pan.mp4", count=3)
    assert len(r.frames) == 3 and r.frames[0].at_s == 0.0 and r.frames[-1].at_s > 7


def test_clip_under_a_second_shows_tenths_and_distinct_times(clips, make_case):
    from evidence_pack.build import BuildOptions, build_case
    from tests.test_build import pdf_text

    clip = videos.one_take(clips / "short.mp4", 0.6)
    r = extract_frames(clip, "short.mp4")
    shown = [format_ts(f.at_s, precise=True) for f in r.frames]
    assert len(set(shown)) == len(shown)
    case = make_case(files={"videos/short.mp4": clip.read_bytes()})
    build_case(case, BuildOptions(out_dir=case / "out"))
    text = pdf_text(case / "out" / "evidence.pdf")
    assert "(00:00.6 long)" in text and "(00:00 long)" not in text


# --- continuity -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", [8, 20])  # every frame compared; the timeline and suspicious places
def test_one_take_is_one_continuous_recording(clips, seconds):
    r = extract_frames(videos.one_take(clips / f"one-{seconds}.mp4", seconds, audio=True), "one.mp4")
    c = r.continuity
    assert c is not None and c.whole and c.continuous and not c.cuts_s and not c.breaks
    assert c.method == ("every frame" if seconds <= 12 else "timeline and suspicious places")
    said = continuity_sentence(facts(r), "Exhibit 5")
    assert said == f"Exhibit 5 is one continuous recording, 00:{seconds:02d}, no cuts found."
    assert cuts_sentence(facts(r)) is None and checked_sentence(facts(r)) is None


@pytest.mark.parametrize(
    ("seconds", "cut_s", "scenecut"),
    [
        (8, 4.4, True),  # short: every frame compared
        (20, 11.4, True),  # long, the encoder started a keyframe at the cut
        (20, 11.4, False),  # long, fixed keyframe cadence (as phones record): a frame costing far more bits
    ],
)
def test_two_takes_edited_together_are_found_cut(clips, seconds, cut_s, scenecut):
    clip = videos.two_takes(clips / f"two-{seconds}-{scenecut}.mp4", seconds, cut_s, scenecut=scenecut)
    r = extract_frames(clip, "two.mp4")
    c = r.continuity
    assert c is not None and c.whole and not c.continuous
    assert len(c.cuts_s) == 1 and c.cuts_s[0] == pytest.approx(cut_s, abs=ONE_FRAME)
    assert continuity_sentence(facts(r)) is None
    assert f"(a cut) at 00:{round(cut_s):02d}" in cuts_sentence(facts(r))


def test_two_takes_joined_without_reencoding_are_found_cut(clips):
    """A lossless join (`ffmpeg -f concat -c copy`, a lossless cutter): timestamps run on, and the join
    falls where a keyframe was due anyway (13 s of 1-s GOPs); the sound's packets give it away."""
    first = videos.one_take(clips / "take1.mp4", 13, audio=True)
    second = videos.write_clip(clips / "take2.mp4", 9, videos.take(7), audio=True)
    joined = videos.join([first, second], clips / "joined.mp4")
    r = extract_frames(joined, "joined.mp4")
    assert r.continuity is not None and r.continuity.cuts_s == (pytest.approx(13.0, abs=ONE_FRAME),)
    assert not r.continuity.continuous


def test_join_off_the_cadence_is_found_without_sound(clips):
    first = videos.one_take(clips / "take1b.mp4", 13.4)  # ends mid-GOP: the next keyframe comes early
    second = videos.write_clip(clips / "take2b.mp4", 9, videos.take(7))
    r = extract_frames(videos.join([first, second], clips / "joined-b.mp4"), "joined.mp4")
    assert r.continuity is not None and r.continuity.cuts_s == (pytest.approx(13.4, abs=ONE_FRAME),)


def test_gap_in_the_timestamps_is_found(clips):
    first = videos.one_take(clips / "g1.mp4", 13)
    second = videos.one_take(clips / "g2.mp4", 9)
    r = extract_frames(videos.join([first, second], clips / "gap.mp4", gap_s=3.0), "gap.mp4")
    c = r.continuity
    assert c is not None and not c.continuous
    assert [(b.kind, round(b.at_s), round(b.seconds)) for b in c.breaks] == [("gap", 13, 3)]
    assert "No frames for 3.1 s after 00:12.9 (a gap in the timestamps)" in cuts_sentence(facts(r))


def test_timestamps_that_start_over_are_a_jump(clips):
    """Two MPEG-TS recordings put one after the other byte for byte (cat a.ts b.ts)."""
    parts = []
    for name, clip in (("t1", videos.one_take(clips / "t1.mp4", 13)), ("t2", videos.one_take(clips / "t2.mp4", 9))):
        ts = clips / f"{name}.ts"
        with av.open(str(clip)) as src, av.open(str(ts), "w", format="mpegts") as out:
            st = out.add_stream_from_template(src.streams.video[0], opaque=True)
            for pkt in src.demux(src.streams.video[0]):
                if pkt.dts is not None:
                    pkt.stream = st
                    out.mux(pkt)
        parts.append(ts.read_bytes())
    (clips / "cat.ts").write_bytes(b"".join(parts))
    r = extract_frames(clips / "cat.ts", "cat.ts")
    c = r.continuity
    assert c is not None and not c.continuous
    assert [b.kind for b in c.breaks] == ["jump"] and c.breaks[0].seconds == pytest.approx(13, abs=0.2)
    assert "The timestamps go back 12.9 s after 00:12.9." in cuts_sentence(facts(r))


def test_a_video_checked_only_in_part_is_not_said_continuous(clips, monkeypatch):
    clip = videos.two_takes(clips / "budget.mp4", 20, 11.4, scenecut=False)
    monkeypatch.setattr(long_clips, "CHECK_BUDGET_PIXELS", 1)  # room for no run of frames at all
    monkeypatch.setattr(long_clips, "MIN_CHECK_FRAMES", 0)
    r = extract_frames(clip, "budget.mp4")
    c = r.continuity
    assert c is not None and not c.whole and not c.continuous and not c.cuts_s
    assert continuity_sentence(facts(r)) is None
    assert checked_sentence(facts(r)).startswith("Whether the recording was cut was checked up to 00:11 of 00:20")


def test_damaged_video_is_not_said_continuous(tmp_path):
    from tests.conftest import CORPUS, needs_corpus

    if not CORPUS.is_dir():
        pytest.skip(needs_corpus.kwargs["reason"])
    clip = tmp_path / "bad.mp4"
    shutil.copy(CORPUS / "bad" / "sample_with_invalid_nalu.mp4", clip)
    r = extract_frames(clip, "bad.mp4")
    assert r.partial and r.continuity is not None and not r.continuity.continuous
    assert continuity_sentence(facts(r)) is None


def test_screening_reads_no_pictures_and_finds_the_places(clips):
    """The timeline (sizes, keyframes) alone points at the cut of a fixed-cadence edit."""
    clip = videos.two_takes(clips / "screen.mp4", 20, 11.4, scenecut=False)
    container = open_video(clip, "screen.mp4")
    try:
        tl = read_timeline(container, container.streams.video[0], [])
    finally:
        container.close()
    assert tl is not None and tl.from_index and len(tl) == 300
    found = suspects(tl)
    assert [round(tl.shown_s(s.index), 1) for s in found] == [11.4] and found[0].why == "large frame"


# --- the label ----------------------------------------------------------------------------------------------


def test_label_barcode_in_the_first_seconds_is_read(clips):
    for seconds in (6, 20):  # every frame decoded; keyframes of the first seconds
        clip = videos.one_take(clips / f"label-{seconds}.mp4", seconds, size=(640, 360), label="RR123456785CN")
        r = extract_frames(clip, "label.mp4", read_label=True)
        assert r.label is not None and (r.label.text, r.label.carrier) == ("RR123456785CN", "UPU S10")
        assert r.label.at_s < 2.0 and any(f.at_s == r.label.at_s for f in r.frames)  # the label is shown
        said = label_sentence(facts(r), tracking="RR 123 456 785 CN")
        assert said == (
            f"It starts on the parcel label: the barcode at {'00:00' if r.label.at_s == 0 else '00:01'} reads "
            "RR123456785CN, this order's tracking number."
        )
        assert label_sentence(facts(r), tracking="LP00123456789012") is None  # another parcel's: not said
        assert label_sentence(facts(r)) is not None  # no tracking number in the case: a valid S10 is said


def test_no_label_no_sentence(clips):
    r = extract_frames(videos.one_take(clips / "nolabel.mp4", 6), "nolabel.mp4", read_label=True)
    assert r.label is None and label_sentence(facts(r), "RR123456785CN") is None


def test_frame_times_are_cut_down_as_a_players_clock_shows_them():
    from evidence_pack.video.timecode import format_length, format_ts

    assert format_ts(7.9) == "00:07"  # the last frame of an 8-s video is not "at 00:08", its end
    assert format_ts(5.9997) == "00:06"  # a time stored a tick early is still the moment asked for
    assert format_ts(65.4999, precise=True) == "01:05.5" and format_ts(0.63, precise=True) == "00:00.6"
    assert format_ts(3599.99) == "59:59" and format_ts(3600) == "1:00:00"
    assert format_length(7.96) == "00:08" and format_length(0.6) == "00:00.6"  # lengths are rounded
