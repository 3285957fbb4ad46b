"""One text reader for a whole batch: the OCR model loaded once, not once per case.

A batch starts `SharedReader`, a process that listens on a Unix socket in a private temporary folder
(with a random key). Each case's build connects to it (`RemoteText`, in place of the reader process a lone
build starts for itself), sends the pictures whose text is not cached, and gets each reading back as soon as
it is done. It holds one model per case built at once (`--jobs`), each on one thread (measured faster here
than two threads on one model), lent to whichever case asks; a case that is stopped mid-way only drops its
connection.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from evidence_pack.folder.discover import SourceFile
    from evidence_pack.read.readings import Progress

Address = tuple[str, bytes]  # the socket's path and its key, plain data for the case processes


def _serve(address: str, key: bytes, main_pid: int, models: int) -> None:
    """The reader process: accept connections, one thread each; models are loaded when first needed, at
    most `models` of them."""
    import queue
    import signal

    from evidence_pack.read import ocr, readings
    from evidence_pack.workers import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle: it stops this process
    die_with_parent(main_pid)
    free: queue.Queue[ocr.OcrEngine] = queue.Queue()
    made = threading.Semaphore(models)

    def borrow() -> ocr.OcrEngine:
        try:
            return free.get_nowait()
        except queue.Empty:
            if made.acquire(blocking=False):
                return ocr.OcrEngine()
            return free.get()

    def handle(conn: Connection) -> None:
        with conn:
            try:
                jobs: list[tuple[SourceFile, str]] = conn.recv()
                for src, name in jobs:
                    engine = borrow()
                    try:
                        result = readings.text_reading(engine, src)
                    except Exception as exc:  # one picture's failure is that picture's, as in a lone build
                        from evidence_pack.errors import describe

                        result = {"error": f"its text could not be read ({describe(exc)})"}
                    finally:
                        free.put(engine)
                    conn.send((name, result))
            except (EOFError, OSError):  # the case stopped (timeout, Ctrl-C): nothing to answer
                return

    with Listener(address, family="AF_UNIX", authkey=key) as listener:
        while True:
            try:
                conn = listener.accept()
            except (OSError, EOFError):  # a client that failed the key, or went away at once
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()


class SharedReader:
    """The batch's reader process; `address` is what each case is given."""

    def __init__(self, ctx: BaseContext, models: int = 1) -> None:
        self.folder = tempfile.mkdtemp(prefix="evidence-pack-reader-")
        path = str(Path(self.folder) / "reader.sock")
        if len(path.encode()) > 100:  # a Unix socket's path is limited (108 bytes on Linux): a long TMPDIR
            shutil.rmtree(self.folder, ignore_errors=True)
            raise OSError(f"the temporary folder's path is too long for a socket: {path}")
        key = secrets.token_bytes(32)
        self.address: Address = (path, key)
        self.process = ctx.Process(  # type: ignore[attr-defined]  # every start method's context has Process
            target=_serve, args=(path, key, os.getpid(), max(1, models)), name="text reader", daemon=True
        )
        self.process.start()

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        shutil.rmtree(self.folder, ignore_errors=True)


class RemoteText:
    """A build's side of the shared reader, with the interface of readings.TextWorker: `results` waits for
    every reading (progress as they come), `close` drops the connection."""

    def __init__(self, address: Address, jobs: list[tuple[SourceFile, str]]) -> None:
        self.jobs = jobs
        self.conn: Connection | None = None
        self.done: dict[str, dict[str, Any]] = {}
        path, key = address
        for _ in range(50):  # the reader may still be starting when the first case begins
            try:
                self.conn = Client(path, family="AF_UNIX", authkey=key)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if not Path(path).parent.is_dir():  # the reader's folder is gone: it will not come
                    break
                threading.Event().wait(0.1)
        if self.conn is None:
            raise OSError(f"the batch's text reader did not answer at {path}")
        self.conn.send(jobs)

    def results(self, progress: Progress | None) -> dict[str, dict[str, Any]]:
        assert self.conn is not None
        try:
            total = len(self.jobs)
            for k, (src, _name) in enumerate(self.jobs):
                if progress:
                    progress(k, total, src.rel)
                name, result = self.conn.recv()
                self.done[name] = result
            if progress and total:
                progress(total, total, self.jobs[-1][0].rel)
        finally:
            self.close()
        return self.done

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
