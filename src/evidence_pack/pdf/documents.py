"""Appended PDF documents: opened once, capped in pages, made inert, stripped of metadata, then placed.

A document from `documents/` is read once, in the ingest worker, with pikepdf (qpdf). A file that only
has an owner password (restrictions only, as bank statements often do) opens as any viewer opens it;
one that needs a password to open is refused. Its first pages, up to the build's cap, are rebuilt into
a clean copy in the work folder from what draws each page and nothing else: annotations are flattened
first (a stamp, a highlight or a filled-in form field stays visible, as drawn content), then the page
keeps only its boxes, rotation, resources and content. Nothing active can come along (no JavaScript,
open or page actions, links, launch actions, form fields, embedded files, rich media), and metadata
is left out of everything that does: document info and XMP, /Metadata on pages, images and forms,
private application data, and the Exif, XMP, IPTC and ICC segments of embedded JPEG pictures (their
compressed data is kept byte for byte: no re-encoding, the same pixels).

The evidence PDF is finished by placing each page of the clean copies as a form XObject into the box
its exhibit page reserves: the form is clipped to the page's visible area, so nothing a document draws
can cover the exhibit's label, caption or hash.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_pack.errors import MediaError, RenderError, describe
from evidence_pack.media.jpeg import PreparedImage
from evidence_pack.pdf.scrub import scrub

if TYPE_CHECKING:
    import pikepdf
    import pypdfium2

    from evidence_pack.ingest import Ingested
    from evidence_pack.pdf.pages import Placement

PROTECTED = "is password-protected: export an unprotected copy (print it to a new PDF without a password)"

# What draws a page, and all that is kept of it. Left out: /Annots (flattened first), /AA, /Metadata,
# /PieceInfo, /Thumb, /AF, /B, /Trans, /StructParents and every other key.
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit", "/Resources", "/Contents", "/Group")
_PLACED_NAME = "/EvidencePackDocumentPage"


@dataclass(frozen=True)
class PreparedDocument:
    """The clean copy of one document and how many of its pages it holds."""

    path: Path
    pages_in_file: int
    pages_placed: int


def open_pdf(path: Path, rel: str) -> pikepdf.Pdf:
    """Open a PDF as a viewer would (an empty user password); MediaError naming the file otherwise."""
    import pikepdf

    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise MediaError(rel, PROTECTED) from None
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        raise MediaError(
            rel, "is not a readable PDF (damaged or incomplete); print it to PDF again", describe(exc)
        ) from None


def count_pages(path: Path, rel: str) -> int:
    """Pages of a readable PDF that opens without a password; MediaError otherwise."""
    with open_pdf(path, rel) as pdf:
        pages = _page_count(pdf, rel)
    return pages


def prepare_document(path: Path, rel: str, dest: Path, max_pages: int) -> PreparedDocument:
    """Write to dest the clean copy of the first max_pages pages of a document (see the module text)."""
    import pikepdf

    with open_pdf(path, rel) as src:
        total = _page_count(src, rel)
        keep = min(total, max(1, max_pages))
        try:
            with pikepdf.new() as out:
                _copy_clean_pages(src, out, keep, rel)
                _copy_layers(src, out)
                scrub(out, rel)
                out.save(dest, deterministic_id=True, compress_streams=True)
        except MediaError:
            raise
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, RuntimeError) as exc:
            raise MediaError(
                rel, "is not a readable PDF (damaged or incomplete); print it to PDF again", describe(exc)
            ) from None
    return PreparedDocument(dest, total, keep)


# Pages drawn as pictures (the cards of a document): long edge like a photo's, read on a phone.
PAGE_EDGE = 1600


def render_pages(clean: Path, rel: str, stem: Path, draw: bool) -> tuple[list[PreparedImage], str | None]:
    """The clean copy's pages as JPEG pictures (when `draw`), and the first line of its first page's text
    (what the document is: "Order receipt"). pdfium draws the pages; a page it cannot draw is an error
    naming the file."""
    import pypdfium2 as pdfium

    from evidence_pack.media.jpeg import save_jpeg

    try:
        pdf = pdfium.PdfDocument(str(clean))
    except pdfium.PdfiumError as exc:
        raise MediaError(rel, "cannot be drawn as pictures; print it to PDF again", describe(exc)) from None
    try:
        title = _first_line(pdf)
        pictures: list[PreparedImage] = []
        for i in range(len(pdf) if draw else 0):
            page = pdf[i]
            w, h = page.get_size()
            bitmap = page.render(scale=PAGE_EDGE / max(w, h, 1))
            pictures.append(save_jpeg(bitmap.to_pil().convert("RGB"), stem.with_name(f"{stem.name}-{i:03d}.jpg"), 82))
            page.close()
        return pictures, title
    except pdfium.PdfiumError as exc:
        raise MediaError(rel, "cannot be drawn as pictures; print it to PDF again", describe(exc)) from None
    finally:
        pdf.close()


def _first_line(pdf: pypdfium2.PdfDocument) -> str | None:
    """The first line of text on the first page, when it reads like a title."""
    if len(pdf) == 0:
        return None
    page = pdf[0]
    try:
        text = page.get_textpage().get_text_range()
    finally:
        page.close()
    for line in text.splitlines():
        line = " ".join(line.split())
        if 2 <= len(line) <= 60 and any(c.isalpha() for c in line):
            return line
    return None


def cap_notes(ingested: Iterable[Ingested], max_pages: int) -> tuple[str, ...]:
    """One build note per document longer than the cap: which pages the pack shows and what to do."""
    return tuple(
        f"{i.source.rel}: only the first {i.pdf_pages} of its {i.pdf_pages_in_file:,} pages are placed in "
        f"evidence.pdf (at most {max_pages} per document); export the pages that matter to a shorter PDF, "
        "or raise the limit with --max-document-pages"
        for i in ingested
        if i.pdf_pages_in_file > i.pdf_pages
    )


def _page_count(pdf: pikepdf.Pdf, rel: str) -> int:
    import pikepdf

    try:
        pages = len(pdf.pages)
    except (pikepdf.PdfError, RuntimeError) as exc:
        raise MediaError(
            rel, "is not a readable PDF (damaged or incomplete); print it to PDF again", describe(exc)
        ) from None
    if pages == 0:
        raise MediaError(rel, "is a PDF with no pages")
    return pages


def _copy_clean_pages(src: pikepdf.Pdf, out: pikepdf.Pdf, keep: int, rel: str) -> None:
    """Flatten the annotations of the kept pages into their content, then copy each kept page's
    drawing (and nothing else) into `out`."""
    import pikepdf

    # One pass over the pages: indexing pikepdf's page list costs time in proportion to its length.
    kept = []
    for number, page in enumerate(src.pages, 1):
        if number <= keep:
            kept.append((number, page))
        elif "/Annots" in page.obj:  # pages past the cap are never drawn: do not flatten their annotations
            del page.obj["/Annots"]
    with contextlib.suppress(pikepdf.PdfError, RuntimeError):
        src.generate_appearance_streams()  # form fields whose values have no appearance yet
    src.flatten_annotations("screen")
    for number, page in kept:
        out.pages.append(pikepdf.Page(_drawing_only(src, page, number, rel)))
    for page in out.pages:
        page.externalize_inline_images()  # inline JPEGs become image XObjects, scrubbed like the others
    out.remove_unreferenced_resources()


def _drawing_only(src: pikepdf.Pdf, page: pikepdf.Page, number: int, rel: str) -> pikepdf.Dictionary:
    """A new page dictionary with only the keys that draw the page (pikepdf.open copied the inherited
    ones onto each page)."""
    import pikepdf

    clean = pikepdf.Dictionary(Type=pikepdf.Name.Page)
    for key in _PAGE_KEYS:
        value = page.obj.get(key)
        if value is not None:
            clean[key] = value
    box = [float(v) for v in page.cropbox]
    if len(box) != 4 or box[2] == box[0] or box[3] == box[1]:
        raise MediaError(rel, f"has a page with no size (page {number}); print it to PDF again")
    clean.MediaBox = page.mediabox
    clean.CropBox = page.cropbox  # what a viewer shows: the placed form is clipped to it
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    clean.Rotate = rotate if rotate % 90 == 0 else 0
    return src.make_indirect(clean)


def _copy_layers(src: pikepdf.Pdf, out: pikepdf.Pdf) -> None:
    """Keep which optional-content layers are hidden by default: without /OCProperties a viewer shows
    every layer, and a layer the author hid (a draft, an unredacted copy) would appear in the pack."""
    import pikepdf

    layers, hidden = _layers(src)
    if not layers:
        return
    copies = [out.copy_foreign(g) for g in layers]  # the same objects the copied pages refer to
    for group in copies:
        for key in [k for k in group.keys() if k not in ("/Type", "/Name", "/Intent")]:
            del group[key]  # /Usage can name the author (/User, /CreatorInfo)
    out.Root.OCProperties = pikepdf.Dictionary(
        OCGs=pikepdf.Array(copies),
        D=pikepdf.Dictionary(BaseState=pikepdf.Name.ON, OFF=pikepdf.Array([out.copy_foreign(g) for g in hidden])),
    )


def _layers(pdf: pikepdf.Pdf) -> tuple[list[Any], list[Any]]:
    """The optional-content groups of a PDF and those its default configuration hides."""
    import pikepdf

    ocp = pdf.Root.get("/OCProperties")
    if not isinstance(ocp, pikepdf.Dictionary):
        return [], []
    groups = ocp.get("/OCGs")
    layers = (
        [g for g in groups if isinstance(g, pikepdf.Dictionary) and g.is_indirect]
        if isinstance(groups, pikepdf.Array)
        else []
    )
    config = ocp.get("/D")
    config = config if isinstance(config, pikepdf.Dictionary) else pikepdf.Dictionary()

    def listed(key: str) -> set[tuple[int, int]]:
        value = config.get(key)
        return (
            {g.objgen for g in value if isinstance(g, pikepdf.Dictionary)}
            if isinstance(value, pikepdf.Array)
            else set()
        )

    if config.get("/BaseState") == pikepdf.Name.OFF:
        on = listed("/ON")
        return layers, [g for g in layers if g.objgen not in on]
    off = listed("/OFF")
    return layers, [g for g in layers if g.objgen in off]


def place_documents(data: bytes, placements: Iterable[Placement], info: dict[str, str], dest: Path) -> int:
    """Place each clean document page into its reserved box of the laid-out PDF (each clean copy is
    opened once), set the document info, and write dest reproducibly; return the page count."""
    import pikepdf

    with contextlib.ExitStack() as stack:
        pdf = stack.enter_context(pikepdf.open(io.BytesIO(data)))
        pages = list(pdf.pages)  # listed once: indexing pikepdf's page list costs time per page
        docs: dict[Path, pikepdf.Pdf] = {}
        doc_pages: dict[Path, list[pikepdf.Page]] = {}
        for pl in placements:
            try:
                if pl.source not in docs:
                    docs[pl.source] = stack.enter_context(pikepdf.open(pl.source))
                    doc_pages[pl.source] = list(docs[pl.source].pages)
                x, y, w, h = pl.box
                _overlay(
                    pages[pl.page_index], doc_pages[pl.source][pl.source_page], pikepdf.Rectangle(x, y, x + w, y + h)
                )
            except (pikepdf.PdfError, OSError, ValueError, IndexError, RuntimeError) as exc:
                raise RenderError(
                    f"{pl.rel or pl.source.name}: page {pl.source_page + 1} could not be placed in the PDF "
                    f"({describe(exc)})"
                ) from exc
        _merge_layers(pdf, docs.values())
        for key, value in info.items():
            pdf.docinfo[pikepdf.Name(key)] = value
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        version = max([pdf.pdf_version, *(d.pdf_version for d in docs.values())], key=_version_key)
        # the ID is derived from the content, so the same case gives the same bytes
        pdf.save(dest, deterministic_id=True, min_version=version)
        return len(pages)


def _merge_layers(pdf: pikepdf.Pdf, docs: Iterable[pikepdf.Pdf]) -> None:
    """The placed documents' layers, with the same ones hidden, in the evidence PDF's catalog (the
    groups are the very objects the placed pages refer to: copying maps each one once)."""
    import pikepdf

    layers, hidden = [], []
    for doc in docs:
        doc_layers, doc_hidden = _layers(doc)
        layers += [pdf.copy_foreign(g) for g in doc_layers]
        hidden += [pdf.copy_foreign(g) for g in doc_hidden]
    if layers:
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=pikepdf.Array(layers),
            D=pikepdf.Dictionary(BaseState=pikepdf.Name.ON, OFF=pikepdf.Array(hidden), Order=pikepdf.Array(layers)),
        )


def _overlay(page: pikepdf.Page, source: pikepdf.Page, rect: pikepdf.Rectangle) -> None:
    """Draw `source` as a form XObject fitted into rect (aspect ratio kept, centred) on top of the page.

    pikepdf's add_overlay does the same under a random resource name, which would change the bytes
    from build to build; each reserved page holds one document page, so one fixed name will do.
    """
    import pikepdf

    formx = source.as_form_xobject()  # clipped to the crop box; /Rotate becomes its matrix
    name = page.add_resource(formx, pikepdf.Name.XObject, pikepdf.Name(_PLACED_NAME), replace_existing=False)
    placed = page.calc_form_xobject_placement(formx, name, rect, allow_shrink=True, allow_expand=True)
    page.contents_add(b"q\n", prepend=True)  # whatever state the page's own drawing leaves is undone first
    page.contents_add(b"\nQ\n" + placed)
    page.contents_coalesce()


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (1, 4)
