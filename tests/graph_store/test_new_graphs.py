"""OxigraphStore.new_graphs: many new graphs in one bulk load that reads them as they come."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from graph_store import StoreError, ntriples, open_store
from graph_store._stream import FedStream, StreamClosed, read_in_thread
from graph_store.oxigraph import STATE_GRAPH

ROOT = Path(__file__).resolve().parents[2]
EX = "https://example.org/"
P = URIRef(f"{EX}p")


def graph(i: int) -> URIRef:
    return URIRef(f"{EX}graph/{i}")


def facts(i: int, n: int = 3) -> list[tuple[URIRef, URIRef, Literal]]:
    """n triples of graph i; the first is in every graph (shared in the union)."""
    return [(URIRef(f"{EX}s/{i}/{j}" if j else f"{EX}shared"), P, Literal(j)) for j in range(n)]


def union(store: object) -> set[tuple[object, ...]]:
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", union_default_graph=True).rows  # type: ignore[attr-defined]
    return {tuple(r) for r in rows}


# ---------------------------------------------------------------------------- the stream


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.binary(max_size=5000), max_size=4), max_size=12), st.integers(1, 9000))
def test_a_fed_stream_reads_back_what_was_fed_in_order(feeds: list[list[bytes]], size: int) -> None:
    stream = FedStream(pending=2)
    out: list[bytes] = []

    def read(s: FedStream) -> None:
        while chunk := s.read(size):
            out.append(chunk)

    thread, errors = read_in_thread(stream, read, name="test-reader")
    for pieces in feeds:
        stream.feed(*pieces)
    stream.end()
    thread.join(timeout=30)
    assert errors == [] and b"".join(out) == b"".join(b"".join(p) for p in feeds)


def test_feeding_a_stream_whose_reader_stopped_says_so() -> None:
    stream = FedStream(pending=1)

    def fail(s: FedStream) -> None:
        s.read(1)
        raise RuntimeError("the reader broke")

    thread, errors = read_in_thread(stream, fail, name="test-reader")
    with pytest.raises(StreamClosed):
        for _ in range(100):  # the queue fills once the reader is gone
            stream.feed(b"x" * 10)
    thread.join(timeout=30)
    assert [str(e) for e in errors] == ["the reader broke"]


# ---------------------------------------------------------------------------- the batch


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_new_graphs_land_whole_in_their_graphs_and_the_union(where: str, tmp_path: Path) -> None:
    url = "oxigraph:" if where == "memory" else f"oxigraph:{tmp_path / 'store'}"
    with open_store(url) as store:
        store.replace_graph(graph(0), facts(0))
        with store.new_graphs() as batch:
            assert batch.add(graph(1), *ntriples(facts(1)))
            assert batch.add(graph(2), *ntriples(facts(2)))
            assert not batch.add(graph(0), *ntriples(facts(9)))  # in the store: not taken
            assert not batch.add(graph(1), *ntriples(facts(9)))  # taken already
            assert not batch.add(graph(3), "", 0)  # empty
            assert not batch.add(graph(4), f'_:b <{P}> "x" .\n', 1)  # blank nodes
            assert (len(batch), batch.triples) == (2, 6)
            assert batch.load() == [3, 3]
            assert batch.add(graph(5), *ntriples(facts(5)))  # a second load from the same batch
        assert store.graphs() == [graph(0), graph(1), graph(2), graph(5)]
        for i in (0, 1, 2, 5):
            assert set(store.triples(graph(i))) == set(facts(i))
        assert union(store) == {t for i in (0, 1, 2, 5) for t in facts(i)}
        raw = store.store  # no bookkeeping left behind
        assert not list(raw.quads_for_pattern(None, None, None, ox.NamedNode(STATE_GRAPH)))


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_a_load_that_fails_midway_changes_nothing(where: str, tmp_path: Path) -> None:
    url = "oxigraph:" if where == "memory" else f"oxigraph:{tmp_path / 'store'}"
    with open_store(url) as store:
        store.replace_graph(graph(0), facts(0))
        before = union(store)
        with store.new_graphs() as batch:
            assert batch.add(graph(1), *ntriples(facts(1, 500)), trusted=True)
            # "trusted" text that is not N-Triples after all: the loader fails on it
            assert batch.add(graph(2), "<https://example.org/a> <broken\n", 1, trusted=True)
            with pytest.raises(StoreError, match="nothing was changed"):
                batch.load()
        assert store.graphs() == [graph(0)]
        assert union(store) == before


def test_untrusted_text_is_refused_before_it_joins_the_stream() -> None:
    with open_store("oxigraph:") as store, store.new_graphs() as batch:
        evil = f"<{EX}a> <{EX}b> <{EX}c> . }}\n<{STATE_GRAPH}> {{ <{EX}a> <{EX}b> <{EX}c> .\n"
        with pytest.raises(StoreError, match="nothing was changed"):
            batch.add(graph(1), evil, 2)
        assert batch.add(graph(2), *ntriples(facts(2)))
        assert batch.load() == [3]
        assert store.graphs() == [graph(2)]


def test_other_writers_wait_until_the_load_is_done(tmp_path: Path) -> None:
    """The batch holds the write lock from its first graph: a graph it found new stays new."""
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store, store.new_graphs() as batch:
        assert batch.add(graph(1), *ntriples(facts(1)))
        wrote = threading.Event()

        def other_writer() -> None:
            store.replace_graph(graph(1), facts(7))  # would have made graph 1 exist
            wrote.set()

        thread = threading.Thread(target=other_writer)
        thread.start()
        assert not wrote.wait(0.3)  # it cannot get in while the batch is open
        assert batch.load() == [3]
        thread.join(timeout=30)
        assert wrote.is_set()
        assert set(store.triples(graph(1))) == set(facts(7))  # after the load, replacing it


CRASH = """
    import os, sys
    from graph_store import ntriples, open_store
    from rdflib import Literal, URIRef
    P = URIRef("https://example.org/p")
    with open_store("oxigraph:" + sys.argv[1]) as store:
        batch = store.new_graphs()
        for i in range(1, 40):
            triples = [(URIRef(f"https://example.org/s/{i}/{j}"), P, Literal(j)) for j in range(5000)]
            batch.add(URIRef(f"https://example.org/graph/{i}"), *ntriples(triples))
        print("streaming", flush=True)  # 39 graphs fed and listed, the load not ended
        if sys.argv[2] == "exit":
            os._exit(0)
        sys.stdin.readline()  # killed while waiting here
"""


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_a_load_cut_short_by_a_crash_is_dropped_when_the_store_is_next_opened(
    tmp_path: Path, how: str
) -> None:
    """The graphs were listed before they joined the stream: the store opened next drops them
    and their bookkeeping. (Oxigraph's loader shows nothing of a load before its end, so a
    load cut short while it writes is simulated in test_union_view.)"""
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        store.replace_graph(graph(0), facts(0))
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CRASH), str(folder), how],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("streaming"), child.stderr.read() if child.stderr else ""
    if how == "kill":
        child.send_signal(signal.SIGKILL)
    child.communicate(timeout=120)
    with open_store(f"oxigraph:{folder}") as store:
        assert store.graphs() == [graph(0)]
        assert union(store) == set(facts(0))
        raw = store.store
        assert not list(raw.quads_for_pattern(None, None, None, ox.NamedNode(STATE_GRAPH)))
        assert not list(raw.quads_for_pattern(ox.NamedNode(f"{EX}s/1/0"), None, None, None))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('_: \n\t><"•ab')), max_size=40))
def test_the_quick_blank_node_check_says_what_the_regex_says(text: str) -> None:
    from graph_store.oxigraph import _BLANK_NODE, _has_blank_node

    assert _has_blank_node(text) == (_BLANK_NODE.search(text) is not None)
