"""A Japanese-speaking buyer: init from stdin answers, Japanese companion texts, CJK in the PDF."""

import datetime as dt
import re
import shutil

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.cli import cli
from tests.conftest import SAMPLES, write_jpeg

ANSWERS = (
    "\n".join(
        [
            "aliexpress",
            "8181234567890123",
            "2026-10-01",
            "深圳数码旗舰店",
            "USB-C ハブ 7-in-1",
            "2",
            "USD",
            "12.50",
            "2.00",
            "2026-10-20",
            "3",
            "1",
            "1",
            "1",
            "1",
            "2",
            "2026-10-22",
            "13.50",
        ]
    )
    + "\n"
)


def test_init_from_stdin_makes_a_case_that_builds(tmp_path):
    case = tmp_path / "my-case"
    r = CliRunner().invoke(cli, ["init", str(case), "--lang", "ja"], input=ANSWERS)
    assert r.exit_code == 0, r.output
    for sub in ("photos", "videos", "chat", "listing", "documents"):
        assert (case / sub).is_dir()
    text = (case / "case.toml").read_text("utf-8")
    assert 'reason = "defective"' in text and "不良品" in text and 'agreed_amount = "13.50"' in text
    write_jpeg(case / "photos" / "IMG_0001.jpg")
    result = build_case(case, BuildOptions(out_dir=tmp_path / "out"))
    assert result.exhibits == 1
    assert (tmp_path / "out" / "justification.ja.txt").is_file()


def test_init_checks_each_answer(tmp_path):
    bad = ANSWERS.replace("2026-10-01", "1 Oct 2026", 1)
    r = CliRunner().invoke(cli, ["init", str(tmp_path / "c")], input=bad)
    assert r.exit_code == 1 and "order_date" in r.output and "YYYY-MM-DD" in r.output
    assert not (tmp_path / "c" / "case.toml").exists()


def test_init_checks_amount_against_currency_and_writes_nothing_invalid(tmp_path):
    bad = ANSWERS.replace("USD", "JPY", 1)  # 12.50 is not a JPY amount
    r = CliRunner().invoke(cli, ["init", str(tmp_path / "c"), "--lang", "ja"], input=bad)
    assert r.exit_code == 1 and "JPY" in r.output and "unit_price" in r.output
    assert not (tmp_path / "c").exists()


def test_init_flags_and_refuses_to_overwrite(tmp_path):
    case = tmp_path / "c"
    args = [
        "init",
        str(case),
        "--set",
        "order_id=A1",
        "--set",
        "item=Phone case",
        "--set",
        "unit_price=4.20",
        "--set",
        "order_date=2026-10-05",
        "--set",
        "reason=missing_items",
        "--set",
        "quantity=5",
    ]
    r = CliRunner().invoke(cli, args, input="\n" * 20)
    assert r.exit_code == 0, r.output
    assert 'id = "A1"' in (case / "case.toml").read_text()
    again = CliRunner().invoke(cli, args, input="\n" * 20)
    assert again.exit_code == 1 and "exists already" in again.output
    assert CliRunner().invoke(cli, ["init", str(case), "--set", "nope=1"]).exit_code == 2


@pytest.fixture(scope="module")
def wrong_colour(tmp_path_factory):
    case = tmp_path_factory.mktemp("c") / "case"
    shutil.copytree(SAMPLES / "wrong-colour", case, ignore=shutil.ignore_patterns("out"))
    out = case.parent / "out"
    build_case(case, BuildOptions(out_dir=out))
    return out


def _amounts(text: str) -> set[str]:
    """The amounts of a text, as numbers: "JPY 12,000" in English, "12,000円" or "13.50 米ドル" in Japanese."""
    english = re.findall(r"(?:USD|JPY|EUR) ([\d,]+(?:\.\d+)?)", text)
    japanese = re.findall(r"([\d,]+(?:\.\d+)?) ?(?:円|米ドル|ユーロ)", text)
    return {a.rstrip(",") for a in english + japanese}


def _exhibits(text: str) -> set[str]:
    return set(re.findall(r"Exhibit \d+[a-z]?", text.replace("Exhibits ", "Exhibit ")))


def test_japanese_texts_carry_the_same_amounts_and_exhibits(wrong_colour):
    en = (wrong_colour / "justification.txt").read_text()
    ja = (wrong_colour / "justification.ja.txt").read_text("utf-8")
    assert "日本語" in ja and "紛争フォームに貼り付けるのは英語版" in ja
    assert _amounts(en) == _amounts(ja)
    assert {int(n) for n in re.findall(r"Exhibits? (\d+)", en)} <= {int(n) for n in re.findall(r"Exhibits? (\d+)", ja)}
    en_r = (wrong_colour / "response.txt").read_text()
    ja_r = (wrong_colour / "response.ja.txt").read_text("utf-8")
    assert _amounts(en_r) == _amounts(ja_r) and "拒否" in ja_r


def test_next_steps_in_japanese(wrong_colour):
    steps = (wrong_colour / "next-steps.txt").read_text("utf-8")
    assert "11000" in steps and "承諾" in steps and "justification.txt" in steps and "返金のみ" in steps


def test_english_case_has_english_next_steps_and_no_japanese_texts(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "one-of-two-dead", case, ignore=shutil.ignore_patterns("out"))
    build_case(case, BuildOptions(out_dir=tmp_path / "o"))
    steps = (tmp_path / "o" / "next-steps.txt").read_text()
    assert "Refund amount: enter 13.50 (USD)" in steps and "Do not press Accept" in steps
    assert "Exhibit 5" in steps  # the chat screenshot with the agreement
    assert not (tmp_path / "o" / "justification.ja.txt").exists()


def test_cjk_text_in_the_pdf_with_an_embedded_font(wrong_colour):
    reader = PdfReader(str(wrong_colour / "evidence.pdf"))
    assert "ダウンジャケット" in reader.pages[0].extract_text()
    fonts = {}
    for page in reader.pages[:1]:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            fonts[str(f.get("/BaseFont"))] = f
    cjk = [f for name, f in fonts.items() if "Droid" in name or "CJK" in name]
    assert cjk, fonts.keys()
    desc = cjk[0]["/DescendantFonts"][0].get_object() if "/DescendantFonts" in cjk[0] else cjk[0]
    fd = desc["/FontDescriptor"].get_object()
    assert "/FontFile2" in fd  # the TrueType glyphs are embedded, not expected from the viewer


def test_build_warnings_and_check_findings_in_japanese(make_case, tmp_path):
    """language = "ja": what build warns and check finds is said in Japanese."""
    from evidence_pack.review.check import check_case
    from tests.conftest import BASE_TOML, marked_image, write_jpeg

    toml = BASE_TOML.replace('platform = "aliexpress"', 'platform = "aliexpress"\nlanguage = "ja"')
    case = make_case(toml=toml, files={})
    write_jpeg(case / "photos" / "old.jpg", when="2018:02:17 10:00:00")
    marked_image().save(case / "photos" / "forwarded.jpg", "JPEG")  # no EXIF at all, as a chat app forwards it
    result = build_case(case, BuildOptions(out_dir=tmp_path / "o"))
    assert any(
        "photos/old.jpg: 撮影日時 2018-02-17 10:00（注文日 2026-10-01 より前です）" in w for w in result.warnings
    )
    assert any("photos/forwarded.jpg" in w and "元の写真" in w for w in result.warnings)
    assert all(not w.isascii() for w in result.warnings)
    findings = check_case(case).findings
    assert any(f.code == "photo_before_order" and "注文日" in f.text("ja") for f in findings)
    assert all(f.message_ja for f in findings)


def test_companions_say_when_the_english_was_shortened(tmp_path):
    """The Japanese notes show everything; when the English had to leave parts out to fit AliExpress's
    1,000 characters, they say so at the top rather than claim to be its sentences one for one."""
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "one-of-two-dead", case, ignore=shutil.ignore_patterns("out"))
    toml = case / "case.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'language = "ja"'))
    out = tmp_path / "out"
    build_case(case, BuildOptions(out_dir=out, generated_at=dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)))
    assert "英語版は 1,000 文字の制限に収めるため短くしています" in (out / "justification.ja.txt").read_text()
    assert "英語版は 1,000 文字の制限に収めるため" in (out / "escalation.ja.txt").read_text()
    paypal = tmp_path / "paypal"
    build_case(
        case, BuildOptions(out_dir=paypal, platform="paypal", generated_at=dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC))
    )
    assert "制限に収めるため" not in (paypal / "justification.ja.txt").read_text()
    assert "制限に収めるため" not in (paypal / "escalation.ja.txt").read_text()
