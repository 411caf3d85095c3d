"""Report file → parsed document → triples with provenance.

``ingest`` never sees a store: it ends in the triples of one named graph, which
the caller validates, loads or writes out.

>>> from ingest import parse_file            # doctest: +SKIP
>>> parsed = parse_file("report.txt")        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .model import ParsedReport
from .parse.report import parse_report
from .source import ReportSource, read_report
from .to_rdf import ReportGraph, to_graph

__all__ = [
    "IngestResult",
    "ParsedReport",
    "ReportError",
    "ReportGraph",
    "ReportSource",
    "ingest_file",
    "parse_file",
    "parse_report",
    "read_report",
    "to_graph",
]


@dataclass(frozen=True)
class IngestResult:
    source: ReportSource
    parsed: ParsedReport
    graph: ReportGraph


def parse_file(path: str | Path) -> ParsedReport:
    return parse_report(read_report(path))


def ingest_file(path: str | Path, *, personal_data: bool = False) -> IngestResult:
    """Read, parse and turn one report into the triples of its named graph."""
    source = read_report(path)
    parsed = parse_report(source)
    return IngestResult(source, parsed, to_graph(parsed, source, personal_data=personal_data))
