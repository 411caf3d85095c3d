"""In-process backend: an rdflib ``Dataset`` over rdflib's ``Memory`` store (``memory:``).

For tests and small data. Queries run in rdflib's pure-Python SPARQL engine, which does not
reorder joins: do not run catalogue queries over large graphs here (see engines.md).

Two ``Dataset`` views share one ``Memory`` store: one with ``default_union=True`` (the default
graph a query sees is the union of all graphs) and one without, so ``union_default_graph`` can be
chosen per query. ``replace_graph`` reads the whole iterable and checks every term before it
takes the lock and swaps the graph, and restores the old triples if the swap itself fails.
Blank nodes keep their labels.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from rdflib.term import BNode, Literal, URIRef

from . import _sparql, _terms
from ._rdflib import quiet_rdflib
from .base import BaseStore, Capabilities, Node, QueryResult, RdfFormat, StoreError, Triple

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.plugins.stores.memory import Memory

__all__ = ["MemoryStore"]

_RDFLIB_FORMATS = {
    RdfFormat.TRIG: "trig",
    RdfFormat.NQUADS: "nquads",
    RdfFormat.TURTLE: "turtle",
    RdfFormat.NTRIPLES: "nt",
}


def _eval_update(dataset: Dataset, text: str) -> None:
    """Run a SPARQL update with ``dataset``'s default graph as the update's default graph.

    rdflib 7.6's ``Dataset.update`` hands its operations the whole Dataset as the default
    graph: ``INSERT DATA`` without ``GRAPH`` then fails (``Dataset.__iadd__`` wants quads) and
    ``DELETE DATA``/``CLEAR DEFAULT`` remove triples from every graph. This is rdflib's own
    ``evalUpdate`` loop, with the context's ``graph`` set to the default graph.
    """
    from rdflib.plugins.sparql import update as ops
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate
    from rdflib.plugins.sparql.sparql import QueryContext

    handlers = {
        "Load": ops.evalLoad,
        "Clear": ops.evalClear,
        "Drop": ops.evalDrop,
        "Create": ops.evalCreate,
        "Add": ops.evalAdd,
        "Move": ops.evalMove,
        "Copy": ops.evalCopy,
        "InsertData": ops.evalInsertData,
        "DeleteData": ops.evalDeleteData,
        "DeleteWhere": ops.evalDeleteWhere,
        "Modify": ops.evalModify,
    }
    update = translateUpdate(parseUpdate(text))
    for operation in update.algebra:
        ctx = QueryContext(dataset, initBindings={})
        ctx.graph = dataset.default_graph
        ctx.prologue = operation.prologue
        try:
            handlers[operation.name](ctx, operation)
        except Exception:
            if not operation.silent:
                raise


class MemoryStore(BaseStore):
    """A :class:`~graph_store.base.GraphStore` held in this process's memory."""

    def __init__(self, *, url: str = "memory:") -> None:
        from rdflib import Dataset
        from rdflib.plugins.stores.memory import Memory

        self.url = url
        self.capabilities = Capabilities(
            persistent=False,
            transactions=False,
            named_graphs=True,
            native_sparql=False,
            union_default_graph=True,
            blank_node_labels=True,
        )
        self._lock = threading.RLock()
        self._memory: Memory | None = Memory()
        with quiet_rdflib():
            self._union = Dataset(store=self._memory, default_union=True)
            self._default = Dataset(store=self._memory, default_union=False)

    @classmethod
    def from_url(cls, url: str) -> MemoryStore:
        _, _, location = url.partition(":")
        if location not in ("", "memory"):
            raise ValueError(f"{url!r}: the memory store takes no location (use 'memory:')")
        return cls(url=url)

    @property
    def _store(self) -> Memory:
        if self._memory is None:
            raise StoreError(f"[{self.url}] the store is closed")
        return self._memory

    def _context(self, graph: URIRef) -> Graph:
        from rdflib import Graph

        return Graph(store=self._store, identifier=self._check_graph(graph))

    @property
    def _default_id(self) -> Any:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        return DATASET_DEFAULT_GRAPH_ID

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        ctx = self._context(graph)
        check, plain = _terms.check_triple, _terms.plain
        new: list[Triple] = []
        append = new.append
        for s, p, o in triples:  # may raise: nothing has been touched yet
            check(s, p, o)
            append((s, p, plain(o)))
        store = self._store
        with self._lock:
            old = [triple for triple, _ in store.triples((None, None, None), context=ctx)]
            try:
                store.remove_graph(ctx)
                if new:
                    store.addN((s, p, o, ctx) for s, p, o in new)
            except BaseException:
                store.remove_graph(ctx)
                if old:
                    store.addN((s, p, o, ctx) for s, p, o in old)
                raise
        return len(new)

    def drop_graph(self, graph: URIRef) -> bool:
        ctx = self._context(graph)
        with self._lock:
            existed = ctx.identifier in self._graph_ids()
            if existed:
                self._store.remove_graph(ctx)
        return existed

    def update(self, sparql_update: str) -> None:
        with self._lock, quiet_rdflib():
            self._check_open()
            try:
                _eval_update(self._default, sparql_update)
            except Exception as exc:
                raise self._error("SPARQL update failed", _syntax(exc)) from exc

    # ------------------------------------------------------------------ reading

    def _graph_ids(self) -> set[Any]:
        default = self._default_id
        return {
            c.identifier
            for c in self._store.contexts()
            if c.identifier != default and isinstance(c.identifier, URIRef)
        }

    def graphs(self) -> list[URIRef]:
        with self._lock:
            return sorted(URIRef(str(g)) for g in self._graph_ids())

    def count(self, graph: URIRef | None = None) -> int:
        store = self._store
        with self._lock:
            if graph is not None:
                return store.__len__(self._context(graph))
            from rdflib import Graph

            ids = {c.identifier for c in store.contexts()} | {self._default_id}
            return sum(store.__len__(Graph(store=store, identifier=i)) for i in ids)

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        ctx = self._context(graph)
        with self._lock:
            found = [t for t, _ in self._store.triples((None, None, None), context=ctx)]
        return iter(found)  # type: ignore[arg-type]

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        dataset: Dataset = self._union if union_default_graph else self._default
        init = {_sparql.variable_name(k): v for k, v in (bindings or {}).items()}
        for value in init.values():
            if not isinstance(value, URIRef | BNode | Literal):
                raise _terms.unexpected(value)
        with self._lock, quiet_rdflib():
            self._check_open()
            try:
                result = dataset.query(sparql, initBindings=init)
                return _materialise(result)
            except Exception as exc:
                raise self._error("SPARQL query failed", _syntax(exc)) from exc

    def dump(self, out: BinaryIO | Path, *, format: RdfFormat, graph: URIRef | None = None) -> None:
        self._check_format(format, graph)
        from rdflib import Dataset

        fmt = _RDFLIB_FORMATS[format]
        destination: Any = str(out) if isinstance(out, Path) else out
        with self._lock, quiet_rdflib():
            if graph is None:
                source: Graph = self._union
            elif format.is_dataset:
                source = Dataset()
                target = source.graph(self._check_graph(graph))
                for triple in self.triples(graph):
                    target.add(triple)
            else:
                source = self._context(graph)
            try:
                source.serialize(destination=destination, format=fmt, encoding="utf-8")
            except OSError as exc:
                raise self._error(f"could not dump {format.name}", exc) from exc

    def close(self) -> None:
        self._memory = None
        super().close()


def _syntax(exc: Exception) -> Exception:
    """rdflib reports a query that does not parse as pyparsing's ParseException."""
    from pyparsing import ParseBaseException

    if isinstance(exc, ParseBaseException):
        return SyntaxError(str(exc))
    return exc


def _materialise(result: Any) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(kind="ask", boolean=bool(result.askAnswer))
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars or []]
        return QueryResult(kind="select", variables=variables, rows=[tuple(r) for r in result])
    return QueryResult(kind="construct", graph=result.graph)
