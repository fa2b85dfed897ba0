"""A one-line progress bar on standard error, for work that takes more than a moment.

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


def _count(count: float) -> str:
    return f"{count:,.0f}"


class Progress:
    """Work done out of ``total``; call :meth:`advance` from any thread, :meth:`close` once.

    ``unit`` ``"B"`` shows bytes (hashing); any other unit counts items (``"manifests"``).
    A ``total`` of 0 means not known in advance: the count and rate are shown, without a bar.
    """

    def __init__(self, total: int, label: str, stream: TextIO, unit: str = "B") -> None:
        self.known = total > 0
        self.total = max(total, 1)
        self.unit = unit
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
        rate = self.done / max(now - self._start, 1e-9)
        if self.unit == "B":
            done, total, speed = _human(self.done), _human(self.total), f"{_human(rate)}/s"
        else:
            done, total = _count(self.done), _count(self.total)
            speed = f"{_count(rate)} {self.unit}/s"
        if self.known:
            fraction = min(self.done / self.total, 1.0)
            filled = int(fraction * _WIDTH)
            bar = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {fraction:4.0%}  "
            line = f"\r{self.label} {bar}{done} / {total}  {speed} "
        else:
            line = f"\r{self.label} {done} {'' if self.unit == 'B' else self.unit}  {speed} "
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


def progress_bar(total: int, label: str, *, enabled: bool, unit: str = "B") -> Progress | None:
    """A bar on standard error when ``enabled`` and standard error is a terminal, else None."""
    stream = sys.stderr
    if not enabled or stream is None or not stream.isatty():
        return None
    return Progress(total, label, stream, unit)
