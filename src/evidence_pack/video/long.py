"""Long clips, never decoded in full: keyframes picked on the timeline (spread over the video, and the two
around each place where a cut may be), decoded by seeking on two readers at once; runs of consecutive
frames decoded only where those two keyframes differ, within a budget of frames."""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from evidence_pack.video import label as labels
from evidence_pack.video.choose import Frame, difference, signature
from evidence_pack.video.colour import Look, luma
from evidence_pack.video.continuity import SAME_SCENE, Continuity, Suspect, cuts_in, suspects
from evidence_pack.video.keyframes import candidate, decode_keyframe, run_signatures
from evidence_pack.video.probe import decoded, frame_time
from evidence_pack.video.spare import Spare
from evidence_pack.video.timeline import Timeline, breaks, read_timeline

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream

SPREAD = 12  # at least this many keyframes spread over the timeline are looked at, for the choice
# Frames that may be decoded to look at suspicious places, counted in 1080p frames (a 4K frame costs
# four): about 6 s of decoding on this project's machine. A video that needs more is not said to be
# continuous (it is not said to be cut either).
CHECK_BUDGET_PIXELS = 720 * 1920 * 1080
MIN_CHECK_FRAMES = 60  # whatever the size: a few runs of frames
PARALLEL_FROM = 6  # keyframes to decode before a second reader is worth opening
# Decoded candidates held until the choice when asked (hold) and they fit this: the 28 keyframes the
# workload's 120-s 1080p clip asks for take 87 MB. Otherwise a chosen one is decoded again (8 x 36 ms for
# 1080p): a build's memory is its limit, so only `evidence-pack frames` holds them.
HOLD_BYTES = 96 << 20


@dataclass
class Found:
    """What reading a video gave, before the choice: candidates to choose from, frames to keep."""

    candidates: list[Frame]
    keep: list[Frame]
    continuity: Continuity | None
    label: labels.Label | None
    partial: str | None
    duration: float | None
    timeline: Timeline | None = None  # a long clip's, by which a chosen keyframe is decoded again


def long_clip(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    first: VideoFrame,
    duration: float,
    count: int,
    spare: Spare | None,
    read_label: bool,
    hold: bool,
    errors: list[str],
) -> Found | None:
    """Candidates, continuity and label of a long clip; None when its timeline cannot be read or does
    not reach its end (a truncated file: the caller reads what is there from the start). spare: a second
    reader of the file to decode on at the same time, None when the caller keeps every core busy. hold: see
    HOLD_BYTES."""
    tl = read_timeline(container, stream, errors)
    if tl is None or not tl.keyframes or max(tl.times_s) < duration * 0.8:
        return None
    if any(b.kind == "jump" for b in breaks(tl)):
        return None  # timestamps that start over cannot be sought in: read from the start instead
    found_suspects = suspects(tl)
    wanted = _keyframes_to_decode(tl, found_suspects, duration, max(SPREAD, count + 4), read_label)
    frames = _decode_keyframes(container, stream, look, tl, wanted, first, spare, read_label, hold, errors)
    if len(frames) < min(3, len(wanted)) or max(f.at_s for f in frames.values()) < duration * 0.8:
        return None  # the index promises frames the file does not hold
    continuity = _check(container, stream, tl, found_suspects, frames, duration, errors)
    label_frame = next((f for _, f in sorted(frames.items()) if f.label), None)
    if read_label and label_frame is None and _sparse_start(tl):
        label_frame = _label_from_start(container, stream, look, errors)
    candidates = sorted(frames.values(), key=lambda f: f.at_s)
    return Found(
        candidates=[f for f in candidates if f is not label_frame],
        keep=[label_frame] if label_frame is not None else [],
        continuity=continuity,
        label=label_frame.label if label_frame is not None else None,
        partial=None,
        duration=duration,
        timeline=tl,
    )


def _keyframes_to_decode(
    tl: Timeline, found: list[Suspect], duration: float, spread: int, read_label: bool
) -> list[int]:
    """Timeline indices of the keyframes to decode: the two around each suspect, the first and last,
    and enough spread over the timeline that no stretch of duration/spread goes unseen."""
    keys = tl.keyframes
    key_s = [tl.shown_s(k) for k in keys]
    wanted = {keys[0], keys[-1]}
    for s in found:
        wanted.add(s.before)
        if s.after is not None:
            wanted.add(s.after)
    if read_label:  # the label is looked for on the keyframes of the first seconds
        wanted |= {k for k, t in zip(keys, key_s, strict=True) if t <= labels.WINDOW_S}
    spacing = duration / spread
    for i in range(spread):
        target = spacing * (i + 0.5)
        near = keys[max(0, bisect.bisect_right(key_s, target) - 1)]
        if all(abs(tl.shown_s(w) - target) > spacing / 2 for w in wanted):
            wanted.add(near)
    return sorted(wanted)


def _decode_keyframes(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    tl: Timeline,
    wanted: list[int],
    first: VideoFrame,
    spare: Spare | None,
    read_label: bool,
    hold: bool,
    errors: list[str],
) -> dict[int, Frame]:
    """Decode the wanted keyframes as candidates: on two readers (two open copies of the file) when there
    is a spare one, each its fixed half. Fixed, not shared as they come: a damaged keyframe is concealed
    from what its reader decoded before, so which reader decodes which keyframe must not depend on timing
    (the same file gives the same frames on every run)."""
    out: dict[int, Frame] = {}
    todo = list(wanted)
    keep = hold and len(wanted) * sum(p.buffer_size for p in first.planes) <= HOLD_BYTES
    if todo and todo[0] == tl.keyframes[0]:  # the first frame was decoded already, by the probe
        k = todo.pop(0)
        out[k] = _as_candidate(first, stream, look, read_label, None if keep else k)
    if spare is None or len(todo) < PARALLEL_FROM:
        _decode_into(container, stream, look, tl, todo, read_label, keep, out, errors)
        return out
    other_errors: list[str] = []
    other: dict[int, Frame] = {}
    opened: list[bool] = []

    def second_reader() -> None:
        copy, _ = spare.take()
        if copy is None:  # opened once already, so not expected: the first reader decodes its half too
            return
        opened.append(True)
        try:
            _decode_into(copy, copy.streams.video[0], look, tl, todo[1::2], read_label, keep, other, other_errors)
        finally:
            copy.close()

    worker = threading.Thread(target=second_reader, name="evidence-pack-keyframes")
    worker.start()
    try:
        _decode_into(container, stream, look, tl, todo[0::2], read_label, keep, out, errors)
    finally:
        worker.join()
    if not opened:
        _decode_into(container, stream, look, tl, todo[1::2], read_label, keep, out, errors)
    errors += other_errors
    out.update(other)
    return out


def _decode_into(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    tl: Timeline,
    keys: list[int],
    read_label: bool,
    keep: bool,
    out: dict[int, Frame],
    errors: list[str],
) -> None:
    for k in keys:
        frame = decode_keyframe(container, stream, tl, k, errors)
        if frame is not None:
            out[k] = _as_candidate(frame, stream, look, read_label, None if keep else k)


def _as_candidate(frame: VideoFrame, stream: VideoStream, look: Look, read_label: bool, key: int | None) -> Frame:
    """A keyframe as a candidate, held or not (key: its timeline index when not; see HOLD_BYTES): a chosen
    one not held is decoded again (keyframes.refetched), about 36 ms for 1080p, where holding the 30-odd
    decoded frames of a long 1080p clip would take about 100 MB until the choice. A frame showing the label
    is always held: it is always shown."""
    at = frame_time(frame, stream)
    found = labels.read_label(luma(frame), at) if read_label and at <= labels.WINDOW_S else None
    f = candidate(frame, stream, look, key=None if found is not None else key)
    return replace(f, label=found) if found is not None else f


def _sparse_start(tl: Timeline) -> bool:
    """Fewer than one keyframe every 1.5 s in the label window: keyframes alone could miss the label."""
    n = sum(1 for k in tl.keyframes if tl.shown_s(k) <= labels.WINDOW_S)
    return n < labels.WINDOW_S / 1.5


def _label_from_start(container: InputContainer, stream: VideoStream, look: Look, errors: list[str]) -> Frame | None:
    """Decode the first seconds frame by frame, looking for the label every labels.STEP_S."""
    container.seek(0)
    next_look = 0.0
    for frame in decoded(container, stream, errors):
        at = frame_time(frame, stream)
        if at > labels.WINDOW_S:
            break
        if at >= next_look:
            next_look = at + labels.STEP_S
            found = labels.read_label(luma(frame), at)
            if found is not None:
                return replace(candidate(frame, stream, look), label=found)
    return None


def _check(
    container: InputContainer,
    stream: VideoStream,
    tl: Timeline,
    found: list[Suspect],
    frames: dict[int, Frame],
    duration: float,
    errors: list[str],
) -> Continuity:
    """Look at each suspect in time order: the keyframes around it first; a run of frames only when those
    differ; stop (the video not said to be continuous) when the budget is spent."""
    width, height = frames[min(frames)].image.size if frames else (1920, 1080)
    size = max(1, stream.codec_context.width * stream.codec_context.height) or width * height
    budget = max(MIN_CHECK_FRAMES, CHECK_BUDGET_PIXELS // size)
    sigs = {k: signature(f.image) for k, f in frames.items()}
    cuts: list[float] = []
    spent = 0
    checked = duration
    whole = True
    looked: set[tuple[int, int | None]] = set()
    for s in found:
        if s.before not in sigs or (s.after is not None and s.after not in sigs):
            whole, checked = False, tl.shown_s(s.index)
            break
        if s.after is not None and difference(sigs[s.before], sigs[s.after]) < SAME_SCENE:
            continue
        if (s.before, s.after) in looked:
            continue
        last = s.after if s.after is not None else min(len(tl) - 1, s.index + 8)
        if spent + (last - s.before + 1) > budget:
            whole, checked = False, tl.shown_s(s.index)
            break
        looked.add((s.before, s.after))
        run, read = run_signatures(container, stream, tl, s.before, last, errors)
        spent += read
        if not run:
            whole, checked = False, tl.shown_s(s.index)
            break
        cuts += cuts_in([t for t, _ in run], [g for _, g in run])
    return Continuity(
        cuts_s=tuple(sorted(set(cuts))),
        breaks=tuple(breaks(tl)),
        checked_s=checked,
        duration_s=duration,
        whole=whole,
        method="timeline and suspicious places",
    )
