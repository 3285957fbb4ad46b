"""Appended PDF documents: nothing leaks through them (metadata, active content), long ones are capped,
protected ones open when a viewer would open them. Hostile PDFs are made here, never committed."""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import time
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageCms, ImageDraw
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.errors import MediaError, UnreadableEvidenceError
from evidence_pack.pdf.documents import prepare_document
from evidence_pack.pdf.image_markers import (
    MarkerError,
    strip_jp2_metadata,
    strip_jpeg_metadata,
)
from tests.test_cli import run

WHEN = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
GPS_LAT = (35.0, 39.0, 26.0)
SERIAL = "SN-7731-SECRET"
BYLINE = b"Jane Q. Photographer"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="SecretTool 9"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
# What must never reach evidence.pdf from the documents below, searched in the file and in every
# stream once its lossless filters are undone.
LEAKS = [
    b"Exif\x00\x00",
    b"http://ns.adobe.com/xap",
    b"adobe:ns:meta",
    b"Photoshop 3.0",
    b"8BIM",
    b"ICC_PROFILE",
    SERIAL.encode(),
    BYLINE,
    b"SecretTool",
    b"Jane Secret Author",
    b"Secret document title",
    b"app.alert",
    b"evil.example",
    b"calc.exe",
    b"attached-secret.txt",
    b"ATTACHED FILE BODY",
]
ACTIVE = {
    "/JavaScript",
    "/JS",
    "/Launch",
    "/URI",
    "/OpenAction",
    "/AA",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/RichMediaContent",
    "/Annots",
    "/Link",
    "/Widget",
    "/AcroForm",
    "/FileAttachment",
    "/SubmitForm",
    "/Metadata",
}


# ---- fixtures: pictures and documents made on the fly


def hostile_jpeg(size: tuple[int, int] = (320, 240)) -> bytes:
    """A JPEG with GPS and a serial number in Exif, XMP, IPTC (APP13) and an ICC profile (APP2)."""
    img = Image.new("RGB", size, (230, 230, 230))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, size[0] // 4, size[1] // 4], fill=(220, 20, 20))
    d.ellipse([size[0] // 2, size[1] // 2, size[0] - 10, size[1] - 10], fill=(20, 20, 220))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Google", "Pixel 7"
    exif[0x8769] = {0x9003: "2026:10:21 14:03:10", 0xA431: SERIAL}
    exif[0x8825] = {1: "N", 2: GPS_LAT, 3: "E", 4: (139.0, 44.0, 58.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, exif=exif.tobytes(), icc_profile=icc, xmp=XMP)
    data = buf.getvalue()
    return data[:2] + _app13_iptc(BYLINE) + data[2:]


def _app13_iptc(byline: bytes) -> bytes:
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(byline)) + byline  # dataset 2:80 By-line
    res = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    body = b"Photoshop 3.0\x00" + res + b"\x00" * (len(iptc) % 2)
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def text_pdf(path: Path, pages: int, title: str = "Statement", rotate: int = 0) -> Path:
    """A plain document: one line of text per page, compressed as a bank's would be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pageCompression=1, invariant=1)
    for p in range(pages):
        c.setFont("Helvetica", 16)
        c.drawString(72, 760, f"{title} page {p + 1} of {pages}")
        c.showPage()
    c.save()
    if rotate:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            for page in pdf.pages:
                page.Rotate = rotate
            pdf.save(path)
    return path


def long_pdf(path: Path, pages: int) -> Path:
    """A long document made fast: every page shares one content stream (a statement of `pages` pages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        content = pdf.make_stream(b"BT /F1 12 Tf 72 760 Td (Statement line) Tj ET")
        font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        resources = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font)))
        root = pdf.Root.Pages
        root.Kids = Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Page,
                        Parent=root,
                        MediaBox=Array([0, 0, 612, 792]),
                        Contents=content,
                        Resources=resources,
                    )
                )
                for _ in range(pages)
            ]
        )
        root.Count = pages
        pdf.save(path)
    return path


def photo_pdf(path: Path, jpeg: bytes, a85: bool) -> Path:
    """A document showing a JPEG embedded as it is (DCTDecode, optionally ASCII85-wrapped as reportlab
    does by default), with metadata everywhere a PDF can hold it."""
    from reportlab import rl_config

    path.parent.mkdir(parents=True, exist_ok=True)
    jpg = path.with_suffix(".jpg")
    jpg.write_bytes(jpeg)
    saved, rl_config.useA85 = rl_config.useA85, int(a85)
    try:
        c = canvas.Canvas(str(path), invariant=1)
        c.setFont("Helvetica", 18)
        c.drawString(72, 760, "Photo of the parcel")
        c.drawImage(str(jpg), 72, 400, 320, 240)
        c.showPage()
        c.save()
    finally:
        rl_config.useA85 = saved
    jpg.unlink()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo[Name.Author] = "Jane Secret Author"
        pdf.docinfo[Name.Title] = "Secret document title"
        xmp = pdf.make_stream(XMP)
        xmp.Type, xmp.Subtype = Name.Metadata, Name.XML
        pdf.Root.Metadata = xmp
        page = pdf.pages[0]
        page.Metadata = pdf.make_stream(XMP)
        page.PieceInfo = Dictionary(SecretTool=Dictionary(Private=String("SecretTool private data")))
        for image in page.Resources.XObject.values():
            image.Metadata = pdf.make_stream(XMP)
        pdf.save(path)
    return path


def active_pdf(path: Path) -> Path:
    """A document with every kind of active content: open action, page actions, links, a launch
    action, a form field with a script, an embedded file, rich media; and a visible stamp."""
    text_pdf(path, 1, title="Visible body text")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        js = Dictionary(S=Name.JavaScript, JS=String("app.alert('pwned')"))
        pdf.Root.OpenAction = pdf.make_indirect(js)
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("x"), pdf.make_indirect(js)])))
        ef = pdf.make_stream(b"ATTACHED FILE BODY")
        ef.Type = Name.EmbeddedFile
        filespec = pdf.make_indirect(
            Dictionary(Type=Name.Filespec, F=String("attached-secret.txt"), EF=Dictionary(F=ef))
        )
        pdf.Root.Names.EmbeddedFiles = Dictionary(Names=Array([String("attached-secret.txt"), filespec]))
        page = pdf.pages[0]
        page.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.alert('page open')")))
        stamp_ap = pdf.make_stream(b"BT /F1 14 Tf 5 8 Td (STAMPED VISIBLE) Tj ET")
        stamp_ap.Type, stamp_ap.Subtype = Name.XObject, Name.Form
        stamp_ap.BBox = Array([0, 0, 200, 30])
        stamp_ap.Resources = Dictionary(
            Font=Dictionary(F1=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
        )
        widget = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Btn,
                T=String("go"),
                Rect=Array([72, 500, 200, 530]),
                A=Dictionary(S=Name.JavaScript, JS=String("app.alert('button')")),
                F=4,
            )
        )
        annots = [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 700, 300, 720]),
                A=Dictionary(S=Name.URI, URI=String("https://evil.example/track")),
            ),
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 650, 300, 670]),
                A=Dictionary(S=Name.Launch, F=String("calc.exe")),
            ),
            Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([400, 700, 420, 720]), FS=filespec),
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.RichMedia,
                Rect=Array([72, 300, 300, 400]),
                RichMediaContent=Dictionary(Assets=Dictionary(Names=Array([String("a.swf"), filespec]))),
            ),
            Dictionary(
                Type=Name.Annot, Subtype=Name.Stamp, Rect=Array([300, 560, 500, 590]), F=4, AP=Dictionary(N=stamp_ap)
            ),
            widget,
        ]
        page.Annots = pdf.make_indirect(Array([pdf.make_indirect(a) for a in annots]))
        pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))
        pdf.save(path)
    return path


def layered_pdf(path: Path) -> Path:
    """A document with two optional-content layers, the second hidden by default."""
    text_pdf(path, 1, title="Layered")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        shown = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=String("Shown")))
        hidden = pdf.make_indirect(
            Dictionary(
                Type=Name.OCG,
                Name=String("Hidden"),
                Usage=Dictionary(CreatorInfo=Dictionary(Creator=String("SecretTool 9"), Subtype=Name.Artwork)),
            )
        )
        page = pdf.pages[0]
        page.Resources.Properties = Dictionary(L1=shown, L2=hidden)
        page.Resources.Font = Dictionary(F9=Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
        page.contents_add(
            pdf.make_stream(
                b"/OC /L1 BDC BT /F9 12 Tf 72 600 Td (SHOWN LAYER) Tj ET EMC "
                b"/OC /L2 BDC BT /F9 12 Tf 72 560 Td (HIDDEN LAYER) Tj ET EMC"
            )
        )
        pdf.Root.OCProperties = Dictionary(OCGs=Array([shown, hidden]), D=Dictionary(OFF=Array([hidden])))
        pdf.save(path)
    return path


def protected_pdf(path: Path, title: str, R: int, aes: bool, user: str = "") -> Path:
    """A document encrypted with an owner password only (opens without one), or a user password too."""
    text_pdf(path, 2, title=title)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(
            path,
            encryption=pikepdf.Encryption(
                owner="owner-secret",
                user=user,
                R=R,
                aes=aes,
                metadata=aes,
                allow=pikepdf.Permissions(extract=False, modify_other=False),
            ),
        )
    return path


# ---- helpers that read evidence.pdf back


def decoded_streams(path: Path) -> list[bytes]:
    """Every stream of a PDF with its lossless filters undone (JPEGs as stored: they must be plain DCT)."""
    out = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    out.append(bytes(obj.read_bytes(decode_level=pikepdf.StreamDecodeLevel.generalized)))
                except pikepdf.PdfError:
                    out.append(bytes(obj.read_raw_bytes()))
    return out


def names_in(path: Path) -> set[str]:
    """Every dictionary key and name value anywhere in a PDF's objects."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        stack = [o for o in pdf.objects if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array))]
        stack.append(pdf.trailer)
        while stack:
            obj = stack.pop()
            items = list(obj) if isinstance(obj, pikepdf.Array) else [obj[k] for k in obj.keys()]
            if not isinstance(obj, pikepdf.Array):
                found |= set(obj.keys())
            for v in items:
                if isinstance(v, pikepdf.Name):
                    found.add(str(v))
                elif isinstance(v, (pikepdf.Dictionary, pikepdf.Array)) and not v.is_indirect:
                    stack.append(v)
    return found


def assert_nothing_leaks(path: Path) -> None:
    blobs = [path.read_bytes(), *decoded_streams(path)]
    for needle in LEAKS:
        assert not any(needle in b for b in blobs), f"{needle!r} reached {path.name}"


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def build(root: Path, out: Path, **options) -> object:
    return build_case(root, BuildOptions(out_dir=out, generated_at=WHEN, **options))


# ---- 1. metadata of pictures inside documents, document info and XMP


@pytest.mark.parametrize("a85", [False, True], ids=["raw-dct", "ascii85-wrapped"])
def test_document_pictures_lose_their_metadata_and_keep_their_pixels(make_case, tmp_path, a85):
    jpeg = hostile_jpeg()
    assert all(n in jpeg for n in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"Photoshop 3.0", b"ICC_PROFILE"))
    root = make_case(files={})
    photo_pdf(root / "documents" / "parcel.pdf", jpeg, a85=a85)
    build(root, tmp_path / "o")
    pdf_path = tmp_path / "o" / "evidence.pdf"
    assert_nothing_leaks(pdf_path)
    assert not {"/Metadata", "/PieceInfo"} & names_in(pdf_path)
    with pikepdf.open(pdf_path) as pdf:
        placed = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream)
            and obj.get("/Subtype") == "/Image"
            and int(obj.get("/Width", 0)) == 320
            and int(obj.get("/Height", 0)) == 240
        ]
        assert len(placed) == 1
        assert placed[0].Filter in (Name.DCTDecode, Array([Name.DCTDecode]))  # still the same JPEG data
        stored = bytes(placed[0].read_raw_bytes())
    original = Image.open(io.BytesIO(jpeg))
    again = Image.open(io.BytesIO(stored))
    assert again.size == original.size and again.mode == original.mode
    assert again.tobytes() == original.tobytes()  # not re-encoded: identical pixels
    assert "Photo of the parcel" in pdf_text(pdf_path)


def test_inline_jpeg_in_a_content_stream_loses_its_metadata(make_case, tmp_path):
    root = make_case(files={})
    path = text_pdf(root / "documents" / "inline.pdf", 1, title="Inline picture")
    jpeg = hostile_jpeg((64, 48))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_add(
            pdf.make_stream(b"q 64 0 0 48 72 400 cm BI /W 64 /H 48 /CS /RGB /BPC 8 /F /DCT ID " + jpeg + b" EI Q")
        )
        pdf.save(path)
    assert any(b"Exif\x00\x00" in b for b in decoded_streams(path))
    build(root, tmp_path / "o")
    assert_nothing_leaks(tmp_path / "o" / "evidence.pdf")
    with pikepdf.open(tmp_path / "o" / "evidence.pdf") as pdf:
        images = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image" and int(o.get("/Width", 0)) == 64
        ]
        assert len(images) == 1  # the inline picture, now an image XObject, still drawn
        again = Image.open(io.BytesIO(bytes(images[0].read_raw_bytes())))
    assert again.tobytes() == Image.open(io.BytesIO(jpeg)).tobytes()


def test_jpeg_segments_dropped_and_kept():
    jpeg = hostile_jpeg()
    clean = strip_jpeg_metadata(jpeg + b"appended after the end of the image")
    for needle in (
        b"Exif",
        b"http://ns.adobe.com/xap",
        b"Photoshop 3.0",
        b"ICC_PROFILE",
        SERIAL.encode(),
        b"appended after",
    ):
        assert needle not in clean
    assert clean.startswith(b"\xff\xd8") and clean.endswith(b"\xff\xd9") and b"JFIF\x00" in clean
    assert Image.open(io.BytesIO(clean)).tobytes() == Image.open(io.BytesIO(jpeg)).tobytes()
    # the entropy-coded data is copied byte for byte: the tail from the first SOS on is unchanged
    assert clean[clean.index(b"\xff\xda") :] == jpeg[jpeg.index(b"\xff\xda") : jpeg.index(b"\xff\xd9") + 2]


@pytest.mark.parametrize("kind", ["progressive", "cmyk", "restart", "thumbnail"])
def test_jpeg_variants_decode_to_the_same_pixels(kind):
    img = Image.open(io.BytesIO(hostile_jpeg((257, 193))))
    buf = io.BytesIO()
    if kind == "progressive":
        img.save(buf, "JPEG", progressive=True, exif=img.getexif())
    elif kind == "cmyk":
        img.convert("CMYK").save(buf, "JPEG", exif=img.getexif())  # APP14 Adobe decides the colour transform
    elif kind == "restart":
        img.save(buf, "JPEG", restart_marker_blocks=1, exif=img.getexif())
    else:  # a JFIF thumbnail (3 bytes per pixel after the fixed header) must go
        img.save(buf, "JPEG")
        data = buf.getvalue()
        k = data.index(b"JFIF\x00") - 4
        thumb = b"JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x02\x02" + b"\x7f" * 12
        buf = io.BytesIO(data[:k] + b"\xff\xe0" + struct.pack(">H", len(thumb) + 2) + thumb + data[k + 18 :])
    data = buf.getvalue()
    clean = strip_jpeg_metadata(data)
    assert b"Exif" not in clean and len(clean) < len(data)
    if kind == "cmyk":
        assert b"Adobe" in clean
    assert Image.open(io.BytesIO(clean)).tobytes() == Image.open(io.BytesIO(data)).tobytes()


def test_jpeg_that_cannot_be_followed_is_an_error():
    with pytest.raises(MarkerError):
        strip_jpeg_metadata(b"not a jpeg")
    with pytest.raises(MarkerError):
        strip_jpeg_metadata(b"\xff\xd8\xff\xe1\xff\xff" + b"x" * 10)  # a segment longer than the data


def test_jp2_metadata_boxes_dropped():
    def box(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body) + 8) + kind + body

    sig = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
    data = (
        sig
        + box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ")
        + box(b"jp2h", b"header")
        + box(b"uuid", b"\x00" * 16 + b"Exif\x00\x00GPS")
        + box(b"xml ", XMP)
        + box(b"jp2c", b"\xff\x4f\xff\x51code")
    )
    clean = strip_jp2_metadata(data)
    assert b"Exif" not in clean and b"xmpmeta" not in clean
    assert clean == sig + box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ") + box(b"jp2h", b"header") + box(
        b"jp2c", b"\xff\x4f\xff\x51code"
    )
    assert strip_jp2_metadata(b"\xff\x4f\xff\x51raw codestream") == b"\xff\x4f\xff\x51raw codestream"


# ---- 2. nothing active reaches the pack


def test_active_content_is_dropped_and_visible_content_kept(make_case, tmp_path):
    root = make_case(files={})
    src = active_pdf(root / "documents" / "form.pdf")
    assert {"/OpenAction", "/AA", "/URI", "/Launch", "/JavaScript", "/EmbeddedFiles", "/RichMedia"} <= names_in(src)
    build(root, tmp_path / "o")
    pdf_path = tmp_path / "o" / "evidence.pdf"
    found = names_in(pdf_path)
    assert not ACTIVE & found, ACTIVE & found
    assert_nothing_leaks(pdf_path)
    text = pdf_text(pdf_path)
    assert "Visible body text" in text
    assert "STAMPED VISIBLE" in text  # an annotation's appearance stays, as drawn content


def test_hidden_layers_stay_hidden(make_case, tmp_path):
    root = make_case(files={})
    layered_pdf(root / "documents" / "layers.pdf")
    build(root, tmp_path / "o")
    with pikepdf.open(tmp_path / "o" / "evidence.pdf") as pdf:
        ocp = pdf.Root.OCProperties
        assert [str(g.Name) for g in ocp.OCGs] == ["Shown", "Hidden"]
        assert [str(g.Name) for g in ocp.D.OFF] == ["Hidden"]
        placed = next(
            p.Resources.XObject["/EvidencePackDocumentPage"]
            for p in pdf.pages
            if "/EvidencePackDocumentPage" in p.Resources.get("/XObject", {})
        )
        props = placed.Resources.Properties
        assert props.L2.objgen == ocp.D.OFF[0].objgen  # the group the hidden content names is the one turned off
        assert props.L1.objgen == ocp.OCGs[0].objgen
    assert_nothing_leaks(tmp_path / "o" / "evidence.pdf")  # the layer's /Usage named the tool


# ---- 3. long documents: capped, parsed once


def test_long_document_is_capped_and_says_so(make_case, tmp_path):
    root = make_case(files={})
    text_pdf(root / "documents" / "statement.pdf", 120, title="Statement")
    result = build(root, tmp_path / "o", max_document_pages=5)
    pdf_path = tmp_path / "o" / "evidence.pdf"
    text = " ".join(pdf_text(pdf_path).split())
    assert "Statement page 5 of 120" in text and "Statement page 6 of 120" not in text
    assert "Exhibit 1 (page 5 of 120)" in text and "Exhibit 1 (page 6 of 120)" not in text
    assert "Only the first 5 of the document's 120 pages are placed in this pack" in text
    assert "first 5 of 120 p." in text  # the cover's list of exhibits
    assert "120 pages; only the first 5 placed" in text  # the integrity appendix
    assert len(PdfReader(str(pdf_path)).pages) == result.pages < 12
    assert any("documents/statement.pdf: only the first 5 of its 120 pages are placed" in n for n in result.notes)
    m = json.loads((tmp_path / "o" / "manifest.json").read_text())
    entry = next(i for i in m["inputs"] if i["path"] == "documents/statement.pdf")
    assert entry["pages"] == 120 and entry["pages_placed"] == 5
    assert m["options"]["max_document_pages"] == 5  # a batch rebuilds when the cap changes


def test_short_document_is_placed_whole_without_a_note(make_case, tmp_path):
    root = make_case(files={})
    text_pdf(root / "documents" / "receipt.pdf", 3, title="Receipt", rotate=90)
    result = build(root, tmp_path / "o")
    text = pdf_text(tmp_path / "o" / "evidence.pdf")
    assert all(f"Receipt page {k} of 3" in text for k in (1, 2, 3))
    assert "Only the first" not in text and not any("pages are placed" in n for n in result.notes)


def test_cli_max_document_pages(make_case, tmp_path):
    root = make_case(files={})
    text_pdf(root / "documents" / "statement.pdf", 12)
    r = run("build", root, "-o", tmp_path / "o", "--generated-at", "2026-11-01T12:00:00Z", "--max-document-pages", 3)
    assert r.exit_code == 0, r.output
    assert "note: documents/statement.pdf: only the first 3 of its 12 pages are placed" in r.output
    assert run("build", root, "-o", tmp_path / "p", "--max-document-pages", 0).exit_code == 2


def test_clean_copy_of_a_long_document_is_bounded(tmp_path):
    src = long_pdf(tmp_path / "long.pdf", 2000)
    doc = prepare_document(src, "documents/long.pdf", tmp_path / "clean.pdf", 10)
    assert (doc.pages_in_file, doc.pages_placed) == (2000, 10)
    with pikepdf.open(doc.path) as clean:
        assert len(clean.pages) == 10
    assert doc.path.stat().st_size < src.stat().st_size / 20  # only the kept pages come along


def test_time_grows_linearly_with_document_length(tmp_path):
    def seconds(pages: int) -> float:
        src = long_pdf(tmp_path / f"long-{pages}.pdf", pages)
        started = time.monotonic()
        prepare_document(src, "documents/long.pdf", tmp_path / f"clean-{pages}.pdf", 50)
        return time.monotonic() - started

    seconds(100)  # imports and caches warm
    short, long = seconds(2000), seconds(16000)
    # 8 times the pages: linear is about 8 times the time; anything per page that walks the whole
    # document (indexing pikepdf's page list, parsing the file per page) is 64 times.
    assert long < 20 * short + 1.0, (short, long)


def test_long_document_builds_in_bounded_time(make_case, tmp_path):
    root = make_case(files={})
    long_pdf(root / "documents" / "statement.pdf", 5000)
    started = time.monotonic()
    result = build(root, tmp_path / "o")
    assert time.monotonic() - started < 30  # it took minutes and gigabytes when every page was placed
    assert result.pages < 60 and any("50 of its 5,000 pages" in n for n in result.notes)


# ---- 4. protected documents


@pytest.mark.parametrize(
    "R,aes", [(3, False), (4, False), (4, True), (6, True)], ids=["rc4-128", "rc4-crypt-filter", "aes-128", "aes-256"]
)
def test_owner_password_only_document_is_placed(make_case, tmp_path, R, aes):
    root = make_case(files={})
    protected_pdf(root / "documents" / "bank.pdf", f"Bank statement R{R}", R=R, aes=aes)
    with pikepdf.open(root / "documents" / "bank.pdf") as pdf:  # really encrypted, openable without a password
        assert pdf.is_encrypted and pdf.encryption.R == R
        assert ("aes" in str(pdf.encryption.stream_method)) == aes
    build(root, tmp_path / "o")
    text = pdf_text(tmp_path / "o" / "evidence.pdf")
    assert f"Bank statement R{R} page 1 of 2" in text and f"Bank statement R{R} page 2 of 2" in text
    assert "/Encrypt" not in names_in(tmp_path / "o" / "evidence.pdf")


def test_user_password_document_is_refused_naming_the_file(make_case, tmp_path):
    root = make_case()
    protected_pdf(root / "documents" / "locked.pdf", "Locked", R=6, aes=True, user="open-sesame")
    with pytest.raises(UnreadableEvidenceError) as err:
        build(root, tmp_path / "o")
    assert "documents/locked.pdf: is password-protected: export an unprotected copy" in str(err.value)
    r = run("build", root, "-o", tmp_path / "p")
    assert r.exit_code == 1 and "documents/locked.pdf: is password-protected: export an unprotected copy" in r.output
    assert "Traceback" not in r.output
    r = run("check", root)
    assert "password-protected" in r.output and "Traceback" not in r.output


def test_broken_document_is_refused_naming_the_file(make_case, tmp_path):
    root = make_case(files={"photos/a.jpg": None, "documents/broken.pdf": b"%PDF-1.7\n1 0 obj <<\n%%EOF"})
    with pytest.raises(UnreadableEvidenceError) as err:
        build(root, tmp_path / "o")
    assert "documents/broken.pdf: is not a readable PDF" in str(err.value) and "print it to PDF again" in str(err.value)
    with pytest.raises(MediaError, match="is not a readable PDF"):
        prepare_document(root / "documents" / "broken.pdf", "documents/broken.pdf", tmp_path / "c.pdf", 5)


# ---- reproducibility with a document that needed cleaning


def test_same_hostile_document_same_bytes(make_case, tmp_path):
    root = make_case()
    photo_pdf(root / "documents" / "parcel.pdf", hostile_jpeg(), a85=True)
    active_pdf(root / "documents" / "form.pdf")
    protected_pdf(root / "documents" / "bank.pdf", "Bank", R=6, aes=True)
    a = build(root, tmp_path / "a")
    build(root, tmp_path / "b")
    for rel in a.outputs:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
