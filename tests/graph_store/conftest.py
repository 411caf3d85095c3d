"""Fixtures for the graph store contract: one ``store`` fixture per registered backend.

The endpoint backend runs against a real ``oxigraph serve`` on 127.0.0.1 (a free port, a
temporary folder), started once per session and stopped afterwards; its tests are marked
``server`` and skipped only if the ``oxigraph`` binary (PyPI package ``oxigraph``) is missing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_store import GraphStore, open_store


def oxigraph_binary() -> str | None:
    """The Oxigraph server binary: on PATH, or next to this Python (a venv's bin/)."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(base: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    probe = f"{base}/query?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}: {err}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer on {base} within {seconds} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of an ``oxigraph serve`` on 127.0.0.1, for the whole session."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_ready(base, process, seconds=20)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


StoreFactory = Callable[[], GraphStore]


def _endpoint_factory(request: pytest.FixtureRequest) -> StoreFactory:
    base = request.getfixturevalue("oxigraph_server")

    def make() -> GraphStore:
        store = open_store(f"sparql:{base}")
        store.update("DROP SILENT ALL")  # one server per session: start each test empty
        return store

    return make


def _factory(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    if kind == "memory":
        return lambda: open_store("memory:")
    if kind == "oxigraph-memory":
        return lambda: open_store("oxigraph:memory")
    if kind == "oxigraph-disk":
        return lambda: open_store(f"oxigraph:{tmp_path / 'store'}")
    if kind == "sparql":
        return _endpoint_factory(request)
    raise AssertionError(kind)


# Every scheme in graph_store.registry must appear here (test_registry checks it).
BACKENDS = [
    pytest.param("memory", id="memory"),
    pytest.param("oxigraph-memory", id="oxigraph-memory"),
    pytest.param("oxigraph-disk", id="oxigraph-disk"),
    pytest.param("sparql", id="sparql-endpoint", marks=pytest.mark.server),
]
SCHEME_OF = {
    "memory": "memory",
    "oxigraph-memory": "oxigraph",
    "oxigraph-disk": "oxigraph",
    "sparql": "sparql",
}


@pytest.fixture(scope="session")
def contract_schemes() -> set[str]:
    """The registry schemes the contract suite covers."""
    return set(SCHEME_OF.values())


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_factory(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    """Opens (or reopens) the backend under test; the same folder for a disk store."""
    return _factory(backend, request, tmp_path)


@pytest.fixture
def store(store_factory: StoreFactory) -> Iterator[GraphStore]:
    opened = store_factory()
    try:
        yield opened
    finally:
        opened.close()
