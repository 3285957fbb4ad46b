"""What the evidence PDF is made from, and how it is laid out (chosen by pdf.fit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from evidence_pack.case import Case
from evidence_pack.compare import Comparison
from evidence_pack.exhibits import Exhibit, InputRecord
from evidence_pack.ingest import Picture
from evidence_pack.read.readings import Readings


@dataclass(frozen=True)
class Layout:
    """How the exhibits are laid out: chosen by the fitting step (fit.py) to meet a page or byte budget."""

    per_page: int = 1  # pictures per page: 1, or a grid of 2, 4, 6 or 9
    frame_pages: bool = True  # a full page per video frame besides the frame sheet
    min_pt: float = 0  # smallest text size (card networks ask for 10 pt)


@dataclass(frozen=True)
class PdfRequest:
    case: Case
    exhibits: list[Exhibit]
    records: list[InputRecord]
    justification: str
    platform_name: str
    generated_at: dt.datetime
    page: str = "A4"
    layout: Layout = Layout()
    images: dict[Path, Picture] = field(default_factory=dict)  # smaller copies to use instead, by original path
    # the text read from the pictures (read/): a text layer over chat exhibits and their transcript pages
    readings: Readings = field(default_factory=Readings)
    comparisons: tuple[Comparison, ...] = ()  # listing against item received: a side-by-side page each

    @property
    def min_pt(self) -> float:
        return self.layout.min_pt

    def image(self, pic: Picture) -> Picture:
        return self.images.get(pic.path, pic)
