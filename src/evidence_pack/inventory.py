"""The account of every input file: hashed, and either an exhibit or left out with its reason.

The manifest and the PDF's integrity appendix are both written from this one list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputRecord:
    rel: str
    kind: str | None
    bytes: int
    sha256: str
    exhibit: int | None = None
    reason: str | None = None  # why it is not an exhibit
    captured_at: str | None = None
    details: tuple[tuple[str, object], ...] = ()

    @property
    def status(self) -> str:
        return f"Exhibit {self.exhibit}" if self.exhibit is not None else f"not included: {self.reason}"
