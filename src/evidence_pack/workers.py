"""The worker processes a build spreads its image work over (decoding, cards)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each task at once in this process: for one core, or too little work to share."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:  # type: ignore[override]
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


def process_context(preload: list[str]) -> multiprocessing.context.BaseContext:
    """Workers start from a clean process: forking a parent that already runs FFmpeg or libheif
    threads can crash the child, so the forkserver (preloaded with the heavy imports) is used."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(preload + ["av", "pillow_heif"])
    return ctx


@contextlib.contextmanager
def worker_pool(jobs: int, tasks: int) -> Iterator[Executor]:
    """A process pool of `jobs` workers (0: one per core), or inline execution when that is better."""
    jobs = jobs or (os.cpu_count() or 1)
    if jobs <= 1 or tasks < 4:
        yield InlineExecutor()
        return
    with ProcessPoolExecutor(max_workers=min(jobs, tasks), mp_context=process_context(["evidence_pack.ingest", "evidence_pack.upload"])) as pool:
        yield pool
