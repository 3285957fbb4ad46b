"""The cover of the evidence PDF: the order, the claim and its amount, the statement, the exhibit list."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from evidence_pack.exhibits import KIND_LABEL
from evidence_pack.money import format_money
from evidence_pack.pdf import fonts
from evidence_pack.pdf.pages import ACCENT, RULE, para, ruled_table
from evidence_pack.pdf.request import PdfRequest
from evidence_pack.pdf.story import pages_text
from evidence_pack.texts.wording import PROBLEM_PHRASES

REASON_TEXT = {
    "not_received": "Item not received",
    "not_as_described": "Item not as described",
    "defective": "Item defective / does not work",
    "damaged": "Item arrived damaged",
    "missing_items": "Items missing from the parcel",
    "counterfeit": "Counterfeit item",
}
RESOLUTION_TEXT = {"refund_only": "Refund only (no return)", "return_and_refund": "Return and refund"}


def cover(req: PdfRequest, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    case = req.case
    o, c, s = case.order, case.claim, case.seller
    cur = o.currency
    out: list[Flowable] = []
    out.append(Paragraph("Evidence for dispute", st["title"]))
    out.append(para(f"Order {o.id}  |  {req.platform_name}  |  {REASON_TEXT[c.reason]}", st["subtitle"]))
    out.append(Spacer(1, 8))
    amount = Table(
        [
            [
                Paragraph("Amount claimed", st["cellb"]),
                para(
                    case.refund.text,
                    ParagraphStyle("amt", parent=st["cellb"], fontSize=15, leading=18, textColor=ACCENT),
                ),
            ],
            [Paragraph("How it was computed", st["cellb"]), para(case.refund.computation, st["cell"])],
        ],
        colWidths=[45 * mm, None],
    )
    amount.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef4fa")),
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    out.append(amount)
    out.append(Paragraph("Order", st["h2"]))
    rows: list[tuple[str, str]] = [("Order number", o.id), ("Order date", o.date.isoformat())]
    if o.store:
        rows.append(("Store", o.store))
    rows.append(("Item", o.item))
    if o.listing_url:
        rows.append(("Listing", o.listing_url))
    shipping = f" + shipping {format_money(o.shipping, cur)}" if o.shipping > 0 else " (no shipping charge)"
    rows.append(
        (
            "Paid",
            f"{o.quantity} x {format_money(o.unit_price, cur)}{shipping} = "
            f"{format_money(case.refund.order_total, cur)}",
        )
    )
    if o.delivered:
        rows.append(("Delivered", o.delivered.isoformat()))
    if o.tracking:
        rows.append(("Tracking", o.tracking))
    out.append(_kv(rows, st))
    out.append(Paragraph("Claim", st["h2"]))
    crow: list[tuple[str, str]] = [("Reason", REASON_TEXT[c.reason])]
    if c.problems:
        crow.append(
            ("Problems", "; ".join(p.replace("_", " ").capitalize() if p in PROBLEM_PHRASES else p for p in c.problems))
        )
    crow.append(("Units affected", f"{c.affected_quantity} of {o.quantity}"))
    crow.append(("Resolution asked", RESOLUTION_TEXT[c.resolution]))
    if s.agreed != "none":
        agreed = s.agreed.replace("_", " ")
        if s.agreed_amount is not None:
            agreed += f", {format_money(s.agreed_amount, cur)}"
        if s.agreed_on:
            agreed += f", on {s.agreed_on.isoformat()}"
        crow.append(("Seller agreed to", agreed))
    if s.proposal is not None:
        crow.append(
            ("Seller's proposal", format_money(s.proposal, cur) + (f" ({s.proposal_note})" if s.proposal_note else ""))
        )
    out.append(_kv(crow, st))
    out.append(Paragraph("Statement for the reviewer", st["h2"]))
    lead = 0
    for line in req.justification.strip().split("\n"):
        line = line.strip()
        if not line:
            out.append(Spacer(1, 4))
        elif line.startswith("- "):
            out.append(Paragraph(fonts.markup(line[2:]), st["bullet"], bulletText="\u2022"))
        elif lead < 3:
            out.append(para(line, st["lead"]))
            lead += 1
        else:
            out.append(para(line, st["just"]))
    out.append(Paragraph("Exhibits", st["h2"]))
    ex_rows = [
        [
            Paragraph("No.", st["cellb"]),
            Paragraph("Kind", st["cellb"]),
            Paragraph("Caption", st["cellb"]),
            Paragraph("File", st["cellb"]),
        ]
    ]
    for ex in req.exhibits:
        kind = KIND_LABEL.get(ex.kind, ex.kind)
        if ex.kind == "video" and ex.pictures:
            kind += f" ({len(ex.pictures)} frames)"
        elif ex.ingested.pdf_pages:
            kind += f" ({pages_text(ex.ingested)})"
        ex_rows.append(
            [
                Paragraph(str(ex.number), st["cell"]),
                Paragraph(kind, st["cell"]),
                para(ex.caption, st["cell"]),
                para(ex.rel, st["small"]),
            ]
        )
    if len(ex_rows) == 1:
        ex_rows.append(
            [
                Paragraph("-", st["cell"]),
                Paragraph("", st["cell"]),
                Paragraph("No evidence files were found in the case folder.", st["cell"]),
                Paragraph("", st["cell"]),
            ]
        )
    out.append(ruled_table(ex_rows, [12 * mm, 30 * mm, None, 52 * mm]))
    return out


def _kv(rows: list[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Table:
    t = Table([[Paragraph(k, st["cellb"]), para(v, st["cell"])] for k, v in rows], colWidths=[45 * mm, None])
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return t
