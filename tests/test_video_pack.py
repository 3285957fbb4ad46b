"""What the pack says about a video: the frame sheet and the justification say "one continuous recording"
only for a video checked whole and found uncut, list the cut moments otherwise; `check` warns on cuts,
on a recording older than the order and on a label of another parcel."""

from __future__ import annotations

import textwrap
from pathlib import Path

import av
import pytest

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.review.check import check_case
from tests import videos
from tests.conftest import BASE_TOML
from tests.test_build import pdf_text

EVIDENCE = """
[[evidence]]
file = "videos/clip.mp4"
caption = "Unboxing the sealed parcel"
"""


def case_with(make_case, clip: Path, name: str = "case", tracking: str = "RR123456785CN") -> Path:
    """A case whose order has this tracking number, with the clip as its video."""
    toml = textwrap.dedent(BASE_TOML).replace('currency = "USD"', f'currency = "USD"\ntracking = "{tracking}"')
    return make_case(toml=toml + EVIDENCE, files={"videos/clip.mp4": clip.read_bytes()}, name=name)


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pack-clips")


def test_one_take_from_the_label_is_said_continuous_in_pdf_and_justification(clips, make_case):
    clip = videos.one_take(clips / "one.mp4", 8, size=(640, 360), label="RR123456785CN")
    case = case_with(make_case, clip)
    build_case(case, BuildOptions(out_dir=case / "out"))
    pdf = " ".join(pdf_text(case / "out" / "evidence.pdf").split())
    assert "One continuous recording, 00:08, no cuts found." in pdf
    assert "Barcode read at 00:00: RR123456785CN (UPU S10), the tracking number of this order." in pdf
    just = (case / "out" / "justification.txt").read_text()
    assert "One continuous recording, 00:08, no cuts found." in just
    assert (
        "It starts on the parcel label: the barcode at 00:00 reads RR123456785CN, this order's tracking number." in just
    )
    assert not [f for f in check_case(case).findings if f.code.startswith("video_")]


def test_two_takes_are_listed_in_the_pdf_never_said_continuous(clips, make_case):
    clip = videos.two_takes(clips / "two.mp4", 8, 4.4)
    case = case_with(make_case, clip)
    build_case(case, BuildOptions(out_dir=case / "out"))
    pdf = " ".join(pdf_text(case / "out" / "evidence.pdf").split())
    assert "The picture changes completely from one frame to the next (a cut) at 00:04." in pdf
    assert "continuous" not in pdf
    assert "continuous" not in (case / "out" / "justification.txt").read_text()
    findings = {f.code: f for f in check_case(case).findings}
    assert findings["video_cut"].level == "warning"
    assert findings["video_cut"].message.startswith("videos/clip.mp4: the picture changes completely")
    assert "send the original, uncut recording" in findings["video_cut"].message


def test_check_warns_on_a_recording_older_than_the_order(clips, make_case):
    clip = videos.one_take(clips / "old.mp4", 4)
    dated = clips / "dated.mp4"
    with av.open(str(clip)) as src, av.open(str(dated), "w", format="mp4") as out:
        out.metadata["creation_time"] = "2026-09-12T08:00:00.000000Z"  # the order is of 2026-10-01
        st = out.add_stream_from_template(src.streams.video[0], opaque=True)
        for pkt in src.demux(src.streams.video[0]):
            if pkt.dts is not None:
                pkt.stream = st
                out.mux(pkt)
    findings = {f.code: f for f in check_case(case_with(make_case, dated)).findings}
    assert findings["video_before_order"].message.startswith(
        "videos/clip.mp4: recorded 2026-09-12 08:00 UTC, before the order date 2026-10-01; a reviewer will take it "
        "for an old or reused video"
    )
    # the day before the order is within a time zone of it: not said
    findings = {f.code for f in check_case(case_with(make_case, clip, name="undated")).findings}
    assert "video_before_order" not in findings


def test_label_of_another_number_is_advice_in_check_and_not_in_the_justification(clips, make_case):
    clip = videos.one_take(clips / "other.mp4", 6, size=(640, 360), label="RR123456785CN")
    case = case_with(make_case, clip, tracking="LP00123456789012")
    findings = {f.code: f for f in check_case(case).findings}
    assert findings["video_label_other_number"].level == "advice"
    assert "reads RR123456785CN, not order.tracking LP00123456789012" in findings["video_label_other_number"].message
    build_case(case, BuildOptions(out_dir=case / "out"))
    assert "barcode" not in (case / "out" / "justification.txt").read_text()
    pdf = " ".join(pdf_text(case / "out" / "evidence.pdf").split())
    assert "RR123456785CN (UPU S10), not the order's LP00123456789012." in pdf


def test_japanese_next_steps_name_the_video_on_its_own_line(tmp_path):
    import shutil

    from tests.conftest import SAMPLES

    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "one-of-two-dead", case, ignore=shutil.ignore_patterns("out"))
    toml = case / "case.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "ja"'))
    build_case(case, BuildOptions(out_dir=case / "out"))
    lines = (case / "out" / "next-steps.txt").read_text().splitlines()
    step7 = next(i for i, line in enumerate(lines) if line.startswith("7. "))
    assert lines[step7].startswith("7. upload/ の画像 ") and lines[step7].endswith(
        "枚を順番に添付します（01-exhibit-1.jpg など）。"
    )
    assert (
        lines[step7 + 1].startswith("8. アプリから動画 ")
        and "-exhibit-4-video.mp4 を添付します（録画全体です" in lines[step7 + 1]
    )
    assert lines[step7 + 2].startswith("9. ")
