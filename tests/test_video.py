"""Video frames from clips made here with PyAV (the corpus has the real phone clips: test_corpus.py)."""

from collections.abc import Iterator
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from evidence_pack.cli import cli
from evidence_pack.errors import VideoError
from evidence_pack.video.sample import extract_frames
from evidence_pack.video.timecode import format_ts


def make_clip(
    path: Path,
    seconds: float = 6.0,
    fps: int = 10,
    size=(320, 240),
    rotation: int | None = None,
    gop: int = 10,
    container: str = "mp4",
) -> Path:
    """Each second a different colour, the second number drawn large, a red mark top-left."""
    colours = [(200, 40, 40), (40, 160, 40), (40, 40, 200), (200, 200, 40), (160, 40, 160), (40, 160, 160)]
    with av.open(str(path), "w", format=container) as out:
        st = out.add_stream("libx264", rate=fps)
        st.width, st.height, st.pix_fmt = size[0], size[1], "yuv420p"
        st.options = {"g": str(gop), "preset": "ultrafast"}
        if rotation is not None:
            st.set_display_rotation(rotation)
        for i in range(int(seconds * fps)):
            sec = i // fps
            img = Image.new("RGB", size, colours[sec % len(colours)])
            d = ImageDraw.Draw(img)
            d.rectangle([0, 0, 40, 40], fill=(255, 0, 0) if sec % 2 else (255, 255, 255))
            d.text((size[0] // 2, size[1] // 2), str(sec), fill=(0, 0, 0))
            for pkt in st.encode(av.VideoFrame.from_image(img)):
                out.mux(pkt)
        for pkt in st.encode():
            out.mux(pkt)
    return path


def test_format_ts():
    assert format_ts(42) == "00:42"
    assert format_ts(65.5, precise=True) == "01:05.5"
    assert format_ts(3723) == "1:02:03"


def test_frames_spread_over_whole_clip(tmp_path):
    r = extract_frames(make_clip(tmp_path / "a.mp4"), "a.mp4", count=6)
    times = [f.at_s for f in r.frames]
    assert len(times) == 6 and times[0] == 0.0 and times[-1] >= 5.0
    # one per second: six colours, two of them (red, purple) the same brightness: told apart by colour
    assert len({int(t) for t in times}) == 6
    assert r.info.width == 320 and r.info.height == 240 and r.partial is None


def test_requested_moment_is_exact(tmp_path):
    r = extract_frames(make_clip(tmp_path / "a.mp4"), "a.mp4", count=4, requested_s=(3.4,))
    req = [f for f in r.frames if f.requested]
    assert len(req) == 1 and req[0].at_s == 3.4
    r, g, b = req[0].image.convert("RGB").getpixel((200, 200))
    assert (r, g, b) == pytest.approx((200, 200, 40), abs=25)  # second 3 is yellow


def test_requested_moments_close_together_are_all_kept(tmp_path):
    """Two asked-for moments 0.3 s apart are both shown: one never stands in for the other."""
    r = extract_frames(make_clip(tmp_path / "a.mp4"), "a.mp4", count=4, requested_s=(2.0, 2.3, 2.6))
    assert sorted(f.at_s for f in r.frames if f.requested) == [2.0, 2.3, 2.6]


def test_requested_moment_past_end(tmp_path):
    with pytest.raises(VideoError, match="past the end"):
        extract_frames(make_clip(tmp_path / "a.mp4"), "a.mp4", requested_s=(30.0,))


def test_rotation_metadata_gives_portrait_frames(tmp_path):
    clip = make_clip(tmp_path / "r.mp4", rotation=-90)
    r = extract_frames(clip, "r.mp4", count=3)
    img = r.frames[0].image
    assert img.size == (240, 320)
    # stored top-left mark: after a 90-degree clockwise turn it sits top-right
    assert img.getpixel((230, 5))[0] > 200 and img.getpixel((5, 5)) != img.getpixel((230, 5))


def test_long_clip_uses_seeking(tmp_path):
    # keyframes every 2 s of a clip whose colour changes every second: the keyframes show 3 colours only
    clip = make_clip(tmp_path / "long.mp4", seconds=30, fps=5, gop=10)
    r = extract_frames(clip, "long.mp4", count=8)
    assert r.continuity is not None and r.continuity.method == "timeline and suspicious places"
    assert r.frames[0].at_s == 0.0 and r.frames[-1].at_s > 25
    colours = {f.image.resize((1, 1)).getpixel((0, 0)) for f in r.frames}
    assert len(r.frames) == 3 and len(colours) == 3 and r.merged > 0


def test_garbage_video_is_clear_error(tmp_path):
    p = tmp_path / "v.mp4"
    p.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100)
    with pytest.raises(VideoError) as err:
        extract_frames(p, "videos/v.mp4")
    assert str(err.value).startswith("videos/v.mp4: ") and str(tmp_path) not in str(err.value)


def test_frames_command(tmp_path):
    clip = make_clip(tmp_path / "a.mp4")
    r = CliRunner().invoke(cli, ["frames", str(clip), "-o", str(tmp_path / "f"), "--frames-per-video", "4"])
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "f").iterdir())
    assert len(names) == 4 and names[0] == "frame-00-00.jpg"
    r = CliRunner().invoke(cli, ["frames", str(tmp_path / "missing.mp4"), "-o", str(tmp_path / "g")])
    assert r.exit_code == 1 and "missing.mp4" in r.output


def test_frames_command_replaces_nothing_when_it_fails(tmp_path, monkeypatch):
    """Frames are written as each is converted, under temporary names: a run that fails part-way leaves no
    frame of its own and keeps the frames an earlier run wrote under the same names."""
    from evidence_pack.video import keyframes

    clip = make_clip(tmp_path / "a.mp4")
    out = tmp_path / "f"
    assert CliRunner().invoke(cli, ["frames", str(clip), "-o", str(out), "--frames-per-video", "4"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    converted = []
    real = keyframes.to_image

    def fail_on_the_third(frame, look):
        converted.append(frame)
        if len(converted) == 3:
            raise OSError(28, "No space left on device")
        return real(frame, look)

    monkeypatch.setattr(keyframes, "to_image", fail_on_the_third)
    r = CliRunner().invoke(cli, ["frames", str(clip), "-o", str(out), "--frames-per-video", "4"])
    assert r.exit_code == 1 and len(converted) >= 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # into a new folder: none is left behind, the folder included
    converted.clear()
    r = CliRunner().invoke(cli, ["frames", str(clip), "-o", str(tmp_path / "new"), "--frames-per-video", "4"])
    assert r.exit_code == 1 and not (tmp_path / "new").exists()


def test_frames_command_says_when_it_cannot_write(tmp_path):
    clip = make_clip(tmp_path / "a.mp4")
    (tmp_path / "file").write_text("not a folder")
    r = CliRunner().invoke(cli, ["frames", str(clip), "-o", str(tmp_path / "file" / "f")])
    assert r.exit_code == 1 and "internal error" not in r.output
    assert r.output.startswith(f"error: {tmp_path / 'file' / 'f'}: ") and "choose another folder with -o" in r.output


def test_frame_choice_on_plain_pictures():
    """Frame choice needs no video: candidates are pictures with their moments."""
    from PIL import Image, ImageDraw

    from evidence_pack.video.choose import Frame, choose, sharpness

    def scene(colour: tuple[int, int, int], mark: int) -> Image.Image:
        img = Image.new("RGB", (160, 90), colour)
        ImageDraw.Draw(img).rectangle([mark, 20, mark + 30, 60], fill=(255, 255, 255))
        return img

    pictures = [scene((200, 30, 30), 10)] * 4 + [scene((30, 200, 30), 60)] * 4 + [scene((30, 30, 200), 110)] * 4
    candidates = [Frame(at_s=float(i), image=p, sharpness=sharpness(p)) for i, p in enumerate(pictures)]
    chosen = choose(candidates, 3).frames
    assert chosen[0].at_s == 0.0 and chosen[-1].at_s == 11.0
    assert {f.image.getpixel((0, 0)) for f in chosen} == {(200, 30, 30), (30, 200, 30), (30, 30, 200)}
    # a maximum, not a quota: three scenes give three frames however many are allowed
    many = choose(candidates, 8)
    assert len(many.frames) == 3 and many.merged == 9


def test_long_clip_chosen_keyframes_are_decoded_again_in_full(tmp_path):
    # keyframes of a long clip are not kept while the choice is made: the chosen ones are decoded again
    clip = make_clip(tmp_path / "long.mp4", seconds=30, fps=5, gop=10)
    r = extract_frames(clip, "long.mp4", count=8)
    assert r.frames and all(f.image.mode == "RGB" and f.image.size == (320, 240) for f in r.frames)
    assert all(f.raw is None and f.refetch is None for f in r.frames)


def _second_refetch_lost(monkeypatch, error: str | None) -> list[int]:
    """The second chosen keyframe decoded again gives no frame (with `error` noted, or silently); the
    calls are counted in the list returned."""
    from evidence_pack.video import keyframes

    real = keyframes.decode_keyframe  # as the chosen keyframes are decoded again (keyframes.refetched)
    calls: list[int] = []

    def second_one_lost(container, stream, tl, k, errors):
        calls.append(1)
        if len(calls) == 2:
            errors += [error] if error else []
            return None
        return real(container, stream, tl, k, errors)

    monkeypatch.setattr(keyframes, "decode_keyframe", second_one_lost)
    return calls


def test_long_clip_keyframe_that_cannot_be_decoded_again_is_left_out(tmp_path, monkeypatch):
    calls = _second_refetch_lost(monkeypatch, "damaged keyframe")
    clip = make_clip(tmp_path / "long.mp4", seconds=30, fps=5, gop=10)
    r = extract_frames(clip, "long.mp4", count=8)
    # three distinct scenes chosen, one of them could not be decoded again: shown are the other two, in
    # full colour (never the small grey copy the choice was made on), and the video is called partial
    assert len(calls) == 3 and len(r.frames) == 2
    assert all(f.image.mode == "RGB" and f.image.size == (320, 240) for f in r.frames)
    assert r.partial == "1 damaged part(s) of the video were skipped"


def _x264(path: Path, fps: int, options: dict[str, str], pictures: Iterator[Image.Image]) -> None:
    """An MP4 of these pictures (all the size of the first), x264 with these options."""
    with av.open(str(path), "w", format="mp4") as out:
        st = None
        for img in pictures:
            if st is None:
                st = out.add_stream("libx264", rate=fps)
                st.width, st.height, st.pix_fmt = img.width, img.height, "yuv420p"
                st.options = options
            for pkt in st.encode(av.VideoFrame.from_image(img)):
                out.mux(pkt)
        assert st is not None
        for pkt in st.encode():
            out.mux(pkt)


def _pixels(r) -> list[tuple[float, bytes]]:
    return [(f.at_s, f.image.tobytes()) for f in r.frames]


def _shown_by_plain_decoding(clip: Path) -> dict[float, bytes]:
    """Every frame of the clip decoded from the start, as the pack converts it, by its moment."""
    from evidence_pack.video.colour import to_image
    from evidence_pack.video.probe import frame_time, read_look

    shown: dict[float, bytes] = {}
    with av.open(str(clip)) as c:
        st = c.streams.video[0]
        look = None
        for fr in c.decode(st):
            look = look or read_look(fr)
            shown[round(frame_time(fr, st), 2)] = to_image(fr, look).tobytes()
    return shown


def test_held_keyframes_give_the_same_frames_as_decoding_again(tmp_path, monkeypatch):
    # `frames` holds the decoded keyframes until the choice; a build decodes the chosen ones again: the
    # same moments and the same pixels either way, and nothing is decoded again when held
    from evidence_pack.video import keyframes

    clip = make_clip(tmp_path / "long.mp4", seconds=30, fps=5, gop=10)
    again = extract_frames(clip, "long.mp4", count=8)
    calls: list[int] = []
    real = keyframes.decode_keyframe  # as the chosen keyframes are decoded again (keyframes.refetched)
    monkeypatch.setattr(keyframes, "decode_keyframe", lambda *a: calls.append(1) or real(*a))
    held = extract_frames(clip, "long.mp4", count=8, hold=True)
    assert _pixels(held) == _pixels(again) and len(held.frames) == 3
    assert calls == []
    assert all(f.raw is None and f.image.mode == "RGB" for f in held.frames)


def test_long_clip_without_its_second_reader_decodes_everything_on_one(tmp_path, monkeypatch):
    # the second reader is opened on a thread while the first frame is decoded; if it cannot be opened,
    # the first reader decodes every keyframe and the result is the same
    from evidence_pack.video import spare

    clip = make_clip(tmp_path / "long.mp4", seconds=30, fps=5, gop=10)
    both = extract_frames(clip, "long.mp4", count=8, hold=True)

    def refuse(self, path, name):
        self._error = "cannot be opened"

    monkeypatch.setattr(spare.Spare, "_open", refuse)
    one = extract_frames(clip, "long.mp4", count=8, hold=True)
    assert _pixels(one) == _pixels(both)
    assert one.partial is None and one.continuity == both.continuity


def test_second_reader_shows_large_frames_upright_as_the_first_does(tmp_path, monkeypatch):
    # An indexed long clip's second reader starts on its keyframes while the first reader decodes the first
    # frame, which says how frames are shown (here turned a quarter). Frames too large to hold are converted
    # at once: the second reader waits for that Look, and its frames are the ones one reader alone gives.
    import time

    from evidence_pack.video import long, sample

    clip = make_clip(tmp_path / "big.mp4", seconds=14, fps=5, gop=5, size=(2240, 1260), rotation=90)
    started_early = []
    real_init = long.SecondReader.__init__

    def spy(self, spare, plan, read_label):
        started_early.append(plan.ahead)
        real_init(self, spare, plan, read_label)

    monkeypatch.setattr(long.SecondReader, "__init__", spy)
    real_first = sample.read_first

    def slow_first(container, name):  # the second reader is well ahead when the Look comes
        time.sleep(0.3)
        return real_first(container, name)

    monkeypatch.setattr(sample, "read_first", slow_first)
    both = extract_frames(clip, "big.mp4", count=6, hold=True)
    assert started_early == [True]
    one = extract_frames(clip, "big.mp4", count=6, threads=1)
    assert [f.image.size for f in both.frames] == [(1260 * 1600 // 2240 // 2 * 2, 1600)] * len(both.frames)
    assert _pixels(both) == _pixels(one) and len(both.frames) >= 4


def test_first_frame_is_decoded_alone_and_is_the_first_shown(tmp_path):
    # B-frames make the decoder wait for more packets before it gives the first frame: it is drained at
    # once instead; the frame is the one normal decoding shows first
    from evidence_pack.video.probe import first_frame, open_video

    path = tmp_path / "b.mp4"
    pictures = (Image.new("RGB", (320, 240), (8 * i, 100, 200 - 6 * i)) for i in range(30))
    _x264(path, 10, {"g": "10", "bf": "3", "preset": "medium"}, pictures)
    with av.open(str(path)) as c:
        expected = next(c.decode(video=0))
        assert c.streams.video[0].codec_context.has_b_frames  # the case this is about
        expected_pts, expected_px = expected.pts, expected.to_image().tobytes()
    container = open_video(path, "b.mp4")
    try:
        got = first_frame(container, container.streams.video[0])
        assert got.pts == expected_pts and got.to_image().tobytes() == expected_px
    finally:
        container.close()


def test_keyframes_of_a_file_without_an_index_are_the_ones_asked_for(tmp_path):
    # MPEG-TS has no index: a seek lands anywhere, often past the keyframe aimed at. Each keyframe decoded
    # by seeking is the one the timeline names (not the next one), a chosen one decoded again shows the
    # same picture as when it was chosen, and each frame shows what plain decoding shows at its moment.
    from evidence_pack.video.keyframes import decode_keyframe
    from evidence_pack.video.probe import frame_time, open_video
    from evidence_pack.video.timeline import read_timeline

    clip = make_clip(tmp_path / "long.ts", seconds=30, fps=10, gop=20, container="mpegts")
    container = open_video(clip, "long.ts")
    try:
        stream = container.streams.video[0]
        tl = read_timeline(container, stream, [])
        assert tl is not None and len(tl.keyframes) >= 10
        for k in tl.keyframes:
            frame = decode_keyframe(container, stream, tl, k, [])
            assert frame is not None and abs(frame_time(frame, stream) - tl.shown_s(k)) < 0.15, k
    finally:
        container.close()
    again = extract_frames(clip, "long.ts", count=8)
    held = extract_frames(clip, "long.ts", count=8, hold=True)
    assert _pixels(again) == _pixels(held) and len(held.frames) >= 3
    shown = _shown_by_plain_decoding(clip)
    assert all(shown[round(f.at_s, 2)] == f.image.tobytes() for f in again.frames)


def test_damaged_long_clip_gives_the_same_frames_on_every_run(tmp_path):
    # a damaged keyframe is concealed from what its reader decoded before: which of the two readers
    # decodes which keyframe must not depend on timing, or the same file gives other frames on each run
    import random

    clip = tmp_path / "d.mp4"
    rng = random.Random(1)

    def picture(i: int) -> Image.Image:
        img = Image.new("RGB", (640, 360), (i % 255, (3 * i) % 255, 90))
        d = ImageDraw.Draw(img)
        for _ in range(12):
            x, y = rng.randrange(600), rng.randrange(320)
            d.rectangle([x, y, x + 40, y + 40], fill=(rng.randrange(255), rng.randrange(255), 40))
        return img

    _x264(clip, 30, {"g": "60", "bf": "3", "preset": "ultrafast"}, (picture(i) for i in range(30 * 32)))
    with av.open(str(clip)) as c:
        keys = [(p.pos, p.size) for p in c.demux(video=0) if p.is_keyframe and p.size and p.pos is not None]
    rng = random.Random(2)
    with open(clip, "r+b") as f:
        for pos, size in keys[1:]:
            f.seek(pos + size // 3)
            f.write(rng.randbytes(min(3000, size // 3)))
    runs = [_pixels(extract_frames(clip, "d.mp4", count=8, hold=True)) for _ in range(4)]
    assert all(r == runs[0] for r in runs[1:])


def test_requested_moment_in_a_file_without_an_index_shows_that_moment(tmp_path):
    # in MPEG-TS a seek to 00:06 can land just past the keyframe before it: the first frame that then
    # decodes is the next keyframe's, seconds later, and must not be shown as 00:06

    clip = make_clip(tmp_path / "long.ts", seconds=30, fps=10, gop=20, container="mpegts")
    r = extract_frames(clip, "long.ts", count=1, requested_s=(6.0, 13.5))
    shown = _shown_by_plain_decoding(clip)
    asked = {f.at_s: f.image.tobytes() for f in r.frames if f.requested}
    assert asked == {6.0: shown[6.0], 13.5: shown[13.5]}


def test_chosen_keyframe_lost_without_a_word_is_still_counted(tmp_path, monkeypatch):
    # FFmpeg may give no frame and no error (a seek that finds nothing): the frame left out is still said
    calls = _second_refetch_lost(monkeypatch, None)
    clip = make_clip(tmp_path / "long.mp4", seconds=30, fps=5, gop=10)
    r = extract_frames(clip, "long.mp4", count=8)
    assert len(calls) == 3 and len(r.frames) == 2
    assert r.partial == "1 damaged part(s) of the video were skipped"


@pytest.mark.parametrize("size", [(642, 642), (900, 500), (1920, 1080), (1082, 1918), (3840, 2160)])
def test_frames_convert_to_the_pictures_pyav_gives(size):
    # to_image reads swscale's plane itself (faster than PyAV's to_image): the same pixels at the frame's
    # own size, within a few levels when reduced (4-byte output rounds differently), never a black edge
    from PIL import ImageChops

    from evidence_pack.video.colour import MAX_EDGE, Look, to_image

    picture = Image.effect_noise(size, 40).convert("RGB")
    ImageDraw.Draw(picture).rectangle([size[0] - 6, 0, size[0], size[1]], fill=(250, 200, 40))
    frame = av.VideoFrame.from_image(picture).reformat(format="yuv420p")
    s = min(1.0, MAX_EDGE / max(size))
    want = (max(2, int(size[0] * s)) // 2 * 2, max(2, int(size[1] * s)) // 2 * 2) if s < 1 else size
    expected = frame.to_image(width=want[0], height=want[1]) if s < 1 else frame.to_image()
    got = to_image(frame, Look())
    assert got.mode == "RGB" and got.size == expected.size == want
    worst = max(e[1] for e in ImageChops.difference(got, expected).getextrema())
    assert worst == 0 if s == 1 else worst <= 8
    edge = got.crop((got.width - 2, 0, got.width, got.height)).convert("L")
    assert min(edge.getextrema()) > 100  # the yellow strip, not black


def test_frames_command_names_moments_within_a_tenth_apart(tmp_path):
    # three moments asked for within the same tenth of a second: three files, none written over another
    clip = make_clip(tmp_path / "a.mp4", seconds=8)
    out = tmp_path / "f"
    args = ["frames", str(clip), "-o", str(out), "--at", "00:06", "--at", "00:06.04", "--at", "00:06.08"]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    assert {"frame-00-06.jpg", "frame-00-06-2.jpg", "frame-00-06-3.jpg"} <= set(names)
    printed = [line for line in r.output.splitlines() if line.startswith(str(out))]
    assert sorted(printed) == sorted(str(out / n) for n in names)


def test_frames_command_refuses_a_folder_with_a_frames_name_before_replacing_anything(tmp_path):
    clip = make_clip(tmp_path / "a.mp4")
    out = tmp_path / "f"
    (out / "frame-00-05.jpg" / "inner").mkdir(parents=True)
    (out / "frame-00-00.jpg").write_bytes(b"an earlier frame")
    r = CliRunner().invoke(cli, ["frames", str(clip), "-o", str(out), "--frames-per-video", "6"])
    assert r.exit_code == 1 and "internal error" not in r.output and "frame-00-05.jpg" in r.output
    assert (out / "frame-00-00.jpg").read_bytes() == b"an earlier frame"
    assert sorted(p.name for p in out.iterdir()) == ["frame-00-00.jpg", "frame-00-05.jpg"]


def test_frames_command_removes_every_folder_it_made_when_it_fails(tmp_path, monkeypatch):
    from evidence_pack.video import keyframes

    def no_space(frame, look):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyframes, "to_image", no_space)
    clip = make_clip(tmp_path / "a.mp4")
    r = CliRunner().invoke(cli, ["frames", str(clip), "-o", str(tmp_path / "a" / "b" / "c")])
    assert r.exit_code == 1 and not (tmp_path / "a").exists()


def _interrupt_after_starting(monkeypatch, prefix: str, settle_s: float = 0.0) -> None:
    """The first thread whose name starts with prefix is started (and given settle_s to get going), then an
    interrupt lands in start(): the caller never learns of the thread, as when Ctrl-C comes at that moment."""
    import threading
    import time

    real_start = threading.Thread.start
    fired = []

    def start(self):
        real_start(self)
        if self.name.startswith(prefix) and not fired:
            fired.append(self)
            time.sleep(settle_s)
            raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", start)


def test_frames_interrupted_while_a_writer_starts_leaves_nothing(tmp_path, monkeypatch):
    import threading
    import time

    from evidence_pack.video import frames
    from evidence_pack.video.frames import write_frames

    clip = make_clip(tmp_path / "a.mp4")
    _interrupt_after_starting(monkeypatch, "evidence-pack-frames")
    real_save = frames.save_jpeg

    def slow_save(img, dest, quality):  # the unknown thread is still writing when the run cleans up
        time.sleep(0.3)
        return real_save(img, dest, quality=quality)

    monkeypatch.setattr(frames, "save_jpeg", slow_save)
    with pytest.raises(KeyboardInterrupt):
        write_frames(clip, tmp_path / "f", count=6)
    for t in threading.enumerate():  # whatever the run left running has finished
        if t.name.startswith("evidence-pack-"):
            t.join(timeout=10)
    assert not (tmp_path / "f").exists()


def test_long_clip_interrupted_while_its_second_reader_starts_ends(tmp_path, monkeypatch):
    # frames too large to hold make the second reader wait for the first frame's Look: cut short at its
    # start, it is still told to stop, and nothing is left running
    import threading

    clip = make_clip(tmp_path / "big.mp4", seconds=14, fps=5, gop=5, size=(2240, 1260), rotation=90)
    _interrupt_after_starting(monkeypatch, "evidence-pack-keyframes", settle_s=1.0)  # waiting for the Look
    with pytest.raises(KeyboardInterrupt):
        extract_frames(clip, "big.mp4", count=6, hold=True)
    for t in threading.enumerate():
        if t.name.startswith("evidence-pack-"):
            t.join(timeout=10)
            assert not t.is_alive(), t.name


def test_frames_interrupted_while_put_in_place_are_all_put_in_place(tmp_path):
    # Ctrl-C while the frames are renamed into place is held back until all are: never half of them. In a
    # process of its own: signals are held on the main thread, which pytest's workers do not run tests on
    import subprocess
    import sys

    script = """
import os, signal, sys
from pathlib import Path
from evidence_pack.video.frames import _put_in_place

folder = Path(sys.argv[1])
written = {}
for i in range(3):
    temp = folder / f".frame-00-0{i}.jpg.tmp"
    temp.write_text(str(i))
    written[temp] = folder / f"frame-00-0{i}.jpg"
(folder / "frame-00-02.jpg").write_text("an earlier frame")
real = Path.replace

def replace(self, target):
    if self.name.startswith(".frame-00-01"):
        os.kill(os.getpid(), signal.SIGINT)
    return real(self, target)

Path.replace = replace
_put_in_place(written, folder)
print("done")
"""
    r = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "done", r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frame-00-00.jpg", "frame-00-01.jpg", "frame-00-02.jpg"]
    assert (tmp_path / "frame-00-02.jpg").read_text() == "2"
