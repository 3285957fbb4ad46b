import datetime as dt
from decimal import Decimal

from evidence_pack import platforms
from evidence_pack.case import load_case
from evidence_pack.exhibits import exhibit_range
from evidence_pack.texts.ascii import to_ascii
from evidence_pack.texts.english import TextRules
from evidence_pack.texts.english import compose as compose_facts
from evidence_pack.texts.facts import gather


def compose(case, exhibits, rules):
    """The texts of a case on its own platform (no exhibits unless given)."""
    return compose_facts(gather(case, exhibits, platforms.get(case.platform)), rules)


def _case(make_case, extra=""):
    return load_case(make_case(extra))


def test_exhibit_range_wording():
    assert exhibit_range([3]) == "Exhibit 3"
    assert exhibit_range([2, 3]) == "Exhibits 2 and 3"
    assert exhibit_range([2, 3, 4]) == "Exhibits 2-4"
    assert exhibit_range([1, 3, 4, 5, 9]) == "Exhibits 1, 3-5 and 9"


def test_to_ascii():
    assert to_ascii("“Quoted” – dash… ×2 café") == '"Quoted" - dash... x2 cafe'
    assert to_ascii("ダウン jacket") == "jacket"


def test_ascii_folding_keeps_the_meaning():
    assert to_ascii("Straße, Łódź, ½ size, Москва") == "Strasse, Lodz, 1/2 size, Moskva"
    assert to_ascii("ＵＳＢ－Ｃ ケーブル") == "USB-C"


def test_text_that_cannot_be_folded_is_reported(make_case):
    text = (make_case(name="x") / "case.toml").read_text().replace('"USB-C hub 7-in-1"', '"Hub 7-in-1 ハブ 紺"')
    case = load_case(make_case(toml=text, name="y"))
    t = compose(case, [], TextRules(ascii_only=True, max_chars=1000))
    assert '"Hub 7-in-1"' in t.justification
    assert any("order.item" in w.en and "ハブ, 紺" in w.en and "left out" in w.en for w in t.warnings)


def test_plural_and_singular_subjects(make_case):
    case = _case(make_case)
    t = compose(case, [], TextRules(ascii_only=True, max_chars=1000))
    assert "1 of the 2 units does not power on." in t.justification
    text = (make_case(name="b") / "case.toml").read_text().replace("affected_quantity = 1", "affected_quantity = 2")
    case2 = load_case(make_case(toml=text, name="c"))
    t2 = compose(case2, [], TextRules(ascii_only=True, max_chars=1000))
    assert "Both units do not power on." in t2.justification


def test_long_text_is_shortened_never_cut(make_case):
    statement = "The unit was tested on three computers and two cables and never showed any sign of power. " * 8
    root = make_case()
    toml = (
        (root / "case.toml")
        .read_text()
        .replace('refund = "proportional"', f'refund = "proportional"\nstatement = "{statement.strip()}"')
    )
    (root / "case.toml").write_text(toml)
    case = load_case(root)
    full = compose(case, [], TextRules(ascii_only=True, max_chars=None))
    short = compose(case, [], TextRules(ascii_only=True, max_chars=1000))
    assert len(full.justification) > 1000
    assert len(short.justification) <= 1000 and short.detail < 2
    assert short.justification.rstrip().endswith(".")
    assert short.justification.splitlines()[:3] == full.justification.splitlines()[:3]


def test_markup_in_user_text_stays_text(make_case, tmp_path):
    from pypdf import PdfReader

    from evidence_pack.build import BuildOptions, build_case

    root = make_case()
    toml = (
        (root / "case.toml")
        .read_text()
        .replace('item = "USB-C hub 7-in-1"', 'item = "Hub <b>7</b> & <font size=40>X</font>"')
    )
    (root / "case.toml").write_text(toml)
    build_case(root, BuildOptions(out_dir=tmp_path / "o", generated_at=dt.datetime(2026, 11, 1)))
    text = PdfReader(str(tmp_path / "o" / "evidence.pdf")).pages[0].extract_text()
    assert "Hub <b>7</b> & <font size=40>X</font>" in text


def test_return_and_refund_wording(make_case):
    root = make_case()
    toml = (
        (root / "case.toml")
        .read_text()
        .replace('refund = "proportional"', 'refund = "full"\nresolution = "return_and_refund"')
    )
    (root / "case.toml").write_text(toml)
    t = compose(load_case(root), [], TextRules(ascii_only=False, max_chars=None))
    assert "I request a refund of USD 27.00; I will return the item" in t.justification
    assert "return address" in t.justification


def test_no_response_when_proposal_not_below_claim(make_case):
    case = _case(make_case, '\n[seller]\nproposal = "13.50"\n')
    assert compose(case, [], TextRules(True, 1000)).response is None
    case = _case(make_case, '\n[seller]\nproposal = "5"\n')
    assert compose(case, [], TextRules(True, 1000)).response.startswith("I reject your proposal of USD 5.00.")
    assert case.refund.amount == Decimal("13.50")
