"""Integrity, privacy and hostile input: verify, redaction, sandboxed templates, untouched originals."""

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.cli import cli
from evidence_pack.errors import RenderError
from evidence_pack.output.verify import verify
from tests.conftest import SAMPLES, marked_image, write_jpeg

WHEN = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def built(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "one-of-two-dead", case, ignore=shutil.ignore_patterns("out"))
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out, generated_at=WHEN))
    return case, out


def test_verify_clean(built):
    case, out = built
    r = verify(out, case)
    assert r.ok and r.checked_outputs >= 10 and r.checked_inputs == 7


def test_verify_names_every_change(built):
    case, out = built
    # metadata-only change: re-save the EXIF block without touching the pixels' JPEG data
    p = case / "photos" / "IMG_0001.jpg"
    data = p.read_bytes()
    p.write_bytes(data.replace(b"Pixel 7", b"Pixel 8"))
    with Image.open(case / "photos" / "IMG_0003.jpg") as im:  # a real re-encode: pixels change
        im.save(case / "photos" / "IMG_0003.jpg", quality=50)
    (case / "chat" / "2026-10-22-agreed.png").unlink()
    write_jpeg(case / "photos" / "extra.jpg")
    (out / "justification.txt").write_text("edited")
    (out / "upload" / "02-exhibit-2.jpg").unlink()
    (out / "upload" / "note.txt").write_text("x")
    r = verify(out, case)
    text = "\n".join(r.problems)
    assert "output altered: justification.txt" in text
    assert "output missing: upload/02-exhibit-2.jpg" in text
    assert "output added: upload/note.txt" in text
    assert "original changed: photos/IMG_0001.jpg (the pixels are identical" in text
    assert "original changed: photos/IMG_0003.jpg" in text and "IMG_0003.jpg (the pixels" not in text
    assert "original missing: chat/2026-10-22-agreed.png" in text
    assert "original added: photos/extra.jpg" in text
    res = CliRunner().invoke(cli, ["verify", str(out), "--case", str(case)])
    assert res.exit_code == 1


def test_verify_without_manifest(tmp_path):
    res = CliRunner().invoke(cli, ["verify", str(tmp_path)])
    assert res.exit_code == 1 and "manifest.json" in res.output


def test_redaction_blacks_out_copies_only(make_case, tmp_path):
    img = Image.new("RGB", (1000, 800), (250, 250, 250))
    root = make_case(
        '\n[[evidence]]\nfile = "photos/label.png"\nredact = [[0.5, 0.5, 0.5, 0.5]]\n', files={"photos/label.png": img}
    )
    before = (root / "photos" / "label.png").read_bytes()
    build_case(root, BuildOptions(out_dir=tmp_path / "o", generated_at=WHEN))
    assert (root / "photos" / "label.png").read_bytes() == before
    card = next((tmp_path / "o" / "upload").glob("01-*.jpg"))
    with Image.open(card) as im:
        w, h = im.size
        # the card's picture area: lower right of the picture is black, upper left is not
        px = [im.getpixel((x, y)) for x, y in ((w - 80, h - 80), (80, 200))]
    assert sum(px[0]) < 60 and sum(px[1]) > 600
    m = json.loads((tmp_path / "o" / "manifest.json").read_text())
    rec = next(i for i in m["inputs"] if i["path"] == "photos/label.png")
    assert rec["redacted"] == [[0.5, 0.5, 0.5, 0.5]]


def test_outputs_carry_no_camera_or_location(tmp_path, make_case):
    root = make_case(files={})
    write_jpeg(root / "photos" / "gps.jpg", gps=True)
    build_case(root, BuildOptions(out_dir=tmp_path / "o", generated_at=WHEN))
    for f in (tmp_path / "o").rglob("*"):
        if f.is_file() and f.suffix in (".jpg", ".pdf"):
            data = f.read_bytes()
            assert b"Pixel 7" not in data and b"GPS" not in data and b"Exif" not in data, f
    pdf = (tmp_path / "o" / "evidence.pdf").read_bytes()
    assert str(tmp_path).encode() not in pdf and b"/home" not in pdf


def test_user_templates_are_sandboxed(make_case, tmp_path):
    tdir = tmp_path / "tpl" / "justification"
    tdir.mkdir(parents=True)
    (tdir / "defective.txt.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(RenderError, match="may not do"):
        build_case(make_case(), BuildOptions(out_dir=tmp_path / "o", templates=str(tmp_path / "tpl")))
    assert not (tmp_path / "o").exists()


def test_user_template_overrides_builtin(make_case, tmp_path):
    tdir = tmp_path / "tpl" / "justification"
    tdir.mkdir(parents=True)
    (tdir / "defective.txt.j2").write_text("Order {{ order_id }}: {{ subject }} {{ problem_text }}. {{ ask }}.\n")
    build_case(make_case(), BuildOptions(out_dir=tmp_path / "o", templates=str(tmp_path / "tpl")))
    text = (tmp_path / "o" / "justification.txt").read_text()
    assert text.startswith("Order 8181234567890123: 1 of the 2 units does not power on.")


def _snapshot(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_no_command_touches_the_originals(tmp_path):
    root = tmp_path / "root"
    shutil.copytree(SAMPLES / "one-of-two-dead", root / "case", ignore=shutil.ignore_patterns("out"))
    before = _snapshot(root)
    runner = CliRunner()
    for args in (
        ["check", root / "case"],
        ["build", root / "case", "-o", tmp_path / "o"],
        ["verify", tmp_path / "o", "--case", root / "case"],
        ["frames", root / "case" / "videos" / "unboxing.mp4", "-o", tmp_path / "f"],
        ["batch", root, "-o", tmp_path / "b", "--jobs", "1"],
    ):
        res = runner.invoke(cli, [str(a) for a in args])
        assert res.exit_code == 0, (args, res.output)
    after = {p: v for p, v in _snapshot(root).items() if p.name not in ("batch-report.json", "batch-report.csv")}
    assert after == before


def test_library_words_go_to_the_manifest_not_the_pdf(make_case, tmp_path):
    """A reviewer reads plain reasons in the appendix; the library's account (class names, internals)
    is kept in manifest.json only."""
    import json

    from pypdf import PdfReader

    from evidence_pack.build import BuildOptions, build_case

    png = io.BytesIO()
    marked_image((400, 300)).save(png, "PNG")
    data = bytearray(png.getvalue())
    data[data.index(b"IDAT") + 60] ^= 0xFF
    case = make_case(files={"photos/ok.jpg": None, "photos/broken.png": bytes(data)})
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out, skip_unreadable=True))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out / "evidence.pdf")).pages).split())
    record = {i["path"]: i for i in json.loads((out / "manifest.json").read_text())["inputs"]}["photos/broken.png"]
    assert "the picture data is damaged" in record["left_out"] and "Error" in record["detail"]
    assert "the picture data is damaged" in text
    assert record["detail"].split(":")[0] not in text and "Plugin" not in text
