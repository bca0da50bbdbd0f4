"""The cyclic garbage collector tuned for a process that reads the log at length (a serving process, `gongkai
rebuild`): what start-up made (modules, the app, the word segmenter's dictionary) is frozen out of its passes, and
young objects are looked at after 10,000 allocations instead of 700. A page of the event feed makes about ten
containers per event: with the defaults, collections took a third of the feed's time (bench.feed), and a seventh of a
worklist's rebuild (bench.log_at_scale)."""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000


def tune_collector() -> None:
    """Freeze what exists now, and collect the young generation less often (call once start-up is done)."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
