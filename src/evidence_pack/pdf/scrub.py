"""A clean copy of a document made inert and without metadata: every object loses the keys that carry
metadata or can act, and every JPEG and JPEG 2000 picture its metadata segments, losslessly (the compressed
data is kept byte for byte). Used on the copy pdf/documents.py builds from what draws each page."""

from __future__ import annotations

import base64
import zlib
from typing import TYPE_CHECKING, Any

from evidence_pack.errors import MediaError, describe
from evidence_pack.pdf.image_markers import MarkerError, strip_jp2_metadata, strip_jpeg_metadata

if TYPE_CHECKING:
    import pikepdf

# A picture stream is unwrapped (ASCII85, Flate ...) to reach its JPEG data; past this it is a bomb.
MAX_PICTURE_BYTES = 64 << 20

# Keys dropped wherever they appear in what a page draws: metadata, private application data, files
# and external references, alternate (unredacted) images, and anything that can act.
DROP_KEYS = frozenset(
    {
        "/Metadata",
        "/PieceInfo",
        "/LastModified",
        "/OPI",
        "/AF",
        "/EF",
        "/Ref",
        "/Alternates",
        "/Thumb",
        "/AA",
        "/OpenAction",
        "/JS",
        "/JavaScript",
        "/Annots",
        "/EmbeddedFiles",
        "/URI",
        "/RichMediaContent",
        "/RichMediaSettings",
        "/3DD",
    }
)
# Abbreviations inline images use, which an externalised inline image may keep.
_FILTER_NAMES = {
    "/AHx": "/ASCIIHexDecode",
    "/A85": "/ASCII85Decode",
    "/Fl": "/FlateDecode",
    "/LZW": "/LZWDecode",
    "/RL": "/RunLengthDecode",
    "/DCT": "/DCTDecode",
}


def scrub(pdf: pikepdf.Pdf, rel: str) -> None:
    """Drop metadata and anything active from every object of the clean copy; strip the metadata
    segments of its JPEG and JPEG 2000 pictures."""
    import pikepdf

    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for key in [k for k in pdf.Root.keys() if k not in ("/Type", "/Pages", "/OCProperties")]:
        del pdf.Root[key]
    for obj in list(pdf.objects):
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)):
            _scrub_container(obj)
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            _strip_picture(obj, rel)


def _scrub_container(root: Any) -> None:
    """Delete the dropped keys (and /A actions) from a dictionary, stream or array and the direct
    objects nested in it; indirect objects are visited on their own."""
    import pikepdf

    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            children = []
            for key in list(obj.keys()):
                value = obj.get(key)
                if key in DROP_KEYS or (key == "/A" and isinstance(value, pikepdf.Dictionary) and "/S" in value):
                    del obj[key]
                else:
                    children.append(value)
        stack += [c for c in children if isinstance(c, (pikepdf.Dictionary, pikepdf.Array)) and not c.is_indirect]


def _strip_picture(stream: pikepdf.Stream, rel: str) -> None:
    """Rewrite a JPEG or JPEG 2000 image stream without its metadata segments (lossless)."""
    import pikepdf

    filters, parms = _filter_chain(stream)
    if not filters or filters[-1] not in ("/DCTDecode", "/JPXDecode"):
        return
    raw = bytes(stream.read_raw_bytes())
    data = raw
    for name, parm in zip(filters[:-1], parms[:-1], strict=False):
        data = _unwrap(name, parm, data, rel)
    try:
        clean = strip_jpeg_metadata(data) if filters[-1] == "/DCTDecode" else strip_jp2_metadata(data)
    except MarkerError as exc:
        raise MediaError(
            rel,
            "holds a picture whose structure cannot be followed, so its hidden metadata cannot "
            "be removed; print it to PDF again",
            describe(exc),
        ) from None
    if clean != raw:
        last = parms[-1]
        stream.write(
            clean, filter=pikepdf.Name(filters[-1]), decode_parms=last if isinstance(last, pikepdf.Dictionary) else None
        )


def _filter_chain(stream: pikepdf.Stream) -> tuple[list[str], list[Any]]:
    """The stream's filters (full names) and their parameters, as two lists of the same length."""
    import pikepdf

    f = stream.get("/Filter")
    names = [str(x) for x in f] if isinstance(f, pikepdf.Array) else [str(f)] if f is not None else []
    names = [_FILTER_NAMES.get(n, n) for n in names]
    p = stream.get("/DecodeParms", stream.get("/DP"))
    parms = list(p) if isinstance(p, pikepdf.Array) else [p]
    parms = (parms + [None] * len(names))[: len(names)]
    return names, parms


def _unwrap(name: str, parm: Any, data: bytes, rel: str) -> bytes:
    """Undo one lossless filter wrapped around a picture's compressed data, within MAX_PICTURE_BYTES."""
    try:
        if name == "/ASCIIHexDecode":
            digits = bytes(c for c in data.split(b">", 1)[0] if c not in b" \t\r\n\f\x00")
            return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        if name == "/ASCII85Decode":
            text = bytes(c for c in data if c not in b" \t\r\n\f\x00")
            return base64.a85decode(text if text.endswith(b"~>") else text + b"~>", adobe=True)
        if name == "/FlateDecode" and int((parm or {}).get("/Predictor", 1)) <= 1:
            inflater = zlib.decompressobj()
            out = inflater.decompress(data, MAX_PICTURE_BYTES)
            if inflater.unconsumed_tail:
                raise MediaError(rel, "holds a picture too large to check for hidden metadata; print it to PDF again")
            return out
    except (ValueError, zlib.error) as exc:
        raise MediaError(rel, "holds a damaged picture; print it to PDF again", describe(exc)) from None
    raise MediaError(
        rel,
        f"holds a picture stored with {name[1:]}, which cannot be checked for hidden metadata; print it to PDF again",
    )
