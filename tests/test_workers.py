"""The worker processes: their preload names real modules, and each task's freed memory goes back to the
system (a worker that decoded a video must not hold its buffers until the build ends)."""

from __future__ import annotations

import pytest

from evidence_pack import workers


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


_KEPT: list[bytearray] = []


def _allocate_and_free() -> int:
    """80 MB in blocks glibc serves from its heap, all freed but the last (which keeps the heap from
    shrinking at its top on its own)."""
    blocks = [bytearray(b"x" * 65_536) for _ in range(1_300)]
    _KEPT.append(blocks.pop())
    del blocks
    return 1


@pytest.mark.skipif(workers._libc() is None, reason="malloc_trim is glibc's; this system has another C library")
def test_a_task_gives_back_the_memory_it_freed():
    before = _rss_kb()
    assert workers._run_and_trim(_allocate_and_free) == 1
    assert _rss_kb() - before < 30_000  # of the 85 MB touched
    _KEPT.clear()


def test_preload_lists_name_modules_that_exist():
    for preload in (workers.BUILD_PRELOAD, workers.BATCH_PRELOAD):
        workers.process_context(preload)
    with pytest.raises(RuntimeError, match=r"evidence_pack\.no_such_room"):
        workers.process_context(("evidence_pack.no_such_room",))
