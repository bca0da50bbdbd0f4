"""A progress bar on stderr for the command line's long steps (rebuilding a read model, verifying the log)."""

from __future__ import annotations

import sys
from collections.abc import Callable


def progress_bar(name: str, total: int) -> Callable[[int], None]:
    """A function that redraws the bar, in place, for a position out of `total`."""

    def show(position: int) -> None:
        done = min(position, total) / total if total else 1.0
        bar = "#" * int(done * 30)
        print(f"\r{name:>12} [{bar:<30}] {done:4.0%} {position}/{total}", end="", file=sys.stderr, flush=True)

    return show
