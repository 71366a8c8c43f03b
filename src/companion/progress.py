"""Progress of a long build, on stderr.

On a terminal: a Rich progress bar (episodes, MB, time left), shown only once
a build has run for a second, so short builds print nothing. Elsewhere (a log
file, CI): a plain line every `interval` seconds. With quiet: nothing.
Messages printed during a build go through `echo`, above the bar.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

SHOW_AFTER = 1.0  # seconds before the bar appears
PLAIN_INTERVAL = 10.0  # seconds between plain progress lines


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    def __init__(self, episodes: int, size: int, *, quiet: bool = False, stream: TextIO | None = None,
                 terminal: bool | None = None, interval: float = PLAIN_INTERVAL, clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.total_episodes, self.total_size = episodes, size
        self.done_episodes = self.done_size = 0
        self.interval, self.clock = interval, clock
        self.start = clock()
        self.last_line = self.start
        self._bar = None

    def echo(self, line: str) -> None:
        """A message (warning, failure...) on stderr, above the bar when there is one."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def advance(self, size: int) -> None:
        self.done_episodes += 1
        self.done_size += size
        if self.quiet:
            return
        now = self.clock()
        if self.terminal:
            if self._bar is None and now - self.start >= SHOW_AFTER and self.done_episodes < self.total_episodes:
                self._start_bar()
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done_size, episodes=self._count())
        elif now - self.last_line >= self.interval:
            self.last_line = now
            print(self.line(now), file=self.stream, flush=True)

    def _count(self) -> str:
        return f"{self.done_episodes:,}/{self.total_episodes:,} episodes"

    def line(self, now: float) -> str:
        elapsed = now - self.start
        text = (f"progress: {self._count()}, {self.done_size / 1e6:,.1f}/{self.total_size / 1e6:,.1f} MB, "
                f"{_duration(elapsed)} elapsed")
        if 0 < self.done_size < self.total_size and elapsed > 0:
            text += f", about {_duration(elapsed * (self.total_size - self.done_size) / self.done_size)} left"
        return text

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(file=self.stream, stderr=self.stream is sys.stderr)
        self._bar = Bar(TextColumn("building"), BarColumn(), TextColumn("{task.fields[episodes]}"), DownloadColumn(binary_units=False),
                        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=console, transient=False)
        self._task = self._bar.add_task("build", total=self.total_size, completed=self.done_size, episodes=self._count())
        self._bar.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done_size, episodes=self._count())
            self._bar.stop()
            self._bar = None
