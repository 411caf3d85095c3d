"""The graph store interface: one protocol, several backends underneath.

Every backend speaks rdflib terms (:class:`~rdflib.term.URIRef`, :class:`~rdflib.term.BNode`,
:class:`~rdflib.term.Literal`) at this boundary, whatever it stores underneath; conversion to and
from an engine's own terms lives in :mod:`graph_store._terms` only.

Importing this module loads neither pyoxigraph nor rdflib's SPARQL engine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Protocol, Self, TypeAlias, runtime_checkable
from typing import Literal as _Literal

from rdflib.term import BNode, Literal, URIRef

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "BaseStore",
    "Capabilities",
    "GraphStore",
    "NativeTriples",
    "Node",
    "QueryResult",
    "QuerySyntaxError",
    "RdfFormat",
    "StoreError",
    "StringRows",
    "Triple",
]

Node: TypeAlias = URIRef | BNode | Literal
"""An RDF term as the store interface sees it."""

Triple: TypeAlias = tuple[Node, Node, Node]


class StoreError(Exception):
    """A store could not do what was asked; the message names the store and what failed."""


class QuerySyntaxError(StoreError):
    """The SPARQL query or update text does not parse."""


class RdfFormat(enum.Enum):
    """Serialisation formats that :meth:`GraphStore.dump` writes."""

    TRIG = "trig"
    NQUADS = "nquads"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]

    @property
    def is_dataset(self) -> bool:
        """True if the format carries named graphs (TriG, N-Quads)."""
        return self in (RdfFormat.TRIG, RdfFormat.NQUADS)


_MEDIA_TYPES = {
    RdfFormat.TRIG: "application/trig",
    RdfFormat.NQUADS: "application/n-quads",
    RdfFormat.TURTLE: "text/turtle",
    RdfFormat.NTRIPLES: "application/n-triples",
}


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, so callers branch on declared facts rather than on classes."""

    persistent: bool
    """Data outlives the process (a folder on disk, or a server)."""
    transactions: bool
    """``replace_graph`` and ``update`` are all-or-nothing inside the engine itself."""
    named_graphs: bool
    native_sparql: bool
    """Queries run in a compiled engine (Oxigraph), not in rdflib's pure-Python one."""
    union_default_graph: bool
    """``query(..., union_default_graph=...)`` is honoured per query."""
    blank_node_labels: bool = False
    """Blank nodes read back carry the labels they were written with.

    False where writes go through SPARQL ``INSERT DATA`` or the Graph Store Protocol, which give
    written blank nodes fresh labels: the graph read back is then isomorphic, not identical, to
    the one written (mint IRIs for anything that needs a stable name).
    """


class NativeTriples(Protocol):
    """A CONSTRUCT answer still in the engine's own terms, converted only when asked.

    Turning hundreds of thousands of engine triples into rdflib terms costs more than the
    engine's own work, and a caller that writes the answer out (Turtle, N-Triples) or counts it
    never needs rdflib terms at all.
    """

    def __len__(self) -> int: ...

    def to_rdflib(self) -> list[Triple]:
        """The triples as rdflib terms, in the engine's order."""
        ...

    def serialize(self, format: RdfFormat, prefixes: Mapping[str, str]) -> str:
        """The triples written in ``format`` (a triple format) with the engine's serialiser."""
        ...


class QueryResult:
    """The materialised answer to a SPARQL query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``), ``"ask"`` (``boolean``) or
    ``"construct"`` (``triples`` and ``graph``; DESCRIBE answers are reported as
    ``"construct"`` too). Each row holds one term, or None where the variable is unbound, per
    variable in order. A CONSTRUCT answer holds each triple once; a backend may hand it over in
    its engine's terms (``native``), and ``triples`` and ``graph`` are then made on first use.
    """

    __slots__ = ("_graph", "_native", "_triples", "boolean", "kind", "rows", "variables")

    def __init__(
        self,
        kind: _Literal["select", "ask", "construct"],
        variables: list[str] | None = None,
        rows: list[tuple[Node | None, ...]] | None = None,
        boolean: bool | None = None,
        graph: Graph | None = None,
        *,
        triples: list[Triple] | None = None,
        native: NativeTriples | None = None,
    ) -> None:
        self.kind = kind
        self.variables = variables if variables is not None else []
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        self._graph = graph
        self._triples = triples
        self._native = native

    def __repr__(self) -> str:
        if self.kind == "select":
            return f"QueryResult(select, {len(self.variables)} variables, {len(self.rows)} rows)"
        if self.kind == "ask":
            return f"QueryResult(ask, {self.boolean})"
        return f"QueryResult(construct, {len(self)} triples)"

    @property
    def triples(self) -> list[Triple]:
        """A CONSTRUCT answer's triples, each once (empty for SELECT and ASK)."""
        if self._triples is None:
            if self._native is not None:
                self._triples = self._native.to_rdflib()
            elif self._graph is not None:
                self._triples = list(self._graph)
            else:
                self._triples = []
        return self._triples

    @property
    def graph(self) -> Graph | None:
        """A CONSTRUCT answer as an rdflib ``Graph`` (None for SELECT and ASK)."""
        if self.kind != "construct":
            return None
        if self._graph is None:
            from rdflib import Graph

            graph = Graph()
            graph.addN((s, p, o, graph) for s, p, o in self.triples)
            self._graph = graph
        return self._graph

    def serialize(
        self, format: RdfFormat = RdfFormat.TURTLE, prefixes: Mapping[str, str] | None = None
    ) -> str:
        """A CONSTRUCT answer written as Turtle or N-Triples, with these ``prefixes`` (Turtle)."""
        prefixes = prefixes or {}
        if self.kind != "construct":
            raise ValueError(f"only a CONSTRUCT answer is a graph; this is a {self.kind} answer")
        if format.is_dataset:
            raise ValueError(f"a CONSTRUCT answer is one graph; {format.value} writes datasets")
        if self._native is not None and self._graph is None:
            return self._native.serialize(format, prefixes)
        graph = self.graph
        assert graph is not None
        for prefix, namespace in prefixes.items():
            graph.bind(prefix, namespace, override=True)
        return str(graph.serialize(format=format.value))

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows as ``{variable: term or None}`` dictionaries."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        if self.kind == "construct":
            if self._native is not None and self._triples is None:
                return len(self._native)
            if self._graph is not None and self._triples is None:
                return len(self._graph)
            return len(self.triples)
        return len(self.rows)


@dataclass
class StringRows:
    """A query's answer as plain strings, for callers that build something else from it.

    A SELECT gives its ``variables`` and one tuple per solution; a CONSTRUCT (or DESCRIBE) the
    variables ``subject``, ``predicate``, ``object`` and one tuple per triple. Each term is a
    string: an IRI's text, a literal's lexical form (its datatype and language dropped), a blank
    node's ``_:`` label; None where a variable is unbound. Use :meth:`GraphStore.query` where
    the kind of a term matters.
    """

    variables: list[str]
    rows: list[tuple[str | None, ...]]

    def dicts(self) -> list[dict[str, str | None]]:
        """The rows as ``{variable: string or None}`` dictionaries."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


TRIPLE_VARIABLES = ["subject", "predicate", "object"]
"""The variables of :class:`StringRows` answering a CONSTRUCT."""


def term_string(term: Node | None) -> str | None:
    """A term as :class:`StringRows` gives it (see there)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def string_rows(result: QueryResult) -> StringRows:
    """A materialised answer as :class:`StringRows` (SELECT or CONSTRUCT)."""
    if result.kind == "select":
        return StringRows(
            list(result.variables),
            [tuple(term_string(t) for t in row) for row in result.rows],
        )
    if result.kind == "construct":
        return StringRows(
            list(TRIPLE_VARIABLES),
            [(term_string(s), term_string(p), term_string(o)) for s, p, o in result.triples],
        )
    raise ValueError("only a SELECT or CONSTRUCT query answers rows of strings")


@runtime_checkable
class GraphStore(Protocol):
    """A dataset of named graphs that can be replaced whole and queried with SPARQL."""

    url: str
    capabilities: Capabilities

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """Make ``graph`` hold exactly ``triples``; return how many were written.

        All or nothing: the named graph is dropped and the new triples written in one
        transaction. If the iterable raises midway, or anything else fails, the store keeps
        exactly what it had (the old graph intact). Writing no triples drops the graph.
        """
        ...

    def drop_graph(self, graph: URIRef) -> bool:
        """Remove a named graph; return whether it was there."""
        ...

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        ...

    def has_graph(self, graph: URIRef) -> bool:
        """Whether ``graph`` is one of :meth:`graphs` (a look-up where the store has one: the
        list of a store of 6,600 report graphs took 80 ms to make)."""
        ...

    def count(self, graph: URIRef | None = None) -> int:
        """Triples in ``graph``, or all quads of the dataset (default graph included) if None."""
        ...

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query.

        ``bindings`` binds variables (by name, without ``?``) to terms; they are never formatted
        into the query text as strings. With ``union_default_graph`` the default graph the query
        sees is the union of the default graph and all named graphs; ``GRAPH ?g`` still
        addresses each named graph.
        """
        ...

    def query_strings(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> StringRows:
        """Run a SELECT or CONSTRUCT query like :meth:`query`, answering plain strings.

        For callers that turn a large answer into something else (a NetworkX graph): no rdflib
        term or graph is made for each value. An ASK query raises ``ValueError``.
        """
        ...

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 update (plain SPARQL dataset semantics, no union default graph)."""
        ...

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        """The triples of one named graph."""
        ...

    def dump(self, out: BinaryIO | Path, *, format: RdfFormat, graph: URIRef | None = None) -> None:
        """Serialise the dataset (TriG, N-Quads) or one named graph (any format) to ``out``.

        Turtle and N-Triples carry no graph names and need ``graph``.
        """
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class BaseStore:
    """Shared plumbing for the backends: context manager, closed-state checks, messages."""

    url: str
    capabilities: Capabilities
    _closed: bool = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True

    def graphs(self) -> list[URIRef]:
        raise NotImplementedError  # pragma: no cover - every backend has its own

    def has_graph(self, graph: URIRef) -> bool:
        """The default: ``graph in self.graphs()``."""
        return self._check_graph(graph) in self.graphs()

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        raise NotImplementedError  # pragma: no cover - every backend has its own

    def query_strings(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> StringRows:
        """The default: :meth:`query`, its terms then written as strings (an engine that hands
        out strings itself overrides this)."""
        result = self.query(sparql, bindings=bindings, union_default_graph=union_default_graph)
        return string_rows(result)

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<{type(self).__name__} {self.url!r}{state}>"

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"[{self.url}] the store is closed")

    def _error(self, what: str, exc: BaseException | None = None) -> StoreError:
        detail = f": {exc}" if exc is not None else ""
        if isinstance(exc, SyntaxError):
            return QuerySyntaxError(f"[{self.url}] {what}{detail}")
        return StoreError(f"[{self.url}] {what}{detail}")

    @staticmethod
    def _check_graph(graph: object) -> URIRef:
        if type(graph) is not URIRef:
            if isinstance(graph, URIRef):
                return URIRef(str(graph))
            raise ValueError(f"A named graph must be a URIRef, not {graph!r}")
        return graph

    @staticmethod
    def _check_format(format: RdfFormat, graph: URIRef | None) -> None:
        if not isinstance(format, RdfFormat):
            raise ValueError(f"Unknown RDF format {format!r}; use graph_store.RdfFormat")
        if not format.is_dataset and graph is None:
            raise ValueError(f"{format.name} has no graph names: pass graph=... to dump one graph")
