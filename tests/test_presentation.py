"""What the reviewer sees first, on built cases: the order of exhibits, dates that discredit (and --strict),
the listing beside the item, small pictures shown honestly, highlight frames, the cover's pictures and timeline."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from pypdf import PdfReader

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.cards import HIGHLIGHT_RGB, MARKER_FILL, Side
from evidence_pack.case import load_case
from evidence_pack.cli import cli
from evidence_pack.compare import comparisons
from evidence_pack.errors import StrictWarningsError
from evidence_pack.exhibits import number_exhibits
from evidence_pack.folder.discover import discover
from evidence_pack.ingest import ingest_all
from evidence_pack.review.check import check_case
from evidence_pack.upload import compare_job
from tests.conftest import SAMPLES, marked_image, write_jpeg

WHEN = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
GENERATED = ["--generated-at", "2026-11-01T12:00:00Z"]


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def near(rgb: tuple[int, ...], want: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb, want, strict=False))


def count_colour(img: Image.Image, want: tuple[int, int, int], tol: int = 40) -> int:
    rgb = img.convert("RGB")
    return sum(1 for px in rgb.get_flattened_data() if near(px, want, tol))


def clip_with_creation_time(path: Path, created: str) -> Path:
    """A one-second clip whose container says when it was recorded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as out:
        out.metadata["creation_time"] = created
        st = out.add_stream("libx264", rate=10)
        st.width, st.height, st.pix_fmt = 160, 120, "yuv420p"
        for i in range(10):
            for pkt in st.encode(av.VideoFrame.from_image(Image.new("RGB", (160, 120), (20 * i, 90, 40)))):
                out.mux(pkt)
        for pkt in st.encode():
            out.mux(pkt)
    return path


# --- dates that discredit, and --strict ------------------------------------------------------------


@pytest.fixture
def dated_case(make_case) -> Path:
    """One photo taken before the order (2026-10-01), one taken after delivery, one video recorded before."""
    root = make_case(files={})
    text = (root / "case.toml").read_text().replace('currency = "USD"', 'currency = "USD"\ndelivered = 2026-10-20')
    (root / "case.toml").write_text(text)
    write_jpeg(root / "photos" / "old.jpg", when="2018:02:17 10:00:00")
    write_jpeg(root / "photos" / "good.jpg", when="2026:10:21 14:03:10")
    clip_with_creation_time(root / "videos" / "unboxing.mp4", "2018-03-01T09:00:00.000000Z")
    return root


OLD_PHOTO = (
    "photos/old.jpg: taken 2018-02-17 10:00, before the order date 2026-10-01; a reviewer will take it for an "
    "old or reused photo: retake it, or, if the camera's clock was wrong, set it right and say so in claim.statement"
)


def test_build_warns_about_dates_as_check_does_and_marks_the_exhibit(dated_case, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(dated_case), "-o", str(out), *GENERATED])
    assert result.exit_code == 0, result.output
    assert f"warning: {OLD_PHOTO}" in result.stderr
    assert "videos/unboxing.mp4: recorded 2018-03-01 09:00 UTC, before the order date 2026-10-01" in result.stderr
    assert "photos/good.jpg" not in result.stderr  # taken after delivery: nothing to say
    # check says the very same words
    found = {f.file: f.message for f in check_case(dated_case, today=dt.date(2026, 11, 1)).findings if f.file}
    assert found["photos/old.jpg"] == OLD_PHOTO
    assert found["videos/unboxing.mp4"].startswith("videos/unboxing.mp4: recorded 2018-03-01 09:00 UTC, before")
    # the exhibit carries a visible marker on its page and card, not a plain "(taken ...)"
    text = pdf_text(out / "evidence.pdf")
    assert "Taken 2018-02-17 10:00 \u2014 before the order date 2026-10-01" in text
    assert "Recorded 2018-03-01 09:00 UTC \u2014 before the order date 2026-10-01" in text
    assert "(taken 2018-02-17" not in text
    manifest = json.loads((out / "manifest.json").read_text())
    old = next(i for i in manifest["inputs"] if i["path"] == "photos/old.jpg")
    card = next((out / "upload").glob(f"*-exhibit-{old['exhibit']}.jpg"))
    with Image.open(card) as im:
        band = im.crop((0, 0, im.width, 400))
        assert count_colour(band, MARKER_FILL, 12) > 20_000  # the amber band under the caption
    good = next(i for i in manifest["inputs"] if i["path"] == "photos/good.jpg")
    with Image.open(next((out / "upload").glob(f"*-exhibit-{good['exhibit']}.jpg"))) as im:
        assert count_colour(im.crop((0, 0, im.width, 400)), MARKER_FILL, 12) == 0


def test_strict_makes_every_warning_an_error_and_writes_nothing(dated_case, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(dated_case), "-o", str(out), "--strict", *GENERATED])
    assert result.exit_code == 1
    assert "--strict makes each one an error" in result.stderr and OLD_PHOTO in result.stderr
    assert not out.exists()
    with pytest.raises(StrictWarningsError) as err:
        build_case(dated_case, BuildOptions(out_dir=out, strict=True, generated_at=WHEN))
    assert any(p.startswith("videos/unboxing.mp4: recorded") for p in err.value.problems)


def test_strict_build_of_a_clean_case_succeeds(make_case, tmp_path):
    root = make_case()
    result = CliRunner().invoke(cli, ["build", str(root), "-o", str(tmp_path / "o"), "--strict", *GENERATED])
    assert result.exit_code == 0, result.output


def test_strict_batch_fails_the_case_with_warnings_even_when_unchanged(dated_case, make_case, tmp_path):
    make_case(name="clean")
    root = dated_case.parent
    plain = CliRunner().invoke(cli, ["batch", str(root), "--jobs", "1", "--json"])
    assert plain.exit_code == 0, plain.output
    strict = CliRunner().invoke(cli, ["batch", str(root), "--jobs", "1", "--json", "--strict"])
    assert strict.exit_code == 3
    cases = {c["case"]: c for c in json.loads(strict.stdout)["cases"]}
    assert cases["case"]["status"] == "failed" and "photos/old.jpg: taken 2018-02-17" in cases["case"]["message"]
    assert cases["clean"]["status"] == "unchanged"


# --- the decisive evidence first -------------------------------------------------------------------


def test_listed_exhibits_come_first_in_the_order_listed(make_case, tmp_path):
    extra = """
    [[evidence]]
    file = "photos/late.jpg"
    caption = "The broken unit, close up"

    [[evidence]]
    file = "chat/agreed.png"

    [[evidence]]
    file = "photos/early.jpg"
    caption = "Both units"
    """
    root = make_case(extra, files={})
    write_jpeg(root / "photos" / "early.jpg", when="2026:10:21 09:00:00")
    write_jpeg(root / "photos" / "late.jpg", when="2026:10:21 18:00:00")
    write_jpeg(root / "photos" / "other.jpg", when="2026:10:21 08:00:00")
    for name in ("listing/page.png", "chat/agreed.png", "chat/first.png"):
        (root / name).parent.mkdir(exist_ok=True)
        marked_image((400, 700)).save(root / name)
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    inputs = json.loads((out / "manifest.json").read_text())["inputs"]
    order = [i["path"] for i in sorted((i for i in inputs if "exhibit" in i), key=lambda i: i["exhibit"])]
    assert order == [
        "photos/late.jpg",
        "chat/agreed.png",
        "photos/early.jpg",
        "listing/page.png",  # then the existing rule: listing, photos, videos, chat; by capture time
        "photos/other.jpg",
        "chat/first.png",
    ]
    titles = [o.title for o in PdfReader(str(out / "evidence.pdf")).outline if not isinstance(o, list)]
    assert titles[0] == "Exhibit 1: The broken unit, close up"


# --- listing against what arrived ------------------------------------------------------------------

COLOUR_TOML = """
[claim]
reason = "not_as_described"
problems = ["wrong_color"]
"""


def _jacket(colour: tuple[int, int, int], size: tuple[int, int] = (900, 700)) -> Image.Image:
    img = Image.new("RGB", size, (235, 235, 235))
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle([w // 4, h // 5, 3 * w // 4, 4 * h // 5], fill=colour)
    return img


def colour_case(make_case, compare: bool = True) -> Path:
    toml = textwrap.dedent(
        """
        schema = 1
        platform = "aliexpress"
        [order]
        id = "1"
        date = 2026-10-01
        item = "Jacket, navy blue"
        unit_price = "50.00"
        currency = "USD"
        [claim]
        reason = "not_as_described"
        problems = ["wrong_color"]
        refund = "full"
        [[evidence]]
        file = "photos/received.jpg"
        caption = "The jacket received is red"
        """
    )
    if compare:
        toml += 'compare = "listing/listing.png"\n'
    toml += '\n[[evidence]]\nfile = "listing/listing.png"\nhighlight = [[0.25, 0.2, 0.5, 0.6]]\n'
    root = make_case(toml=toml, files={})
    write_jpeg(root / "photos" / "received.jpg", _jacket((200, 35, 40)))
    (root / "listing").mkdir()
    _jacket((28, 38, 88)).save(root / "listing" / "listing.png")
    write_jpeg(root / "photos" / "label.jpg", marked_image())  # a second photo: no automatic pairing
    return root


def test_side_by_side_page_and_card_carry_both_exhibit_numbers_and_colours(make_case, tmp_path):
    root = colour_case(make_case)
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    reader = PdfReader(str(out / "evidence.pdf"))
    page = reader.pages[1].extract_text()  # right after the cover
    assert "Listed and received, side by side" in page
    assert "Listed" in page and "Received" in page and "Exhibit 2" in page and "Exhibit 1" in page
    assert re.search(r"navy blue #[0-9A-F]{6}", page) and re.search(r"red #[0-9A-F]{6}", page)
    assert "colour of the outlined area" in page and "colour of the centre of the picture" in page
    card = out / "upload" / "00-compare-exhibit-2-and-1.jpg"
    assert card.is_file() and card.stat().st_size <= 2_000_000
    with Image.open(card) as im:
        left, right = im.crop((0, 0, im.width // 2, im.height)), im.crop((im.width // 2, 0, im.width, im.height))
        assert count_colour(left, (28, 38, 88), 25) > 5_000 and count_colour(left, (200, 35, 40), 25) < 200
        assert count_colour(right, (200, 35, 40), 25) > 5_000 and count_colour(right, (28, 38, 88), 25) < 200
    # what the card is drawn from: both exhibit numbers, under their headings
    case = load_case(root)
    exhibits = number_exhibits(case, ingest_all(discover(root, case.evidence), tmp_path), WHEN.date())
    pairs, warnings = comparisons(case, exhibits)
    assert not warnings and len(pairs) == 1
    _, job = compare_job(pairs[0], tmp_path, 2_000_000)
    assert (job.left.heading, job.left.label) == ("Listed", "Exhibit 2")
    assert (job.right.heading, job.right.label) == ("Received", "Exhibit 1")
    assert isinstance(job.left, Side) and job.left.swatch and job.left.swatch[1].startswith("navy blue")


def test_no_pairing_without_compare_when_there_are_two_photos(make_case, tmp_path):
    root = colour_case(make_case, compare=False)
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    assert not list((out / "upload").glob("00-compare-*"))
    assert "side by side" not in pdf_text(out / "evidence.pdf")


def test_one_listing_and_one_photo_are_paired_automatically(make_case, tmp_path):
    root = colour_case(make_case, compare=False)
    (root / "photos" / "label.jpg").unlink()
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    assert (out / "upload" / "00-compare-exhibit-2-and-1.jpg").is_file()


def test_compare_naming_what_is_not_a_listing_is_warned(make_case, tmp_path):
    root = colour_case(make_case)
    text = (root / "case.toml").read_text().replace('compare = "listing/listing.png"', 'compare = "photos/label.jpg"')
    (root / "case.toml").write_text(text)
    result = build_case(root, BuildOptions(out_dir=tmp_path / "out", generated_at=WHEN))
    assert (
        'evidence[0].compare: photos/label.jpg is not a listing screenshot; put it in listing/ or set kind = "listing"'
        in result.warnings
    )
    assert not list((tmp_path / "out" / "upload").glob("00-compare-*"))


# --- pictures shown honestly -----------------------------------------------------------------------


def _image_placements(pdf: Path) -> list[tuple[int, float, float]]:
    """(page number, drawn width, drawn height) of every image drawn, from the content streams."""
    out = []
    for n, page in enumerate(PdfReader(str(pdf)).pages):
        data = page.get_contents().get_data().decode("latin-1")
        for m in re.finditer(r"([-\d.]+) 0 0 ([-\d.]+) [-\d.]+ [-\d.]+ cm\s*/(\S+) Do", data):
            out.append((n, float(m.group(1)), float(m.group(2))))
    return out


def test_a_64_px_image_is_not_scaled_past_twice_its_size(make_case, tmp_path):
    root = make_case(files={})
    write_jpeg(root / "photos" / "tiny.jpg", marked_image((64, 64)))
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    placed = [(n, w, h) for n, w, h in _image_placements(out / "evidence.pdf") if n > 0]  # the exhibit page
    assert placed and all(w <= 128.01 and h <= 128.01 for _, w, h in placed)
    assert "low-resolution original (64 x 64)" in pdf_text(out / "evidence.pdf")
    card = next((out / "upload").glob("*.jpg"))
    with Image.open(card) as im:
        red = count_colour(im, (220, 20, 20), 30)  # the 16-px red corner, at 2x: 32 x 32
    assert 600 < red < 1400


def test_a_large_photo_still_fills_the_page(make_case, tmp_path):
    root = make_case()
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    placed = [w for n, w, _ in _image_placements(out / "evidence.pdf") if n > 0]
    assert max(placed) > 500
    assert "low-resolution" not in pdf_text(out / "evidence.pdf")


HIGHLIGHT = "highlight = [[0.5, 0.5, 0.25, 0.25]]"


def test_highlight_is_framed_on_the_card_and_the_page(make_case, tmp_path):
    root = make_case(f'\n[[evidence]]\nfile = "photos/IMG_0001.jpg"\ncaption = "Detail"\n{HIGHLIGHT}\n')
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    with Image.open(out / "upload" / "01-exhibit-1.jpg") as card:
        assert count_colour(card, HIGHLIGHT_RGB, 45) > 2_000
    # on the page: a rectangle stroked in the highlight colour
    data = PdfReader(str(out / "evidence.pdf")).pages[1].get_contents().get_data().decode("latin-1")
    stroke = " ".join(re.sub(r"^0(?=\.)", "", f"{c / 255:.6f}".rstrip("0").rstrip(".")) for c in HIGHLIGHT_RGB) + " RG"
    assert stroke in data and " re" in data[data.index(stroke) :]
    if shutil.which("pdftoppm"):  # and in pixels, where the renderer is installed
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", out / "evidence.pdf", tmp_path / "p"])
        with Image.open(next(tmp_path.glob("p*.png"))) as page:
            assert count_colour(page, HIGHLIGHT_RGB, 60) > 100


def test_no_highlight_no_frame(make_case, tmp_path):
    root = make_case()
    out = tmp_path / "out"
    build_case(root, BuildOptions(out_dir=out, generated_at=WHEN))
    with Image.open(out / "upload" / "01-exhibit-1.jpg") as card:
        assert count_colour(card, HIGHLIGHT_RGB, 45) < 50


# --- the cover -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_packs(tmp_path_factory) -> dict[str, Path]:
    packs = {}
    for name in ("one-of-two-dead", "missing-items"):
        case = tmp_path_factory.mktemp("s") / name
        shutil.copytree(SAMPLES / name, case, ignore=shutil.ignore_patterns("out"))
        packs[name] = case.parent / "out"
        build_case(case, BuildOptions(out_dir=packs[name], generated_at=WHEN))
    return packs


def test_cover_shows_key_pictures_timeline_and_the_whole_exhibit_list(sample_packs):
    pack = sample_packs["one-of-two-dead"]
    reader = PdfReader(str(pack / "evidence.pdf"))
    cover = " ".join(reader.pages[0].extract_text().split())
    for words in (
        "Timeline",
        "2026-10-01 Order placed (USD 27.00 paid)",
        "2026-10-20 Delivered",
        "Seller agreed in chat to a partial refund of USD 13.50 Exhibit 5",
        "2026-10-24 Seller proposed USD 0.00",
        "Exhibit 5:",  # the agreement's picture, cropped to its highlighted message
        "Exhibit 1:",
        "I ordered 2 units",  # the statement's lead lines
    ):
        assert words in cover, words
    # every exhibit is listed on the cover itself, not left to a page of its own: here the order and
    # claim details open the appendix page instead, so that the rest holds on one page
    for name in ("photos/IMG_0001.jpg", "videos/unboxing.mp4", "chat/2026-10-22-agreed.png", "listing/listing.png"):
        assert name in cover
    assert "(Exhibit 6)" in cover  # the statement's last bullet
    assert "Amount: 1 of 2 units" not in cover  # the amount box at the top says it; the statement does not repeat it
    assert "\nExhibit 1\n" in reader.pages[1].extract_text()
    last = reader.pages[-1].extract_text()
    assert "Order and claim" in last and "Example Official Store" in last and "Integrity appendix" in last
    drawn = [1 for n, _, _ in _image_placements(pack / "evidence.pdf") if n == 0]
    assert len(drawn) == 2  # two key pictures


def test_a_cover_that_fits_is_one_page_and_page_2_is_the_first_exhibit(sample_packs):
    reader = PdfReader(str(sample_packs["missing-items"] / "evidence.pdf"))
    cover = reader.pages[0].extract_text()
    assert "Statement for the reviewer" in cover and "documents/receipt.pdf" in cover and "Case Corner" in cover
    assert cover.index("Statement for the reviewer") < cover.index("Caption")  # the list after the statement
    assert "\nExhibit 1\n" in reader.pages[1].extract_text()
    assert "Order and claim" not in reader.pages[-1].extract_text()


def test_timeline_events_in_order_with_exhibits():
    from evidence_pack.timeline import timeline

    case = load_case(SAMPLES / "one-of-two-dead")

    class Ex:  # what timeline() reads of an exhibit
        def __init__(self, number: int, kind: str, captured_at: str | None, is_agreement: bool = False) -> None:
            self.number, self.kind, self.captured_at, self.is_agreement = number, kind, captured_at, is_agreement
            self.date_check = None

    exhibits = [
        Ex(1, "photo", "2026-10-21 14:03:10"),
        Ex(2, "photo", "2026-10-21 14:04:55"),
        Ex(3, "photo", "2026-10-20 18:30:02"),
        Ex(5, "chat", None, is_agreement=True),
    ]
    events = timeline(case, exhibits)  # type: ignore[arg-type]
    assert [(e.date.isoformat(), e.what, e.exhibits) for e in events] == [
        ("2026-10-01", "Order placed (USD 27.00 paid)", ()),
        ("2026-10-20", "Delivered", ()),
        ("2026-10-20", "Photo taken", (3,)),
        ("2026-10-21", "Problem found", ()),
        ("2026-10-21", "2 photos taken", (1, 2)),  # the photos show the problem, before the seller is told
        ("2026-10-21", "Buyer contacted the seller", ()),
        ("2026-10-22", "Seller agreed in chat to a partial refund of USD 13.50", (5,)),
        ("2026-10-23", "Dispute opened", ()),
        ("2026-10-24", "Seller proposed USD 0.00", ()),
    ]
    assert events[-3].exhibit == 5 and events[0].exhibit is None
    assert events[4].kind == "photo" and events[6].field == "seller.agreed_on"


# --- the pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "when", "code"),
    [
        ("photo", "2026-10-21 14:03:10", None),
        ("photo", "2018-02-17 10:00:00", "photo_before_order"),
        ("photo", "2026-10-10 10:00:00", "photo_before_delivery"),
        ("photo", "1980-01-01 00:00:00", "clock_not_set"),
        ("photo", "2027-03-01 10:00:00", "capture_in_future"),
        ("photo", "2026-11-02 08:00:00", None),  # a phone east of UTC is a day ahead of the build
        ("listing", "2026-09-20 10:00:00", None),  # a listing is saved before buying
        ("chat", "1980-01-01 00:00:00", "clock_not_set"),
        ("video", "2026-09-30 20:00:00+00:00", None),  # UTC: the buyer's 2026-10-01 in Tokyo
        ("video", "2026-09-20 20:00:00+00:00", "video_before_order"),
        ("video", "2026-10-10 20:00:00+00:00", None),  # videos: checked against the order only
        ("video", "1904-01-01 00:00:00+00:00", None),  # no time recorded, not a claim
    ],
)
def test_capture_date_check(kind, when, code):
    from evidence_pack.timeline import check_capture, parse_capture

    case = load_case(SAMPLES / "one-of-two-dead")  # ordered 2026-10-01, delivered 2026-10-20
    found = check_capture(kind, parse_capture(when), case, dt.date(2026, 11, 1))
    assert (found.code if found else None) == code
    if found:
        assert found.message("f.jpg").startswith("f.jpg: ") and found.advice in found.message("f.jpg")


def test_colour_names_are_plain_and_nearest_in_cielab():
    from evidence_pack.compare import colour_name

    assert colour_name((30, 45, 90)) == "navy blue"
    assert colour_name((200, 40, 45)) == "red"
    assert colour_name((250, 250, 248)) == "white"
    assert colour_name((60, 150, 90)) == "green"
    assert colour_name((128, 0, 128)) == "purple"


def test_dominant_colour_ignores_a_thin_seam(tmp_path):
    from evidence_pack.compare import CENTRE, dominant_colour

    img = Image.new("RGB", (400, 400), (200, 35, 40))
    ImageDraw.Draw(img).line([(200, 0), (200, 400)], fill=(240, 240, 240), width=8)
    img.save(tmp_path / "j.jpg", quality=95)
    r, g, b = dominant_colour(tmp_path / "j.jpg", CENTRE)
    assert abs(r - 200) < 12 and g < 60 and b < 60


def test_highlight_boxes_follow_the_slices_of_a_tall_screenshot():
    from evidence_pack.exhibits import Exhibit
    from evidence_pack.ingest import Picture

    pics = tuple(Picture(Path(f"{k}.jpg"), 100, h) for k, h in enumerate((200, 100)))
    ex = Exhibit(1, "chat", "c.png", "0" * 64, "c", False, None, pics, None, highlight=((0.1, 0.5, 0.5, 0.4),))  # type: ignore[arg-type]
    # whole picture 300 rows: the box spans rows 150-270, i.e. rows 150-200 of slice 1, 0-70 of slice 2
    (first,), (second,) = ex.boxes_on(0), ex.boxes_on(1)
    assert first == pytest.approx((0.1, 0.75, 0.5, 0.25)) and second == pytest.approx((0.1, 0.0, 0.5, 0.7))


def test_card_cover_holds_on_one_page_with_its_10_pt_text(tmp_path):
    """The card profile's 10-pt minimum makes the statement longer: its evidence bullets give way to the
    list of exhibits under it (the same captions) before anything runs on to a second page."""
    out = tmp_path / "card"
    build_case(SAMPLES / "one-of-two-dead", BuildOptions(out_dir=out, platform="card", generated_at=WHEN))
    reader = PdfReader(out / "evidence.pdf")
    cover, second = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert "Evidence: the exhibits listed below, with their captions; the video:" in cover
    assert "the problem is visible in 4c at 00:06" in " ".join(cover.split())  # the video's line stays
    assert "listing/listing.png" in cover and "- Unit 2 close up" not in cover
    assert "\nExhibit 1\n" in second  # page 2 is the first exhibit's, not the end of the cover
