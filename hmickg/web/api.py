"""What the web page asks for, as JSON-ready values: the catalogue and its answers, entity
search, an entity's links, chains between two entities, and the report lines behind a fact.

Every function takes the store (and, for the source lines, the report files) and returns
dictionaries and lists of strings and numbers; :class:`ApiError` carries the HTTP status of a
request it cannot answer. Nothing here knows about HTTP beyond that status.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from queries import ParamError, catalog, run
from queries.analytics import NodeNotInNetwork, entity_types, evidence, find_paths, links_at
from queries.projections import local_name, network_bytes
from queries.results import json_term
from queries.runner import check_iri

from ..sources import SourceFiles, SourceNotFound
from . import protocol

#: Rows of a catalogue answer sent to the page (the endpoint at /sparql sends all of them).
MAX_ROWS = 2000
#: Neighbours of an entity drawn at once.
MAX_NEIGHBOURS = 120
#: Entities whose labels are looked up for one answer.
MAX_LABELLED = 2000

ID = "https://w3id.org/hmickg/id/"


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def catalogue() -> list[dict[str, Any]]:
    """Every catalogue query with its header: what the page lists and makes forms of."""
    out = []
    for spec in catalog().values():
        out.append(
            {
                "name": spec.name,
                "path": spec.path,
                "summary": spec.summary,
                "description": spec.description,
                "tags": list(spec.tags),
                "cost": spec.cost,
                "check": spec.is_check,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "example": p.example,
                        "optional": p.optional,
                        "description": p.description,
                    }
                    for p in spec.params
                ],
                "text": spec.text,
            }
        )
    return out


def _answer(store: Any, name: str, params: Mapping[str, str]) -> Any:
    spec = catalog().get(name)
    if spec is None:
        raise ApiError(404, f"no catalogue query named {name!r}")
    given = {k: v for k, v in params.items() if v.strip()}
    try:
        return run(spec, store, given)
    except ParamError as exc:
        raise ApiError(400, str(exc)) from None


def answer(store: Any, name: str, params: Mapping[str, str]) -> dict[str, Any]:
    """Run catalogue query ``name`` with ``params`` (empty values left out): its rows as SPARQL
    JSON terms (at most :data:`MAX_ROWS`), with the labels of the entities in them."""
    started = time.perf_counter()
    result = _answer(store, name, params)
    ms = (time.perf_counter() - started) * 1000
    if result.kind == "ask":
        return {"query": name, "kind": "ask", "boolean": bool(result.boolean), "ms": ms}
    if result.kind == "construct":
        variables = ["subject", "predicate", "object"]
        rows: Sequence[Sequence[Node | None]] = result.triples
    else:
        variables, rows = result.variables, result.rows
    shown = rows[:MAX_ROWS]
    return {
        "query": name,
        "kind": result.kind,
        "vars": list(variables),
        "rows": [[None if t is None else json_term(t) for t in row] for row in shown],
        "total": len(rows),
        "truncated": len(rows) > len(shown),
        "labels": labels(store, (t for row in shown for t in row if isinstance(t, URIRef))),
        "ms": ms,
    }


def answer_file(store: Any, name: str, params: Mapping[str, str]) -> tuple[bytes, str, str]:
    """Catalogue query ``name``'s whole answer as a file: CSV rows (SPARQL 1.1 CSV), a
    CONSTRUCT as Turtle, an ASK as SPARQL JSON; with its media type and a file name."""
    result = _answer(store, name, params)
    media, ext = {
        "select": (protocol.CSV, "csv"),
        "construct": (protocol.TURTLE, "ttl"),
    }.get(result.kind, (protocol.JSON, "json"))
    return protocol.serialize(result, media), media, f"{name}.{ext}"


#: Network files an entity's links are written as (``queries.projections.network_bytes``).
NETWORK_FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "svg": "image/svg+xml",
}


def network_file(store: Any, node: str, fmt: str) -> tuple[bytes, str, str]:
    """All the links of ``node`` (every neighbour, not only those drawn) as GraphML, GEXF
    (Gephi, Cytoscape) or node-link JSON, with each link's evidence statements, or as a ready
    picture (SVG)."""
    node = _iri(node, "node")
    if fmt not in NETWORK_FORMATS:
        raise ApiError(400, f"format={fmt!r}: give one of {', '.join(NETWORK_FORMATS)}")
    try:
        G = links_at(store, node)
    except NodeNotInNetwork as exc:
        raise ApiError(404, str(exc)) from None
    G.graph["title"] = f"The links of {G.nodes[node].get('label', local_name(node))}"
    data = network_bytes(G, format=fmt)
    return data, NETWORK_FORMATS[fmt], f"{local_name(node)}-links.{fmt}"


def labels(store: Any, iris: Iterable[Any]) -> dict[str, str]:
    """The shortest ``rdfs:label`` of each IRI of the hmickg namespace that has one."""
    wanted = list(dict.fromkeys(str(i) for i in iris if str(i).startswith(ID)))[:MAX_LABELLED]
    if not wanted:
        return {}
    rows = _label_rows(store, wanted)
    found: dict[str, str] = {}
    for iri, label in rows:
        if label is not None and (iri not in found or len(label) < len(found[iri])):
            found[iri] = label
    return found


def _label_rows(store: Any, iris: Sequence[str]) -> list[tuple[str, str | None]]:
    from graph_store._sparql import inject_values

    text = inject_values(
        "SELECT ?e ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        *({"e": URIRef(i)} for i in iris),
    )
    return [(e, label) for e, label in store.query_strings(text).rows]


def search(store: Any, text: str) -> list[dict[str, str]]:
    """Entities any of whose names contains ``text`` (query ``entity-search``)."""
    if not text.strip():
        return []
    rows = run(catalog()["entity-search"], store, {"text": text}).rows
    return [
        {"iri": str(e), "type": local_name(str(c)), "label": str(label)} for e, c, label in rows
    ]


def _iri(value: str | None, what: str) -> str:
    try:
        return check_iri(value or "")
    except ValueError:
        raise ApiError(400, f"{what}: give an absolute IRI, not {value!r}") from None


def neighbours(store: Any, node: str, *, limit: int = MAX_NEIGHBOURS) -> dict[str, Any]:
    """An entity and its neighbours in the entity graph, as nodes and links (with the
    statements each link rests on)."""
    node = _iri(node, "node")
    try:
        G = links_at(store, node, limit=limit)
    except NodeNotInNetwork as exc:
        raise ApiError(404, str(exc)) from None
    return {
        "centre": node,
        "neighbours": G.graph["neighbours"],
        "shown": G.number_of_nodes() - 1,
        "nodes": [
            {"id": n, "label": d.get("label", local_name(n)), "type": d.get("type", "")}
            for n, d in G.nodes(data=True)
        ],
        "links": [
            {
                "source": u,
                "target": v,
                "predicate": d.get("predicate", ""),
                "label": d.get("label", ""),
                "evidence": list(d.get("evidence") or ()),
            }
            for u, v, d in G.edges(data=True)
        ],
    }


def chains(store: Any, source: str, target: str, *, max_paths: int = 3) -> dict[str, Any]:
    """The shortest chains from ``source`` to ``target`` in the entity graph, hop by hop, each
    link with the report lines it was read from (``hmickg path``)."""
    source, target = _iri(source, "from"), _iri(target, "to")
    if source == target:
        raise ApiError(400, "a path needs two different entities")
    try:
        found = find_paths(store, source, target, max_paths=max_paths)
    except NodeNotInNetwork as exc:
        raise ApiError(404, str(exc)) from None
    types = entity_types(store, (n for c in found for n in c.nodes))
    return {
        "from": source,
        "to": target,
        "types": types,
        "chains": [
            {
                "nodes": list(c.nodes),
                "labels": list(c.labels),
                "hops": [
                    {
                        "source": h.source,
                        "target": h.target,
                        "links": [
                            {
                                "subject": lk.subject,
                                "predicate": lk.predicate,
                                "object": lk.object,
                                "text": str(lk),
                                "passages": [_passage(p) for p in lk.passages],
                            }
                            for lk in h.links
                        ],
                    }
                    for h in c.hops
                ],
            }
            for c in found
        ],
    }


def gap_network(store: Any) -> dict[str, Any]:
    """Forces linked by the gap themes they share (the ``gaps`` projection): a link per pair of
    forces with how many themes they share (:func:`gap_pair` gives the themes; sent with every
    link, with their gaps, they made 14.6 MB at national size)."""
    from queries.projections import to_networkx

    G = to_networkx(store, "gaps")
    pairs: dict[tuple[str, str], set[str]] = {}
    for u, v, d in G.edges(data=True):
        key = (u, v) if u <= v else (v, u)
        pairs.setdefault(key, set()).add(str(d.get("via")))
    return {
        "nodes": [
            {"id": n, "label": d.get("label", local_name(n)), "type": d.get("type", "")}
            for n, d in sorted(G.nodes(data=True))
        ],
        "links": [
            {"source": u, "target": v, "count": len(themes)}
            for (u, v), themes in sorted(pairs.items())
        ],
    }


_GAPS_OF = """
PREFIX hmic: <https://w3id.org/hmickg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?force ?theme ?label ?gap WHERE {
  ?gap a hmic:ProtectiveServiceGap ; hmic:gapForce ?force ; hmic:gapTheme ?theme .
  OPTIONAL { ?theme skos:prefLabel ?label }
}"""


def gap_pair(store: Any, a: str, b: str) -> dict[str, Any]:
    """The gap themes two forces share, each with both forces' gaps on it."""
    from graph_store._sparql import inject_values

    a, b = _iri(a, "a"), _iri(b, "b")
    rows = store.query_strings(
        inject_values(_GAPS_OF, {"force": URIRef(a)}, {"force": URIRef(b)})
    ).rows
    themes: dict[str, dict[str, Any]] = {}
    for force, theme, label, gap in rows:
        t = themes.setdefault(theme, {"iri": theme, "label": label, "gaps": set(), "forces": set()})
        t["gaps"].add(gap)
        t["forces"].add(force)
    shared = [t for t in themes.values() if t["forces"] == {a, b}]
    return {
        "a": a,
        "b": b,
        "themes": [
            {"iri": t["iri"], "label": t["label"], "gaps": sorted(t["gaps"])}
            for t in sorted(shared, key=lambda t: str(t["label"] or t["iri"]))
        ],
    }


def _passage(p: Any) -> dict[str, Any]:
    return {
        "file": p.file,
        "lineStart": p.line_start,
        "lineEnd": p.line_end,
        "report": p.report,
        "sha256": p.sha256,
    }


def link_passages(store: Any, statements: Sequence[str]) -> list[dict[str, Any]]:
    """The report lines the stored statements (a link's ``evidence``) were read from."""
    found = evidence(store, [_iri(s, "statement") for s in statements])
    seen = {p for ps in found.values() for p in ps}
    return [_passage(p) for p in sorted(seen, key=lambda p: (p.file, p.line_start, p.line_end))]


#: Passages and statements of one node sent to the page (a force at ten times the national
#: corpus has 7,101 passages, one per mention).
MAX_PASSAGES = 100
MAX_STATEMENTS = 500


def where_from(store: Any, node: str) -> dict[str, Any]:
    """What the store says of ``node`` (but the passages it was read from) and those passages
    (query ``where-from``), each with its report's SHA-256; at most :data:`MAX_STATEMENTS` and
    :data:`MAX_PASSAGES` of them, with their totals."""
    node = _iri(node, "node")
    described = store.query(
        "SELECT ?p ?o WHERE { ?s ?p ?o "
        "FILTER NOT EXISTS { ?o a <https://w3id.org/hmickg/def#SourcePassage> } } "
        "ORDER BY ?p ?o",
        bindings={"s": URIRef(node)},
    ).rows
    rows = run(catalog()["where-from"], store, {"node": node}).dicts()
    shown = rows[:MAX_PASSAGES]
    digests = _digests(store, {str(r["report"]) for r in shown})
    passages = [
        {
            "file": str(r["file"]),
            "lineStart": int(r["lineStart"]),  # type: ignore[arg-type]
            "lineEnd": int(r["lineEnd"]),  # type: ignore[arg-type]
            "report": str(r["report"]),
            "sha256": digests.get(str(r["report"])),
            "page": None if r["page"] is None else int(r["page"]),  # type: ignore[arg-type]
        }
        for r in shown
    ]
    statements = described[:MAX_STATEMENTS]
    return {
        "node": node,
        "label": labels(store, [node]).get(node, local_name(node)),
        "statements": [{"p": str(p), "o": json_term(o)} for p, o in statements],
        "statementsTotal": len(described),
        "labels": labels(store, (o for _, o in statements if isinstance(o, URIRef))),
        "passages": passages,
        "passagesTotal": len(rows),
    }


def _digests(store: Any, reports: Iterable[str]) -> dict[str, str]:
    """The SHA-256 of each report's file (one query for them all)."""
    from graph_store._sparql import inject_values

    wanted = sorted(reports)
    if not wanted:
        return {}
    text = inject_values(
        "SELECT ?r ?d WHERE { ?r <https://w3id.org/hmickg/def#sha256> ?d }",
        *({"r": URIRef(r)} for r in wanted),
    )
    return {r: d for r, d in store.query_strings(text).rows}


def source_lines(
    files: SourceFiles, file: str | None, start: str | None, end: str | None, sha256: str | None
) -> dict[str, Any]:
    """Lines ``start``-``end`` of the report file ``file`` with two lines of context."""
    if not file:
        raise ApiError(400, "give the report's file name (file=)")
    try:
        first = int(start or "")
        last = int(end or start or "")
    except ValueError:
        raise ApiError(400, f"start={start!r}, end={end!r}: give line numbers") from None
    try:
        return files.lines(file, first, last, sha256=sha256 or None).as_json()
    except SourceNotFound as exc:
        raise ApiError(404, str(exc)) from None
