"""One error tree for the whole library; the CLI maps it to exit codes in one place."""

from __future__ import annotations


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
    """An evidence file cannot be read as what it claims to be."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class UnreadableEvidenceError(EvidencePackError):
    """One or more evidence files could not be read; lists them all."""


class VideoError(MediaError):
    """A video cannot be opened or decoded."""


class RenderError(EvidencePackError):
    """The PDF, texts or upload files could not be produced."""


class OutputError(EvidencePackError):
    """The output folder cannot be written."""
