"""`evidence-pack read CASE`: what was read from each picture (text with positions, barcodes, the chat's
transcript, an order page's details), what was understood (the seller's agreement, tracking numbers),
and how it compares with case.toml. Plain data for the command line to print or dump as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_pack.case import Case, load_case
from evidence_pack.folder.discover import SourceFile, discover
from evidence_pack.ingest import sha256_file
from evidence_pack.read.compare import reading_findings
from evidence_pack.read.facts import found_agreement
from evidence_pack.read.order import OrderDetails
from evidence_pack.read.readings import FileReading, Progress, Readings, read_sources, wanted
from evidence_pack.review.finding import Finding


@dataclass
class ReadReport:
    case_dir: Path
    readings: Readings
    findings: list[Finding] = field(default_factory=list)
    agreement: dict[str, object] | None = None

    def lines(self) -> list[str]:
        """The report as the command line prints it."""
        return report_lines(self.as_dict())

    def as_dict(self) -> dict[str, object]:
        return {
            "case": self.case_dir.name,
            "text_read": self.readings.text_read,
            "files": [file_dict(f) for f in self.readings.files],
            "agreement": self.agreement,
            "findings": [f.as_dict() for f in self.findings],
            "notes": list(self.readings.notes),
        }


def report_lines(data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for f in data["files"]:
        out.append(f"{f['file']} ({f['kind']})" + (f": {f['error']}" if f.get("error") else ""))
        for m in f.get("transcript", []):
            out.append(f"  --- {m['text']} ---" if m["side"] == "header" else f"  {m['side']}: {m['text']}")
        if "transcript" not in f:
            out += [f"  text: {t['text']}" for t in f.get("text", [])]
        out += [f"  barcode ({b['format']}): {b['text']}" for b in f["barcodes"]]
        for t in f.get("tracking", []):
            valid = {True: "check digit valid", False: "check digit WRONG", None: "no check digit"}[t["valid"]]
            out.append(f"  tracking number: {t['number']} ({t['format']}, {valid}; from the {t['from']})")
        if f.get("order"):
            out.append("  order page: " + ", ".join(f"{k} {v}" for k, v in f["order"].items()))
    a = data["agreement"]
    if a:
        said = [x for x in (f"{a['currency'] or ''} {a['amount']}".strip() if a["amount"] else "", a["date"]) if x]
        out.append(f'seller\'s agreement: "{a["quote"]}" ({", ".join([a["file"], *said])})')
    out += [f"note: {n}" for n in data["notes"]]
    out += [f"{f['level']}: {f['message']}" for f in data["findings"]]
    if not data["files"]:
        out.append("no pictures to read (chat/, listing/, documents/ or photos/)")
    return out


def _box(b: tuple[float, float, float, float]) -> list[float]:
    return [round(v, 4) for v in b]


def file_dict(f: FileReading) -> dict[str, object]:
    """One picture's readings as JSON-ready data (boxes: x, y, w, h in fractions of the picture)."""
    out: dict[str, object] = {"file": f.rel, "kind": f.kind, "sha256": f.sha256}
    if f.error:
        out["error"] = f.error
    if f.lines is not None:
        out["text"] = [{"text": t.text, "box": _box(t.box), "score": t.score} for t in f.lines]
    out["barcodes"] = [{"text": b.text, "format": b.format, "box": _box(b.box)} for b in f.barcodes]
    chat = f.transcript
    if chat is not None:
        out["transcript"] = [
            {
                "side": m.side,
                "text": m.text,
                "date": m.date.isoformat() if m.date else None,
                "time": m.time,
                "box": _box(m.box),
            }
            for m in chat.messages
        ]
    tracking = f.tracking()
    if tracking:
        out["tracking"] = [
            {"number": t.number.text, "format": t.number.format, "valid": t.number.valid, "from": t.source}
            for t in tracking
        ]
    order = f.order()
    if order is not None:
        out["order"] = {k: v for k, v in order.__dict__.items() if v is not None}
    return out


def read_case(case_dir: Path | str, progress: Progress | None = None, jobs: int = 0) -> ReadReport:
    """Read the pictures of a case (cached), and compare what was read with case.toml."""
    from evidence_pack.build import default_out
    from evidence_pack.workers import worker_pool

    case = load_case(case_dir)
    sources = [s for s in discover(case.root, case.evidence, exclude=(default_out(case.root),)) if any(wanted(s, True))]
    hashes = _hashes(sources)
    with worker_pool(jobs, len(sources)) as pool:
        readings = read_sources(sources, hashes, pool, progress)
    report = ReadReport(case.root, readings, reading_findings(case, readings, _text_matters(sources)))
    found = found_agreement(case, readings)
    if found is not None:
        report.agreement = {
            "file": found.rel,
            "quote": found.quote,
            "amount": str(found.amount.value) if found.amount else None,
            "currency": found.amount.currency if found.amount else None,
            "date": found.date.isoformat() if found.date else None,
            "box": _box(found.box),
        }
    return report


def check_readings(case: Case, sources: list[SourceFile], progress: Progress | None = None) -> list[Finding]:
    """What `check` adds from reading the pictures (cached, so a check after a build reads nothing)."""
    sources = [s for s in sources if any(wanted(s, True))]
    readings = read_sources(sources, _hashes(sources), None, progress)
    return reading_findings(case, readings, _text_matters(sources))


def _hashes(sources: list[SourceFile]) -> dict[str, str]:
    out = {}
    for s in sources:
        try:
            out[s.rel] = sha256_file(s.path)
        except OSError:
            continue  # said by the file checks; nothing to read
    return out


def _text_matters(sources: list[SourceFile]) -> bool:
    return any(s.kind in ("chat", "listing") and s.content == "image" for s in sources)


def read_order_pages(folder: Path) -> tuple[str, OrderDetails]:
    """The order details read from the order page screenshots in a folder (for `init --from`): the
    first picture that shows an order number, else the one that shows most. Needs the reading extra."""
    from evidence_pack.errors import CaseError
    from evidence_pack.folder.sniff import sniff
    from evidence_pack.read import ocr

    if not ocr.available():
        raise ocr.OcrUnavailableError(
            f"reading an order page needs the reading extra; install it with {ocr.INSTALL_HINT}"
        )
    if not folder.is_dir():
        raise CaseError(f"{folder}: no such folder; give the folder that holds the order page screenshots")
    sources = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if sniff(path) == "image":
            sources.append(SourceFile(path.name, path, "document", "image", path.stat().st_size, None))
    if not sources:
        raise CaseError(f"{folder}: no pictures in this folder; put the order page screenshots there")
    readings = read_sources(sources, _hashes(sources), None, None, text=True)
    pages = [(f.rel, d) for f in readings.files if (d := f.order()) is not None]
    if not pages:
        raise CaseError(
            f"{folder}: no order details could be read from {len(sources)} picture(s); "
            "use a screenshot of the order's details page, or answer the questions yourself"
        )
    return max(pages, key=lambda p: (p[1].order_id is not None, len(p[1].proposals())))
