"""Report files → validated named graphs in a store; the ontology and reference graphs beside."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral

import ingest
from ingest import ReportError
from ontology import HMIC_NS, ONTOLOGY_GRAPH_IRI, ontology_graph, ontology_sources, source_digest
from ontology.reference import REFERENCE_GRAPH_IRI, reference_graph, reference_sources
from ontology.validate import Engine, validate


class ValidationFailed(ValueError):
    def __init__(self, path: str, messages: Sequence[str]) -> None:
        self.path = path
        self.messages = list(messages)
        first = messages[0] if messages else "does not conform"
        more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
        super().__init__(f"{path}: report graph does not conform to the shapes: {first}{more}")


@dataclass(frozen=True)
class Ingested:
    path: str
    graph: URIRef
    report: URIRef
    triples: int
    findings: int
    assessments: int
    seconds: float
    warnings: tuple[str, ...]
    unchanged: bool = False
    """Ingested again as the store held it: nothing was written."""


def ensure_vocabulary(store: Any) -> bool:
    """Load the ontology, SKOS schemes and reference data, each in its own graph, where the
    store does not hold them as they are; return whether any of them changed.

    Each graph states the digest of what it is built from (``hmic:sourceDigest``, see
    :func:`ontology.source_digest`): where the store's graph states the digest of the hmickg
    that runs, nothing is built or read (parsing the ontology to compare it took 0.1 s of
    every ``hmickg ingest``). Otherwise the graph is built and compared with the store's,
    blank nodes as blank (the ontology's OWL lists get new ones on every load, and no
    derivation reads them), the digest statement aside; it is written if they differ, else
    only its digest is.
    """
    from queries._derived import change

    changed = False
    for graph, build, sources in (
        (ONTOLOGY_GRAPH_IRI, ontology_graph, ontology_sources()),
        (REFERENCE_GRAPH_IRI, reference_graph, reference_sources()),
    ):
        stamp = (graph, HMIC_NS.sourceDigest, RDFLiteral(source_digest(*sources)))
        present = store.has_graph(graph)
        if present and _states(store, graph, stamp):
            continue
        new = [t for t in build() if t[1] != HMIC_NS.sourceDigest]
        old = list(store.triples(graph)) if present else []
        stamps = [t for t in old if t[1] == HMIC_NS.sourceDigest]
        if present and _blanked(t for t in old if t not in stamps) == _blanked(new):
            change(store, graph, stamps, [stamp])  # as it is, written by another hmickg
            continue
        changed = True
        store.replace_graph(graph, iter([*new, stamp]))
    return changed


def _states(store: Any, graph: URIRef, triple: tuple[Any, Any, Any]) -> bool:
    """Whether ``graph`` states ``triple``: one look-up."""
    s, p, o = triple
    answer = store.query(
        "ASK { GRAPH ?g { ?s ?p ?o } }",
        bindings={"g": graph, "s": s, "p": p, "o": o},
        union_default_graph=False,
    )
    return bool(answer.boolean)


def _blanked(triples: Iterable[tuple[Any, Any, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(None if isinstance(t, BNode) else t for t in triple) for triple in triples)


@dataclass(frozen=True)
class Prepared:
    """One report read, parsed, extracted, validated and serialised: ready to load.

    Made by :func:`prepare`, which touches no store, so it can run in a worker process;
    ``ntriples`` is the graph as N-Triples text (cheap to send between processes).
    """

    path: str
    graph: URIRef
    report: URIRef
    ntriples: str
    triples: int
    findings: int
    assessments: int
    seconds: float
    warnings: tuple[str, ...]
    sha256: str = ""  # of the report file, as the graph states it (hmic:sha256)


def prepare(path: str | Path, *, personal_data: bool = False, check: bool = True) -> Prepared:
    """Parse, extract, validate and serialise one report (no store involved)."""
    from graph_store import ntriples

    start = time.perf_counter()
    result = ingest.ingest_file(path, personal_data=personal_data)
    triples = list(dict.fromkeys(result.graph.triples))  # the same triple can be made twice
    if check:
        report = validate(triples, personal_data=personal_data)  # no rdflib Graph needed
        if not report.conforms:
            raise ValidationFailed(str(path), report.messages())
    text, n = ntriples(triples)
    return Prepared(
        path=str(path),
        graph=result.graph.graph,
        report=result.graph.report,
        ntriples=text,
        triples=n,
        findings=len(result.parsed.findings()),
        assessments=len(result.parsed.assessments),
        seconds=time.perf_counter() - start,
        warnings=result.parsed.warnings,
        sha256=result.parsed.sha256,
    )


def load(
    store: Any, prepared: Prepared, *, before_write: Callable[[], object] | None = None
) -> Ingested:
    """Replace the report's graph in ``store`` with the prepared triples (all or nothing).

    ``before_write`` is called before the store is written; a store that writes only a
    graph's differences (``replace_graph_ntriples``) does not call it where there are none.
    """
    start = time.perf_counter()
    fast = getattr(store, "replace_graph_ntriples", None)
    wrote = [False]

    def writing() -> None:
        wrote[0] = True
        if before_write is not None:
            before_write()

    if fast is not None:
        n = fast(
            prepared.graph, prepared.ntriples, prepared.triples, trusted=True, before_write=writing
        )
    else:
        writing()
        g = Graph()
        g.parse(data=prepared.ntriples, format="nt")
        n = store.replace_graph(prepared.graph, iter(g))
    seconds = prepared.seconds + time.perf_counter() - start
    return _ingested(prepared, n, seconds, unchanged=not wrote[0])


def _ingested(
    prepared: Prepared, triples: int, seconds: float, *, unchanged: bool = False
) -> Ingested:
    return Ingested(
        path=prepared.path,
        graph=prepared.graph,
        report=prepared.report,
        triples=triples,
        findings=prepared.findings,
        assessments=prepared.assessments,
        seconds=seconds,
        warnings=prepared.warnings,
        unchanged=unchanged,
    )


def ingest_one(
    store: Any, path: str | Path, *, personal_data: bool = False, check: bool = True
) -> Ingested:
    """Parse, validate and load one report; the store is untouched if any step fails."""
    return load(store, prepare(path, personal_data=personal_data, check=check))


def _prepare_in_worker(path: str, personal_data: bool, check: bool) -> Prepared | tuple[Any, ...]:
    """:func:`prepare` in a worker: a failure comes back as data (exception kind, message,
    details), since ValidationFailed does not survive pickling with its fields."""
    try:
        return prepare(path, personal_data=personal_data, check=check)
    except ValidationFailed as exc:
        return ("validation", exc.path, exc.messages)
    except ReportError as exc:
        return ("report", exc.path, exc.message, exc.line)


def default_jobs() -> int:
    """Worker processes for :func:`ingest_many`: one per core (the store's owner mostly waits
    on RocksDB, which works in threads of its own)."""
    return max(1, os.cpu_count() or 1)


IN_FLIGHT = 40
"""Reports handed to the workers ahead of the one this process is writing, at most (with
``jobs`` > 1); each is a few MB while it waits."""


def _prepared(
    paths: list[str], personal_data: bool, check: bool, jobs: int
) -> Iterator[tuple[str, Prepared | Exception]]:
    """Each path with its prepared report or its error, in order; in worker processes when
    ``jobs`` > 1 and there are enough files to be worth starting them."""
    if jobs == 1 or len(paths) < 4:
        for path in paths:
            try:
                yield path, prepare(path, personal_data=personal_data, check=check)
            except (ReportError, ValidationFailed) as exc:
                yield path, exc
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["hmickg.pipeline"])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # A bounded window of reports in flight: pool.map would prepare them all at once,
        # and prepared reports waiting to be loaded would pile up in memory. Forty: the
        # workers keep preparing while this process bulk-loads a batch.
        window: deque[tuple[str, Future[Prepared | tuple[Any, ...]]]] = deque()
        todo = iter(paths)
        for path in itertools.islice(todo, max(4 * jobs, IN_FLIGHT)):
            window.append((path, pool.submit(_prepare_in_worker, path, personal_data, check)))
        while window:
            path, future = window.popleft()
            outcome = future.result()
            for nxt in itertools.islice(todo, 1):
                window.append((nxt, pool.submit(_prepare_in_worker, nxt, personal_data, check)))
            if isinstance(outcome, Prepared):
                yield path, outcome
            elif outcome[0] == "validation":
                yield path, ValidationFailed(outcome[1], outcome[2])
            else:
                yield path, ReportError(outcome[1], outcome[2], line=outcome[3])


def ingest_many(
    store: Any,
    paths: Iterable[str | Path],
    *,
    personal_data: bool = False,
    check: bool = True,
    jobs: int = 1,
    on_done: Callable[[Ingested], None] | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    on_loading: Callable[[int, int], None] | None = None,
    on_streamed: Callable[[Prepared], None] | None = None,
) -> tuple[list[Ingested], list[tuple[str, Exception]]]:
    """Ingest each file (in order); a bad file is reported and skipped, the rest go on.

    With ``jobs`` > 1 (the CLI passes :func:`default_jobs`) and more than a few files, reports
    are prepared (parsed, extracted, validated, serialised) in worker processes. Where the
    store can (``new_graphs``), reports new to it stream into one bulk load as the workers hand
    them back (``on_streamed`` is called with each report as it joins the load, with its text
    emptied; ``on_loading(reports, triples)`` before the load is finished; ``on_done`` for
    each report after it); a load cut short by a crash is dropped when the
    store is next opened. A report already in the store, or given twice, is replaced all or
    nothing once the new ones before it are loaded: by its differences, so that a report the
    store holds as it is writes nothing (``Ingested.unchanged``) and has no part in the
    derivations.
    Only this process writes. The workers are started by a ``forkserver``, which imports the
    caller's ``__main__``: a script calling this with ``jobs`` > 1 needs the usual
    ``if __name__ == "__main__":`` guard.
    """
    vocabulary_changed = ensure_vocabulary(store)
    paths = [str(p) for p in paths]
    jobs = max(1, jobs)
    done: list[Ingested] = []
    failed: list[tuple[str, Exception]] = []
    changes = _Changes(store, full=vocabulary_changed)

    def fail(path: str, exc: Exception) -> None:
        failed.append((path, exc))
        if on_error:
            on_error(path, exc)

    def loaded(item: Ingested) -> None:
        done.append(item)
        if on_done:
            on_done(item)

    def write_one(prepared: Prepared) -> None:
        # the derivations read what the graph stood for before the write, if it is written:
        # a report ingested again unchanged is not, and has no part in them
        changes.prefetch(prepared)
        try:
            loaded(
                load(store, prepared, before_write=lambda: changes.before_writing([prepared.graph]))
            )
        finally:
            changes.settle(prepared.graph)

    new_graphs = getattr(store, "new_graphs", None)
    if new_graphs is None:
        for path, outcome in _prepared(paths, personal_data, check, jobs):
            if isinstance(outcome, Exception):
                fail(path, outcome)
            else:
                write_one(outcome)
        changes.close()
        derive(store, changed=changes.scopes(), links_before=changes.links_before(), count=False)
        return done, failed

    waiting: list[Prepared] = []
    bulk_loaded = 0
    with new_graphs() as batch:

        def flush() -> None:
            nonlocal bulk_loaded
            if not waiting:
                return
            if on_loading:
                on_loading(len(waiting), batch.triples)
            start = time.perf_counter()
            counts = batch.load()
            bulk_loaded += sum(counts)
            share = (time.perf_counter() - start) / max(1, sum(p.triples for p in waiting))
            for p, n in zip(waiting, counts, strict=True):
                loaded(_ingested(p, n, p.seconds + share * p.triples))
            waiting.clear()

        for path, outcome in _prepared(paths, personal_data, check, jobs):
            if isinstance(outcome, Exception):
                fail(path, outcome)
            elif batch.add(outcome.graph, outcome.ntriples, outcome.triples, trusted=True):
                changes.before_writing([outcome.graph])  # a new graph: nothing to read
                waiting.append(replace(outcome, ntriples=""))  # (the text is in the stream)
                if on_streamed:
                    on_streamed(waiting[-1])
            else:  # in the store already, or twice in this run: after the reports before it
                flush()
                write_one(outcome)
        flush()
    changes.close()
    if bulk_loaded < COMPACT_AFTER:
        derive(store, changed=changes.scopes(), links_before=changes.links_before(), count=False)
        return done, failed
    # The compaction runs on one core and releases the GIL, so the derivation runs beside it;
    # what the derivation wrote meanwhile is left in files of its own, which every look-up of
    # the union would search too, so a second, short compaction follows. (National corpus:
    # derivation 8.5 s on the store as loaded, then compaction 15 s; or both side by side in
    # 12-13 s, then 3.8 s.)
    # The link index goes first (the gap rules read its links, see derive), alone: its
    # writes touch every index of the store (a few thousand quads spread over all their key
    # ranges), and the compaction then folds them in. Derived beside the compaction, they
    # made the second compaction 6-10 s instead of 2-4 s (national corpus, ingest 118 s
    # against 108 s).
    derive(store, links_before=changes.links_before(), only="links", count=False)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hmickg-compact") as pool:
        compacting = pool.submit(compact, store)
        derive(store, changed=changes.scopes(), only="gaps", count=False)
        compacting.result()
    compact(store)
    return done, failed


COMPACT_AFTER = 1_000_000
"""After bulk-loading this many triples or more in one run, :func:`ingest_many` compacts the
store (:func:`compact`)."""


def compact(store: Any) -> bool:
    """Compact the store's files, where the store has a way to (``optimize``), and say whether
    it had; ``hmickg compact`` calls it too.

    A bulk load leaves its data in files whose key ranges overlap, and a look-up then searches
    them all: on the national store loaded in one stream, findings-by-theme took 134 ms before
    compacting and 74-87 ms after, entities-of-report 26 and 11-13 ms. (Loaded in 45 batches,
    the store needed it more: findings-by-theme 309 to 132 ms.) RocksDB also compacts in the
    background, but leaves a layout that is slower to read than a full compaction: the same
    national store left to it, then copied and compacted, answered 10-35% faster
    (finding-without-passage 1.19 against 1.60 s, findings-by-theme 98 against 115 ms,
    grade-changes 48 against 62 ms; two runs each, alternated).
    """
    optimize = getattr(store, "optimize", None)
    if optimize is not None:
        optimize()
    return optimize is not None


MAX_INCREMENTAL = 16
"""Above this many report graphs replaced in one run, :func:`ingest_many` derives the gaps in
full (each replaced graph costs a scope query before it is written; a full derivation costs a
few seconds at national size)."""


class _Changes:
    """The report graphs one :func:`ingest_many` run writes, each with what it stood for in the
    derived graphs before the write: the forces whose gaps it could change
    (:func:`queries.gaps.gap_scope`) and the links of the entity graph it took part in
    (:func:`queries.links.graph_links`), for an incremental derivation of each; or the verdict
    that only a full derivation will do."""

    def __init__(self, store: Any, *, full: bool) -> None:
        from queries.gaps import invalidate_gaps
        from queries.links import invalidate_links

        self._store = store
        self._replaced: set[URIRef] = set()  # the graphs written that the store held before
        # no derived graph yet: nothing to keep, the first derivation is a full one
        self._full = full or not invalidate_gaps(store)
        self._full_links = full or not invalidate_links(store)
        self._before: dict[URIRef, Any] = {}
        self._links: dict[URIRef, frozenset[Any]] = {}
        self._reading: dict[URIRef, Future[tuple[Any, frozenset[Any] | None]]] = {}
        self._reader: ThreadPoolExecutor | None = None

    def prefetch(self, prepared: Prepared) -> None:
        """Start reading what the report's stored graph stands for in the derived graphs, in a
        thread of its own, where the store holds another version of the report (the digest
        of its file differs): the store then compares the two graphs while the engine
        answers these queries (it lets go of the GIL), and :meth:`before_writing` takes
        their answers. The same file again is most likely unchanged, and is not read ahead:
        the reading would be wasted."""
        graph = prepared.graph
        if graph in self._before or graph in self._reading or (self._full and self._full_links):
            return
        if not prepared.sha256 or not self._store.has_graph(graph):
            return
        digest = (prepared.report, HMIC_NS.sha256, RDFLiteral(prepared.sha256))
        if not _states(self._store, graph, digest):
            if self._reader is None:
                self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hmickg-read")
            self._reading[graph] = self._reader.submit(self._read, graph)

    def _read(self, graph: URIRef) -> tuple[Any, frozenset[Any] | None]:
        """The graph's gap scope and links, each unless a full derivation will do."""
        from queries.gaps import gap_scope
        from queries.links import graph_links

        scope = None if self._full else gap_scope(self._store, graph)
        return scope, None if self._full_links else graph_links(self._store, graph)

    def before_writing(self, graphs: Iterable[URIRef]) -> None:
        for graph in graphs:
            if graph in self._before:
                continue  # derived from the graph as it was before this run
            # (called before the graph's first write of the run: the store holds it if it
            # held it before the run)
            reading = self._reading.pop(graph, None)
            if not self._store.has_graph(graph):
                self._before[graph] = self._links[graph] = frozenset()
                continue
            self._replaced.add(graph)
            if len(self._replaced) > MAX_INCREMENTAL:
                self._full = self._full_links = True
            # (read ahead, or now; a full derivation, once decided, stays)
            scope, links = reading.result() if reading is not None else self._read(graph)
            self._before[graph] = None if self._full else scope
            if not self._full_links and links is not None:
                self._links[graph] = links

    def settle(self, graph: URIRef) -> None:
        """Wait for a reading ahead of ``graph`` that no write took (the graph turned out
        unchanged, or the write failed): none is left running beside the next report."""
        reading = self._reading.pop(graph, None)
        if reading is not None:
            reading.result()

    def close(self) -> None:
        """Let the reader thread go (every reading is settled by then)."""
        if self._reader is not None:
            self._reader.shutdown(wait=True)
            self._reader = None

    def scopes(self) -> dict[URIRef, Any] | None:
        return None if self._full else self._before

    def links_before(self) -> dict[URIRef, frozenset[Any]] | None:
        return None if self._full_links else self._links


def derive(
    store: Any,
    *,
    changed: Mapping[URIRef, Any] | None = None,
    links_before: Mapping[URIRef, Iterable[Any] | None] | None = None,
    only: Literal["gaps", "links"] | None = None,
    count: bool = True,
) -> dict[str, int | None]:
    """Derive the derived graphs again: the gaps (:func:`queries.gaps.derive_gaps`) and the link
    index of the entity graph (:func:`queries.links.derive_links`); from everything the store
    holds, or after the ``changed`` report graphs were written (each with its gap scope, and
    its links in ``links_before``, as they were before the write); ``only`` the one named.
    Returns their sizes (None unless ``count``: ``ingest_many`` does not ask)."""
    from queries.gaps import derive_gaps
    from queries.links import derive_links

    out: dict[str, int | None] = {}
    # The link index first: its links are in the union, which the gap rules read. A link a
    # replaced graph no longer states stays in the union until the index lets it go, and a
    # gap derived before would still see it (an agreement's party gone from the only report
    # that named it kept the gaps of that party's work programme).
    if only in (None, "links"):
        out["links"] = derive_links(store, links_before, count=count)
    if only in (None, "gaps"):
        out["gaps"] = derive_gaps(store, changed, count=count)
    return {name: out[name] for name in ("gaps", "links") if name in out}


def validate_store(
    store: Any, *, personal_data: bool = False, engine: Engine = "native"
) -> list[tuple[URIRef, Any]]:
    """Validate every report graph in the store against the shapes (``engine``: see
    :func:`ontology.validate.validate`)."""
    out = []
    for g in store.graphs():
        if "/graph/report/" not in str(g):
            continue
        data = Graph()
        for t in store.triples(g):
            data.add(t)
        out.append((g, validate(data, personal_data=personal_data, engine=engine)))
    return out
