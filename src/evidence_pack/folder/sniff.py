"""Tell what a file is from its first bytes, never from its name."""

from __future__ import annotations

from pathlib import Path

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"avif", b"avis", b"mif2"}
# HEIF image sequences (msf1, hevc, hevx) are moving pictures: PyAV decodes them as video.
_VIDEO_BRANDS_PREFIX = (
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"qt  ",
    b"M4V",
    b"3gp",
    b"3g2",
    b"MSNV",
    b"dash",
    b"f4v",
    b"mmp4",
    b"XAVC",
    b"crx ",
    b"hvc1",
    b"av01",
    b"M4A",
)


def sniff(path: Path) -> str | None:
    """Return "image", "video", "pdf" or None for a file, by content."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    return sniff_bytes(head)


def is_jpeg_xl(head: bytes) -> bool:
    """JPEG XL (bare codestream or ISO BMFF container)."""
    return head.startswith(b"\xff\x0a") or head[4:12] == b"JXL \r\n\x87\n"


def sniff_bytes(head: bytes) -> str | None:
    """Classify the first bytes of a file (at least 32 bytes for a good answer)."""
    if len(head) < 4:
        return None
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or head[:4] in (b"GIF8",):
        return "image"
    if head.startswith(b"BM") and len(head) > 14:
        return "image"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[:4] == b"RIFF" and head[8:12] in (b"AVI ", b"AVIX"):
        return "video"
    if head.startswith(b"\xff\x0a") or head[4:12] == b"JXL \r\n\x87\n":
        return "image"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        compatible = head[16:64]
        if brand in _HEIF_BRANDS:
            return "image"
        if brand.startswith(_VIDEO_BRANDS_PREFIX) or any(b in compatible for b in (b"isom", b"mp42", b"qt  ")):
            return "video"
        return "video"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "video"
    if head[0] == 0x47 and len(head) > 188 and head[188] == 0x47:
        return "video"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "video"
    if head.startswith(b"FLV"):
        return "video"
    return None
