"""The questions of `evidence-pack init`, in English and Japanese, each answer checked on the spot.

The library asks nothing itself: the command line shows the questions, reads the answers from a terminal,
flags or standard input, and calls `answer`; `init.write_case` writes the case file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from evidence_pack.case import AGREED, PROBLEMS, REASONS, RESOLUTIONS
from evidence_pack.errors import MoneyError
from evidence_pack.money import (
    format_plain,
    known_currencies,
    minor_digits,
    parse_amount,
    quantize,
)
from evidence_pack.platforms import NAMES as PLATFORMS
from evidence_pack.texts.wording import (
    AGREED_JA,
    PROBLEM_LABEL_JA,
    REASON_JA,
    RESOLUTION_JA,
)


class AnswerError(ValueError):
    """An answer that cannot be used; the message says why, in the case's language."""


@dataclass(frozen=True)
class Question:
    key: str
    en: str
    ja: str
    parse: Callable[[str, dict[str, object], bool], object]
    default: Callable[[dict[str, object], bool], str | None] = lambda a, ja: None
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, English label, Japanese label)
    ask_if: Callable[[dict[str, object]], bool] = lambda a: True

    def prompt(self, ja: bool) -> str:
        return self.ja if ja else self.en

    def menu(self, ja: bool) -> list[str]:
        return [f"{i}. {ja_label if ja else en}" for i, (_, en, ja_label) in enumerate(self.choices, start=1)]


def _msg(ja: bool, en: str, jp: str) -> AnswerError:
    return AnswerError(jp if ja else en)


def _required(text: str, ja: bool) -> str:
    if not text.strip():
        raise _msg(ja, "an answer is needed", "入力が必要です")
    return text.strip()


def _date(text: str, a: dict[str, object], ja: bool) -> dt.date:
    try:
        return dt.date.fromisoformat(_required(text, ja))
    except ValueError:
        raise _msg(
            ja,
            "write the date as YYYY-MM-DD, such as 2026-10-01",
            "日付は YYYY-MM-DD の形で入力してください（例 2026-10-01）",
        ) from None


def _optional_date(text: str, a: dict[str, object], ja: bool) -> dt.date | None:
    return _date(text, a, ja) if text.strip() else None


def _count(text: str, a: dict[str, object], ja: bool) -> int:
    t = _required(text, ja)
    if not t.isdigit() or int(t) < 1:
        raise _msg(ja, "write a whole number of 1 or more", "1 以上の整数を入力してください")
    ordered = a.get("quantity")
    if isinstance(ordered, int) and int(t) > ordered:
        raise _msg(
            ja, f"at most the {a['quantity']} units ordered", f"注文した個数（{a['quantity']}）以下にしてください"
        )
    return int(t)


def _amount(text: str, a: dict[str, object], ja: bool) -> str:
    try:
        value = parse_amount(_required(text, ja), "amount")
    except MoneyError as exc:
        raise _msg(
            ja, exc.message.replace("amount: ", ""), "金額は数字で、小数点は「.」で入力してください（例 12.50）"
        ) from None
    cur = a.get("currency")
    if isinstance(cur, str) and quantize(value, cur) != value:
        digits = minor_digits(cur)
        raise _msg(
            ja,
            f"{cur} amounts have {digits} decimals; write {format_plain(quantize(value, cur), cur)}",
            f"{cur} の金額は小数点以下 {digits} 桁です（例 {format_plain(quantize(value, cur), cur)}）",
        )
    return str(value)


def _optional_amount(text: str, a: dict[str, object], ja: bool) -> str | None:
    return _amount(text, a, ja) if text.strip() else None


def _currency(text: str, a: dict[str, object], ja: bool) -> str:
    cur = _required(text, ja).upper()
    if cur not in known_currencies():
        raise _msg(
            ja,
            "write an ISO currency code such as USD, EUR or JPY",
            "USD・EUR・JPY のような通貨コードを入力してください",
        )
    return cur


def _choice(options: tuple[str, ...]) -> Callable[[str, dict[str, object], bool], str]:
    def parse(text: str, a: dict[str, object], ja: bool) -> str:
        t = _required(text, ja).lower()
        if t.isdigit() and 1 <= int(t) <= len(options):
            return options[int(t) - 1]
        if t in options:
            return t
        raise _msg(
            ja, f"answer with a number from 1 to {len(options)}", f"1 から {len(options)} の番号で答えてください"
        )

    return parse


def _problems(text: str, a: dict[str, object], ja: bool) -> list[str]:
    codes = list(PROBLEMS)
    out: list[str] = []
    for part in (p.strip() for p in text.replace("、", ",").split(",")):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(codes):
            out.append(codes[int(part) - 1])
        elif part in codes:
            out.append(part)
        else:
            raise _msg(
                ja,
                f"{part!r}: give numbers from the list, separated by commas",
                f"「{part}」: 一覧の番号をカンマ区切りで入力してください",
            )
    return out


def _refund(text: str, a: dict[str, object], ja: bool) -> str:
    t = text.strip().lower() or "1"
    if t in ("1", "proportional"):
        return "proportional"
    if t in ("2", "full"):
        return "full"
    return _amount(t, a, ja)


def _text(text: str, a: dict[str, object], ja: bool) -> str:
    return _required(text, ja)


def _optional_text(text: str, a: dict[str, object], ja: bool) -> str | None:
    return text.strip() or None


QUESTIONS: tuple[Question, ...] = (
    Question(
        "platform",
        "Platform",
        "プラットフォーム",
        _choice(PLATFORMS),
        lambda a, ja: "1",
        tuple((p, p, p) for p in PLATFORMS),
    ),
    Question("order_id", "Order number", "注文番号", _text),
    Question("order_date", "Order date (YYYY-MM-DD)", "注文日（YYYY-MM-DD）", _date),
    Question("store", "Store name (optional)", "ストア名（任意）", _optional_text),
    Question("item", "Item, as named in the listing", "商品名（商品ページの表記）", _text),
    Question("quantity", "Units ordered", "注文した個数", _count, lambda a, ja: "1"),
    Question(
        "currency",
        "Currency (USD, EUR, JPY ...)",
        "通貨（USD・EUR・JPY など）",
        _currency,
        lambda a, ja: "JPY" if ja else "USD",
    ),
    Question("unit_price", "Price per unit", "1 個の価格", _amount),
    Question("shipping", "Shipping paid", "送料", _amount, lambda a, ja: "0"),
    Question("delivered", "Delivery date (YYYY-MM-DD, optional)", "配達日（YYYY-MM-DD、任意）", _optional_date),
    Question(
        "reason",
        "Reason",
        "理由",
        _choice(REASONS),
        choices=tuple((r, r.replace("_", " "), REASON_JA[r]) for r in REASONS),
    ),
    Question(
        "problems",
        "Problems (numbers separated by commas, optional)",
        "問題（番号をカンマ区切りで、任意）",
        _problems,
        lambda a, ja: "",
        tuple((p, p.replace("_", " "), PROBLEM_LABEL_JA[p]) for p in PROBLEMS),
    ),
    Question(
        "affected_quantity", "Units with the problem", "問題のある個数", _count, lambda a, ja: str(a.get("quantity", 1))
    ),
    Question(
        "resolution",
        "What you want",
        "希望する解決",
        _choice(RESOLUTIONS),
        lambda a, ja: "1",
        tuple((r, r.replace("_", " "), RESOLUTION_JA[r]) for r in RESOLUTIONS),
    ),
    Question(
        "refund",
        "Refund: 1 = proportional to the units affected, 2 = full, or an amount",
        "返金額: 1 = 問題のある個数に応じて、2 = 全額、または金額",
        _refund,
        lambda a, ja: "1",
    ),
    Question(
        "agreed",
        "What the seller agreed to",
        "販売者が同意したこと",
        _choice(AGREED),
        lambda a, ja: "1",
        tuple((x, x.replace("_", " "), AGREED_JA[x]) for x in AGREED),
    ),
    Question(
        "agreed_on",
        "Date the seller agreed (YYYY-MM-DD)",
        "販売者が同意した日（YYYY-MM-DD）",
        _optional_date,
        ask_if=lambda a: a.get("agreed") not in (None, "none"),
    ),
    Question(
        "agreed_amount",
        "Amount the seller agreed to (optional)",
        "販売者が同意した金額（任意）",
        _optional_amount,
        ask_if=lambda a: a.get("agreed") in ("partial_refund", "full_refund"),
    ),
)


def with_proposal(question: Question, value: str) -> Question:
    """The question with a value read from an order page (init --from) as its default: the buyer
    confirms it with Enter or types the right one."""
    return dataclasses.replace(question, default=lambda a, ja: value)


def answer(question: Question, text: str, answers: dict[str, object], ja: bool) -> object:
    """Parse one answer (the default when empty); AnswerError says what to type instead."""
    if not text.strip():
        default = question.default(answers, ja)
        if default is not None:
            text = default
    return question.parse(text, answers, ja)
