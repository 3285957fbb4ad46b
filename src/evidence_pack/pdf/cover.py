"""The cover of the evidence PDF: the amount beside the key pictures, the timeline, the order and the claim,
the statement and the exhibit list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from evidence_pack.exhibits import exhibit_range
from evidence_pack.money import format_money
from evidence_pack.pdf import fonts
from evidence_pack.pdf.keys import KeyPictures, key_pictures
from evidence_pack.pdf.pages import ACCENT, RULE, para, ruled_table
from evidence_pack.pdf.request import PdfRequest
from evidence_pack.pdf.story import pages_text
from evidence_pack.texts.wording import KIND, OBJECTION, PROBLEM_PHRASES, REASON_TITLE, RESOLUTION
from evidence_pack.timeline import timeline

# the cover's words for a case's codes: texts/wording.py's, in English
REASON_TEXT = {code: p.en for code, p in REASON_TITLE.items()}
RESOLUTION_TEXT = {code: p.en for code, p in RESOLUTION.items()}


# Tried in turn until the cover, exhibit list included, fits on one page: how tall the key pictures may
# be, whether the statement is set a little tighter (10 pt, less space between paragraphs), and whether
# the order and claim details stay on the cover (else they open the appendix page: most of them are in
# the statement too, and a cover that holds everything else on one page is worth more).
VARIANTS = (
    (250.0, False, True),
    (190.0, False, True),
    (140.0, False, True),
    (140.0, True, True),
    (140.0, True, False),
)
SHORT_LIST = 12
_VIDEO_BULLET = re.compile(
    r"^- .*\(Exhibits? \d+, frames? \d+[a-z]"
)  # "(Exhibit 4, frames 4a-4d; ..."  # exhibits: a list this short is never left to a page of its own


@dataclass(frozen=True)
class Cover:
    flows: list[Flowable]
    later: list[Flowable]  # what moved to the appendix page to keep the cover on one page (or nothing)


def cover(req: PdfRequest, st: dict[str, ParagraphStyle], frame: tuple[float, float]) -> Cover:
    """The cover: the amount and the timeline beside the key pictures, the order and the claim, the
    statement for the reviewer and the list of exhibits, on one page whenever they fit (the details may
    move to the appendix page for that). When they cannot, a short list goes before the statement (the
    statement reads on over the page; a list left alone on a second page looks like an afterthought); a
    long list follows the statement onto the pages it needs."""
    width, height = frame
    case = req.case
    h = ParagraphStyle("cover-h", parent=st["h2"], fontSize=max(12, st["h2"].fontSize - 1.5), leading=15, spaceBefore=6)
    head: list[Flowable] = [
        Paragraph("Evidence for dispute", st["title"]),
        para(f"Order {case.order.id}  |  {req.platform_name}  |  {REASON_TEXT[case.claim.reason]}", st["subtitle"]),
        Spacer(1, 6),
    ]
    left: list[Flowable] = [_amount(req, st), Paragraph("Timeline", h), _timeline(req, st)]
    exhibits: list[Flowable] = [Paragraph("Exhibits", h), _exhibit_list(req, st)]
    statements = {t: [Paragraph("Statement for the reviewer", h), *_statement(req, st, t)] for t in (False, True)}
    # the last try: the statement's evidence bullets left to the list of exhibits under it (the same captions)
    listed = [Paragraph("Statement for the reviewer", h), *_statement(req, st, True, bullets=False)]
    keys = key_pictures(req)
    right_w = width * 0.38
    left_w = width - right_w - 12
    below = [Spacer(1, 6), _details(req, st, width, columns=2)]
    beside = [Spacer(1, 6), _details(req, st, left_w, columns=1)] if keys else []

    def top(max_h: float, details: bool) -> list[Flowable]:
        """The amount, the timeline and the details, with the key pictures beside them: the details under
        the timeline when the pictures are taller than the two (they then fill that height), else across
        the page under both, whichever is shorter."""
        if not keys:
            return left + (below if details else [])
        tries = []
        for column, after in ((left + beside, []), (left, below)) if details else ((left, []),):
            column_h = sum(f.wrap(left_w, height)[1] + f.getSpaceBefore() for f in column)
            pictures = KeyPictures(req, keys, st, max(max_h, column_h))
            table = Table([[column, pictures]], colWidths=[width - right_w, right_w])
            table.setStyle([*_CELLS, ("RIGHTPADDING", (0, 0), (0, 0), 12)])
            tries.append([table, *after])
        return min(tries, key=lambda flows: _height(flows, frame))

    fixed = _height(head + exhibits, frame)  # measured once: only the top and the statement vary
    moved = [Paragraph("Order and claim", st["h2"]), _details(req, st, width, columns=2)]
    for max_h, tight, details in VARIANTS:
        upper = top(max_h, details)
        if fixed + _height(upper + statements[tight], frame) <= height:
            return Cover(head + upper + statements[tight] + exhibits, [] if details else moved)
    upper = top(VARIANTS[-1][0], False)
    if fixed + _height(upper + listed, frame) <= height:
        return Cover(head + upper + listed + exhibits, moved)
    if len(req.exhibits) <= SHORT_LIST:  # as little as possible runs on to page 2: the statement's end
        return Cover(head + top(VARIANTS[-1][0], False) + exhibits + statements[True], moved)
    return Cover(head + top(VARIANTS[0][0], True) + statements[False] + exhibits, [])  # the list runs on anyway


def _height(flows: list[Flowable], frame: tuple[float, float]) -> float:
    total = 0.0
    for f in flows:
        total += f.wrap(frame[0], frame[1])[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


_CELLS: list[tuple[object, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def _amount(req: PdfRequest, st: dict[str, ParagraphStyle]) -> Table:
    case = req.case
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
        colWidths=[37 * mm, None],
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
    return amount


def _timeline(req: PdfRequest, st: dict[str, ParagraphStyle]) -> Table:
    """The dispute's dates and the days its exhibits were taken (timeline.py), one row each."""
    rows = [
        [
            Paragraph(e.date.isoformat(), st["cell_caption"]),
            para(e.what, st["cell_caption"]),
            Paragraph(exhibit_range(list(e.exhibits)), st["cell_caption"]),
        ]
        for e in timeline(req.case, req.exhibits)
    ]
    t = Table(rows, colWidths=[22 * mm, None, 30 * mm])
    t.setStyle([*_TIGHT, ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return t


def _details(req: PdfRequest, st: dict[str, ParagraphStyle], width: float, columns: int) -> Table:
    """The order and the claim, label and value, compact: one under the other, or side by side
    (columns=2). What the title line and the timeline say is not repeated (order number and reason;
    the order, delivery and agreement dates)."""
    case = req.case
    o, c, s = case.order, case.claim, case.seller
    cur = o.currency
    order: list[tuple[str, str]] = []
    if o.store:
        order.append(("Store", o.store))
    order.append(("Item", o.item))
    if o.listing_url:
        order.append(("Listing", o.listing_url))
    shipping = f" + shipping {format_money(o.shipping, cur)}" if o.shipping > 0 else " (no shipping charge)"
    total = format_money(case.refund.order_total, cur)
    order.append(("Paid", f"{o.quantity} x {format_money(o.unit_price, cur)}{shipping} = {total}"))
    if o.tracking:
        order.append(("Tracking", o.tracking))
    claim: list[tuple[str, str]] = []
    if c.problems:
        problems = "; ".join(p.replace("_", " ").capitalize() if p in PROBLEM_PHRASES else p for p in c.problems)
        claim.append(("Problems", problems))
    claim.append(("Units affected", f"{c.affected_quantity} of {o.quantity}"))
    claim.append(("Resolution", RESOLUTION_TEXT[c.resolution]))
    if s.agreed != "none" and not s.agreed_on:  # with its date, the timeline says it
        agreed = s.agreed.replace("_", " ")
        if s.agreed_amount is not None:
            agreed += f", {format_money(s.agreed_amount, cur)}"
        claim.append(("Seller agreed to", agreed))
    if s.proposal is not None:
        claim.append(("Seller proposes", format_money(s.proposal, cur)))
        if s.objection:
            # the seller's objection, as the buyer's notes name it (proposal_note is the buyer's own paraphrase)
            said = OBJECTION[s.objection].en if s.objection in OBJECTION else s.objection
            claim.append(("Seller's objection", said[:1].upper() + said[1:]))
    value = ParagraphStyle(
        "kv", parent=st["cell_caption"], fontSize=max(9, req.min_pt), leading=max(11.5, req.min_pt * 1.25)
    )
    label = ParagraphStyle("kv-label", parent=value, fontName=fonts.SANS_BOLD)
    lab = 25 * mm * max(1.0, req.min_pt / 9)  # "Resolution" in bold on one line at 10 pt too
    if columns == 1:  # beside the key pictures
        t = Table([[Paragraph(k, label), para(v, value)] for k, v in order + claim], colWidths=[lab, None])
        t.setStyle([*_TIGHT, ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        return t
    rows = []
    for k in range(max(len(order), len(claim))):
        row: list[Flowable | str] = []
        for side in (order, claim):
            row += [Paragraph(side[k][0], label), para(side[k][1], value)] if k < len(side) else ["", ""]
        rows.append(row)
    t = Table(rows, colWidths=[lab, width / 2 - lab, lab, None])
    t.setStyle(
        [
            *_TIGHT,
            ("LINEBELOW", (0, 0), (1, len(order) - 1), 0.3, RULE),
            ("LINEBELOW", (2, 0), (3, len(claim) - 1), 0.3, RULE),
            ("LEFTPADDING", (2, 0), (2, -1), 10),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    return t


def _statement(req: PdfRequest, st: dict[str, ParagraphStyle], tight: bool, bullets: bool = True) -> list[Flowable]:
    """The justification as the reviewer reads it: its first three lines in bold, its list as bullets
    (without bullets: "Evidence: the exhibits listed below")."""
    if tight:
        pt = max(10, req.min_pt)
        st = {
            k: ParagraphStyle(f"{k}-tight", parent=st[k], fontSize=pt, leading=pt * 1.3, spaceAfter=1.5)
            for k in ("lead", "just", "bullet")
        }
    out: list[Flowable] = []
    lead = 0
    lines = req.justification.strip().split("\n")
    for line in lines:
        line = line.strip()
        if line.startswith("Amount: ") and line.endswith(req.case.refund.computation + "."):
            continue  # the amount box at the top of the cover says it already
        if not line:
            out.append(Spacer(1, 2 if tight else 4))
        elif not bullets and line == "Evidence:":
            videos = [v for v in lines if _VIDEO_BULLET.match(v.strip())]
            said = "; the video:" if len(videos) == 1 else "; the videos:" if videos else "."
            out.append(para(f"Evidence: the exhibits listed below, with their captions{said}", st["just"]))
        elif line.startswith("- ") and not bullets and not _VIDEO_BULLET.match(line):
            continue  # the list below has its caption; a video's line says more (its moments), so it stays
        elif line.startswith("- "):
            out.append(Paragraph(fonts.markup(line[2:]), st["bullet"], bulletText="\u2022"))
        elif lead < 3:
            out.append(para(line, st["lead"]))
            lead += 1
        else:
            out.append(para(line, st["just"]))
    return out


def _exhibit_list(req: PdfRequest, st: dict[str, ParagraphStyle]) -> Table:
    """One row per exhibit: its number, its caption, its file (and how many frames or pages it shows)."""
    cell, head = st["cell_caption"], ParagraphStyle("list-head", parent=st["cell_caption"], fontName=fonts.SANS_BOLD)
    ex_rows = [[Paragraph("No.", head), Paragraph("Caption", head), Paragraph("File", head)]]
    for ex in req.exhibits:
        extra = ""
        if ex.kind == "video" and ex.pictures:
            extra = f" ({len(ex.pictures)} frames)"
        elif ex.ingested.pdf_pages:
            extra = f" ({pages_text(ex.ingested)})"
        elif ex.kind != _FOLDER_KIND.get(ex.rel.split("/")[0]):  # a file whose kind its folder does not say
            extra = f" ({KIND[ex.kind].en if ex.kind in KIND else ex.kind.lower()})"
        ex_rows.append([Paragraph(str(ex.number), cell), para(ex.caption, cell), para(ex.rel + extra, st["small"])])
    if len(ex_rows) == 1:
        ex_rows.append([Paragraph("-", cell), Paragraph("No evidence files were found in the case folder.", cell), ""])
    table = ruled_table(ex_rows, [9 * mm, None, 56 * mm])
    table.setStyle(_TIGHT)
    return table


_TIGHT = [
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("LEFTPADDING", (0, 0), (0, -1), 0),
]
_FOLDER_KIND = {"photos": "photo", "videos": "video", "chat": "chat", "listing": "listing", "documents": "document"}
