"""Property tests: any text in any text field builds (legible or replaced); any money value gives a
result or a clear error."""

import datetime as dt
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_pack.build import BuildOptions, build_case
from evidence_pack.case import load_case
from evidence_pack.errors import CaseError
from tests.conftest import write_jpeg

HOSTILE = [
    "深圳数码旗舰店",
    "שלום עולם",
    "مرحبا",
    "👍🏽📦💔",
    "<b>bold</b> & <font size=99>",
    "x\x00\x1b[31m\x7f",
    "{{ 7*7 }} {% raw %}",
    "a" * 290,
    "Ωmega ｆｕｌｌ",
    "\u202eevil\u202c",
    "ダウンジャケット" * 20,
]


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Any Unicode text (no lone surrogates, which UTF-8 cannot hold) within a field's length limit,
    and some hostile favourites."""
    return st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=max_size),
        st.sampled_from([h[:max_size] for h in HOSTILE]),
    )


def toml_str(s: str) -> str:
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def case_text(item: str, store: str, statement: str, caption: str, note: str, problem: str, platform: str) -> str:
    return f"""schema = 1
platform = "{platform}"
[order]
id = {toml_str(item[:40] or "1")}
date = 2026-10-01
store = {toml_str(store)}
item = {toml_str(item)}
quantity = 2
unit_price = "12.50"
currency = "USD"
tracking = {toml_str(store[:30])}
[claim]
reason = "defective"
problems = [{toml_str(problem)}]
affected_quantity = 1
statement = {toml_str(statement)}
[seller]
proposal = "0"
proposal_note = {toml_str(note)}
[[evidence]]
file = "photos/a.jpg"
caption = {toml_str(caption)}
"""


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    item=texts(300),
    store=texts(300),
    statement=texts(2000),
    caption=texts(300),
    note=texts(500),
    problem=texts(200),
    platform=st.sampled_from(["aliexpress", "paypal", "card"]),
)
def test_any_text_builds_or_is_refused_clearly(
    tmp_path_factory, item, store, statement, caption, note, problem, platform
):
    root = tmp_path_factory.mktemp("prop") / "case"
    (root / "photos").mkdir(parents=True)
    write_jpeg(root / "photos" / "a.jpg")
    (root / "case.toml").write_text(case_text(item, store, statement, caption, note, problem, platform), "utf-8")
    out = root.parent / "out"
    try:
        result = build_case(root, BuildOptions(out_dir=out, generated_at=dt.datetime(2026, 11, 1), jobs=1))
    except CaseError as exc:
        assert "case.toml: " in str(exc)
        assert not out.exists()
        return
    text = (out / "justification.txt").read_text("utf-8")
    if platform == "aliexpress":
        assert text.isascii() and len(text) <= 1000
    assert all(c.isprintable() or c in "\n" for c in text)
    assert result.pages >= 3 and (out / "evidence.pdf").stat().st_size > 1000
    shutil.rmtree(root.parent)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_every_field_builds(tmp_path, hostile):
    """The property above must not pass by refusing everything: each hostile favourite, in every text
    field at once, builds."""
    root = tmp_path / "case"
    (root / "photos").mkdir(parents=True)
    write_jpeg(root / "photos" / "a.jpg")
    (root / "case.toml").write_text(
        case_text(hostile, hostile, hostile, hostile, hostile, hostile[:180] + " x", "aliexpress"), "utf-8"
    )
    result = build_case(root, BuildOptions(out_dir=tmp_path / "out", generated_at=dt.datetime(2026, 11, 1), jobs=1))
    text = (tmp_path / "out" / "justification.txt").read_text("utf-8")
    assert text.isascii() and len(text) <= 1000 and result.exhibits == 1


MONEY = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(unit=MONEY, shipping=MONEY, refund=MONEY)
def test_any_money_gives_a_result_or_a_clear_error(tmp_path_factory, unit, shipping, refund):
    root = tmp_path_factory.mktemp("money")

    def val(v: object) -> str:
        if isinstance(v, str):
            return toml_str(v)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return "nan" if v != v else repr(v)
        return str(v)

    (root / "case.toml").write_text(
        f"""schema = 1
[order]
id = "1"
date = 2026-10-01
item = "x"
quantity = 2
unit_price = {val(unit)}
shipping = {val(shipping)}
currency = "JPY"
[claim]
reason = "defective"
refund = {val(refund)}
""",
        "utf-8",
    )
    try:
        case = load_case(root)
    except CaseError as exc:
        msg = str(exc)
        assert msg.startswith("case.toml") and "Traceback" not in msg
        return
    assert 0 < case.refund.amount <= case.refund.order_total
    assert case.refund.amount == case.refund.amount.quantize(1)  # JPY has no minor unit
