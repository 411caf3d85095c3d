"""Query results as a text table, W3C SPARQL 1.1 JSON, or W3C SPARQL 1.1 CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph_store import RdfFormat

FORMATS = ("table", "json", "csv")

PREFIXES = {
    "hmic:": "https://w3id.org/hmickg/def#",
    "framework:": "https://w3id.org/hmickg/def/framework/",
    "grade:": "https://w3id.org/hmickg/def/grade/",
    "psa:": "https://w3id.org/hmickg/def/psa/",
    "id:": "https://w3id.org/hmickg/id/",
    "org:": "http://www.w3.org/ns/org#",
    "prov:": "http://www.w3.org/ns/prov#",
    "skos:": "http://www.w3.org/2004/02/skos/core#",
    "dct:": "http://purl.org/dc/terms/",
}

#: Prefixes a CONSTRUCT answer is written with (Turtle). Not ``id:``: its local names hold
#: slashes, which Turtle writes escaped (``id:force\/kent``), so those IRIs are written whole.
TURTLE_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    **{prefix.rstrip(":"): ns for prefix, ns in PREFIXES.items() if prefix != "id:"},
}


def json_term(term: Node) -> dict[str, str]:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    raise ValueError(f"Unexpected term: {term!r}")


def to_json(
    variables: Sequence[str], rows: Sequence[Sequence[Node | None]], *, compact: bool = False
) -> str:
    """SPARQL 1.1 Query Results JSON (indented, unless ``compact``)."""
    bindings = [
        {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    return json.dumps(
        {"head": {"vars": list(variables)}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=None if compact else 1,
        separators=(",", ":") if compact else None,
    )


def to_csv(variables: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> str:
    """SPARQL 1.1 Query Results CSV: values only, blank nodes as ``_:label``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])
    return out.getvalue()


def _csv_value(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def short(term: Node | None, *, width: int | None = None) -> str:
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                text = prefix + text[len(ns) :]
                break
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def to_table(
    variables: Sequence[str], rows: Sequence[Sequence[Node | None]], *, max_width: int = 60
) -> str:
    cells = [[short(t, width=max_width) for t in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(
        [line.rstrip(), sep, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"]
    )


def format_result(result: Any, fmt: str) -> str:
    """Format a ``graph_store.QueryResult`` (select, ask or construct)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)})
        return "true" if result.boolean else "false"
    if result.kind == "construct":
        return str(result.serialize(RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES))
    if fmt == "json":
        return to_json(result.variables, result.rows)
    if fmt == "csv":
        return to_csv(result.variables, result.rows)
    return to_table(result.variables, result.rows)
