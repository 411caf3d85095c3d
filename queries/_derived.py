"""A derived named graph's bookkeeping: its out-of-date marks and its changes.

A derived graph (the gaps, the entity links) is made from the report graphs after they are
written. Before the first write of a run, :func:`invalidate` marks it out of date
(``<graph> prov:invalidatedAtTime t`` in the graph itself); the derivation that follows removes
the mark. A graph with one mark was derived from the store as it was before this run's writes,
so a derivation of the changes alone can be exact; with no mark or several (a run that stopped
between its writes and its derivation, or writes made without a mark) it cannot, and a reader
that needs it current must not trust it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

PROV_INVALIDATED = URIRef("http://www.w3.org/ns/prov#invalidatedAtTime")

Triple = tuple[Node, Node, Node]


def invalidate(store: Any, graph: URIRef) -> bool:
    """Mark ``graph`` as out of date, before report graphs are written; False (and no mark)
    when the store has no such graph yet."""
    if not store.has_graph(graph):
        return False
    now = Literal(datetime.now(UTC).isoformat(), datatype=XSD.dateTime)
    change(store, graph, (), [(graph, PROV_INVALIDATED, now)])
    return True


def marks(store: Any, graph: URIRef) -> list[Triple]:
    """The out-of-date marks ``graph`` holds."""
    rows = store.query(
        f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <{PROV_INVALIDATED}> ?t }} }}",
        union_default_graph=False,
    ).rows
    return [(graph, PROV_INVALIDATED, t) for (t,) in rows]


def change(store: Any, graph: URIRef, remove: Iterable[Triple], add: Iterable[Triple]) -> None:
    """Remove then add triples of ``graph``, in one write where the store can."""
    remove, add = list(remove), list(add)
    if not remove and not add:
        return
    change_graph = getattr(store, "change_graph", None)
    if change_graph is not None:
        change_graph(graph, remove, add)
        return
    triples = set(store.triples(graph)) if store.has_graph(graph) else set()
    triples.difference_update(remove)
    triples.update(add)
    store.replace_graph(graph, iter(triples))
