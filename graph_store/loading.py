"""Loading quads into a store: the sink at the end of ``ingest``'s ``Iterator[Quad]``.

:func:`replace_graphs` groups quads by their named graph and gives each graph to
:meth:`GraphStore.replace_graph`, so every graph is replaced all-or-nothing. The quads are all
read before the first graph is written: if the iterable raises midway, nothing is written.
Graphs are replaced one after another, in the order they first appear; if writing one fails,
the graphs before it stay replaced and the ones after it are left as they were.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import URIRef

from .base import GraphStore, Node

__all__ = ["replace_graphs"]

Quad = tuple[Node, Node, Node, URIRef]


def replace_graphs(store: GraphStore, quads: Iterable[Quad]) -> dict[URIRef, int]:
    """Replace every named graph that ``quads`` mention; return triples written per graph."""
    by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in quads:
        if not isinstance(g, URIRef):
            raise ValueError(f"Quads must be in a named graph (a URIRef), not {g!r}")
        triples = by_graph.get(g)
        if triples is None:
            triples = by_graph[g] = []
        triples.append((s, p, o))
    return {g: store.replace_graph(g, triples) for g, triples in by_graph.items()}
