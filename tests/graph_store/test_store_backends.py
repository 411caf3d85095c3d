"""What only some backends have: a folder on disk (persistence, locking, crashes), a server."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph_store import StoreError, open_store

ROOT = Path(__file__).resolve().parents[2]
G = URIRef("https://example.org/graph/report")
P = URIRef("https://example.org/p")


def report(n: int, tag: str) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"https://example.org/f/{i}"), P, Literal(f"{tag} {i}")) for i in range(n)]


def _python(code: str, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_disk_store_persists_across_close_and_reopen(tmp_path: Path) -> None:
    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url) as store:
        store.replace_graph(G, report(50, "v1"))
        store.update('INSERT DATA { <urn:d> <urn:p> "default graph" }')
    with open_store(url) as store:
        assert store.graphs() == [G]
        assert set(store.triples(G)) == set(report(50, "v1"))
        assert store.count() == 51


def test_a_locked_folder_names_the_folder_and_the_likely_holder(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}"):
        # Another process: RocksDB's lock on the folder refuses it.
        child = _python(
            """
            import sys
            from graph_store import StoreError, open_store
            try:
                open_store("oxigraph:" + sys.argv[1])
            except StoreError as exc:
                print(exc)
            """,
            str(folder),
        )
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        assert str(folder) in out
        assert "another hmickg process" in out.lower()
        # The same process, a second store object: also refused, with the same advice.
        with pytest.raises(StoreError, match="locked") as info:
            open_store(f"oxigraph:{folder}")
        assert str(folder) in str(info.value)
    with open_store(f"oxigraph:{folder}") as store:  # released on close
        assert store.count() == 0


WRITER = """
    import sys
    from rdflib import Literal, URIRef
    from graph_store import open_store

    store = open_store("oxigraph:" + sys.argv[1])
    graph, p = URIRef("https://example.org/graph/report"), URIRef("https://example.org/p")
    version = 0
    while True:
        version += 1
        store.replace_graph(
            graph,
            [(URIRef(f"https://example.org/f/{i}"), p, Literal(f"v{version} {i}"))
             for i in range(int(sys.argv[2]))],
        )
        print(version, flush=True)
"""


@pytest.mark.slow
def test_a_crash_mid_replace_leaves_one_whole_version(tmp_path: Path) -> None:
    """SIGKILL a process that keeps replacing a graph; reopen: one complete version remains."""
    folder, size = tmp_path / "store", 3000
    rng = random.Random(20240601)
    for _ in range(3):
        writer = _python(WRITER, str(folder), str(size))
        assert writer.stdout is not None
        for _line in range(2):  # at least one version written before the kill
            assert writer.stdout.readline(), writer.stderr.read() if writer.stderr else ""
        with contextlib.suppress(subprocess.TimeoutExpired):
            writer.wait(timeout=rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=60)
        with open_store(f"oxigraph:{folder}") as store:
            objects = [str(o) for _, _, o in store.triples(G)]
        assert len(objects) == size
        versions = {text.split(" ", 1)[0] for text in objects}
        assert len(versions) == 1, f"a mix of versions after a crash: {sorted(versions)[:5]}"


def test_an_unreachable_endpoint_says_where() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(StoreError, match=f"127.0.0.1:{port}"):
            open_store(f"sparql:http://127.0.0.1:{port}")


def test_endpoint_urls() -> None:
    with pytest.raises(ValueError, match="http"):
        open_store("sparql:ftp://127.0.0.1/")


@pytest.mark.server
def test_endpoint_with_a_path_uses_it_for_queries_and_updates(oxigraph_server: str) -> None:
    from graph_store.sparql_endpoint import SparqlEndpointStore

    store = SparqlEndpointStore(f"{oxigraph_server}/query")
    assert store.query_endpoint == store.update_endpoint == f"{oxigraph_server}/query"
    assert store.store_endpoint is None
    assert store.query("ASK {}").boolean is True
    store.close()
