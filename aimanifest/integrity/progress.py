"""A one-line progress bar on standard error, for hashing that takes more than a moment.

Written here rather than taken from a library: it is forty lines, and a dependency would cost
start-up time and an install for every user. It draws only on a terminal, waits half a second
before the first draw (short work stays silent), redraws at most ten times a second, and is
safe to advance from the hashing threads.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

_WIDTH = 24
_FIRST_DRAW = 0.5
_INTERVAL = 0.1


def _human(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"


class Progress:
    """Bytes done out of ``total``; call :meth:`advance` from any thread, :meth:`close` once."""

    def __init__(self, total: int, label: str, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream
        self.done = 0
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._next_draw = self._start + _FIRST_DRAW
        self._drawn = False

    def advance(self, count: int) -> None:
        with self._lock:
            self.done += count
            now = time.monotonic()
            if now >= self._next_draw:
                self._next_draw = now + _INTERVAL
                self._draw(now)

    def _draw(self, now: float) -> None:
        fraction = min(self.done / self.total, 1.0)
        filled = int(fraction * _WIDTH)
        rate = self.done / max(now - self._start, 1e-9)
        line = (
            f"\r{self.label} [{'#' * filled}{'.' * (_WIDTH - filled)}] {fraction:4.0%}  "
            f"{_human(self.done)} / {_human(self.total)}  {_human(rate)}/s "
        )
        self.stream.write(line)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar, so that the report starts on a clean line."""
        with self._lock:
            if self._drawn:
                self.stream.write("\r\033[K")
                self.stream.flush()
                self._drawn = False


def progress_bar(total: int, label: str, *, enabled: bool) -> Progress | None:
    """A bar on standard error when ``enabled`` and standard error is a terminal, else None."""
    stream = sys.stderr
    if not enabled or stream is None or not stream.isatty():
        return None
    return Progress(total, label, stream)
