"""A copy of a video without its metadata (location, camera, dates), packets copied as they are."""

from __future__ import annotations

from pathlib import Path

from evidence_pack.errors import VideoError, describe
from evidence_pack.quiet import quiet
from evidence_pack.video.probe import open_video


def remux_clean(src: Path, dest: Path, name: str) -> None:
    """Copy a video's audio and video packets into a new file without its metadata (location, camera,
    dates); the display matrix travels with the stream, so the clip still plays upright."""
    with quiet():
        _remux(src, dest, name)


def _remux(src: Path, dest: Path, name: str) -> None:
    import av

    container = open_video(src, name)
    try:
        fmt = {
            ".mov": "mov",
            ".mp4": "mp4",
            ".m4v": "mp4",
            ".3gp": "3gp",
            ".mkv": "matroska",
            ".webm": "webm",
            ".avi": "avi",
            ".asf": "asf",
            ".wmv": "asf",
            ".mts": "mpegts",
            ".ts": "mpegts",
            ".m2ts": "mpegts",
        }.get(src.suffix.lower(), "mp4")
        with av.open(str(dest), "w", format=fmt) as out:
            mapping = {}
            for st in container.streams:
                if st.type in ("video", "audio"):
                    # opaque: copy the codec parameters as they are (no encoder lookup; AV1 has none here)
                    mapping[st.index] = out.add_stream_from_template(st, opaque=True)
            for packet in container.demux(*[container.streams[i] for i in mapping]):
                if packet.dts is None:
                    continue
                packet.stream = mapping[packet.stream.index]
                out.mux(packet)
    except (av.error.FFmpegError, ValueError) as exc:
        dest.unlink(missing_ok=True)
        raise VideoError(name, "could not be copied without its metadata", describe(exc)) from None
    finally:
        container.close()
