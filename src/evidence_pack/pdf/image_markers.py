"""Metadata out of compressed image streams without decoding them: JPEG marker segments and JPEG 2000 boxes.

The pictures inside an appended PDF document are kept exactly as they are (no re-encoding, so no loss
and no change of a single pixel): only the segments that carry metadata are left out of the rewritten
stream. The entropy-coded data and every segment a decoder needs (SOF, DHT, DQT, DRI, SOS ...) are
copied byte for byte.
"""

from __future__ import annotations

SOI = b"\xff\xd8"
EOI = 0xD9
SOS = 0xDA
APP0, APP14, APP15 = 0xE0, 0xEE, 0xEF
COM = 0xFE
# Markers that stand alone, without a length: TEM and the restart markers RST0-7.
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_JFIF_FIXED = 12  # "JFIF\0", version (2), units (1), X and Y density (2 + 2): what is kept of an APP0 JFIF


class MarkerError(ValueError):
    """The stream is not a JPEG (or JPEG 2000 file) whose structure can be followed."""


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The JPEG without its metadata segments, its entropy-coded data and tables unchanged.

    Dropped: APP1 (Exif, XMP), APP2 (ICC profile, MPF), APP13 (IPTC / Photoshop) and every other
    APPn, comments, a JFIF thumbnail, and anything after the end-of-image marker (a second picture
    such as an MPF preview, or a file appended to the JPEG). Kept: APP14 "Adobe", whose transform flag
    tells a decoder whether 3 or 4 components are YCbCr/YCCK or RGB/CMYK, and the JFIF header without
    its thumbnail, whose presence also decides how 3 components are read. A JPEG cut short (no EOI,
    which viewers still show) is kept as far as it goes.
    """
    if not data.startswith(SOI):
        raise MarkerError("not a JPEG stream (no start-of-image marker)")
    out = [SOI]
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            raise MarkerError(f"no marker where one was expected (byte {i})")
        while i < n and data[i] == 0xFF:  # fill bytes may precede any marker
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == EOI:
            out.append(b"\xff\xd9")
            break
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        if i + 2 > n:
            raise MarkerError("a marker segment is cut short")
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > n:
            raise MarkerError(f"a marker segment has an impossible length ({length})")
        payload = data[i + 2 : i + length]
        kept = _kept_segment(marker, payload)
        if kept is not None:
            out.append(kept)
        i += length
        if marker == SOS:
            end = _entropy_end(data, i)
            out.append(data[i:end])
            i = end
    return b"".join(out)


def _kept_segment(marker: int, payload: bytes) -> bytes | None:
    """The segment to write for one marker segment, or None to leave it out."""
    if marker == APP0:
        if not payload.startswith(b"JFIF\x00") or len(payload) < _JFIF_FIXED:
            return None  # JFXX thumbnails and other APP0 variants
        return _segment(marker, payload[:_JFIF_FIXED] + b"\x00\x00")  # thumbnail 0 x 0
    if marker == APP14:
        return _segment(marker, payload) if payload.startswith(b"Adobe") else None
    if APP0 < marker <= APP15 or marker == COM:
        return None
    return _segment(marker, payload)


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _entropy_end(data: bytes, start: int) -> int:
    """Where the entropy-coded data after an SOS header ends: the next marker that is not a stuffed
    zero byte or a restart marker."""
    j, n = start, len(data)
    while True:
        j = data.find(b"\xff", j)
        if j < 0 or j + 1 >= n:
            return n
        nxt = data[j + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
            j += 1 if nxt == 0xFF else 2
            continue
        return j


JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
# Top-level boxes of a JP2/JPX file that hold metadata only (XMP, Exif, IPTC, GeoJP2, labels,
# URLs, intellectual-property statements); none takes part in decoding the picture.
_JP2_METADATA_BOXES = {b"xml ", b"uuid", b"uinf", b"jp2i", b"asoc", b"lbl ", b"nlst"}


def strip_jp2_metadata(data: bytes) -> bytes:
    """A JPEG 2000 file (JP2/JPX boxes) without its top-level metadata boxes; a bare codestream
    (no boxes) is returned as it is."""
    if not data.startswith(JP2_SIGNATURE):
        return data
    out: list[bytes] = []
    i, n = 0, len(data)
    while i < n:
        if i + 8 > n:
            raise MarkerError("a JPEG 2000 box header is cut short")
        size, kind, header = int.from_bytes(data[i : i + 4], "big"), data[i + 4 : i + 8], 8
        if size == 1:
            if i + 16 > n:
                raise MarkerError("a JPEG 2000 box header is cut short")
            size, header = int.from_bytes(data[i + 8 : i + 16], "big"), 16
        elif size == 0:  # the last box runs to the end of the file
            size = n - i
        if size < header or i + size > n:
            raise MarkerError(f"a JPEG 2000 box has an impossible length ({size})")
        if kind not in _JP2_METADATA_BOXES:
            out.append(data[i : i + size])
        i += size
    return b"".join(out)
