"""The link index: every link of the entity graph, once, in a named graph of its own.

A link of the entity graph (``construct-entity-graph``) is a triple between two IRIs that a
report asserts and records as a reified ``rdf:Statement`` with its source passage. Finding the
links at an entity from the statements means reading every statement about it: a force at ten
times the national corpus has about ten thousand, 0.3-0.4 s a force, and a path search reads a
few forces. The graph ``id:graph/links`` holds each link once (17,615 at national size), so
``entity-links`` finds an entity's links with two index look-ups; ``hmickg path`` then took
0.38 s for 15 random pairs at national size instead of 1.46-1.51 s, and 0.76-0.78 s for 8 pairs
at ten times that instead of 8.65-8.98 s, with the same chains (docs/analytics.md).

``hmickg ingest`` keeps the index as it keeps the gaps (:mod:`queries._derived`): marked out of
date before its first write, derived after its last. A full derivation is the catalogue rule
``construct-entity-links`` (0.84-1.1 s at national size; only the differences are written).
After a few report graphs are written, only the links those graphs take part in can change:
their links (:func:`graph_links`) are read before each is replaced and after it is written;
those that went are kept only where the store still states them (``entity-links-from-subjects``),
and those that came are added. That is the graph a full derivation makes (tests/queries/
test_gaps.py and test_links.py compare the two), in milliseconds a graph.

A reader that finds the index missing or marked (:func:`links_current` is False) reads the
statements themselves (``entity-links-from-statements``): same rows, slower.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import RDF, URIRef

from graph_store._sparql import inject_values

from . import _derived
from ._derived import PROV_INVALIDATED, Triple
from .catalog import catalog

LINKS_GRAPH = URIRef("https://w3id.org/hmickg/id/graph/links")
RULE = "construct-entity-links"
GRAPH_RULE = "construct-graph-entity-links"
CANDIDATES = "construct-graph-link-candidates"
FROM_SUBJECTS = "entity-links-from-subjects"
TO_OBJECTS = "entity-links-to-objects"
MAX_GRAPHS = 32
"""Above this many report graphs written since the last derivation, it is a full one (10-50 ms
a graph at national size, against 0.84-1.1 s for every link)."""
CHECK_BATCH = 500
"""Ends of links one query of :func:`_held` reads or counts."""


def invalidate_links(store: Any) -> bool:
    """Mark the link index as out of date, before report graphs are written; False (and no
    mark) when the store has no index yet."""
    return _derived.invalidate(store, LINKS_GRAPH)


def links_current(store: Any) -> bool:
    """Whether the store has a link index that is not marked out of date."""
    answer = store.query(
        f"ASK {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ GRAPH <{LINKS_GRAPH}> {{ <{LINKS_GRAPH}> <{PROV_INVALIDATED}> ?t }} }} }}",
        union_default_graph=False,
    )
    return bool(answer.boolean)


def recorded_predicates(store: Any, graph: URIRef) -> list[URIRef]:
    """The predicates ``graph`` asserts that some ``rdf:Statement`` in the store records: the
    graph's own predicates, each looked up (2-8 ms a report graph at national size, where
    reading the predicates of all 49,397 statements took 80-110 ms)."""
    asserted = store.query(
        "SELECT DISTINCT ?p WHERE { GRAPH ?graph { ?s ?p ?o } }", bindings={"graph": graph}
    ).rows
    if not asserted:
        return []
    text = inject_values(
        f"SELECT ?p WHERE {{\n  FILTER EXISTS {{ ?st <{RDF.predicate}> ?p }}\n}}",
        *({"p": p} for (p,) in asserted),
    )
    return sorted(p for (p,) in store.query(text).rows)


def graph_links(store: Any, graph: URIRef) -> frozenset[Triple]:
    """The links of the entity graph that ``graph`` takes part in: the links its statements
    record (``construct-graph-entity-links``), and those of the triples it asserts that a
    statement elsewhere records (``construct-graph-link-candidates``, then :func:`_held`).
    Empty for a graph the store does not hold."""
    specs = catalog()
    links = set(store.query(specs[GRAPH_RULE].text, bindings={"graph": graph}).triples)
    predicates = recorded_predicates(store, graph)
    if predicates:
        # one VALUES row a predicate; the graph a constant (bindings), so that the engine reads
        # that graph only
        text = inject_values(specs[CANDIDATES].text, *({"p": p} for p in predicates))
        candidates = store.query(text, bindings={"graph": graph}).triples
        links |= _held(store, candidates)
    return frozenset(links)


def derive_links(
    store: Any,
    before: Mapping[URIRef, Iterable[Triple] | None] | None = None,
    *,
    count: bool = True,
) -> int | None:
    """Derive the link index; return the number of links (None unless ``count``).

    ``before`` maps each report graph written since the last derivation to its
    :func:`graph_links` before the write (empty for a new graph, None if unknown). Without it,
    for more than ``MAX_GRAPHS`` graphs, or where the index was not marked once before the
    writes, everything is derived again.
    """
    old_marks = set(_derived.marks(store, LINKS_GRAPH))
    present = store.has_graph(LINKS_GRAPH)
    if (
        before is None
        or len(before) > MAX_GRAPHS
        or any(old is None for old in before.values())
        or not present
        or len(old_marks) != 1
    ):
        _full(store)
    else:
        _incremental(store, before, old_marks)  # type: ignore[arg-type]
    return int(store.count(LINKS_GRAPH)) if count else None


def _full(store: Any) -> None:
    # Only the differences are written (none when nothing changed): the rule reads the
    # assertions of the named graphs other than the index, so the index's own triples do not
    # hold themselves up. (A store with no links at all has no index graph: a reader then
    # reads the statements, and finds none.)
    present = store.has_graph(LINKS_GRAPH)
    old = set(store.triples(LINKS_GRAPH)) if present else set()
    marks = {t for t in old if t[1] == PROV_INVALIDATED and t[0] == LINKS_GRAPH}
    old -= marks
    new = set(store.query(catalog()[RULE].text).triples)
    _derived.change(store, LINKS_GRAPH, (old - new) | marks, new - old)


def _incremental(
    store: Any, before: Mapping[URIRef, Iterable[Triple]], old_marks: set[Triple]
) -> None:
    gone = {t for old in before.values() for t in old}
    # The links that may go leave the index first: its own triples are in the union, and
    # those links would otherwise count as asserted by the index itself when the written
    # graphs' links and they are read again (look-ups in the union, where the full rule reads
    # each named graph's assertions). The mark stays until the end: a run cut short in
    # between leaves the index marked.
    _derived.change(store, LINKS_GRAPH, gone, ())
    came = {t for graph in before if store.has_graph(graph) for t in graph_links(store, graph)}
    _derived.change(store, LINKS_GRAPH, old_marks, came | _held(store, gone - came))


def _held(store: Any, triples: Iterable[Triple]) -> set[Triple]:
    """Those of ``triples`` that are links of the entity graph as the store is now (what
    ``entity-links-held`` says of each triple).

    The ends to read are chosen by the statements that name them (:func:`_cheapest_ends`),
    and each end's links are read once (``entity-links-from-subjects``,
    ``entity-links-to-objects``), then kept where they are among the triples. Asked of the
    triples themselves, the catalogue test read a subject's statements again for each
    triple at it: 77 links of one agreement (422 statements) took 21 s on the national
    store, 261 links to Lancashire 11 s."""
    todo = set(triples)
    if not todo:
        return set()
    ends = _cheapest_ends(
        todo,
        _statement_counts(store, RDF.subject, {s for s, _, _ in todo}),
        _statement_counts(store, RDF.object, {o for _, _, o in todo}),
    )
    out: set[Triple] = set()
    for var, name in (("s", FROM_SUBJECTS), ("o", TO_OBJECTS)):
        found = sorted(ends[var])
        for i in range(0, len(found), CHECK_BATCH):
            rows = ({var: x} for x in found[i : i + CHECK_BATCH])
            links = store.query(inject_values(catalog()[name].text, *rows)).rows
            out.update(t for t in links if t in todo)  # type: ignore[misc]
    return out


def _cheapest_ends(
    triples: set[Triple], subjects: Mapping[Any, int], objects: Mapping[Any, int]
) -> dict[str, set[Any]]:
    """The subjects (``"s"``) and objects (``"o"``) whose statements to read so that every
    triple has one of its ends read, reading few statements: the weighted set cover, greedily
    (the end with the fewest statements a triple it covers first). A triple with an end no
    statement names is no link and needs no end. 261 links to Lancashire (791 statements)
    are read from it, not from their 261 subjects (4,699 statements); an edited report's 35
    links from their 13 subjects (44 statements), not from the forces they name (800 each).
    """
    cover: dict[tuple[str, Any], set[Triple]] = {}
    for t in triples:
        s, _, o = t
        if s in subjects and o in objects:
            cover.setdefault(("s", s), set()).add(t)
            cover.setdefault(("o", o), set()).add(t)
    cost = {end: (subjects if end[0] == "s" else objects)[end[1]] for end in cover}
    # (ratio, tie-break, end): ends of equal ratio are not compared as terms
    heap = [(cost[end] / len(ts), i, end) for i, (end, ts) in enumerate(cover.items())]
    heapq.heapify(heap)
    left = {t for ts in cover.values() for t in ts}
    chosen: dict[str, set[Any]] = {"s": set(), "o": set()}
    while left and heap:
        ratio, i, end = heapq.heappop(heap)
        new = cover[end] & left
        if not new:
            continue
        fresh = cost[end] / len(new)
        if fresh > ratio and heap and fresh > heap[0][0]:
            heapq.heappush(heap, (fresh, i, end))  # covers fewer than it did: ranked again
            continue
        chosen[end[0]].add(end[1])
        left -= new
    return chosen


def _statement_counts(store: Any, role: URIRef, nodes: set[Any]) -> dict[Any, int]:
    """How many statements name each of ``nodes`` in ``role`` (``rdf:subject`` or
    ``rdf:object``); a node none names is left out. Counted by the engine, not read."""
    out: dict[Any, int] = {}
    ordered = sorted(nodes)
    for i in range(0, len(ordered), CHECK_BATCH):
        text = inject_values(
            f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?st <{role}> ?x }} GROUP BY ?x",
            *({"x": x} for x in ordered[i : i + CHECK_BATCH]),
        )
        out.update((x, int(n)) for x, n in store.query(text).rows)
    return out
