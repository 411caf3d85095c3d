"""The registry, lazy imports and the layering of graph_store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import graph_store
from graph_store import StoreError, open_store, register, schemes
from graph_store.registry import backend

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "graph_store"
PROJECT_PACKAGES = {"ontology", "ingest", "queries", "hmickg"}


def test_importing_graph_store_loads_no_engine() -> None:
    code = (
        "import sys, graph_store\n"
        "heavy = [m for m in ('pyoxigraph', 'rdflib.plugins.sparql', 'SPARQLWrapper',"
        " 'graph_store.oxigraph', 'graph_store.memory', 'graph_store.sparql_endpoint')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_graph_store_imports_nothing_from_the_project() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in PROJECT_PACKAGES, f"{path.name} imports {name}"


def test_every_registered_scheme_runs_the_contract(contract_schemes: set[str]) -> None:
    assert contract_schemes == set(schemes())


def test_backends_resolve_lazily() -> None:
    for scheme in schemes():
        cls = backend(scheme)
        assert callable(cls.from_url)


@pytest.mark.parametrize("url", ["nope:", "bolt://localhost", "no-colon-at-all"])
def test_unknown_urls(url: str) -> None:
    with pytest.raises(ValueError, match=r"scheme|store URL"):
        open_store(url)


def test_memory_takes_no_location() -> None:
    with pytest.raises(ValueError, match="memory"):
        open_store("memory:/some/where")


@pytest.mark.parametrize("url", ["oxigraph:", "oxigraph:memory"])
def test_oxigraph_in_memory(url: str) -> None:
    with open_store(url) as store:
        assert store.url == url
        assert store.capabilities.persistent is False
        assert store.capabilities.transactions is True


def test_oxigraph_on_disk_creates_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    with open_store(f"oxigraph:{folder}") as store:
        assert store.capabilities.persistent is True
    assert folder.is_dir()


def test_oxigraph_refuses_a_file(tmp_path: Path) -> None:
    file = tmp_path / "not-a-folder"
    file.write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        open_store(f"oxigraph:{file}")


def test_register_a_new_backend() -> None:
    register("scratch", "graph_store.memory:MemoryStore")
    try:
        with open_store("scratch:") as store:
            store.replace_graph(URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), Literal(1))])
            assert store.count() == 1
    finally:
        from graph_store import registry

        registry._BACKENDS.pop("scratch")
    with pytest.raises(ValueError):
        register("bad scheme", "x:y")


def test_public_names() -> None:
    for name in graph_store.__all__:
        assert hasattr(graph_store, name)
