"""The one exception the CLI turns into a clear message instead of a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the file (and line, when known) and the problem."""

    def __init__(self, path: object, problem: str, line: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")
