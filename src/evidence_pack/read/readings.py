"""The readings of a case's pictures, the one API `build`, `check` and `read` call.

Barcodes are read always (zxing-cpp, on the build's worker pool); text (OCR) only with the reading extra,
in one worker process of its own that loads the model once per run. Every reading is cached by the
picture's SHA-256 (cache.py), so an unchanged case reads nothing again and starts no OCR worker.
Pictures are decoded as the pack decodes them (upright, the redacted boxes blacked out first): nothing
the buyer hid is read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evidence_pack.folder.discover import SourceFile
from evidence_pack.read import cache, ocr
from evidence_pack.read.agreement import Agreement, best_agreement, find_agreements
from evidence_pack.read.barcodes import Barcode, Box
from evidence_pack.read.chat import Transcript, transcript
from evidence_pack.read.ocr import TextLine
from evidence_pack.read.order import OrderDetails, order_details
from evidence_pack.read.tracking import TrackingNumber, classify

if TYPE_CHECKING:
    from PIL import Image

    from evidence_pack.read.shared import Address, RemoteText

TEXT_KINDS = ("chat", "listing", "document")
BARCODE_KINDS = ("photo", "listing", "document")
# Photos are read for text only when they are labels (OCR takes a second a picture; 40 photos would take
# a minute): by their file name or caption.
_LABEL = re.compile(r"label|tracking|waybill|parcel|package|伝票|送り状|ラベル|面单|快递|运单", re.IGNORECASE)
# A tracking number printed on a label or an order page: S10, Cainiao LP, or another carrier's form.
_NUMBER_IN_TEXT = re.compile(r"\b([A-Z]{2}\d{9}[A-Z]{2}|LP\d{12,14}|1Z[0-9A-Z]{16}|(YT|CNG)[0-9A-Z]{10,20})\b")
_GROUPED = re.compile(r"(?<=[A-Z0-9])[\s-](?=[A-Z0-9])")  # labels print "RR 1234 5678 5CN"

Progress = Callable[[int, int, str], None]  # (done, total, file being read)


@dataclass(frozen=True)
class TrackingSeen:
    number: TrackingNumber
    rel: str
    source: str  # "barcode" or "text"


@dataclass(frozen=True)
class FileReading:
    rel: str
    kind: str
    sha256: str
    aspect: float  # height / width of the picture read
    lines: tuple[TextLine, ...] | None = None  # None when its text was not read
    barcodes: tuple[Barcode, ...] = ()
    error: str | None = None

    @property
    def transcript(self) -> Transcript | None:
        if self.kind != "chat" or self.lines is None:
            return None
        return transcript(list(self.lines), self.aspect)

    def tracking(self) -> list[TrackingSeen]:
        seen: dict[str, TrackingSeen] = {}
        for b in self.barcodes:
            number = classify(b.text)
            if number.format != "unknown":
                seen.setdefault(number.text, TrackingSeen(number, self.rel, "barcode"))
        for line in self.lines or ():
            for m in _NUMBER_IN_TEXT.finditer(_GROUPED.sub("", line.text.upper())):
                number = classify(m.group(0))
                if number.format != "unknown":
                    seen.setdefault(number.text, TrackingSeen(number, self.rel, "text"))
        return list(seen.values())

    def order(self) -> OrderDetails | None:
        if self.kind not in ("listing", "document") or not self.lines:
            return None
        details = order_details(list(self.lines))
        return None if details.empty else details


@dataclass(frozen=True)
class Readings:
    files: tuple[FileReading, ...] = ()
    text_read: bool = False  # the reading extra is installed and read the pictures' text
    notes: tuple[str, ...] = field(default=())

    def file(self, rel: str) -> FileReading | None:
        return next((f for f in self.files if f.rel == rel), None)

    def agreements(self) -> list[Agreement]:
        out: list[Agreement] = []
        for f in self.files:
            chat = f.transcript
            if chat is not None:
                out += find_agreements(f.rel, chat)
        return out

    def agreement(self, preferred: str | None = None) -> Agreement | None:
        return best_agreement(self.agreements(), preferred)

    def tracking(self) -> list[TrackingSeen]:
        return [t for f in self.files for t in f.tracking()]

    def order(self) -> tuple[str, OrderDetails] | None:
        for f in self.files:
            details = f.order()
            if details is not None and details.order_id:
                return f.rel, details
        return None


def wanted(src: SourceFile, text: bool) -> tuple[bool, bool]:
    """(read barcodes, read text) for one file."""
    if not src.regular or src.problem or src.kind is None or src.content != "image":
        return False, False
    caption = (src.entry.caption or "") if src.entry else ""
    label = bool(_LABEL.search(src.rel) or _LABEL.search(caption))
    return src.kind in BARCODE_KINDS, text and (src.kind in TEXT_KINDS or (src.kind == "photo" and label))


def _redact(src: SourceFile) -> tuple[Box, ...]:
    return src.entry.redact if src.entry else ()


def _decoded(src: SourceFile) -> object:
    from evidence_pack.ingest import decode_for_pack, redact

    img, _ = decode_for_pack(src.path, src.rel, src.kind)
    return redact(img, _redact(src))


def _barcode_task(src: SourceFile) -> dict[str, Any]:
    from PIL import Image

    from evidence_pack.errors import MediaError

    try:
        img = _decoded(src)
    except MediaError as exc:
        return {"error": exc.reason}
    assert isinstance(img, Image.Image)
    return barcodes_of(src, img)


def barcodes_of(src: SourceFile, img: Image.Image) -> dict[str, Any]:
    """The barcodes of a picture already decoded as the pack decodes it (ingest calls this on the pixels
    it has in hand, so no picture is decoded twice); the cache's form of the result."""
    from evidence_pack.read.barcodes import read_barcodes

    found = read_barcodes(img, thorough=_thorough(src))
    return {"aspect": img.height / img.width, "barcodes": [[b.text, b.format, list(b.box)] for b in found]}


def _thorough(src: SourceFile) -> bool:
    """Retry turned and enlarged (about a second) only for pictures said to be labels, by name or caption."""
    return bool(_LABEL.search(src.rel) or (src.entry and src.entry.caption and _LABEL.search(src.entry.caption)))


def cached_barcodes_of(src: SourceFile, sha: str, img: Image.Image) -> dict[str, Any]:
    """barcodes_of, through the cache read_sources uses: a rebuild reads no label again (a label whose
    barcode cannot be read costs about a second of retries)."""
    name = _cache_key("barcodes", sha, src)
    hit = cache.load(name)
    return hit if isinstance(hit, dict) else _keep(name, barcodes_of(src, img))


_ENGINE: ocr.OcrEngine | None = None


def _start_engine(main_pid: int) -> None:
    """The OCR worker's start: ends with the build, loads the model once for every picture it reads.
    Ctrl-C is the build's to handle: it stops this worker itself (TextWorker.close), so that an
    interrupted reading is never taken for a failed one."""
    import signal

    from evidence_pack.workers import die_with_parent

    global _ENGINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(main_pid)
    _ENGINE = ocr.OcrEngine()


def _text_task(src: SourceFile) -> dict[str, Any]:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = ocr.OcrEngine()
    return text_reading(_ENGINE, src)


def text_reading(engine: ocr.OcrEngine, src: SourceFile) -> dict[str, Any]:
    """The text of one picture, decoded as the pack decodes it, read by `engine`: the cache's form."""
    from PIL import Image

    from evidence_pack.errors import MediaError

    try:
        img = _decoded(src)
    except MediaError as exc:
        return {"error": exc.reason}
    assert isinstance(img, Image.Image)
    lines = engine.read(img)
    return {
        "aspect": img.height / img.width,
        "lines": [[t.text, list(t.box), t.score] for t in lines],
    }


def read_sources(
    sources: list[SourceFile],
    hashes: dict[str, str],
    pool: Executor | None = None,
    progress: Progress | None = None,
    text: bool | None = None,
    started: TextWorker | RemoteText | None = None,
    barcodes: dict[str, dict[str, Any]] | None = None,
) -> Readings:
    """Read every picture of the case that can say something (hashes: SHA-256 by file, as ingest found
    them). text=None reads text when the reading extra is installed; `started` is the text reading
    start_text began early; `barcodes` are results ingest already has (see barcodes_of)."""
    text = ocr.available() if text is None else text
    notes: list[str] = []
    results: dict[str, dict[str, dict[str, Any]]] = {}
    bar_jobs: list[tuple[SourceFile, str]] = []
    text_jobs: list[tuple[SourceFile, str]] = []
    for src in sources:
        sha = hashes.get(src.rel)
        want_bar, want_text = wanted(src, text)
        if not sha or not (want_bar or want_text):
            continue
        results[src.rel] = {}
        for what, want, jobs in (("barcodes", want_bar, bar_jobs), ("text", want_text, text_jobs)):
            if not want:
                continue
            if what == "barcodes" and barcodes and src.rel in barcodes:  # read (or cached) by ingest already
                results[src.rel][what] = barcodes[src.rel]
                continue
            name = _cache_key(what, sha, src)
            hit = cache.load(name)
            if isinstance(hit, dict):
                results[src.rel][what] = hit
            else:
                jobs.append((src, name))
    futures: list[tuple[str, str, str, Future[dict[str, Any]]]] = []
    for src, name in bar_jobs:
        futures.append((src.rel, "barcodes", name, _submit(pool, _barcode_task, src)))
    for rel, what, name, fut in futures:
        results[rel][what] = _keep(name, fut.result())
    if text_jobs:
        try:
            early = started.results(progress) if started is not None else {}
            rest = [(src, name) for src, name in text_jobs if name not in early]
            done = {**early, **(TextWorker(rest).results(progress) if rest else {})}
            for src, name in text_jobs:
                results[src.rel]["text"] = _keep(name, done[name])
        except Exception as exc:  # the extra is broken or its worker died: the build goes on without text
            from evidence_pack.errors import describe

            notes.append(f"the text of the pictures could not be read ({describe(exc)}); reinstall {ocr.INSTALL_HINT}")
            text = False
    files = []
    by_rel = {s.rel: s for s in sources}
    for rel, parts in results.items():
        src = by_rel[rel]
        files.append(_reading(src, hashes[rel], parts.get("barcodes"), parts.get("text")))
    return Readings(tuple(files), text_read=text, notes=tuple(notes))


@functools.cache
def _zxing_version() -> str:
    from importlib.metadata import version

    return f"zxing-cpp {version('zxing-cpp')}"


def _cache_key(what: str, sha: str, src: SourceFile) -> str:
    # barcodes change with the label retry and the zxing version; text with the OCR engine's version
    engine = ocr.engine_version() if what == "text" else _zxing_version()
    thorough = what == "barcodes" and _thorough(src)
    return cache.key(what, sha, src.kind, [list(b) for b in _redact(src)], engine, thorough)


def _submit(
    pool: Executor | None, fn: Callable[[SourceFile], dict[str, Any]], src: SourceFile
) -> Future[dict[str, Any]]:
    if pool is not None:
        return pool.submit(fn, src)
    fut: Future[dict[str, Any]] = Future()
    fut.set_result(fn(src))
    return fut


def _keep(name: str, value: dict[str, Any]) -> dict[str, Any]:
    if "error" not in value:  # a file that cannot be decoded is said again each time, never cached
        cache.store(name, value)
    return value


class TextWorker:
    """Reads the text of pictures in one worker process of its own that loads the model once; the
    worker's memory (about 600 MB) goes back when the reading is done. Started early, it reads while
    the build decodes the other files."""

    def __init__(self, jobs: list[tuple[SourceFile, str]]) -> None:
        import os
        from concurrent.futures import ProcessPoolExecutor

        from evidence_pack.workers import process_context

        self.jobs = jobs
        self.executor = ProcessPoolExecutor(
            max_workers=1, mp_context=process_context(), initializer=_start_engine, initargs=(os.getpid(),)
        )
        self.futures = [(src, name, self.executor.submit(_text_task, src)) for src, name in jobs]
        self.done: dict[str, dict[str, Any]] = {}

    def results(self, progress: Progress | None) -> dict[str, dict[str, Any]]:
        """Every reading by its cache name, waiting for those not finished (progress as they come)."""
        total = len(self.futures)
        try:
            for k, (src, name, fut) in enumerate(self.futures):
                if progress and name not in self.done:
                    progress(k, total, src.rel)
                self.done[name] = fut.result()
            if progress and total:
                progress(total, total, self.futures[-1][0].rel)
        finally:
            self.close()
        return self.done

    def close(self) -> None:
        """Stop the worker (at once when the build failed or was interrupted)."""
        procs = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            if proc.is_alive() and not all(f.done() for _, _, f in self.futures):
                proc.kill()
            proc.join(5)


def start_text(sources: list[SourceFile], shared: Address | None = None) -> TextWorker | RemoteText | None:
    """Start reading the text of the pictures that need it and are not cached (hashing those pictures
    here: chat screenshots are small), so that the model loads while the build decodes the rest. In a
    batch, `shared` is the batch's reader (read/shared.py): its model is loaded once for every case."""
    if not ocr.available():
        return None
    jobs = []
    for src in sources:
        if not wanted(src, True)[1]:
            continue
        try:
            from evidence_pack.ingest import sha256_file

            name = _cache_key("text", sha256_file(src.path), src)
        except OSError:
            continue
        if cache.load(name) is None:
            jobs.append((src, name))
    if not jobs:
        return None
    if shared is not None:
        from evidence_pack.read.shared import RemoteText

        try:
            return RemoteText(shared, jobs)
        except OSError:  # the batch's reader is gone: this case reads for itself, as a lone build does
            pass
    return TextWorker(jobs)


def _reading(src: SourceFile, sha: str, bar: dict[str, Any] | None, txt: dict[str, Any] | None) -> FileReading:
    error = next((str(p["error"]) for p in (bar, txt) if p and "error" in p), None)
    aspect = next((float(p["aspect"]) for p in (txt, bar) if p and "aspect" in p), 1.0)
    barcodes = tuple(
        Barcode(str(t), str(f), (float(b[0]), float(b[1]), float(b[2]), float(b[3])))
        for t, f, b in (bar or {}).get("barcodes", [])
    )
    lines = None
    if txt is not None and "lines" in txt:
        lines = tuple(
            TextLine(str(t), (float(b[0]), float(b[1]), float(b[2]), float(b[3])), float(s)) for t, b, s in txt["lines"]
        )
    return FileReading(src.rel, src.kind or "photo", sha, aspect, lines, barcodes, error)
