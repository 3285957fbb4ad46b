"""What the review knows of each file, and what it finds: plain data shared by check, read and build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FileFacts:
    rel: str
    kind: str | None
    ok: bool
    captured_at: dt.datetime | None = None
    has_metadata: bool = True
    video: Mapping[str, object] | None = None  # what reading a video found (Ingested.video's keys)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning" | "advice"
    code: str
    message: str
    file: str | None = None
    message_ja: str | None = None  # the same in Japanese, shown when the case's language is ja

    def text(self, lang: str) -> str:
        return self.message_ja if lang == "ja" and self.message_ja else self.message

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"level": self.level, "code": self.code, "message": self.message}
        if self.message_ja:
            d["message_ja"] = self.message_ja
        if self.file:
            d["file"] = self.file
        return d
