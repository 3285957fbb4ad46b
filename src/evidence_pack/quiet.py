"""Keep what the decoding libraries print away from the user: only the tool's own messages reach stderr.

Three kinds of stray lines were seen while reading hostile files:
  - Python logging from the libraries (Pillow's TIFF plugin logs "More samples per pixel than can be
    decoded: 65535"; pypdf logs "EOF marker not found" for a truncated PDF);
  - Python warnings (Pillow's "Corrupt EXIF data", decompression-bomb and palette warnings);
  - C libraries writing straight to file descriptor 2 (libtiff's error handler prints "ZIPDecode: ZLib
    error" and "Using code not yet in table"; Pillow disables libtiff's warning handler but not its
    error handler and offers no way to set it).
The first kind is cut at the source for good (the library loggers get a handler of ours and stop
propagating); the other two are captured around each read with quiet(). Each failure they accompany
already becomes a MediaError saying what to do, so nothing the user needs is lost. With
EVIDENCE_PACK_DEBUG set the captured lines are printed (prefixed "library:") for whoever debugs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator
from typing import IO

# Loggers of the libraries that read evidence; their records never reach logging's last-resort
# handler (which prints WARNING and above to stderr when an application configured nothing).
LIBRARY_LOGGERS = ("PIL", "pypdf", "pillow_heif", "libav")

_lock = threading.Lock()
_depth = 0
_lines: list[str] = []
_saved_fd: int | None = None
_capture: IO[bytes] | None = None
_warnings: warnings.catch_warnings | None = None
_caught: list[warnings.WarningMessage] = []


class _Collect(logging.Handler):
    """Keeps a library's log records while quiet() is active; drops them otherwise."""

    def emit(self, record: logging.LogRecord) -> None:
        if _depth:
            _lines.append(f"{record.name}: {record.getMessage()}")


def _install_log_handler() -> None:
    handler = _Collect(logging.DEBUG)
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, _Collect) for h in logger.handlers):
            logger.addHandler(handler)
        logger.propagate = False


_install_log_handler()


def _start() -> None:
    """First entry: capture fd 2 in a temporary file and catch Python warnings."""
    global _saved_fd, _capture, _warnings, _caught
    _lines.clear()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    try:
        _saved_fd = os.dup(2)
    except OSError:  # no fd 2 at all (a daemon): nothing can reach the user anyway
        _saved_fd = None
    if _saved_fd is not None:
        try:  # a file, not a pipe: a library writing more than a pipe holds must never block
            _capture = tempfile.TemporaryFile()  # noqa: SIM115 - kept open while fd 2 points at it
        except OSError:  # no writable temporary folder: leave fd 2 alone rather than fail the read
            os.close(_saved_fd)
            _saved_fd = None
        else:
            os.dup2(_capture.fileno(), 2)
    _warnings = warnings.catch_warnings(record=True)
    log = _warnings.__enter__()  # the list the warnings are appended to (record=True): keep that very list
    _caught = log if log is not None else []
    warnings.simplefilter("always")


def _stop() -> None:
    """Last exit: give fd 2 back and keep what was written to it."""
    global _saved_fd, _capture, _warnings
    if _warnings is not None:
        _lines.extend(f"warning: {w.message}" for w in _caught)
        _warnings.__exit__(None, None, None)
        _warnings = None
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    if _saved_fd is not None and _capture is not None:
        os.dup2(_saved_fd, 2)
        os.close(_saved_fd)
        _capture.seek(0)
        text = _capture.read().decode("utf-8", "replace")
        _capture.close()
        _lines.extend(line for line in text.splitlines() if line.strip())
    _saved_fd, _capture = None, None
    if os.environ.get("EVIDENCE_PACK_DEBUG"):
        for line in _lines:
            print(f"library: {line}", file=sys.stderr)


@contextlib.contextmanager
def quiet() -> Iterator[list[str]]:
    """Run a read with the libraries' stderr output, log records and warnings captured.

    Yields a list that holds, once the outermost quiet() of the process ends, what the libraries
    said (for debugging; messages to the user come from MediaError). Nesting and concurrent use from
    several threads are safe: the first entry redirects, the last exit restores, under a lock. While
    active, anything any thread of this process writes to fd 2 is captured; the evidence-pack code
    that runs meanwhile prints nothing (reading happens in workers or before any report is printed).
    """
    global _depth
    with _lock:
        if _depth == 0:
            _start()
        _depth += 1
    said: list[str] = []
    try:
        yield said
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _stop()
                said.extend(_lines)
