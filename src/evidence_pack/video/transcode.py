"""A copy of a video that fits a platform's size limit: the whole recording re-encoded (H.264 and AAC,
both in PyAV's wheels), never trimmed. Every frame is kept at its own time, so the copy lasts as long as
the original; it plays the same way up (the display matrix is copied); its sound is kept; it carries no
metadata (no location, camera or dates). Resolution and bitrate are lowered as far as needed, never below
480p: a recording that cannot fit at 480p with legible quality is not squeezed further, and the caller
says so.

Deterministic: the same file and limit give the same bytes (x264 with a fixed thread count, FFmpeg's
bitexact flags).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_pack.errors import VideoError, describe
from evidence_pack.quiet import quiet
from evidence_pack.video.probe import open_video, read_info

if TYPE_CHECKING:
    from av.audio.stream import AudioStream
    from av.container import InputContainer, OutputContainer
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream

# Heights (of the picture as stored: the short side of a landscape frame) tried from the top; a copy is
# never larger than its original.
LADDER = (2160, 1440, 1080, 720, 540, 480)
# Bits per pixel and frame for x264 at "veryfast": from GOOD up the picture is clean; at LEGIBLE a 480p
# recording still shows labels and LEDs (measured on phone footage of a parcel); below it, not worth sending.
GOOD_BPP = 0.05
LEGIBLE_BPP = 0.02
FILL = 0.9  # of the limit aimed at: x264's average bitrate lands within a few per cent of its target
MUX_OVERHEAD_BYTES = 64_000  # moov, sample tables and interleaving of a few minutes
# x264's output depends on its number of threads, not on the machine: fixed, so the same input gives the
# same bytes everywhere (x264 is deterministic for a given thread count; see _in_fresh_process for the
# rest of the story).
ENCODER_THREADS = "2"


@dataclass(frozen=True)
class Plan:
    width: int  # stored size of the copy (before the display matrix turns it)
    height: int
    video_bps: int
    audio_bps: int

    @property
    def label(self) -> str:
        return f"{min(self.width, self.height)}p"


@dataclass(frozen=True)
class Fitted:
    bytes: int
    plan: Plan
    duration_s: float


class WontFit(VideoError):
    """The recording cannot be made to fit the limit at a legible quality."""


def plan_fit(
    width: int, height: int, fps: float, duration_s: float, limit_bytes: int, audio: bool, audio_channels: int = 2
) -> Plan | None:
    """Resolution and bitrates of a copy of at most limit_bytes, or None when even 480p would be below
    legible quality. width and height are the stored size of the original."""
    audio_bps = (128_000 if audio_channels > 1 else 96_000) if audio else 0
    budget_bps = (limit_bytes * FILL - MUX_OVERHEAD_BYTES) * 8 / max(duration_s, 0.1)
    short = min(width, height)
    heights = [h for h in LADDER if h <= short] or [short]
    fps = fps if 1 <= fps <= 240 else 30.0

    def sized(p: int) -> tuple[int, int]:
        scale = p / short
        return _even(width * scale), _even(height * scale)

    for tight_audio in (False, True):
        a = audio_bps if not tight_audio else (64_000 if audio else 0)
        video_bps = budget_bps - a
        for p in heights:
            w, h = sized(p)
            if video_bps / (w * h * fps) >= GOOD_BPP:
                return Plan(w, h, int(video_bps), a)
    a = 64_000 if audio else 0
    w, h = sized(heights[-1])
    video_bps = budget_bps - a
    if video_bps / (w * h * fps) >= LEGIBLE_BPP:
        return Plan(w, h, int(video_bps), a)
    return None


def _even(v: float) -> int:
    return max(2, round(v / 2) * 2)


def fit_copy(src: Path, dest: Path, name: str, limit_bytes: int, sha256: str | None = None) -> Fitted:
    """Re-encode `src` into `dest` (MP4) so it is at most limit_bytes; WontFit when it cannot be done
    at a legible 480p, VideoError when the video cannot be read. With the original's sha256, a copy made
    before for the same limit is taken from the user's cache (a re-encode takes about as long as the
    video lasts; the same input gives the same bytes, so nothing is lost)."""
    from evidence_pack.video import fitcache

    key = fitcache.key(sha256, limit_bytes) if sha256 else None
    cached = fitcache.load(key, dest) if key else None
    if cached is not None:
        return cached
    fitted = _in_fresh_process(src, dest, name, limit_bytes)
    if key:
        fitcache.store(key, dest, fitted)
    return fitted


def _in_fresh_process(src: Path, dest: Path, name: str, limit_bytes: int) -> Fitted:
    """_fit in a new interpreter. The same input gave the same bytes in fresh processes (every run here,
    one or two encoder threads) but not always in a process that had encoded before (2 to 4 runs in 10
    came out different, whatever the threads, with the cyclic collector off too): so each copy is made
    in a process of its own, which ends with the build's worker if that is stopped. Its answer comes
    back as one line of JSON."""
    import json
    import os
    import subprocess
    import sys

    import evidence_pack

    package_root = str(Path(evidence_pack.__file__).resolve().parents[1])
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    )
    job = json.dumps({"src": str(src), "dest": str(dest), "name": name, "limit": limit_bytes, "parent": os.getpid()})
    code = "from evidence_pack.video.transcode import child_main; child_main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    try:
        out, _ = proc.communicate(job.encode())
    except BaseException:
        proc.kill()
        proc.wait()
        dest.unlink(missing_ok=True)
        raise
    try:
        answer = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = {"kind": "error", "detail": f"the encoding process ended with code {proc.returncode}"}
    if answer["kind"] == "ok":
        return Fitted(answer["bytes"], Plan(*answer["plan"]), answer["duration_s"])
    dest.unlink(missing_ok=True)
    if answer["kind"] == "wontfit":
        raise WontFit(name, answer["reason"])
    if answer["kind"] == "video":
        raise VideoError(name, answer["reason"], answer.get("detail"))
    raise VideoError(name, "could not be re-encoded to fit the platform's limit", answer.get("detail"))


def child_main() -> None:
    """The encoding process: the job as JSON on stdin, the answer as one line of JSON on stdout."""
    import json
    import sys

    from evidence_pack.workers import die_with_parent

    job = json.loads(sys.stdin.read())
    die_with_parent(int(job["parent"]))
    name = str(job["name"])
    try:
        with quiet():
            fitted = _fit(Path(job["src"]), Path(job["dest"]), name, int(job["limit"]))
        p = fitted.plan
        answer: dict[str, object] = {
            "kind": "ok",
            "bytes": fitted.bytes,
            "plan": [p.width, p.height, p.video_bps, p.audio_bps],
            "duration_s": fitted.duration_s,
        }
    except WontFit as exc:
        answer = {"kind": "wontfit", "reason": exc.reason}
    except VideoError as exc:
        answer = {"kind": "video", "reason": exc.reason, "detail": exc.detail}
    except Exception as exc:  # a library bug on a hostile file: said as such, never a traceback
        answer = {"kind": "error", "detail": describe(exc)}
    sys.stdout.write(json.dumps(answer) + "\n")


def _fit(src: Path, dest: Path, name: str, limit_bytes: int) -> Fitted:
    container = open_video(src, name)
    try:
        info, look = read_info(container, name)
        stream = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        duration = info.duration_s
        if not duration:
            raise VideoError(name, "has no known length, so no copy can be made to fit; send the original")
        ctx = stream.codec_context
        stored_w, stored_h = ctx.width, ctx.height
        if ctx.coded_width >= 2 * ctx.width:  # decoded reduced (lowres): plan on the real size
            stored_w, stored_h = ctx.coded_width, ctx.coded_height
        channels = audio.codec_context.channels if audio is not None else 0
        plan = plan_fit(stored_w, stored_h, info.fps or 30.0, duration, limit_bytes, audio is not None, channels)
        if plan is None:
            raise WontFit(
                name,
                f"is too long to fit {limit_bytes:,} bytes even at 480p ({_length(duration)} would need about "
                f"{_needed(stored_w, stored_h, info.fps or 30.0, duration):,} bytes)",
            )
    finally:
        container.close()
    for _ in range(2):
        size = _encode(src, dest, name, plan, look.matrix)
        if size <= limit_bytes:
            return Fitted(size, plan, duration)
        # x264 overshot (very noisy pictures): aim lower, once
        plan = Plan(plan.width, plan.height, int(plan.video_bps * 0.8 * limit_bytes / size), plan.audio_bps)
    dest.unlink(missing_ok=True)
    raise WontFit(name, f"could not be made smaller than {limit_bytes:,} bytes")


def _needed(w: int, h: int, fps: float, duration: float) -> int:
    short = min(w, h)
    scale = min(1.0, 480 / short)
    pixels = _even(w * scale) * _even(h * scale)
    return int(((pixels * fps * LEGIBLE_BPP + 64_000) * duration / 8 + MUX_OVERHEAD_BYTES) / FILL)


def _length(seconds: float) -> str:
    m, s = divmod(math.ceil(seconds), 60)
    return f"{m}:{s:02d}"


def _encode(src: Path, dest: Path, name: str, plan: Plan, matrix: tuple[int, ...] | None) -> int:
    import av

    container = open_video(src, name)
    try:
        stream = container.streams.video[0]
        if stream.codec_context.thread_count != 1:
            stream.thread_type = "AUTO"  # every frame is decoded: frame threads pay here
        audio = container.streams.audio[0] if container.streams.audio else None
        # nothing of the original's metadata is ever set on the copy; bitexact leaves out the muxer's
        # version string, so the bytes do not change with the FFmpeg build
        options = {"movflags": "+faststart", "fflags": "+bitexact"}
        with av.open(str(dest), "w", format="mp4", container_options=options) as out:
            vout = _video_out(out, stream, plan, matrix)
            aout = _audio_out(out, audio, plan) if audio is not None else None
            _pump(container, stream, audio, vout, aout, out, plan)
    except (av.error.FFmpegError, ValueError) as exc:
        dest.unlink(missing_ok=True)
        raise VideoError(name, "could not be re-encoded to fit the platform's limit", describe(exc)) from None
    finally:
        container.close()
    return dest.stat().st_size


def _video_out(out: OutputContainer, stream: VideoStream, plan: Plan, matrix: tuple[int, ...] | None) -> VideoStream:
    from fractions import Fraction

    rate = stream.average_rate or stream.guessed_rate or Fraction(30, 1)
    vout = out.add_stream("libx264", rate=rate)
    vout.width, vout.height, vout.pix_fmt = plan.width, plan.height, "yuv420p"
    vout.bit_rate = plan.video_bps
    # the original's clock, so every frame keeps its own moment (phones record at a variable rate)
    vout.codec_context.time_base = stream.time_base or Fraction(1, 90_000)
    vout.options = {
        "preset": "veryfast",
        "threads": ENCODER_THREADS,
        "maxrate": str(int(plan.video_bps * 1.5)),
        "bufsize": str(int(plan.video_bps * 2)),
        "flags": "+bitexact",
    }
    if matrix is not None:
        vout.set_display_matrix(matrix)
    return vout


def _audio_out(out: OutputContainer, audio: AudioStream, plan: Plan) -> AudioStream:
    src = audio.codec_context
    rate = src.sample_rate if src.sample_rate in (32000, 44100, 48000) else 48000
    aout = out.add_stream("aac", rate=rate)
    aout.layout = "stereo" if src.channels > 1 else "mono"
    aout.bit_rate = plan.audio_bps
    aout.options = {"flags": "+bitexact"}
    return aout


def _pump(
    container: InputContainer,
    stream: VideoStream,
    audio: AudioStream | None,
    vout: VideoStream,
    aout: AudioStream | None,
    out: OutputContainer,
    plan: Plan,
) -> None:
    """Decode, scale and encode every frame, in file order; the muxer interleaves."""
    import av

    start = stream.start_time or 0
    # the sound keeps its place against the pictures: both clocks start where the video starts
    vstart_s = float(start * stream.time_base) if stream.time_base else 0.0
    astart = round(vstart_s / audio.time_base) if audio is not None and audio.time_base else 0
    streams = [stream] + ([audio] if audio is not None else [])
    for packet in container.demux(*streams):
        try:
            frames = packet.decode()
        except av.error.FFmpegError:
            continue  # a damaged packet: its frames are missing from the original too
        for frame in frames:
            if isinstance(frame, av.VideoFrame):
                out.mux(vout.encode(_scaled(frame, plan, start)))
            elif aout is not None and isinstance(frame, av.AudioFrame):
                if frame.pts is not None:
                    frame.pts -= astart
                out.mux(aout.encode(frame))
    out.mux(vout.encode(None))
    if aout is not None:
        out.mux(aout.encode(None))


def _scaled(frame: VideoFrame, plan: Plan, start: int) -> VideoFrame:
    # swscale's bilinear filter widens with the reduction (no aliasing), at two thirds of AREA's cost
    scaled = frame.reformat(width=plan.width, height=plan.height, format="yuv420p", interpolation="BILINEAR")
    scaled.pts = (frame.pts - start) if frame.pts is not None else None
    scaled.time_base = frame.time_base
    return scaled
