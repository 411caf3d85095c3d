"""The SPARQL 1.1 Protocol, query operation: what a request asks, and its answer in the format
the client accepts. Pure functions of the request's parts; ``server`` does the I/O.

Supported, after https://www.w3.org/TR/sparql11-protocol/ (section 2.1):

- ``GET /sparql?query=…``, ``POST`` of ``application/x-www-form-urlencoded`` (``query=…``) and
  ``POST`` of ``application/sparql-query`` (the query as the body);
- answers in SPARQL JSON (the default), SPARQL XML, CSV and TSV for SELECT; JSON and XML for
  ASK; Turtle (the default) and N-Triples for CONSTRUCT and DESCRIBE; chosen by the ``Accept``
  header (quality values honoured) or by a ``format`` parameter (``json``, ``xml``, ``csv``,
  ``tsv``, ``turtle``, ``ntriples``), which wins.

Not supported, with a 400 that says so: a dataset given by ``default-graph-uri`` or
``named-graph-uri`` (the default graph is always the union of the report graphs; ``GRAPH ?g``
still reaches each one), and SPARQL Update: the endpoint is read-only, the store is written by
``hmickg ingest``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph_store import RdfFormat
from queries.results import TURTLE_PREFIXES, to_csv, to_json

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"

#: Media types by kind of answer, the default first.
SOLUTION_TYPES = (JSON, XML, CSV, TSV)
BOOLEAN_TYPES = (JSON, XML)
GRAPH_TYPES = (TURTLE, NTRIPLES)

#: ``format=`` values, and the other names clients send in ``Accept``.
FORMAT_NAMES = {
    "json": JSON,
    "xml": XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "ntriples": NTRIPLES,
    "nt": NTRIPLES,
}
_ALIASES = {
    "application/json": JSON,
    "application/xml": XML,
    "text/xml": XML,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,  # N-Triples' old media type
}
_ANY_TEXT = {"text/*": (CSV, TSV, TURTLE), "application/*": (JSON, XML, NTRIPLES)}


class ProtocolError(ValueError):
    """A request the endpoint answers with an HTTP error: ``status`` and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryRequest:
    query: str
    format: str | None = None
    """The ``format`` parameter, if any (it wins over ``Accept``)."""


def parse_request(
    method: str, query_string: str, content_type: str | None, body: bytes
) -> QueryRequest:
    """The query a protocol request carries (GET, form POST or direct POST)."""
    params = _form(query_string)
    mime = (content_type or "").split(";")[0].strip().lower()
    if method == "POST":
        if mime == "application/x-www-form-urlencoded":
            body_params = _form(_text(body, content_type))
            for key, values in body_params.items():
                params.setdefault(key, []).extend(values)
        elif mime == "application/sparql-query":
            if "query" in params:
                raise ProtocolError(
                    400, "a direct POST carries the query in its body, not in the URL"
                )
            params["query"] = [_text(body, content_type)]
        elif mime == "application/sparql-update" or "update" in params:
            raise ProtocolError(400, "this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise ProtocolError(
                415,
                f"POST a query as application/x-www-form-urlencoded or application/sparql-query, "
                f"not {mime or 'no content type'}",
            )
    elif method != "GET":
        raise ProtocolError(405, f"{method} is not a SPARQL protocol operation: use GET or POST")
    if "update" in params:
        raise ProtocolError(400, "this endpoint is read-only: SPARQL Update is not accepted")
    for key in ("default-graph-uri", "named-graph-uri"):
        if key in params:
            raise ProtocolError(
                400,
                f"{key} is not supported: the default graph is the union of the report graphs; "
                f"use GRAPH <…> in the query to read one graph",
            )
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise ProtocolError(400, "give exactly one non-empty 'query' parameter")
    formats = params.get("format", [])
    fmt = formats[-1].strip().lower() if formats else None
    if fmt is not None and fmt not in FORMAT_NAMES and fmt not in _ALIASES:
        raise ProtocolError(400, f"format={fmt!r} is not one of {', '.join(sorted(FORMAT_NAMES))}")
    return QueryRequest(query=queries[0], format=fmt)


def _form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request's parameters are not UTF-8") from None


def _text(body: bytes, content_type: str | None) -> str:
    charset = "utf-8"
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"').lower()
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        raise ProtocolError(400, f"the request body is not {charset} text") from None


def negotiate(kind: str, accept: str | None, fmt: str | None = None) -> str:
    """The media type to answer a ``kind`` ("select", "ask", "construct") result in."""
    offered = {"select": SOLUTION_TYPES, "ask": BOOLEAN_TYPES}.get(kind, GRAPH_TYPES)
    if fmt is not None:
        wanted = FORMAT_NAMES.get(fmt) or _ALIASES[fmt]
        if wanted not in offered:
            raise ProtocolError(
                406, f"a {kind} answer is not written as {fmt}: choose one of {_names(offered)}"
            )
        return wanted
    if not accept or not accept.strip():
        return offered[0]
    ranked: list[tuple[float, int, str]] = []
    for i, item in enumerate(accept.split(",")):
        mime, *opts = (p.strip() for p in item.split(";"))
        mime = mime.lower()
        q = 1.0
        for opt in opts:
            key, _, value = opt.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        candidates: Sequence[str]
        if mime == "*/*":
            candidates = offered[:1]
        elif mime in _ANY_TEXT:
            candidates = [t for t in offered if t in _ANY_TEXT[mime]][:1]
        else:
            candidates = [_ALIASES.get(mime, mime)]
        ranked.extend((-q, i, c) for c in candidates if c in offered)
    if not ranked:
        raise ProtocolError(
            406, f"cannot answer a {kind} query in {accept!r}: choose one of {_names(offered)}"
        )
    return min(ranked)[2]


def _names(types: Sequence[str]) -> str:
    return ", ".join(types)


def serialize(result: Any, media_type: str) -> bytes:
    """A ``graph_store.QueryResult`` written in ``media_type`` (one :func:`negotiate` chose)."""
    if result.kind == "ask":
        if media_type == XML:
            return _xml_boolean(bool(result.boolean)).encode()
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    if result.kind == "construct":
        fmt = RdfFormat.NTRIPLES if media_type == NTRIPLES else RdfFormat.TURTLE
        return str(result.serialize(fmt, prefixes=TURTLE_PREFIXES)).encode()
    variables, rows = result.variables, result.rows
    if media_type == XML:
        return _xml_solutions(variables, rows).encode()
    if media_type == CSV:
        return to_csv(variables, rows).encode()
    if media_type == TSV:
        return _tsv(variables, rows).encode()
    return to_json(variables, rows, compact=True).encode()


def _tsv(variables: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _nt(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _nt(term: Node) -> str:
    """A term as N-Triples writes it, on one line (rdflib's ``n3()`` writes long literals with
    triple quotes and raw line breaks and tabs, which would split a TSV row)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = f'"{str(term).translate(_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text}^^<{term.datatype}>"
    return text


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml_boolean(value: bool) -> str:
    return f"{_XML_HEAD}<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _xml_solutions(variables: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> str:
    out = [_XML_HEAD, "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(variables, row, strict=True)
            if t is not None
        ]
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)


SERVICE_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix hmic: <https://w3id.org/hmickg/def#> .

[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
       <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
       <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
       <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
       <http://www.w3.org/ns/formats/Turtle>,
       <http://www.w3.org/ns/formats/N-Triples> ;
   sd:feature sd:UnionDefaultGraph ;
   sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def service_description(endpoint: str) -> bytes:
    """The endpoint's SPARQL 1.1 Service Description (asked for with no query)."""
    return SERVICE_DESCRIPTION.replace("{endpoint}", endpoint).encode()
