"""One interface to the knowledge graph's triple stores, several backends underneath.

>>> from graph_store import open_store
>>> from rdflib import URIRef, Literal
>>> triple = (URIRef("urn:ex:s"), URIRef("urn:ex:p"), Literal("x"))
>>> with open_store("memory:") as store:
...     store.replace_graph(URIRef("urn:ex:g"), [triple])
...     store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
1
[(rdflib.term.Literal('x'),)]

Backends are chosen by URL scheme through :mod:`graph_store.registry`; importing this package
loads no engine (neither pyoxigraph nor rdflib's SPARQL engine). This package imports nothing
from the rest of the project.
"""

from ._terms import ntriples
from .base import (
    Capabilities,
    GraphStore,
    Node,
    QueryResult,
    QuerySyntaxError,
    RdfFormat,
    StoreError,
    StringRows,
    Triple,
)
from .loading import replace_graphs
from .registry import open_store, register, schemes

__all__ = [
    "Capabilities",
    "GraphStore",
    "Node",
    "QueryResult",
    "QuerySyntaxError",
    "RdfFormat",
    "StoreError",
    "StringRows",
    "Triple",
    "ntriples",
    "open_store",
    "register",
    "replace_graphs",
    "schemes",
]
