"""The default backend: a pyoxigraph ``Store``, on disk (RocksDB) or in memory.

``oxigraph:/path/to/dir`` opens (creating if missing) a store in that folder; ``oxigraph:`` or
``oxigraph:memory`` an in-memory one (``oxigraph:./memory`` for a folder named ``memory``).

Atomic replacement. pyoxigraph 0.5 has no Python transaction object, but two of its calls are
documented as transactional ("either the full operation succeeds, or nothing is written"):
``Store.update`` (one SPARQL update request, however many operations it holds) and
``Store.load``. :meth:`OxigraphStore.replace_graph` first reads and checks the caller's whole
iterable into N-Triples text (so an iterable that raises midway writes nothing), then:

- if the graph exists: one update, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {...} }``;
- if it is new: one ``Store.load(..., to_graph=<g>)``, about twice as fast on disk.

Readers never see the graph missing or half-written, a crash (tested with SIGKILL) leaves the
old or the new graph whole, and there is no staging data to clean up. A write lock makes the
"is it new?" check and the write one step within the process; RocksDB keeps other processes
out. (A staging graph written with the transactional ``Store.extend`` and then ``MOVE``d over
the target is atomic too and keeps blank-node labels, but measured 3-4x slower on disk and
shows the staging graph to concurrent union-graph queries.) Both paths give blank nodes fresh
labels, hence ``capabilities.blank_node_labels`` is False. Oxigraph also stores numbers, dates
and booleans by value and returns their canonical lexical form (``"-3.50"^^xsd:decimal`` comes
back as ``"-3.5"``) and lower-cases language tags (rdflib compares tags case-insensitively).

The union view. SPARQL's union default graph is the *merge* of the graphs, a set; Oxigraph's
``use_default_graph_as_union`` instead yields a triple once per graph that holds it. In this
knowledge graph the same entity is described by every report that mentions it (SOCA's type and
label are in hundreds of report graphs), so joins over entity facts multiplied: duplicate rows,
and plans that ran for minutes. The store therefore keeps the merge itself, in the reserved graph
:data:`UNION_GRAPH`, and runs ``union_default_graph`` queries with that graph as their default
graph. It is an index, not data: :meth:`graphs`, :meth:`count` and :meth:`dump` leave it out,
``GRAPH ?g`` does not see it, and it is rebuilt when missing (a store written before it existed).
Writes keep it exact:

- a new graph: the graph is loaded in one transaction, then its text is bulk-loaded into the
  union too (copied quad by quad where it has blank nodes, to keep them the same nodes); a
  marker in :data:`STATE_GRAPH`, written before and removed after, makes the copy redo itself
  when the store is next opened after a crash (:meth:`new_graphs` writes many new graphs with
  one bulk load that reads them as they come, and drops them after a crash);
- a graph replaced through :meth:`replace_graph`: only its differences are written;
- a replaced or dropped graph: one update request removes from the union the old triples that no
  other graph (nor the default graph) holds, replaces the graph and adds the new triples to the
  union, all in one transaction;
- :meth:`update` (any SPARQL update) is followed by a rebuild of the union, a graph at a time.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from rdflib.term import BNode, URIRef

from . import _sparql, _terms
from ._gc import gc_paused as _gc_paused
from ._stream import FedStream, StreamClosed, read_in_thread
from .base import (
    BaseStore,
    Capabilities,
    Node,
    QueryResult,
    RdfFormat,
    StoreError,
    StringRows,
    Triple,
)

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["STATE_GRAPH", "UNION_GRAPH", "NewGraphs", "OxigraphStore"]

UNION_GRAPH = URIRef("https://w3id.org/hmickg/id/graph/union")
"""The reserved graph holding the merge (set union) of every other graph: the union view."""
STATE_GRAPH = URIRef("https://w3id.org/hmickg/id/graph/store-state")
"""The reserved graph of the store's own bookkeeping (union copies still to do)."""
_STATE = "https://w3id.org/hmickg/def/store#"
_PENDING = URIRef(_STATE + "pendingUnionCopy")
_LOADING = URIRef(_STATE + "bulkLoading")
_RESERVED = frozenset({UNION_GRAPH, STATE_GRAPH})
_FEW_ROWS = 100
"""An answer of fewer rows is made with the cyclic garbage collector left as it is."""
_PLAN_LIMIT = 4096
"""Queries whose engine text and dataset a store keeps (:meth:`OxigraphStore._evaluate`)."""
_PLAN_TEXT = 16_384
"""Longer query texts are not kept: the catalogue's are under 8,000 characters, and a text
that long is one made for a single run (a derivation's VALUES block of thousands of terms),
which keeping would only hold in memory."""
SMALL_LOAD = 5_000
"""Below this many triples, an addition to the union view is one transactional load rather than
a bulk load: the bulk loader makes RocksDB flush its memtables first (up to 0.37 s for one mark
after an ingest's writes, 0.1 ms as a load), but loads a report's 11,756 triples into a new
store in 0.44 s end to end against 0.56 s transactionally."""
# A blank node term in N-Triples text: at the start of a line, or after an IRI or a space
# (inside a literal "_:" follows a quote-free run of text too, so this may say yes wrongly,
# which only costs the slower copy).
_BLANK_NODE = re.compile(r"(?:^|[\s>])_:", re.MULTILINE)


def _has_blank_node(text: str) -> bool:
    """Whether N-Triples ``text`` may hold a blank node (:data:`_BLANK_NODE`). The regex alone
    costs 18 ms on a 1.2 MB report (its alternation defeats the engine's literal search), which
    the thread feeding the bulk load spent holding the GIL; ``in`` rules most texts out in 1 ms."""
    return "_:" in text and _BLANK_NODE.search(text) is not None


_FROM_KEYWORD = re.compile(r"(?<![?$\w:])FROM\b", re.IGNORECASE)


def _distinct(triples: list[Any]) -> list[Any]:
    """``triples`` without repeats, in their order. Most answers have none, and a set of the
    triples says so a little faster than an ordered dictionary of them is built (0.42-0.59 s
    against 0.60-0.68 s for the 719,126 triples of the organisation network, fresh lists,
    collector paused); the dictionary keeps the order where there are repeats."""
    if len(set(triples)) == len(triples):
        return triples
    return list(dict.fromkeys(triples))


def _keep(kept: dict[Any, Any], key: Any, value: Any) -> None:
    """``kept[key] = value``, the dictionary emptied first once it holds ``_PLAN_LIMIT``."""
    if len(kept) >= _PLAN_LIMIT:
        kept.clear()
    kept[key] = value


def _import_pyoxigraph() -> Any:
    try:
        import pyoxigraph
    except ImportError as exc:  # pragma: no cover - pyoxigraph is a core dependency
        raise StoreError(
            "the Oxigraph store needs pyoxigraph: pip install 'pyoxigraph>=0.5,<0.6'"
        ) from exc
    return pyoxigraph


@functools.lru_cache(maxsize=512)
def _names_graphs(sparql: str) -> tuple[bool, tuple[str, ...] | None]:
    """Whether the query says FROM (not in comments, strings or IRIs), and which graphs its
    GRAPH patterns name (:func:`graph_store._sparql.graph_names`)."""
    return bool(_FROM_KEYWORD.search(_sparql.mask(sparql))), _sparql.graph_names(sparql)


def _unshare_where(source: str, *, also_not_in: str | None = None) -> str:
    """An update deleting from the union each ``?s ?p ?o`` that ``source`` binds and that no
    other graph (nor the default graph) holds; ``also_not_in`` names one more graph not to
    count (the one about to be dropped)."""
    u = _terms.iri_to_sparql(UNION_GRAPH)
    excluded = ", ".join(x for x in (also_not_in, u, _terms.iri_to_sparql(STATE_GRAPH)) if x)
    return (
        f"DELETE {{ GRAPH {u} {{ ?s ?p ?o }} }}\n"
        f"WHERE {{ {source}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other NOT IN ({excluded})) }}\n"
        f"  FILTER NOT EXISTS {{ ?s ?p ?o }} }}"
    )


def _patch_update(graph: URIRef, removed: str, unshared: str, added: str) -> str:
    """One update deleting the N-Triples ``removed`` from ``graph`` and ``unshared`` (those of
    them no other graph holds) from the union, then inserting the N-Triples ``added`` into
    both."""
    g = _terms.iri_to_sparql(graph)
    u = _terms.iri_to_sparql(UNION_GRAPH)
    parts = []
    if removed:
        union = f"\nGRAPH {u} {{\n{unshared}}}" if unshared else ""
        parts.append(f"DELETE DATA {{ GRAPH {g} {{\n{removed}}}{union} }}")
    if added:
        parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{added}}}\nGRAPH {u} {{\n{added}}} }}")
    return " ;\n".join(parts)


class OxigraphStore(BaseStore):
    """A :class:`~graph_store.base.GraphStore` over ``pyoxigraph.Store``."""

    def __init__(self, path: str | Path | None = None, *, url: str | None = None) -> None:
        ox = _import_pyoxigraph()
        self.path = Path(path) if path is not None else None
        self.url = url or (f"oxigraph:{self.path}" if self.path is not None else "oxigraph:")
        self.capabilities = Capabilities(
            persistent=self.path is not None,
            transactions=True,
            named_graphs=True,
            native_sparql=True,
            union_default_graph=True,
            blank_node_labels=False,
        )
        self._ox = ox
        self._terms = _terms.OxTerms()
        self._plans: dict[Any, tuple[str, dict[str, Any]]] = {}
        self._variables: dict[str, list[str]] = {}
        # Writers take turns in this process (RocksDB keeps other processes out), so that the
        # "is the graph new?" check in replace_graph still holds when its write lands.
        self._write_lock = threading.RLock()
        self._formats = {
            RdfFormat.TRIG: ox.RdfFormat.TRIG,
            RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
            RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
            RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
        }
        self._store: pyoxigraph.Store | None = self._open(ox)
        self._union = self._terms.graph_to_ox(UNION_GRAPH)
        self._state = self._terms.graph_to_ox(STATE_GRAPH)
        self._pending = self._terms.graph_to_ox(_PENDING)
        self._loading = self._terms.graph_to_ox(_LOADING)
        self._repair_union()

    @classmethod
    def from_url(cls, url: str) -> OxigraphStore:
        _, _, location = url.partition(":")
        if location in ("", "memory"):
            return cls(None, url=url)
        return cls(location, url=url)

    def _open(self, ox: Any) -> pyoxigraph.Store:
        store: pyoxigraph.Store
        if self.path is None:
            store = ox.Store()
            return store
        folder = self.path
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"[{self.url}] cannot open the store: {folder} is not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(folder))
            return store
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"[{self.url}] cannot open the Oxigraph store in folder {folder}: it is locked."
                    " Another hmickg process (or another open store object in this process)"
                    " may hold it; close that one first. "
                    f"(RocksDB said: {exc})"
                ) from exc
            raise StoreError(
                f"[{self.url}] cannot open the Oxigraph store in folder {folder}: {exc}"
            ) from exc

    def _check_writable(self, graph: object) -> URIRef:
        g = self._check_graph(graph)
        if g in _RESERVED:
            raise ValueError(f"<{g}> is reserved: the store maintains it itself")
        return g

    @property
    def store(self) -> pyoxigraph.Store:
        """The underlying ``pyoxigraph.Store`` (for engine-specific work)."""
        if self._store is None:
            raise StoreError(f"[{self.url}] the store is closed")
        return self._store

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        # Read and check every triple before the store is touched: an iterable that raises
        # midway (or a bad term) writes nothing.
        new = list(triples)
        text, written = _terms.ntriples(new)
        g = self._check_writable(graph)
        with self._write_lock:
            if written and self.store.contains_named_graph(self._terms.graph_to_ox(g)):
                change = self._changes(g, new)
                if change is not None:
                    try:
                        if change:
                            self.store.update(change)
                    except (SyntaxError, OSError, RuntimeError) as exc:
                        raise self._error(
                            f"could not replace graph <{g}> (nothing was changed)", exc
                        ) from exc
                    return written
            return self.replace_graph_ntriples(g, text, written, trusted=True)

    def _changes(self, graph: URIRef, new: list[Triple]) -> str | None:
        """One update turning the stored ``graph`` into ``new`` by its differences only (the
        gaps graph gains a few hundred links on top of 55,000 triples; a report ingested
        again unchanged writes nothing), or None where blank nodes make triples
        incomparable. Deletions come first, so a literal stored in another lexical form of
        the same value (Oxigraph keeps numbers by value) is deleted and then written again.
        """
        old = set(self.triples(graph))
        wanted = set(new)
        if any(type(t) is BNode for triple in (old | wanted) for t in triple):
            return None
        return self._patch(graph, old - wanted, wanted - old)

    def change_graph(
        self, graph: URIRef, remove: Iterable[Triple], add: Iterable[Triple]
    ) -> tuple[int, int]:
        """Remove ``remove`` from ``graph`` (where it holds them), then add ``add``, in one
        transaction, keeping the union view exact; return how many triples of each were
        given. A derived graph changed in a few places (the gaps graph after an incremental
        derivation) is not read and written whole. No blank nodes (they would be new nodes).

        Only additions are loaded rather than sent as an update: a new graph with the bulk
        loader (as :meth:`add_graphs_ntriples`: dropped if a crash cuts it short), an existing
        one with a transactional load and then its union copy (redone after a crash). The
        first derivation of the national store's gaps (79,283 triples) took 7.7-8.7 s with
        INSERT DATA, 4.0 s with the bulk loader.
        """
        added = set(add)
        removed = set(remove) - added
        if any(type(t) is BNode for triple in (removed | added) for t in triple):
            raise StoreError(f"[{self.url}] change_graph takes no blank nodes")
        for triple in (*removed, *added):
            _terms.check_triple(*triple)
        g = self._check_writable(graph)
        ox_graph = self._terms.graph_to_ox(g)
        with self._write_lock:  # (reentrant: the "is it new?" check and the write are one step)
            if added and not removed and not self.store.contains_named_graph(ox_graph):
                # a new graph (a first derivation): the bulk loader, dropped if cut short
                self.add_graphs_ntriples([(g, *_terms.ntriples(added))], trusted=True)
                return 0, len(added)
            try:
                if added and not removed:
                    # only additions: a load, not an INSERT DATA request
                    self._load(ox_graph, _terms.ntriples(added)[0])
                elif removed or added:
                    self.store.update(self._patch(g, removed, added))
            except (SyntaxError, OSError, RuntimeError) as exc:
                raise self._error(
                    f"could not change graph <{g}> (nothing was changed)", exc
                ) from exc
        return len(removed), len(added)

    def _patch(self, graph: URIRef, removed: set[Triple], added: set[Triple]) -> str:
        """One update deleting ``removed`` from ``graph`` (and from the union where no other
        graph holds them), then inserting ``added`` into both."""
        to_ox, triple = self._terms.to_ox, self._ox.Triple
        engine = (triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in removed)
        unshared = self._unshared(self._terms.graph_to_ox(graph), engine)
        return _patch_update(
            graph, _terms.ntriples(removed)[0], unshared, _terms.ntriples(added)[0]
        )

    def _unshared(self, ox_graph: Any, triples: Iterable[Any]) -> str:
        """Those of ``triples`` (the engine's, about to leave ``ox_graph``) that no other graph,
        nor the default graph, holds, as N-Triples: what leaves the union with them. Read
        under the write lock, before the update: as a ``FILTER NOT EXISTS`` in the update
        the same test took 0.18-0.4 s for the 7,007 triples an edited report lost (national
        store).

        Look-ups, by subject first: a subject no other graph states anything of (a finding,
        a passage of this report) clears all its triples with one look-up; the others' triples
        are looked up one by one, each stopping at the first other graph that holds it. For
        the 9,551 triples of the 2008 report: 1,186 subjects, 1,020 triples looked up alone,
        0.11 s, where one look-up per triple took 0.16 s."""
        keep = (ox_graph, self._union, self._state)
        quads = self.store.quads_for_pattern
        by_subject: dict[Any, list[Any]] = {}
        for t in triples:
            by_subject.setdefault(t.subject, []).append(t)
        leaving = []
        for subject, group in by_subject.items():
            if len(group) > 1 and all(
                q.graph_name in keep for q in quads(subject, None, None, None)
            ):
                leaving.extend(group)
                continue
            leaving.extend(
                t
                for t in group
                if all(q.graph_name in keep for q in quads(t.subject, t.predicate, t.object, None))
            )
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in leaving)

    def replace_graph_ntriples(
        self,
        graph: URIRef,
        text: str,
        written: int,
        *,
        trusted: bool = False,
        before_write: Callable[[], object] | None = None,
    ) -> int:
        """:meth:`replace_graph` with the triples already written as N-Triples text (one
        ``s p o .`` line per triple, as ``graph_store.ntriples`` makes it), so that a worker
        process can serialise a report's graph and the process owning the store only loads it.

        Where the graph exists only its differences are written, in one update (one
        transaction; the union view kept exact), and nothing at all where there are none: a
        report ingested again unchanged. ``before_write`` is called, under the write lock,
        only if something is about to be written. The text goes into a SPARQL update, so
        unless ``trusted`` (made by ``graph_store.ntriples``) it is first parsed as
        N-Triples: text that is not could otherwise end the INSERT DATA block and smuggle in
        operations of its own.
        """
        g = self._check_writable(graph)
        store = self.store
        ox_graph = self._terms.graph_to_ox(g)
        with self._write_lock:
            try:
                if store.contains_named_graph(ox_graph):
                    if not trusted:
                        self._check_ntriples(text)
                    update = self._replacement(g, ox_graph, text, written)
                    if update:
                        if before_write is not None:
                            before_write()
                        store.update(update)
                elif written:
                    if before_write is not None:
                        before_write()
                    self._load(ox_graph, text)
            except (SyntaxError, OSError, RuntimeError) as exc:
                raise self._error(
                    f"could not replace graph <{g}> (nothing was changed)", exc
                ) from exc
        return written

    def _replacement(self, graph: URIRef, ox_graph: Any, text: str, written: int) -> str:
        """The update turning the stored ``graph`` into the N-Triples ``text``: its differences
        (empty if none), or, where blank nodes make triples incomparable, drop and insert.

        The stored graph is read as N-Triples lines (65 ms for the 11,756 triples of a real
        report, against 0.9 s to drop and insert them on the national store) and compared
        with the text line by line. The new lines first go through an in-memory store, which
        writes them as the store does: it keeps a literal by value, in its canonical form
        (a score written "0.50" is stored as "0.5"), and the same triple must not count as
        a difference.
        """
        ox = self._ox
        nt = ox.RdfFormat.N_TRIPLES
        if written and not _has_blank_node(text):  # (an empty graph is dropped)
            old = self.store.dump(format=nt, from_graph=ox_graph).decode("utf-8")
            if not _has_blank_node(old):
                stored = set(old.splitlines())
                lines = {line for line in text.splitlines() if line}
                fresh = lines - stored
                if fresh:
                    canonical = ox.Store()
                    default = ox.DefaultGraph()
                    canonical.load("\n".join(fresh) + "\n", nt, to_graph=default)
                    fresh = set(canonical.dump(format=nt, from_graph=default).decode().splitlines())
                gone = stored - lines - fresh
                fresh -= stored
                if not gone and not fresh:
                    return ""
                gone_text = "".join(f"{line}\n" for line in gone)
                unshared = self._unshared(ox_graph, ox.parse(gone_text, nt))
                added = "".join(f"{line}\n" for line in fresh)
                return _patch_update(graph, gone_text, unshared, added)
        # One update request is one transaction: the old triples go (from the union too,
        # unless another graph holds them) and the new ones arrive together.
        g_text = _terms.iri_to_sparql(graph)
        u_text = _terms.iri_to_sparql(UNION_GRAPH)
        insert = (
            f" ;\nINSERT DATA {{ GRAPH {g_text} {{\n{text}}}\nGRAPH {u_text} {{\n{text}}} }}"
            if written
            else ""
        )
        return f"{self._unshare(graph)} ;\nDROP SILENT GRAPH {g_text}{insert}"

    def _check_ntriples(self, text: str) -> None:
        """Raise SyntaxError unless ``text`` is N-Triples (text from outside
        ``graph_store.ntriples`` could otherwise end the block or request it is written into)."""
        for _ in self._ox.parse(text, self._ox.RdfFormat.N_TRIPLES):
            pass

    def _refuse_unless_ntriples(self, graph: URIRef, text: str) -> None:
        """:meth:`_check_ntriples`, failing as a write of ``graph`` that changed nothing."""
        try:
            self._check_ntriples(text)
        except SyntaxError as exc:
            raise self._error(f"could not load graph <{graph}> (nothing was changed)", exc) from exc

    def _load(self, ox_graph: Any, text: str) -> None:
        """Add N-Triples ``text`` to a graph with one transactional load (about twice as fast as
        INSERT DATA), then copy it into the union; the copy is redone on the next open if it
        is cut short (it copies the whole graph, which is right for a graph only added to)."""
        store = self.store
        pending = self._ox.Quad(self._union, self._pending, ox_graph, self._state)
        store.add(pending)
        try:
            store.load(text, self._ox.RdfFormat.N_TRIPLES, to_graph=ox_graph)
        except BaseException:
            store.remove(pending)
            raise
        if _has_blank_node(text):
            self._copy_to_union(ox_graph)  # the same blank nodes, not new ones
        elif text.count("\n") < SMALL_LOAD:
            # A transactional load: the bulk loader ingests files of its own, and RocksDB first
            # flushes what is still in memory, which took up to 0.37 s for one mark after an
            # ingest's writes (national store; 0.1 ms as a load).
            store.load(text, self._ox.RdfFormat.N_TRIPLES, to_graph=self._union)
        else:  # the loader parses in Rust: about 2.5x faster than a quad at a time
            store.bulk_load(text, self._ox.RdfFormat.N_TRIPLES, to_graph=self._union)
        store.remove(pending)

    def add_graphs_ntriples(
        self, items: Sequence[tuple[URIRef, str, int]], *, trusted: bool = False
    ) -> list[int]:
        """Write several graphs given as N-Triples text (``graph_store.ntriples``), the new
        ones together with one bulk load (:meth:`new_graphs`); return the triples written per
        item. Unless ``trusted`` (made by ``graph_store.ntriples``), every text is first parsed
        as N-Triples, and nothing is written if one is not. A graph that exists already, or
        comes twice, or has blank nodes, is written by :meth:`replace_graph_ntriples` (one
        transaction) after the new ones, in the order given.
        """
        checked = [(self._check_writable(g), text, n) for g, text, n in items]
        if not trusted:
            for g, text, _ in checked:
                self._refuse_unless_ntriples(g, text)
        out: list[int] = [0] * len(checked)
        later: list[int] = []
        with self._write_lock, self.new_graphs() as batch:
            fresh: list[int] = []
            for i, (g, text, n) in enumerate(checked):
                (fresh if batch.add(g, text, n, trusted=True) else later).append(i)
            for i, n in zip(fresh, batch.load(), strict=True):
                out[i] = n
        for i in later:
            g, text, n = checked[i]
            out[i] = self.replace_graph_ntriples(g, text, n, trusted=True)
        return out

    def new_graphs(self) -> NewGraphs:
        """A batch of graphs new to the store, written by one bulk load that reads them as they
        are added (:class:`NewGraphs`); use it as a context manager."""
        return NewGraphs(self)

    def drop_graph(self, graph: URIRef) -> bool:
        g = self._check_writable(graph)
        ox_graph = self._terms.graph_to_ox(g)
        store = self.store
        with self._write_lock:
            try:
                existed = bool(store.contains_named_graph(ox_graph))
                if existed:
                    g_text = _terms.iri_to_sparql(g)
                    store.update(f"{self._unshare(g)} ;\nDROP SILENT GRAPH {g_text}")
            except (SyntaxError, OSError, RuntimeError) as exc:
                raise self._error(f"could not drop graph <{graph}>", exc) from exc
        return existed

    # ------------------------------------------------------------------ the union view

    @staticmethod
    def _unshare(graph: URIRef) -> str:
        """An update removing from the union the triples of ``graph`` that no other graph holds."""
        g = _terms.iri_to_sparql(graph)
        return _unshare_where(f"GRAPH {g} {{ ?s ?p ?o }}", also_not_in=g)

    def _copy_to_union(self, ox_graph: Any) -> None:
        quad, union = self._ox.Quad, self._union
        self.store.bulk_extend(
            quad(q.subject, q.predicate, q.object, union)
            for q in self.store.quads_for_pattern(None, None, None, ox_graph)
        )

    def _rebuild_union(self) -> None:
        """Recompute the union from every graph, a graph at a time with ``bulk_extend`` (one
        transaction over millions of quads would hold them all in memory). A marker makes a
        rebuild cut short by a crash start again when the store is next opened."""
        store, ox = self.store, self._ox
        marker = ox.Quad(self._union, self._pending, self._union, self._state)
        store.add(marker)
        store.remove_graph(self._union)
        self._copy_to_union(ox.DefaultGraph())
        for g in list(store.named_graphs()):
            if g not in (self._union, self._state):
                self._copy_to_union(g)
        store.remove(marker)

    def _repair_union(self) -> None:
        """Finish union copies a crash cut short; build the union of a store that has none."""
        store = self.store
        with self._write_lock:
            loading = list(store.quads_for_pattern(self._union, self._loading, None, self._state))
            if loading:
                # A bulk load of new graphs cut short: they may be partial, and so may their
                # copies in the union. They were new, so dropping them restores what the store
                # held before; the union is then recomputed from what is left.
                for marker in loading:
                    store.remove_graph(marker.object)
                self._rebuild_union()
                for marker in loading:
                    store.remove(marker)
            pending = list(store.quads_for_pattern(self._union, self._pending, None, self._state))
            if any(marker.object == self._union for marker in pending):
                self._rebuild_union()
                pending = list(
                    store.quads_for_pattern(self._union, self._pending, None, self._state)
                )
            for marker in pending:
                self._copy_to_union(marker.object)
                store.remove(marker)
            if store.contains_named_graph(self._union):
                return
            if any(g not in (self._union, self._state) for g in store.named_graphs()) or any(
                True for _ in store.quads_for_pattern(None, None, None, self._ox.DefaultGraph())
            ):
                self._rebuild_union()

    def update(self, sparql_update: str) -> None:
        store = self.store
        with self._write_lock:
            try:
                store.update(sparql_update)
                # An update may touch any graph: the union is recomputed after it (a crash in
                # between leaves it stale until rebuild_union(); reopening does not notice).
                self._rebuild_union()
            except (SyntaxError, OSError, RuntimeError) as exc:
                raise self._error("SPARQL update failed", exc) from exc

    def rebuild_union(self) -> None:
        """Recompute the union view from every graph (after writes made around this class)."""
        with self._write_lock:
            try:
                self._rebuild_union()
            except (SyntaxError, OSError, RuntimeError) as exc:
                raise self._error("could not rebuild the union graph", exc) from exc

    # ------------------------------------------------------------------ reading

    def graphs(self) -> list[URIRef]:
        named_node = self._ox.NamedNode
        return sorted(
            URIRef(g.value)
            for g in self.store.named_graphs()
            if type(g) is named_node and URIRef(g.value) not in _RESERVED
        )

    def has_graph(self, graph: URIRef) -> bool:
        g = self._check_graph(graph)
        return g not in _RESERVED and self.store.contains_named_graph(self._terms.graph_to_ox(g))

    def count(self, graph: URIRef | None = None) -> int:
        store = self.store
        if graph is None:
            return len(store) - self._graph_size(self._union) - self._graph_size(self._state)
        g_text = _terms.iri_to_sparql(self._check_graph(graph))
        solutions = store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g_text} {{ ?s ?p ?o }} }}"
        )
        assert isinstance(solutions, self._ox.QuerySolutions)
        for solution in solutions:
            return int(solution[0].value)
        return 0  # pragma: no cover - COUNT always answers one row

    def _graph_size(self, ox_graph: Any) -> int:
        solutions = self.store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ox_graph.value}> {{ ?s ?p ?o }} }}"
        )
        for solution in solutions:
            return int(solution[0].value)
        return 0  # pragma: no cover - COUNT always answers one row

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        g = self._terms.graph_to_ox(self._check_graph(graph))
        convert = self._terms.triple_from_ox
        return (convert(q) for q in self.store.quads_for_pattern(None, None, None, g))

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        try:
            return self._materialise(*self._evaluate(sparql, bindings, union_default_graph))
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise self._error("SPARQL query failed", exc) from exc

    def query_strings(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> StringRows:
        """:meth:`query`'s answer as strings straight from the engine's terms (their
        ``.value``), with no rdflib term or graph in between: about a tenth of the time on an
        answer of a million terms."""
        ox = self._ox
        try:
            _, results = self._evaluate(sparql, bindings, union_default_graph)
            blank = ox.BlankNode

            def text(term: Any) -> str | None:
                if term is None:
                    return None
                return f"_:{term.value}" if type(term) is blank else str(term.value)

            if isinstance(results, ox.QueryBoolean):
                raise ValueError("only a SELECT or CONSTRUCT query answers rows of strings")
            with _gc_paused:
                if isinstance(results, ox.QuerySolutions):
                    variables = [v.value for v in results.variables]
                    return StringRows(variables, [tuple(map(text, row)) for row in results])
                # each triple once, as query() gives it
                return StringRows(
                    ["subject", "predicate", "object"],
                    [
                        (text(t.subject), text(t.predicate), text(t.object))
                        for t in _distinct(list(results))
                    ],
                )
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise self._error("SPARQL query failed", exc) from exc

    def _evaluate(
        self, sparql: str, bindings: Mapping[str, Node] | None, union_default_graph: bool
    ) -> tuple[str, Any]:
        """The text handed to the engine and its own answer (solutions, triples or a
        boolean), parameters bound.

        What the engine is handed (the text with the bound values written in, the dataset) is
        kept per query text, values and view where the dataset cannot change: a look-up asked
        again (the path search asks ``entity-links`` for every entity it reaches) goes
        straight to the engine. Making it again took 4 µs of a 70 µs look-up."""
        store = self._store
        if store is None:
            store = self.store  # (which says the store is closed)
        try:
            key = (sparql, tuple(bindings.items()) if bindings else (), union_default_graph)
            plan = self._plans.get(key)
        except TypeError:  # an unhashable value: the uncached path says what is wrong
            key = plan = None
        if plan is not None:
            return plan[0], store.query(plan[0], **plan[1])
        try:
            # Constants, not substitutions: Oxigraph plans joins before it sees substituted
            # values, and a bound class or framework makes the difference between a lookup
            # and a scan (see _sparql.bind_constants). A bound GRAPH ?g becomes GRAPH <g>:
            # the dataset is then that graph alone.
            text = _sparql.bind_constants(sparql, bindings) if bindings else sparql
            dataset = self._dataset(text, union_default_graph)
            results = store.query(text, **dataset)
        except SyntaxError:
            if not bindings:
                raise
            # e.g. a literal bound where only an IRI may stand: let the engine say so
            return "", self._query_substituted(store, sparql, bindings, union_default_graph)
        self._keep_plan(key, text, dataset)
        return text, results

    def _keep_plan(self, key: Any, text: str, dataset: dict[str, Any]) -> None:
        """Keep what :meth:`_evaluate` handed the engine, unless the dataset lists every graph
        (``GRAPH ?g``: it changes with the store) or a text is longer than ``_PLAN_TEXT``."""
        if key is None or len(text) > _PLAN_TEXT or len(key[0]) > _PLAN_TEXT:
            return
        has_from, graphs = _names_graphs(text)
        if graphs is None and not has_from:
            return
        _keep(self._plans, key, (text, dataset))

    def _dataset(self, sparql: str, union_default_graph: bool) -> dict[str, Any]:
        """The query's dataset: the union view (or the default graph) and the visible graphs.

        A query with its own ``FROM``/``FROM NAMED`` keeps the dataset it names. Otherwise the
        reserved graphs are hidden from ``GRAPH`` (the list is only built when the text says
        GRAPH ?variable: listing thousands of graphs for every query would cost more than most
        queries; where every GRAPH names its graph, the dataset is those graphs).
        """
        has_from, graphs = _names_graphs(sparql)
        if has_from:
            return {}
        dataset: dict[str, Any] = {}
        if union_default_graph:
            dataset["default_graph"] = self._union
        reserved = (self._union, self._state)
        if graphs is None:  # GRAPH ?g: any graph but the reserved ones
            dataset["named_graphs"] = [g for g in self.store.named_graphs() if g not in reserved]
        elif graphs:
            # Only the graphs named (listing every report graph for them, as above, took the
            # engine 70 ms more on the national store: it checks each quad against the list).
            iri = self._terms.graph_to_ox
            named = [iri(URIRef(g)) for g in graphs]
            dataset["named_graphs"] = [g for g in named if g not in reserved]
        return dataset

    def _query_substituted(
        self,
        store: pyoxigraph.Store,
        sparql: str,
        bindings: Mapping[str, Node],
        union_default_graph: bool,
    ) -> Any:
        """The query with its bindings as the engine's substitutions (where writing them in
        as constants did not parse)."""
        dataset = self._dataset(sparql, union_default_graph)
        variable = self._ox.Variable
        to_ox = self._terms.to_ox
        substitutions: dict[pyoxigraph.Variable, Any] = {
            variable(_sparql.variable_name(k)): to_ox(v) for k, v in bindings.items()
        }
        try:
            return store.query(sparql, substitutions=substitutions, **dataset)
        except RuntimeError as exc:
            # pyoxigraph substitutes only variables the SELECT projects (SEP-0007); bind any
            # other with a VALUES block at the head of the WHERE group instead.
            if "SELECT projection" not in str(exc):
                raise
        return store.query(_sparql.inject_values(sparql, bindings), **dataset)

    def _materialise(self, text: str, results: Any) -> QueryResult:
        """``results`` as a :class:`QueryResult` of rdflib terms; ``text`` is the query the
        engine ran ("" where not known), whose variables are kept by it (reading them from
        the engine took 1.7 us of a 70 us look-up)."""
        ox = self._ox
        if type(results) is ox.QuerySolutions:  # (the usual answer first: a look-up counts)
            variables = self._variables.get(text)
            if variables is None:
                variables = [v.value for v in results.variables]
                if 0 < len(text) <= _PLAN_TEXT:
                    _keep(self._variables, text, variables)
            variables = list(variables)
            rows_from_ox = self._terms.rows_from_ox  # None (unbound) gives None
            # the collector paused only for an answer of many rows (pausing it took 2 µs of
            # a 70 µs look-up)
            rows = rows_from_ox(islice(results, _FEW_ROWS))
            if len(rows) == _FEW_ROWS:
                with _gc_paused:
                    rows.extend(rows_from_ox(results))
            return QueryResult("select", variables, rows)
        if isinstance(results, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(results))
        with _gc_paused:
            # Oxigraph's CONSTRUCT repeats a triple once per solution that makes it: keep each
            # once, in the engine's terms (hashing them is cheap; converting them is not).
            native = _OxTriples(_distinct(list(results)), self._terms, self._formats)
            return QueryResult(kind="construct", native=native)

    def dump(self, out: BinaryIO | Path, *, format: RdfFormat, graph: URIRef | None = None) -> None:
        self._check_format(format, graph)
        store = self.store
        fmt = self._formats[format]
        target: Any = str(out) if isinstance(out, Path) else out
        try:
            if graph is None:
                # Every quad but the reserved graphs' (the union view is an index, rebuilt
                # from the rest when the dump is loaded into a store of this class).
                reserved = (self._union, self._state)
                self._ox.serialize(
                    (
                        q
                        for q in store.quads_for_pattern(None, None, None, None)
                        if q.graph_name not in reserved
                    ),
                    target,
                    fmt,
                )
            elif format.is_dataset:
                g = self._terms.graph_to_ox(self._check_graph(graph))
                self._ox.serialize(store.quads_for_pattern(None, None, None, g), target, fmt)
            else:
                g = self._terms.graph_to_ox(self._check_graph(graph))
                store.dump(target, fmt, from_graph=g)
        except OSError as exc:
            raise self._error(f"could not dump {format.name}", exc) from exc

    # ------------------------------------------------------------------ housekeeping

    def optimize(self) -> None:
        """Compact the on-disk data (worth it after a large batch of writes)."""
        try:
            self.store.optimize()
        except OSError as exc:
            raise self._error("optimize failed", exc) from exc

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None and self.path is not None:
            try:
                store.flush()
            except OSError as exc:
                raise self._error("could not flush to disk on close", exc) from exc
        del store  # the RocksDB lock goes with the last reference
        super().close()


class NewGraphs:
    """Graphs new to an :class:`OxigraphStore`, written by one bulk load that reads them as
    they are added.

    The first graph :meth:`add` takes starts a bulk load in a thread of its own, reading a
    TriG stream (:class:`~graph_store._stream.FedStream`); each graph taken is appended to the
    stream at once, in a block of its own and again in a block of the union graph, while the
    caller goes on (preparing the next reports, say). :meth:`load` ends the stream and waits
    for the load. A graph is taken if it is not in the store, not taken already, not empty and
    has no blank nodes (which must stay the same nodes in the union); the caller writes any
    other another way.

    One load rather than many: loaded in 45 batches, the national corpus cost about 150
    CPU-seconds of loading and a 14-19 s compaction; streamed into one load, the loads and the
    preparing of reports share the two cores, and the ingest ends 25-30 s sooner.

    The bulk loader is about twice as fast as a transaction but is not one. So on disk each
    graph is listed in the store's state graph (a transaction) before its first byte joins the
    stream, and the list is cleared when the load is done: a store opened after a crash in
    between drops the listed graphs (they were new, so nothing it held before is lost) and
    recomputes the union. (Oxigraph's loader shows nothing of a load before its end; a store in
    memory keeps no list, since it lets no transaction in while a bulk load runs and nothing of
    it outlives a crash.) From the first graph taken to the end of the load this holds the
    store's write lock, so that no other writer in the process makes a graph it has found new.
    """

    def __init__(self, store: OxigraphStore) -> None:
        self._store = store
        self._taken: dict[URIRef, int] = {}  # graph -> triples, in the order taken
        self._stream: FedStream | None = None
        self._thread: threading.Thread | None = None
        self._errors: list[BaseException] = []
        self._markers: list[Any] = []

    @property
    def triples(self) -> int:
        """Triples of the graphs taken and not loaded yet."""
        return sum(self._taken.values())

    def __len__(self) -> int:
        return len(self._taken)

    def add(self, graph: URIRef, text: str, triples: int, *, trusted: bool = False) -> bool:
        """Take a graph (its N-Triples text, ``graph_store.ntriples``) into the load, or say
        ``False`` if it cannot join (see the class). Unless ``trusted`` (made by
        ``graph_store.ntriples``) the text is first parsed as N-Triples, so that it cannot close
        its block and write into another graph."""
        store = self._store
        g = store._check_writable(graph)
        if not triples or g in self._taken or _has_blank_node(text):
            return False
        if not trusted:
            store._refuse_unless_ntriples(g, text)
        ox, raw = store._ox, store.store
        ox_graph = store._terms.graph_to_ox(g)
        with store._write_lock:  # (held on from the first graph taken, see _start)
            if raw.contains_named_graph(ox_graph):
                return False
            if self._stream is None:
                self._start()
            assert self._stream is not None
            if store.path is not None:  # (a store in memory: nothing outlives a crash, and
                # Oxigraph's in-memory store lets no transaction in while a bulk load runs)
                marker = ox.Quad(store._union, store._loading, ox_graph, store._state)
                raw.add(marker)
                self._markers.append(marker)
            self._taken[g] = triples
            data = text.encode("utf-8")
            self._stream.feed(
                f"{_terms.iri_to_sparql(g)} {{\n".encode(),
                data,
                f"\n}}\n{_terms.iri_to_sparql(UNION_GRAPH)} {{\n".encode(),
                data,
                b"\n}\n",
            )
        return True

    def _start(self) -> None:
        store = self._store
        self._stream = FedStream()
        store._write_lock.acquire()  # released by load()
        raw, trig = store.store, store._ox.RdfFormat.TRIG
        self._thread, self._errors = read_in_thread(
            self._stream, lambda stream: raw.bulk_load(stream, trig), name="hmickg-bulk-load"
        )

    def load(self) -> list[int]:
        """End the stream and wait for the load; return the triples written per graph, in the
        order taken. The batch can then take graphs again, for another load."""
        if self._stream is None:
            return []
        store = self._store
        raw = store.store
        try:
            with contextlib.suppress(StreamClosed):  # the load stopped early: see below
                self._stream.end()
            assert self._thread is not None
            self._thread.join()
            markers = self._markers
            if self._errors:
                exc = self._errors[0]
                for g in self._taken:  # what was written is dropped, as after a crash
                    raw.remove_graph(store._terms.graph_to_ox(g))
                store._rebuild_union()
                for marker in markers:
                    raw.remove(marker)
                if isinstance(exc, SyntaxError | OSError | RuntimeError):
                    raise store._error(
                        "could not load the graphs (nothing was changed)", exc
                    ) from exc
                raise exc
            for marker in markers:
                raw.remove(marker)
            return list(self._taken.values())
        finally:
            self._stream = self._thread = None
            self._errors = []
            self._taken = {}
            self._markers = []
            store._write_lock.release()

    def __enter__(self) -> NewGraphs:
        return self

    def __exit__(self, *exc: object) -> None:
        """Graphs taken and not loaded yet are loaded (each was given whole)."""
        self.load()


class _OxTriples:
    """A CONSTRUCT answer in pyoxigraph terms (:class:`graph_store.base.NativeTriples`)."""

    __slots__ = ("_formats", "_terms", "_triples")

    def __init__(
        self,
        triples: list[pyoxigraph.Triple],
        terms: _terms.OxTerms,
        formats: Mapping[RdfFormat, Any],
    ) -> None:
        self._triples = triples
        self._terms = terms
        self._formats = formats

    def __len__(self) -> int:
        return len(self._triples)

    def to_rdflib(self) -> list[Triple]:
        convert = self._terms.triple_from_ox
        return [convert(t) for t in self._triples]

    def serialize(self, format: RdfFormat, prefixes: Mapping[str, str]) -> str:
        data = self._terms.ox.serialize(
            self._triples, format=self._formats[format], prefixes=dict(prefixes) or None
        )
        return bytes(data or b"").decode("utf-8")
