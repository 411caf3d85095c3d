"""The link index: every link of the entity graph, once, in a named graph of its own.

A link of the entity graph (``construct-entity-graph``) is a triple between two IRIs that a
report asserts and records as a reified ``rdf:Statement`` with its source passage. Finding the
links at an entity from the statements means reading every statement about it: a force at ten
times the national corpus has about ten thousand, 0.3-0.4 s a force, and a path search reads a
few forces. The graph ``id:graph/links`` holds each link once (17,615 at national size), so
``entity-links`` finds an entity's links with two index look-ups; ``hmickg path`` then took
0.33 s for 15 random pairs at national size instead of 1.41 s, and 0.61 s for 8 pairs at ten
times that instead of 7.94 s, with the same chains.

``hmickg ingest`` keeps the index (:mod:`queries._derived`): it marks it out of date before its
first write, and derives it again in full after its last, with the catalogue rule
``construct-entity-links`` (1.3 s at national size). A derivation of the written graphs alone
was tried and left out: which of a graph's triples a statement elsewhere records cannot be
found without reading every statement's predicate (0.9 s a graph at national size).

A reader that finds the index missing or marked (:func:`links_current` is False) reads the
statements themselves (``entity-links-from-statements``): same rows, slower.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from . import _derived
from ._derived import PROV_INVALIDATED
from .catalog import catalog

LINKS_GRAPH = URIRef("https://w3id.org/hmickg/id/graph/links")
RULE = "construct-entity-links"


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


def derive_links(store: Any) -> int:
    """Derive the link index from everything the store holds; return the number of links.

    The index goes first, mark and all: its own triples are in the union, and a link that no
    report asserts any more would otherwise count as asserted by the index itself. A store
    with no links at all has no index graph (a reader then reads the statements, and finds
    none).
    """
    if LINKS_GRAPH in store.graphs():
        store.drop_graph(LINKS_GRAPH)
    links = store.query(catalog()[RULE].text).triples
    if links:
        store.replace_graph(LINKS_GRAPH, iter(links))
    return len(links)
