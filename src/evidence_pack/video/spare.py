"""A second reader of the same video, opened on a thread while the first one decodes the first frame and
reads the timeline: opening probes the file (about 60 ms for 1080p H.264), and a long clip's keyframes are
then decoded on both readers at once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_pack.errors import EvidencePackError, describe
from evidence_pack.video.probe import open_video

if TYPE_CHECKING:
    from av.container import InputContainer


class Spare:
    """open_video(path, threads=1) begun at once; take() waits for it. The caller closes it (close() closes
    what take() has not handed over)."""

    def __init__(self, path: Path, name: str) -> None:
        self._container: InputContainer | None = None
        self._error: str | None = None
        self._thread = threading.Thread(target=self._open, args=(path, name), name="evidence-pack-open")
        self._thread.start()

    def _open(self, path: Path, name: str) -> None:
        try:
            self._container = open_video(path, name, threads=1)
        except Exception as exc:  # opened once already, so not expected: the first reader does it all
            self._error = str(exc) if isinstance(exc, EvidencePackError) else describe(exc)

    def take(self) -> tuple[InputContainer | None, str | None]:
        """The second reader (now the caller's to close), or None and why it could not be opened."""
        self._thread.join()
        container, self._container = self._container, None
        return container, self._error

    def close(self) -> None:
        self._thread.join()
        if self._container is not None:
            self._container.close()
            self._container = None
