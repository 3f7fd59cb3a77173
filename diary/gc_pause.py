"""The cyclic garbage collector paused around work that makes many small objects.

An analysis (records, day records, reasons) or a FHIR bundle (a tree of dicts) makes tens of
thousands of objects without cycles, which reference counting frees as they go. The collector's
passes over them, and over everything a worker keeps, were a fifth of a 12-month dashboard's
time and a third of a busy diary's export. What the work leaves in cycles is collected once the
collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """The collector off for the block, and back on after it (also when the block fails)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
