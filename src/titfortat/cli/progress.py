"""A one-line progress report on stderr with stories/s, for `code` and `ingest`."""

from __future__ import annotations

import sys
import time


class Progress:
    """Rewrites one stderr line at most twice a second on a terminal; elsewhere prints a
    line at most every `every` seconds (logs stay short)."""

    def __init__(self, enabled: bool, label: str, every: float = 0.5) -> None:
        self.enabled = enabled
        self.label = label
        self.tty = sys.stderr.isatty()
        self.every = every if self.tty else max(every, 10.0)
        self.start = time.monotonic()
        self.last = self.start

    def update(self, stories: int, events: int, skipped: int, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self.last < self.every):
            return
        self.last = now
        rate = stories / max(now - self.start, 1e-9)
        print(f"{chr(13) if self.tty else ''}{self.label}: {stories} stories ({rate:.1f}/s), "
              f"{events} events, {skipped} skipped", end="\n" if final or not self.tty else "",
              file=sys.stderr, flush=True)

    def clear(self) -> str:
        """What to print before a message so it does not land on the progress line."""
        return "\r\033[K" if self.enabled and self.tty else ""
