"""The report files behind the graph: the lines a passage names, read from the file itself
(``hmickg path`` quotes them, the web page shows them).

The store keeps, for each report, its file name and SHA-256 (``hmic:sourceFile``,
``hmic:sha256``) and, for each passage, its line range. Given folders to look in, a passage's
lines are read from the file of that name whose digest matches, so what is shown is the text
the fact was read from, not a file of the same name that has changed since.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ReportError
from ingest.source import ReportSource, read_report

from .cli_common import REPORT_SUFFIXES


class SourceNotFound(LookupError):
    """No file of that name and digest in the folders given (a one-line reason)."""


class SourceDiffers(SourceNotFound):
    """A file of that name is there, but it is not the one ingested: its SHA-256 differs."""


@dataclass(frozen=True)
class SourceLines:
    file: str
    path: str
    line_start: int
    line_end: int
    first: int
    """The number of the first line in ``lines`` (context included)."""
    lines: tuple[str, ...]
    pages: tuple[int | None, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "path": self.path,
            "lineStart": self.line_start,
            "lineEnd": self.line_end,
            "lines": [
                {"n": self.first + i, "text": text, "page": page, "cited": self._cited(i)}
                for i, (text, page) in enumerate(zip(self.lines, self.pages, strict=True))
            ],
        }

    def _cited(self, i: int) -> bool:
        return self.line_start <= self.first + i <= self.line_end


class SourceFiles:
    """Report files found by name in ``folders`` (searched with their sub-folders, once)."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [Path(f) for f in folders]
        self._lock = threading.Lock()
        self._index: dict[str, list[Path]] | None = None
        self._read: dict[tuple[Path, float, int], ReportSource] = {}

    def _files(self) -> dict[str, list[Path]]:
        with self._lock:
            if self._index is None:
                index: dict[str, list[Path]] = {}
                for folder in self.folders:
                    if not folder.is_dir():
                        continue
                    for p in sorted(folder.rglob("*")):
                        if p.suffix.lower() in REPORT_SUFFIXES and p.is_file():
                            index.setdefault(p.name, []).append(p)
                self._index = index
            return self._index

    def _source(self, path: Path) -> ReportSource:
        stat = path.stat()
        key = (path, stat.st_mtime, stat.st_size)
        with self._lock:
            found = self._read.get(key)
        if found is None:
            found = read_report(path)
            with self._lock:
                if len(self._read) > 64:
                    self._read.clear()
                self._read[key] = found
        return found

    def find(self, file: str, sha256: str | None) -> ReportSource:
        """The report file named ``file`` (a bare name, as the store records it) whose digest
        is ``sha256`` (any, if None)."""
        name = Path(file).name
        if not name or name != file.strip():
            raise SourceNotFound(f"{file!r} is not a bare file name")
        candidates = self._files().get(name, [])
        if not candidates:
            where = ", ".join(str(f) for f in self.folders) or "no folder"
            raise SourceNotFound(f"{name}: not found in {where} (give its folder with --reports)")
        for path in candidates:
            try:
                source = self._source(path)
            except (ReportError, OSError):
                continue
            if sha256 is None or source.sha256 == sha256:
                return source
        raise SourceDiffers(
            f"{candidates[0]} differs from the ingested {name} (its SHA-256 is not the one "
            f"the store recorded)"
        )

    def lines(
        self, file: str, line_start: int, line_end: int, *, sha256: str | None, context: int = 2
    ) -> SourceLines:
        """Lines ``line_start``-``line_end`` (1-based, inclusive) of ``file``, with ``context``
        lines either side."""
        source = self.find(file, sha256)
        count = len(source.lines)
        if not 1 <= line_start <= line_end <= count:
            raise SourceNotFound(
                f"{file}: lines {line_start}-{line_end} are not in the file ({count} lines)"
            )
        first = max(1, line_start - context)
        last = min(count, line_end + context)
        return SourceLines(
            file=file,
            path=source.name,
            line_start=line_start,
            line_end=line_end,
            first=first,
            lines=tuple(source.line(n) for n in range(first, last + 1)),
            pages=tuple(source.page_of(n) for n in range(first, last + 1)),
        )
