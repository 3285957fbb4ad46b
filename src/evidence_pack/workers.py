"""The worker processes a build spreads its image work over (decoding, cards)."""

from __future__ import annotations

import contextlib
import importlib.util
import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each task at once in this process: for one core, or too little work to share."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


def die_with_parent(main_pid: int) -> None:
    """End this worker process as soon as the main process `main_pid` is gone (SIGKILL included).

    Forkserver workers are not children of the main process, and they hold the fork server's
    keep-alive pipe themselves, so neither PR_SET_PDEATHSIG nor the pipes notice the main process
    dying: a watchdog thread waits on the main process (a pidfd on Linux, polling elsewhere).
    """

    def watch() -> None:
        try:
            fd = os.pidfd_open(main_pid)
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable once the process has exited
        else:
            while pid_alive(main_pid):
                time.sleep(0.25)
        os._exit(1)

    if not pid_alive(main_pid):
        os._exit(1)
    threading.Thread(target=watch, name="main-process-watchdog", daemon=True).start()


def start_time(pid: int) -> str | None:
    """A process's start time (clock ticks since boot, from /proc), which tells a reused pid from the
    original; None where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def pid_alive(pid: int, started: str | None = None) -> bool:
    """True while process `pid` runs (and, given its start time, is still the same process)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    now = start_time(pid)
    return started is None or now is None or now == started


# What the worker processes import once, in the fork server, before any of them starts. A build's workers
# decode files, read barcodes and make cards; a batch's workers run whole builds. The fork server is one
# per process and keeps the preload it was started with: a process uses one of these lists.
BUILD_PRELOAD = (
    "evidence_pack.ingest",
    "evidence_pack.upload_video",
    "evidence_pack.read.barcodes",
    "zxingcpp",
    "av",
    "pillow_heif",
)
BATCH_PRELOAD = ("evidence_pack.batch", "av", "pillow_heif")


def process_context(
    preload: tuple[str, ...] = BUILD_PRELOAD,
) -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """Workers start from a clean process: forking a parent that already runs FFmpeg or libheif
    threads can crash the child, so the forkserver (preloaded with the heavy imports) is used.

    The preload is checked by name here (importlib finds each module without importing it): a renamed
    module fails at once instead of silently dropping out of the preload."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    missing = [name for name in preload if importlib.util.find_spec(name) is None]
    if missing:
        raise RuntimeError(f"worker preload names modules that do not exist: {missing}")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(preload))
    return ctx


def warm_up(jobs: int = 0, preload: tuple[str, ...] = BUILD_PRELOAD) -> None:
    """Start the fork server now, so that its imports (about half a second) run on the other core while
    this process still imports and reads the case; the first workers then start at once."""
    if (jobs or (os.cpu_count() or 1)) <= 1:
        return
    ctx = process_context(preload)
    if isinstance(ctx, multiprocessing.context.ForkServerContext):
        from multiprocessing import forkserver

        forkserver.ensure_running()


_LIBC: Any = None


def _libc() -> Any:
    """glibc, for malloc_trim; None on other C libraries and systems. Looked up among the symbols this
    process has loaded already (Python itself links the C library): ctypes.util.find_library would run
    `ldconfig -p` in a forked copy of the worker, which briefly counted 45 MB more in a build's peak."""
    global _LIBC
    if _LIBC is None:
        import ctypes

        try:
            lib = ctypes.CDLL(None)
            _LIBC = lib if hasattr(lib, "malloc_trim") else False
        except OSError:
            _LIBC = False
    return _LIBC or None


def _run_and_trim(fn: Callable[..., T], *args: Any) -> T:
    """One task in a worker, then the memory it freed handed back to the system. glibc keeps freed blocks
    in its heaps for reuse, and raises its mmap threshold each time a large block is freed, so after one
    1080p video a worker held about 70 MB it no longer used until the build ended; malloc_trim gives the
    free pages back (measured: the standard build's peak 200 -> 186 MB, no time lost; a fixed mmap
    threshold saved 10 MB more but cost half a second of page faults)."""
    try:
        return fn(*args)
    finally:
        libc = _libc()
        if libc is not None:
            libc.malloc_trim(0)


class _TrimmingPool(Executor):
    """A process pool whose workers give back their memory after each task (see _run_and_trim)."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        assert not kwargs, "worker tasks take positional arguments"
        return self.pool.submit(_run_and_trim, fn, *args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@contextlib.contextmanager
def worker_pool(jobs: int, tasks: int) -> Iterator[Executor]:
    """A process pool of `jobs` workers (0: one per core), or inline execution when that is better."""
    jobs = jobs or (os.cpu_count() or 1)
    if jobs <= 1 or tasks < 4:
        yield InlineExecutor()
        return
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, tasks),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
        mp_context=process_context(),
    )
    try:
        yield _TrimmingPool(pool)
    except BaseException:
        # A failed or interrupted build must not wait for the workers to finish their files.
        procs = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(5)  # dead before the caller removes the folder they were writing into
        raise
    else:
        pool.shutdown(wait=True)
