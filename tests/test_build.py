"""The whole build, read back: PDF by meaning (pypdf), texts, upload folder, manifest."""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.errors import OutputError, UnreadableEvidenceError
from tests.conftest import SAMPLES, jpeg_has_metadata, marked_image, write_jpeg

WHEN = __import__("datetime").datetime(2026, 11, 1, 12, 0, tzinfo=__import__("datetime").timezone.utc)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each sample built once for this module."""
    out = {}
    for name in ("one-of-two-dead", "wrong-colour", "missing-items"):
        case = tmp_path_factory.mktemp("cases") / name
        shutil.copytree(SAMPLES / name, case, ignore=shutil.ignore_patterns("out"))
        dest = tmp_path_factory.mktemp("out") / name
        result = build_case(case, BuildOptions(out_dir=dest, generated_at=WHEN))
        out[name] = (case, dest, result)
    return out


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


@pytest.mark.parametrize("name", ["one-of-two-dead", "wrong-colour", "missing-items"])
def test_every_output_is_made(built, name):
    _, out, result = built[name]
    for f in ("evidence.pdf", "justification.txt", "manifest.json"):
        assert (out / f).is_file()
    assert (out / "upload").is_dir() and any((out / "upload").iterdir())
    assert result.exhibits >= 4
    assert not list(out.glob(".work*")) and not list(out.parent.glob(".*tmp*"))


def test_aliexpress_justification_is_ascii_short_and_cites_real_exhibits(built):
    for name in ("one-of-two-dead", "wrong-colour"):
        _, out, result = built[name]
        text = (out / "justification.txt").read_text("utf-8")
        assert text.isascii()
        assert len(text) <= 1000
        cited = {int(n) for n in re.findall(r"Exhibits? (\d+)", text)}
        cited |= {int(a) for a in re.findall(r"Exhibits? \d+-(\d+)", text)}
        assert cited and max(cited) <= result.exhibits
        pdf = pdf_text(out / "evidence.pdf")
        for n in cited:
            assert f"Exhibit {n}" in pdf


def test_first_three_lines_carry_the_case(built):
    _, out, _ = built["one-of-two-dead"]
    lines = (out / "justification.txt").read_text().splitlines()
    assert "2 units" in lines[0] and "8181234567890123" in lines[0]
    assert lines[1] == "1 of the 2 units does not power on."
    assert "USD 13.50" in lines[2]
    # the seller's agreement to exactly this amount, in their own words, is the strongest fact: line 3
    assert lines[2].endswith(
        'The seller agreed to this amount in chat on 2026-10-22: "Please open a dispute for half of the order, '
        'we agree to refund US $13.50 for the broken one." (Exhibit 5).'
    )
    text = "\n".join(lines)
    assert "1 of 2 units: half of USD 27.00 including shipping = USD 13.50" in text


def test_cjk_item_name_becomes_its_ascii_part_with_warning(built):
    _, out, result = built["wrong-colour"]
    text = (out / "justification.txt").read_text()
    assert '"Down jacket, navy blue, size L"' in text
    assert any("order.item" in w for w in result.warnings)


def test_response_when_proposal_below_claim(built):
    _, out, _ = built["one-of-two-dead"]
    resp = (out / "response.txt").read_text()
    assert resp.startswith("I reject your proposal of USD 0.00: it goes back on what you agreed.")
    assert "you agreed in chat to a partial refund of USD 13.50, which is the amount I request" in resp
    assert '"Please open a dispute for half of the order' in resp and "(Exhibit 5)" in resp
    _, out3, _ = built["missing-items"]
    assert not (out3 / "response.txt").exists()  # no proposal: no response


def test_pdf_cover_pages_bookmarks_and_metadata(built):
    case, out, result = built["one-of-two-dead"]
    reader = PdfReader(str(out / "evidence.pdf"))
    assert len(reader.pages) == result.pages
    cover = reader.pages[0].extract_text()
    for words in ("Evidence for dispute", "8181234567890123", "USD 13.50", "half of USD 27.00"):
        assert words in cover
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[0].startswith("Exhibit 1:") and any(t.startswith("Exhibit 6:") for t in titles)
    meta = reader.metadata
    assert meta.title == "Evidence for dispute, order 8181234567890123"
    assert "defective" in meta.subject.lower() or "does not work" in meta.subject
    raw = (out / "evidence.pdf").read_bytes()
    assert str(case).encode() not in raw and b"/tmp/" not in raw and b"/home/" not in raw
    assert float(
        reader.mediabox_size if hasattr(reader, "mediabox_size") else reader.pages[0].mediabox.width
    ) == pytest.approx(595.27, abs=1)


def test_exhibit_pages_carry_number_caption_file_and_hash(built):
    _, out, _ = built["one-of-two-dead"]
    manifest = json.loads((out / "manifest.json").read_text())
    by_path = {i["path"]: i for i in manifest["inputs"]}
    img = by_path["photos/IMG_0002.jpg"]
    text = pdf_text(out / "evidence.pdf")
    assert f"Exhibit {img['exhibit']}" in text
    assert "Unit 2 close up: no power LED when connected" in text
    assert "File: photos/IMG_0002.jpg" in text and img["sha256"][:16] in text
    assert "Taken: 2026-10-21 14:04" in text


def test_pdf_images_are_embedded_jpegs(built):
    _, out, _ = built["one-of-two-dead"]
    reader = PdfReader(str(out / "evidence.pdf"))
    filters = set()
    for page in reader.pages:
        for xo in (page.get("/Resources") or {}).get("/XObject", {}).values():
            obj = xo.get_object()
            if obj.get("/Subtype") == "/Image":
                f = obj.get("/Filter")
                filters.add(str(f[0] if isinstance(f, list) else f))
    assert filters == {"/DCTDecode"}


def test_video_frames_are_lettered_sub_exhibits(built):
    _, out, _ = built["one-of-two-dead"]
    text = pdf_text(out / "evidence.pdf")
    # each frame carries the video's caption and its moment, not the file name
    assert "Exhibit 4a" in text and "Unboxing from the sealed parcel to both units connected, 00:00" in text
    assert "at 00:06" in (out / "justification.txt").read_text()


def test_document_pages_are_placed_in_the_pack(built):
    _, out, _ = built["missing-items"]
    text = pdf_text(out / "evidence.pdf")
    assert "Order receipt" in text and "Total" in text  # the receipt's own text, placed on its exhibit page
    assert "Exhibit 4" in text


def test_integrity_appendix_lists_every_input(built):
    case, out, _ = built["missing-items"]
    text = pdf_text(out / "evidence.pdf")
    assert "Integrity appendix" in text
    for p in case.rglob("*"):
        if p.is_file():
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
            assert digest[:32] in text.replace("\n", "")


def test_manifest_records_inputs_and_outputs(built):
    case, out, _ = built["one-of-two-dead"]
    m = json.loads((out / "manifest.json").read_text())
    assert m["tool"]["name"] == "evidence-pack" and m["tool"]["version"]
    paths = {i["path"] for i in m["inputs"]}
    assert "case.toml" in paths and "videos/unboxing.mp4" in paths
    for i in m["inputs"]:
        assert hashlib.sha256((case / i["path"]).read_bytes()).hexdigest() == i["sha256"]
        assert ("exhibit" in i) != ("left_out" in i)
    for o in m["outputs"]:
        assert hashlib.sha256((out / o["path"]).read_bytes()).hexdigest() == o["sha256"]
    assert {o["path"] for o in m["outputs"]} >= {"evidence.pdf", "justification.txt", "upload/01-exhibit-1.jpg"}
    text = json.dumps(m)
    assert str(case) not in text and str(out) not in text
    assert not re.search(r'"/(tmp|home|root|work|Users)/', text)  # no absolute path anywhere


def test_upload_cards_fit_aliexpress_and_carry_no_metadata(built):
    _, out, _ = built["one-of-two-dead"]
    cards = sorted((out / "upload").glob("*.jpg"))
    assert cards[0].name == "01-exhibit-1.jpg"
    # AliExpress takes pictures only: the video's frames are on one frame-sheet card, not one card each
    assert any(c.name.endswith("exhibit-4-frames.jpg") for c in cards)
    assert not any(c.name.endswith("exhibit-4a.jpg") for c in cards)
    for c in cards:
        data = c.read_bytes()
        assert len(data) <= 2_000_000
        assert c.suffix == ".jpg" and not jpeg_has_metadata(data)
        with Image.open(c) as im:
            assert im.width >= 1000


def test_video_goes_to_upload_when_the_platform_takes_it(built):
    _, out, _result = built["one-of-two-dead"]
    videos = list((out / "upload").glob("*-exhibit-4-video.mp4"))
    assert len(videos) == 1 and videos[0].stat().st_size > 10_000
    import av

    with av.open(str(videos[0])) as c:
        assert c.streams.video[0].frames > 0 or c.duration


def test_paypal_upload_has_the_pdf(built):
    _, out, _ = built["missing-items"]
    names = {p.name for p in (out / "upload").iterdir()}
    assert "evidence.pdf" in names and "01-exhibit-1.jpg" in names


@pytest.mark.parametrize("sample", ["missing-items", "one-of-two-dead"])  # with and without appended documents
def test_same_input_same_bytes(tmp_path, sample):
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / sample, case, ignore=shutil.ignore_patterns("out"))
    a = build_case(case, BuildOptions(out_dir=tmp_path / "a", generated_at=WHEN))
    build_case(case, BuildOptions(out_dir=tmp_path / "b", generated_at=WHEN))
    for rel in a.outputs:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_originals_untouched(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "one-of-two-dead", case, ignore=shutil.ignore_patterns("out"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in case.rglob("*") if p.is_file()}
    build_case(case, BuildOptions(generated_at=WHEN))
    for p, (data, mtime) in before.items():
        assert p.read_bytes() == data and p.stat().st_mtime_ns == mtime
    assert (case / "out" / "evidence.pdf").is_file()
    # a second build replaces the first, and the output folder is never read as evidence
    again = build_case(case, BuildOptions(generated_at=WHEN))
    assert again.exhibits == 6


def test_unreadable_files_all_listed_and_nothing_written(make_case, tmp_path):
    root = make_case(
        files={
            "photos/good.jpg": None,
            "photos/empty.jpg": b"",
            "photos/notes.jpg": b"hello world",
            "chat/cut.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
        }
    )
    out = tmp_path / "out"
    with pytest.raises(UnreadableEvidenceError) as err:
        build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    msg = str(err.value)
    for f in ("photos/empty.jpg", "photos/notes.jpg", "chat/cut.png"):
        assert f in msg
    assert "--skip-unreadable" in msg
    assert not out.exists() and not list(tmp_path.glob(".out*"))


def test_skip_unreadable_builds_and_records_them(make_case, tmp_path):
    root = make_case(files={"photos/good.jpg": None, "photos/empty.jpg": b""})
    result = build_case(root, BuildOptions(out_dir=tmp_path / "o", generated_at=WHEN, skip_unreadable=True))
    assert result.exhibits == 1
    m = json.loads((tmp_path / "o" / "manifest.json").read_text())
    bad = next(i for i in m["inputs"] if i["path"] == "photos/empty.jpg")
    assert "empty" in bad["left_out"]
    assert "not included" in pdf_text(tmp_path / "o" / "evidence.pdf")


def test_failed_build_keeps_previous_output(make_case, tmp_path):
    root = make_case()
    out = tmp_path / "o"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    before = (out / "evidence.pdf").read_bytes()
    (root / "photos" / "bad.jpg").write_bytes(b"")
    with pytest.raises(UnreadableEvidenceError):
        build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    assert (out / "evidence.pdf").read_bytes() == before


def test_refuses_to_overwrite_a_foreign_folder(make_case, tmp_path):
    root = make_case()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match="not an evidence-pack output"):
        build_case(root, BuildOptions(out_dir=foreign))
    assert (foreign / "thesis.docx").read_text() == "precious"


def test_order_of_exhibits_kind_then_time_then_name(make_case, tmp_path):
    files = {
        "photos/b.jpg": None,
        "chat/c1.png": None,
        "listing/l.png": None,
        "documents/r.pdf": None,
    }
    root = make_case(files={})
    write_jpeg(root / "photos" / "IMG_10.jpg", when="2026:10:21 10:00:00")
    write_jpeg(root / "photos" / "IMG_2.jpg", when="2026:10:21 09:00:00")
    write_jpeg(root / "photos" / "fwd_1.jpg", when=None)
    marked_image().save(root / "photo_in_root.png")
    (root / "chat").mkdir()
    marked_image().save(root / "chat" / "c.png")
    (root / "listing").mkdir()
    marked_image().save(root / "listing" / "l.png")
    (root / ".hidden.jpg").write_bytes(b"x")
    (root / "notes.txt").write_text("my notes")
    del files
    build_case(root, BuildOptions(out_dir=tmp_path / "o", generated_at=WHEN))
    m = json.loads((tmp_path / "o" / "manifest.json").read_text())
    ex = {i["path"]: i.get("exhibit") for i in m["inputs"]}
    assert ex["listing/l.png"] == 1
    assert ex["photos/IMG_2.jpg"] == 2 and ex["photos/IMG_10.jpg"] == 3  # by capture time
    assert ex["chat/c.png"] == 6
    assert ".hidden.jpg" not in ex
    assert ex["notes.txt"] is None
    # neither has a capture time: by path, "photo_in_root.png" before "photos/fwd_1.jpg"
    assert ex["photo_in_root.png"] == 4 and ex["photos/fwd_1.jpg"] == 5


def test_tall_chat_screenshot_split_without_cutting_text(make_case, tmp_path):
    from PIL import ImageDraw

    img = Image.new("RGB", (1000, 7000), (240, 240, 240))
    d = ImageDraw.Draw(img)
    rows = list(range(100, 6900, 140))
    for y in rows:  # "lines of text": dark bars 60 px high with quiet gaps between
        d.rectangle([80, y, 900, y + 60], fill=(30, 30, 30))
    root = make_case(files={"chat/long.png": img})
    result = build_case(root, BuildOptions(out_dir=tmp_path / "o", generated_at=WHEN))
    assert result.pages >= 5
    text = pdf_text(tmp_path / "o" / "evidence.pdf")
    assert "Exhibit 1 (part 1 of" in text
    from evidence_pack.ingest import split_tall

    parts = split_tall(img)
    assert len(parts) >= 3
    top = 0
    for part in parts[:-1]:
        cut = top + part.height
        assert not any(y <= cut < y + 60 for y in rows), f"cut at {cut} goes through a line"
        top = cut


def test_manifest_names_the_libraries_that_shape_the_bytes(built):
    _, out, _ = built["one-of-two-dead"]
    libs = json.loads((out / "manifest.json").read_text())["tool"]["libraries"]
    import PIL
    import reportlab

    assert libs["reportlab"] == reportlab.Version and libs["pillow"] == PIL.__version__
    assert {"libjpeg", "qpdf", "libavcodec", "libheif"} <= set(libs) and all(libs.values())
