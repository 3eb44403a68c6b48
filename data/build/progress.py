"""Progress on the console for builds longer than a few seconds: elapsed time,
a bar of the steps done, the step and its rows, one line a step (so it reads
the same in a terminal and in a scheduler's log)."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, enabled: bool = True, steps: int = 0, stream=None):
        self.enabled, self.steps, self.done = enabled, steps, 0
        self.stream = stream or sys.stderr
        self.t0 = time.perf_counter()

    def __call__(self, step: str, rows: int | None = None) -> None:
        self.done += 1
        if not self.enabled:
            return
        bar = ""
        if self.steps:
            filled = min(20, round(20 * self.done / self.steps))
            bar = "[" + "#" * filled + "-" * (20 - filled) + "] "
        count = f": {rows:,} rows" if rows is not None else ""
        print(f"[{time.perf_counter() - self.t0:6.1f}s] {bar}{step}{count}", file=self.stream, flush=True)
