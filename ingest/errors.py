"""Errors raised by the ingest pipeline.

Every error names the file and, where it helps, the 1-based line, in the form
compilers use (``report.txt:412: grade heading without a grade``) so that a user
can jump straight to the place.
"""

from __future__ import annotations


class ReportError(ValueError):
    """A file could not be read as an HMIC inspection report."""

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
