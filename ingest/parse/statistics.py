"""Statistics tables: the tab-separated SPI tables of the 2008 template.

Text extracted from a PDF keeps a table as one line a row with the cells
separated by tabs::

    <TAB>2006<TAB>2007<TAB>Change<TAB>MSF** group mean
    Number of murders per 10,000 population<TAB>0.115<TAB>0.126<TAB>+9.57%<TAB>0.112
    …
    Leicestershire Constabulary – HMIC Inspection Report July 2008     (running page header)
    % of murders detected/convicted<TAB>45.45%<TAB>83.33%<TAB>+37.88pp*<TAB>99.51%

    *'pp' is percentage points.

The columns are read from the header row: every cell that is a year is a
period, a cell naming a change is the change column, a cell naming a mean or
an average is the comparison column; other cells are kept as printed but not
read. A tab-separated block whose header has no year cell (the "Inspection
area / Dates" table, the regional work programme) is not a statistics table.

:func:`read_statistics` is pure: lines in, :class:`~ingest.model.StatTable` out.
:func:`statistics_triples` turns the tables of a parsed report into W3C Data
Cube triples (called from :mod:`ingest.to_rdf`): per table a ``qb:DataSet``
(also ``hmic:StatisticsTable``) with the structure
``<https://w3id.org/hmickg/def/dsd/spi-table>`` (``ontology/schemes/statistics.ttl``),
and per indicator and period a ``qb:Observation`` with the dimensions
``hmic:indicator`` (a SKOS concept ``id:indicator/{slug}``, the same IRI in
every report), ``hmic:refPeriod`` (xsd:gYear) and ``hmic:refArea`` (the
inspected force), the measure ``hmic:value`` (xsd:decimal; 116.67 for
"116.67%") and the attributes ``hmic:unit``, and on the latest period's
observation ``hmic:change`` (as printed) and ``hmic:msfGroupMean``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from .. import mint
from ..model import Line, Span, StatCell, StatNote, StatRow, StatTable

if TYPE_CHECKING:
    from ..model import ParsedReport

_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_MARKERS = re.compile(r"\*+")
_NUMBER = re.compile(r"^(?P<sign>[+\-−–]?)(?P<digits>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<suffix>%|pp)?$")
_CHANGE = re.compile(r"\bchange\b", re.IGNORECASE)
_MEAN = re.compile(r"\b(?:mean|average|avg)\b", re.IGNORECASE)
_MSF = re.compile(r"\bMSF\b|most similar", re.IGNORECASE)
_RATE = re.compile(
    r"\bper\s+(?P<n>\d[\d,]*)\s+(?P<of>population|residents|people|households)\b", re.I
)
_PERCENT_LABEL = re.compile(r"%|\bper ?cent(?:age)?\b|\bproportion\b", re.IGNORECASE)
#: A footnote: "*'pp' is percentage points." or, as some extractions print it, "^{**}Most …".
_NOTE = re.compile(r"^\s*(?:\^\{(?P<m1>\*+)\}|(?P<m2>\*+))\s*(?P<text>\S.*)$")
#: Blank or page-header lines a table may run across (a page break is blank, header, blank).
_MAX_GAP = 6
#: How far after a table its footnotes may stand.
_NOTE_WINDOW = 15

PERCENT = "percent"


def read_statistics(lines: Sequence[Line], skip: Collection[int] = ()) -> list[StatTable]:
    """Every statistics table in ``lines`` (a whole report), in reading order.

    ``skip`` holds the numbers of running page-header lines, which a table may
    straddle.
    """
    tables: list[StatTable] = []
    i = 0
    while i < len(lines):
        header = _header(lines[i].text)
        if header is None:
            i += 1
            continue
        table, i = _read_table(lines, i, header, skip)
        if table is not None:
            tables.append(table)
    return tables


# --- header ----------------------------------------------------------------------


class _Header:
    """Where the periods, the change and the comparison mean are, by cell index."""

    def __init__(self, cells: list[str]) -> None:
        self.cells = cells
        self.periods: list[tuple[int, str]] = []
        self.change: int | None = None
        self.mean: int | None = None
        for k, raw in enumerate(cells[1:], start=1):
            cell = _clean(raw)
            if _YEAR.match(cell):
                self.periods.append((k, cell))
            elif self.change is None and _CHANGE.search(cell):
                self.change = k
            elif self.mean is None and _MEAN.search(cell):
                self.mean = k

    @property
    def mean_heading(self) -> str | None:
        return None if self.mean is None else _clean(self.cells[self.mean])


def _header(text: str) -> _Header | None:
    """A header row: tab-separated, at least one year cell after the first, and
    every other cell words rather than numbers."""
    if "\t" not in text:
        return None
    cells = _cells(text)
    if len(cells) < 2:
        return None
    rest = [_clean(c) for c in cells[1:] if _clean(c)]
    if not any(_YEAR.match(c) for c in rest):
        return None
    if any(not _YEAR.match(c) and not re.search(r"[A-Za-z]", c) for c in rest):
        return None  # a number that is not a year: a data row, not a header
    return _Header(cells)


# --- rows ------------------------------------------------------------------------


def _read_table(
    lines: Sequence[Line], start: int, header: _Header, skip: Collection[int]
) -> tuple[StatTable | None, int]:
    """Rows after the header at ``lines[start]``; returns the table (or None) and
    the index to carry on from."""
    rows: list[StatRow] = []
    gap = 0
    i = start + 1
    last = start
    while i < len(lines):
        line = lines[i]
        if not line.text.strip() or line.number in skip:
            gap += 1
            if gap > _MAX_GAP:
                break
            i += 1
            continue
        if _header(line.text) is not None:
            break  # the next table
        row = _row(line, header)
        if row is None:
            break
        rows.append(row)
        gap = 0
        last = i
        i += 1
    if not rows:
        return None, start + 1
    first_line, last_line = lines[start].number, lines[last].number
    notes = _notes(lines, last + 1, _markers(lines[start : last + 1]))
    table = StatTable(
        periods=tuple(p for _, p in header.periods),
        columns=tuple(_clean(c) for c in header.cells),
        mean_heading=header.mean_heading,
        msf=header.mean_heading is not None and bool(_MSF.search(header.mean_heading)),
        rows=tuple(rows),
        notes=tuple(notes),
        span=Span(first_line, last_line),
        header_span=Span(first_line, first_line),
    )
    return table, last + 1


def _row(line: Line, header: _Header) -> StatRow | None:
    """One data row, aligned with the header; None if the line is not one."""
    if "\t" not in line.text:
        return None
    cells = _cells(line.text)
    width = len(header.cells)
    if len(cells) > width:  # a tab inside the label: the values are the last cells
        cells = [" ".join(cells[: len(cells) - width + 1]), *cells[len(cells) - width + 1 :]]
    cells += [""] * (width - len(cells))
    label = " ".join(cells[0].split())
    if not re.search(r"[A-Za-z]", label):
        return None
    values: list[StatCell] = []
    for k, period in header.periods:
        printed = _clean(cells[k])
        number = _number(printed)
        if number is None and printed and not _is_missing(printed):
            return None  # words where a value belongs: not a statistics row
        values.append(StatCell(period=period, value=number, printed=printed))
    if all(v.value is None for v in values):
        return None
    change = _clean(cells[header.change]) if header.change is not None else ""
    mean = _number(_clean(cells[header.mean])) if header.mean is not None else None
    return StatRow(
        indicator=label,
        unit=_unit(label, [v.printed for v in values]),
        values=tuple(values),
        change=change if change and not _is_missing(change) else None,
        mean=mean,
        span=Span(line.number, line.number),
    )


def _unit(label: str, printed: Sequence[str]) -> str | None:
    """ "percent", "rate per 10,000 population", or None when neither label nor values say."""
    if label.lstrip().startswith("%") or any(p.endswith("%") for p in printed):
        return PERCENT
    m = _RATE.search(label)
    if m:
        return f"rate per {m.group('n')} {m.group('of').lower()}"
    if _PERCENT_LABEL.search(label):
        return PERCENT
    return None


def _number(printed: str) -> Decimal | None:
    """``"0.432"`` → 0.432, ``"116.67%"`` → 116.67, ``"1,234"`` → 1234; else None."""
    m = _NUMBER.match(printed.replace(" ", ""))
    if not m:
        return None
    sign = "-" if m.group("sign") in ("-", "−", "–") else ""
    try:
        return Decimal(sign + m.group("digits").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


def _is_missing(printed: str) -> bool:
    return printed.casefold().rstrip(".") in {
        "not applicable",
        "n/a",
        "na",
        "-",
        "–",
        "—",
        "..",
        "not available",
    }


# --- footnotes -------------------------------------------------------------------


def _markers(lines: Sequence[Line]) -> set[str]:
    return {m.group(0) for line in lines for m in _MARKERS.finditer(line.text)}


def _notes(lines: Sequence[Line], start: int, markers: set[str]) -> list[StatNote]:
    """The footnotes for the markers used in the table, in the lines just after it."""
    found: list[StatNote] = []
    seen: set[str] = set()
    for line in lines[start : start + _NOTE_WINDOW]:
        m = _NOTE.match(line.text)
        if not m:
            continue
        marker = m.group("m1") or m.group("m2")
        if marker in markers and marker not in seen:
            seen.add(marker)
            text = " ".join(m.group("text").split())
            found.append(StatNote(marker=marker, text=text, span=Span(line.number, line.number)))
    return found


# --- cells -----------------------------------------------------------------------


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.rstrip("\t \r\n").split("\t")]


def _clean(cell: str) -> str:
    """A cell without footnote markers ("MSF** group mean" → "MSF group mean", "0pp*" → "0pp")."""
    return " ".join(_MARKERS.sub("", cell).split())


# --- triples ---------------------------------------------------------------------

HMIC = Namespace("https://w3id.org/hmickg/def#")
QB = Namespace("http://purl.org/linked-data/cube#")
#: The data structure definition every statistics table uses (ontology/schemes/statistics.ttl).
SPI_DSD = URIRef("https://w3id.org/hmickg/def/dsd/spi-table")
#: The concept scheme of indicators; an indicator's IRI depends on its label only.
INDICATOR_SCHEME = URIRef(f"{mint.ID}indicator")

Triple = tuple[Node, Node, Node]


def indicator_iri(label: str) -> URIRef:
    """``"% of murders detected/convicted"`` → ``id:indicator/percent-of-murders-detected-convicted``."""
    return URIRef(f"{INDICATOR_SCHEME}/{mint.slug(label.replace('%', ' percent '))}")


def statistics_triples(
    parsed: ParsedReport,
    slug: str,
    report: URIRef,
    derived: Callable[[URIRef, Span], Iterable[Triple]],
) -> Iterator[Triple]:
    """The Data Cube triples of every statistics table of ``parsed``.

    ``derived(node, span)`` gives the ``prov:wasDerivedFrom`` triple of a node
    and records the passage (see :func:`ingest.to_rdf._triples`).
    """
    force = mint.force(parsed.meta.force.slug)
    sections = sorted((*parsed.assessments, *parsed.overviews), key=lambda a: a.span.start)
    for n, table in enumerate(parsed.statistics, start=1):
        dataset = mint.in_report(slug, "statistics", n)
        yield report, HMIC.hasStatistics, dataset
        yield dataset, RDF.type, QB.DataSet
        yield dataset, RDF.type, HMIC.StatisticsTable
        yield dataset, QB.structure, SPI_DSD
        yield dataset, DCTERMS.isPartOf, report
        within = [a.heading for a in sections if a.span.start <= table.span.start <= a.span.end]
        years = "–".join(dict.fromkeys((min(table.periods), max(table.periods))))
        topic = f"{within[-1]} statistics" if within else "Statistics"
        yield dataset, RDFS.label, Literal(f"{topic}, {years}: {parsed.meta.force.name}")
        yield from derived(dataset, table.span)
        for note in table.notes:
            yield dataset, RDFS.comment, Literal(f"{note.marker} {note.text}")
            yield from derived(dataset, note.span)
        latest = table.latest
        used: set[str] = set()
        for row in table.rows:
            indicator = indicator_iri(row.indicator)
            yield indicator, RDF.type, SKOS.Concept
            yield indicator, SKOS.prefLabel, Literal(row.indicator)
            yield indicator, RDFS.label, Literal(row.indicator)
            yield indicator, SKOS.inScheme, INDICATOR_SCHEME
            key = mint.last_segment(indicator)
            while key in used:  # the same label twice in one table
                key += "-x"
            used.add(key)
            for cell in row.values:
                if cell.value is None:
                    continue
                obs = URIRef(f"{dataset}/{key}/{cell.period}")
                yield obs, RDF.type, QB.Observation
                yield obs, QB.dataSet, dataset
                yield obs, HMIC.indicator, indicator
                yield obs, HMIC.refPeriod, Literal(cell.period, datatype=XSD.gYear)
                yield obs, HMIC.refArea, force
                yield obs, HMIC.value, Literal(cell.value, datatype=XSD.decimal)
                yield obs, RDFS.label, Literal(f"{row.indicator}, {cell.period}: {cell.printed}")
                if row.unit:
                    yield obs, HMIC.unit, Literal(row.unit)
                if cell.period == latest:
                    if row.change:
                        yield obs, HMIC.change, Literal(row.change)
                    if row.mean is not None and table.msf:
                        yield obs, HMIC.msfGroupMean, Literal(row.mean, datatype=XSD.decimal)
                yield from derived(obs, row.span)
