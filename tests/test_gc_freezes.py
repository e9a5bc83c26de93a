"""The collector helpers know whether anything is frozen without counting the frozen objects
(``gc.get_freeze_count()`` walks them all: a quarter of a server request's CPU once the worker
froze its start-up objects). Each test runs in a fresh interpreter: a freeze for life cannot
be undone in this one."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.service_support import REPO


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_after_a_freeze_for_life_nothing_walks_the_frozen_objects() -> None:
    out = _run(
        """
        import gc
        from checker import gc_passes

        counted = []
        real = gc.get_freeze_count
        gc_passes.gc.get_freeze_count = lambda: counted.append(1) or real()  # a spy, not a fake
        kept = [[n] for n in range(50_000)]
        gc_passes.freeze_for_life()
        frozen = real()
        assert frozen > 50_000, frozen
        with gc_passes.collector_paused():
            made = [[n] for n in range(1000)]
        assert real() == frozen  # the server's freeze is kept, nothing more frozen for good
        assert gc.isenabled()
        assert gc.is_tracked(made[0])
        print(len(counted))
        """
    )
    assert out == "0"


def test_a_callers_own_freeze_is_still_seen() -> None:
    out = _run(
        """
        import gc
        from checker import gc_passes

        gc.freeze()  # not through gc_passes: the interpreter is asked
        frozen = gc.get_freeze_count()
        with gc_passes.collector_paused():  # ages what it made: the freeze is seen, kept
            [[n] for n in range(10)]
        print(gc.get_freeze_count() == frozen)
        """
    )
    assert out == "True"
