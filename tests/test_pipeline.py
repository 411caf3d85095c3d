"""hmickg.pipeline: reports prepared in worker processes load exactly as one by one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode

from graph_store import open_store
from hmickg.pipeline import ValidationFailed, ingest_many, load, prepare
from ingest import ReportError
from queries.links import links_current


@pytest.fixture(scope="module")
def mixed(report_paths: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two real reports and three files that are not reports, interleaved."""
    folder = tmp_path_factory.mktemp("mixed")
    empty = folder / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = folder / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    recipe = folder / "recipe.txt"
    recipe.write_text("Scones\n\nFlour, butter, milk.\n" * 20, encoding="utf-8")
    real = sorted(report_paths.values())
    return [empty, real[0], binary, real[1], recipe]


def _no_labels(triple: tuple[object, ...]) -> tuple[object, ...]:
    """Blank nodes get fresh labels on every load (the ontology's OWL lists): compare them
    as blank, and the rest exactly."""
    return tuple("_:" if isinstance(t, BNode) else t for t in triple)


def snapshot(
    paths: list[Path], jobs: int
) -> tuple[dict[str, Counter[object]], list[str], list[str]]:
    with open_store("oxigraph:") as store:
        done, failed = ingest_many(store, paths, jobs=jobs)
        graphs = {str(g): Counter(map(_no_labels, store.triples(g))) for g in store.graphs()}
        union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(union) <= sum(t.total() for t in graphs.values())
    return graphs, [d.path for d in done], [f"{type(e).__name__}: {e}" for _, e in failed]


def test_workers_give_the_same_store_and_the_same_errors_in_the_same_order(
    mixed: list[Path],
) -> None:
    one = snapshot(mixed, jobs=1)
    two = snapshot(mixed, jobs=2)
    assert one == two
    graphs, done, failed = two
    assert done == [str(mixed[1]), str(mixed[3])]
    assert len(failed) == 3 and all(f.startswith("ReportError: ") for f in failed)
    assert str(mixed[0]) in failed[0] and str(mixed[2]) in failed[1] and str(mixed[4]) in failed[2]
    assert sum("/graph/report/" in g for g in graphs) == 2


def test_prepare_touches_no_store_and_load_replaces_the_graph(
    report_paths: dict[str, Path],
) -> None:
    path = sorted(report_paths.values())[0]
    prepared = prepare(path)
    assert prepared.triples == prepared.ntriples.count("\n") > 5000
    with open_store("oxigraph:") as store:
        first = load(store, prepared)
        again = load(store, prepare(path))
        assert first.triples == again.triples == store.count(prepared.graph)
        assert store.graphs() == [prepared.graph]
    with open_store("memory:") as store:  # a backend without the N-Triples fast path
        assert load(store, prepared).triples == prepared.triples


def test_errors_survive_the_trip_from_a_worker_with_their_fields(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8 \x00" * 50)
    with open_store("oxigraph:") as store:
        _, failed = ingest_many(store, [bad] * 4, jobs=2)
    assert len(failed) == 4
    for path, exc in failed:
        assert path == str(bad) and isinstance(exc, ReportError) and exc.path == str(bad)
    assert not isinstance(failed[0][1], ValidationFailed)


@pytest.mark.parametrize("threshold, compacted", [(1, 2), (10**9, 0)])
def test_a_large_bulk_load_ends_with_the_store_compacted(
    report_paths: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    threshold: int,
    compacted: int,
) -> None:
    """Compacted beside the derivation, and once more after it (what it wrote meanwhile)."""
    import hmickg.pipeline as pipeline

    monkeypatch.setattr(pipeline, "COMPACT_AFTER", threshold)
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        events: list[str] = []
        real_optimize, real_derive = store.optimize, pipeline.derive

        def optimize() -> None:
            real_optimize()  # the real one
            events.append("compacted")

        def derive(*args: Any, **kwargs: Any) -> Any:
            result = real_derive(*args, **kwargs)
            events.append("derived")
            events.append(f"derived {'+'.join(sorted(result))}")
            return result

        monkeypatch.setattr(store, "optimize", optimize)
        monkeypatch.setattr(pipeline, "derive", derive)
        done, failed = ingest_many(store, sorted(report_paths.values()))
        assert (len(done), failed, events.count("compacted")) == (2, [], compacted)
        assert events[-1] == ("compacted" if compacted else "derived gaps+links")
        if compacted:
            # the link index is written before the compaction that folds it in; the gaps beside it
            assert events.index("derived links") < events.index("compacted")
            assert "derived gaps" in events
        assert links_current(store)
        # compacting changes no answer
        assert store.query("ASK { ?f a <https://w3id.org/hmickg/def#Finding> }").boolean
        assert sum(d.triples for d in done) == sum(store.count(d.graph) for d in done)


def test_each_new_report_is_announced_as_it_joins_the_load_then_done_after_it(
    report_paths: dict[str, Path], tmp_path: Path
) -> None:
    events: list[tuple[str, str]] = []
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        paths = sorted(map(str, report_paths.values()))
        done, failed = ingest_many(
            store,
            paths,
            on_streamed=lambda p: events.append(("streamed", p.path)),
            on_loading=lambda n, t: events.append(("loading", str(n))),
            on_done=lambda i: events.append(("done", i.path)),
        )
        assert (len(done), failed) == (2, [])
        assert events == [
            *(("streamed", p) for p in paths),
            ("loading", "2"),
            *(("done", p) for p in paths),
        ]
        events.clear()  # in the store already: replaced one by one, nothing streamed
        ingest_many(store, paths[:1], on_streamed=lambda p: events.append(("streamed", p.path)))
        assert events == []


def test_vocabulary_graphs_are_built_and_compared_only_when_their_sources_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ontology and reference graphs state the digest of their sources: the same hmickg
    neither builds nor writes them again; another one writes them only if they differ."""
    import rdflib
    from rdflib import Literal

    import hmickg.pipeline as pipeline
    from ontology import HMIC_NS, ONTOLOGY_GRAPH_IRI, ontology_sources, source_digest
    from ontology.reference import REFERENCE_GRAPH_IRI
    from queries._derived import change

    def build_refused() -> None:
        raise AssertionError("built again")

    def stamps(store: Any, graph: Any) -> list[tuple[Any, ...]]:
        return [t for t in store.triples(graph) if t[1] == HMIC_NS.sourceDigest]

    with open_store("oxigraph:") as store:
        assert pipeline.ensure_vocabulary(store) is True
        graphs = (ONTOLOGY_GRAPH_IRI, REFERENCE_GRAPH_IRI)
        first = {g: set(store.triples(g)) for g in graphs}
        for g in graphs:
            [(s, _, digest)] = stamps(store, g)
            assert s == g and len(str(digest)) == 64
        with monkeypatch.context() as m:
            m.setattr(pipeline, "ontology_graph", build_refused)
            m.setattr(pipeline, "reference_graph", build_refused)
            assert pipeline.ensure_vocabulary(store) is False
        assert {g: set(store.triples(g)) for g in graphs} == first  # blank nodes and all
        # written by another hmickg, as this one would write it: only the digest changes
        other = (ONTOLOGY_GRAPH_IRI, HMIC_NS.sourceDigest, Literal("0" * 64))
        change(store, ONTOLOGY_GRAPH_IRI, stamps(store, ONTOLOGY_GRAPH_IRI), [other])
        assert pipeline.ensure_vocabulary(store) is False
        assert set(store.triples(ONTOLOGY_GRAPH_IRI)) == first[ONTOLOGY_GRAPH_IRI]
        # written by another hmickg, and different: a change, written again
        label = next(t for t in first[ONTOLOGY_GRAPH_IRI] if t[1] == rdflib.RDFS.label)
        change(store, ONTOLOGY_GRAPH_IRI, [label, *stamps(store, ONTOLOGY_GRAPH_IRI)], [other])
        assert pipeline.ensure_vocabulary(store) is True
        assert Counter(map(_no_labels, store.triples(ONTOLOGY_GRAPH_IRI))) == Counter(
            map(_no_labels, first[ONTOLOGY_GRAPH_IRI])
        )
    # the digest follows every source and the rdflib that parses them
    names = ontology_sources()
    digest = source_digest(*names)
    assert digest == source_digest(*names) != source_digest(*names[:-1])
    monkeypatch.setattr(rdflib, "__version__", "0.0.0")
    assert source_digest(*names) != digest
