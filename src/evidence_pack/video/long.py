"""Long clips, never decoded in full: keyframes picked on the timeline (spread over the video, and the two
around each place where a cut may be), decoded by seeking on two readers at once; runs of consecutive
frames decoded only where those two keyframes differ, within a budget of frames."""

from __future__ import annotations

import bisect
import contextlib
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from evidence_pack.errors import describe
from evidence_pack.video import label as labels
from evidence_pack.video.choose import Frame, difference, signature
from evidence_pack.video.colour import Look, luma
from evidence_pack.video.continuity import SAME_SCENE, Continuity, Suspect, cuts_in, suspects
from evidence_pack.video.keyframes import candidate, converted_at_once, decode_keyframe, run_signatures
from evidence_pack.video.probe import bytes_per_pixel, decoded, frame_time
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


@dataclass(frozen=True)
class Plan:
    """What a long clip's timeline asks to decode, before any decoding: its keyframes to look at (the
    first one is the first frame, decoded by the caller; `todo` the rest), and whether the decoded ones
    are held until the choice (see HOLD_BYTES)."""

    timeline: Timeline
    suspects: list[Suspect]
    wanted: list[int]  # timeline indices
    keep: bool
    ahead: bool  # made before the first frame was read (from the container's index)

    @property
    def todo(self) -> list[int]:
        return self.wanted[1:] if self.wanted and self.wanted[0] == self.timeline.keyframes[0] else self.wanted

    def halves(self) -> tuple[list[int], list[int]]:
        """The first reader's keyframes and the second reader's: every other one, and one more for the
        second when the plan was made ahead (the first reader then also decodes the first frame, about
        two keyframes' time, while the second begins)."""
        mine, other = self.todo[0::2], self.todo[1::2]
        if self.ahead and len(mine) > 1:
            other = sorted([*other, mine.pop()])
        return mine, other

    @property
    def parallel(self) -> bool:
        """Worth a second reader."""
        return len(self.todo) >= PARALLEL_FROM


def plan_long(
    container: InputContainer,
    stream: VideoStream,
    duration: float,
    count: int,
    read_label: bool,
    hold: bool,
    errors: list[str],
    packets: bool = True,
) -> Plan | None:
    """The keyframes a long clip's timeline asks to decode; None when the timeline cannot be read (or,
    without `packets`, is not in the container's index), does not reach the end of the video (a truncated
    file: the caller reads what is there from the start) or has timestamps that start over."""
    tl = read_timeline(container, stream, errors, packets)
    if tl is None or not tl.keyframes or max(tl.times_s) < duration * 0.8:
        return None
    if any(b.kind == "jump" for b in breaks(tl)):
        return None  # timestamps that start over cannot be sought in: read from the start instead
    found = suspects(tl)
    wanted = _keyframes_to_decode(tl, found, duration, max(SPREAD, count + 4), read_label)
    ctx = stream.codec_context
    keep = hold and len(wanted) * ctx.width * ctx.height * bytes_per_pixel(ctx) <= HOLD_BYTES
    return Plan(tl, found, wanted, keep, ahead=not packets)


class SecondReader:
    """The second reader (a Spare) decoding its fixed half of a plan's keyframes (Plan.halves) on a thread,
    begun as soon as the plan is known: for an indexed file (MP4, MOV) while the first reader still
    decodes the first frame. Fixed, not shared as they come: a damaged keyframe is concealed from what its
    reader decoded before, so which reader decodes which keyframe must not depend on timing (the same file
    gives the same frames on every run). A frame too large to hold is converted at once, with the video's
    Look read from the first frame: for such a frame the thread waits for it."""

    def __init__(self, spare: Spare, plan: Plan, read_label: bool) -> None:
        self.frames: dict[int, Frame] = {}
        self.errors: list[str] = []
        self.opened = False
        self._look: Look | None = None
        self._looked = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(spare, plan, read_label), name="evidence-pack-keyframes"
        )

    def start(self) -> None:
        """Begin. Apart from the constructor, so that the caller holds the reader (and closes it) even when
        an interrupt cuts the start short."""
        self._thread.start()

    def give_look(self, look: Look | None) -> None:
        """The first frame's Look; None when there is none (the first frame could not be read): the
        thread then stops."""
        self._look = look
        self._looked.set()

    def _run(self, spare: Spare, plan: Plan, read_label: bool) -> None:
        copy, _ = spare.take()
        if copy is None:  # opened once already, so not expected: the first reader decodes this half too
            return
        self.opened = True
        try:
            stream = copy.streams.video[0]
            for k in plan.halves()[1]:
                if self._looked.is_set() and self._look is None:
                    return  # the first frame could not be read: the caller stops
                frame = decode_keyframe(copy, stream, plan.timeline, k, self.errors)
                if frame is None:
                    continue
                if converted_at_once(frame):
                    self._looked.wait()
                    if self._look is None:
                        return
                # a frame held as decoded is shown later, converted with the Look then: none is needed here
                look = self._look or Look()
                self.frames[k] = _as_candidate(frame, stream, look, read_label, None if plan.keep else k)
        except Exception as exc:  # counted among the damaged parts, as the first reader's errors are
            self.errors.append(describe(exc))
        finally:
            copy.close()

    def close(self) -> None:
        """Wait for the thread (stopping it when no Look was given)."""
        if not self._looked.is_set():
            self.give_look(None)
        with contextlib.suppress(RuntimeError):  # never started: nothing to wait for
            self._thread.join()


def long_clip(
    container: InputContainer,
    stream: VideoStream,
    look: Look,
    first: VideoFrame,
    duration: float,
    plan: Plan,
    second: SecondReader | None,
    read_label: bool,
    errors: list[str],
) -> Found | None:
    """Candidates, continuity and label of a long clip, as planned; None when the keyframes decoded do not
    reach its end (the index promises frames the file does not hold). second: the reader decoding the
    other half of the keyframes, None when the caller keeps every core busy (this reader decodes them
    all)."""
    tl = plan.timeline
    frames = _decode_keyframes(container, stream, look, plan, first, second, read_label, errors)
    if len(frames) < min(3, len(plan.wanted)) or max(f.at_s for f in frames.values()) < duration * 0.8:
        return None
    continuity = _check(container, stream, tl, plan.suspects, frames, duration, errors)
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
    plan: Plan,
    first: VideoFrame,
    second: SecondReader | None,
    read_label: bool,
    errors: list[str],
) -> dict[int, Frame]:
    """The planned keyframes as candidates: the first frame (decoded already), this reader's half of the
    rest, and the second reader's half (decoded here too when it could not be opened)."""
    out: dict[int, Frame] = {}
    tl, todo = plan.timeline, plan.todo
    if len(todo) < len(plan.wanted):  # the first frame was decoded already, by the probe
        k = plan.wanted[0]
        out[k] = _as_candidate(first, stream, look, read_label, None if plan.keep else k)
    if second is None:
        _decode_into(container, stream, look, tl, todo, read_label, plan.keep, out, errors)
        return out
    mine, other = plan.halves()
    try:
        _decode_into(container, stream, look, tl, mine, read_label, plan.keep, out, errors)
    finally:
        second.close()
    if not second.opened:
        _decode_into(container, stream, look, tl, other, read_label, plan.keep, out, errors)
    errors += second.errors
    out.update(second.frames)
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
