"""One error tree for the whole library; the CLI maps it to exit codes in one place."""

from __future__ import annotations

import re


class EvidencePackError(Exception):
    """Base of every error the library raises on purpose.

    `problems` holds one line per problem when several were found at once
    (a case file with three bad fields reports all three).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[str] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class CaseError(EvidencePackError):
    """The case folder or case.toml is wrong: names the file and the field."""


class MoneyError(CaseError):
    """An amount cannot be computed or is not allowed by the order."""


class MediaError(EvidencePackError):
    """An evidence file cannot be read as what it claims to be.

    `reason` is for people (the buyer, and the reviewer who reads the PDF's appendix): what is wrong and
    what to do, in plain words. `detail` is the library's own account, kept for manifest.json.
    """

    def __init__(self, file: str, reason: str, detail: str | None = None) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        self.detail = detail


class UnreadableEvidenceError(EvidencePackError):
    """One or more evidence files could not be read; lists them all."""


class VideoError(MediaError):
    """A video cannot be opened or decoded."""


class RenderError(EvidencePackError):
    """The PDF, texts or upload files could not be produced."""


class OutputError(EvidencePackError):
    """The output folder cannot be written."""


class StrictWarningsError(EvidencePackError):
    """`--strict`: the build had warnings, each of which is an error; lists them all."""


def describe(exc: BaseException) -> str:
    """A library's own words about a failure, for manifest.json and debugging, never for the reviewer:
    its first line, without errno numbers or file paths (which would leak where the user keeps files)."""
    text = (str(exc).strip().splitlines() or [""])[0]
    text = re.sub(r"\[Errno -?\d+\]\s*", "", text)
    text = re.sub(r":\s*'[^']*'$", "", text)
    text = re.sub(r"'?(?<![\w.])/[^\s':]+'?", "the file", text).strip()
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
