"""Protective-service gaps, derived into a named graph of their own.

The rules are the ``derivations/construct-gaps-*.rq`` queries of the
catalogue: from areas for improvement and recommendations, from grades that
fail or only just meet the standard, and from regional work programmes. The
result replaces the graph ``id:graph/gaps`` as a whole, so deriving twice
leaves the same triples.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from .catalog import catalog

GAPS_GRAPH = URIRef("https://w3id.org/hmickg/id/graph/gaps")
RULES = (
    "construct-gaps-from-findings",
    "construct-gaps-from-grades",
    "construct-gaps-from-programmes",
)
LINKS = ("construct-gaps-addressed-by-programme", "construct-gaps-addressed-in-area")


def derive_gaps(store: Any) -> int:
    """Run the gap rules over the store and replace the gaps graph; returns its size."""
    specs = catalog()
    gaps = Graph()
    for name in RULES:
        result = store.query(specs[name].text)
        for triple in result.graph:
            gaps.add(triple)
    store.replace_graph(GAPS_GRAPH, iter(gaps))
    # which agreements already address them: needs the gaps in the store
    for name in LINKS:
        for triple in store.query(specs[name].text).graph:
            gaps.add(triple)
    return store.replace_graph(GAPS_GRAPH, iter(gaps))
