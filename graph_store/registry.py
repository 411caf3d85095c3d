"""Store backends by URL scheme, imported on first use.

``"oxigraph:/data/store"`` -> ``graph_store.oxigraph:OxigraphStore``. A new backend is one module
with a class that has ``from_url(url)``, and one :func:`register` call (or one line below).
Importing this module imports no engine.
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import GraphStore

__all__ = ["backend", "open_store", "register", "schemes"]

_BACKENDS: dict[str, str] = {
    "oxigraph": "graph_store.oxigraph:OxigraphStore",
    "memory": "graph_store.memory:MemoryStore",
    "sparql": "graph_store.sparql_endpoint:SparqlEndpointStore",
}


def register(scheme: str, target: str) -> None:
    """Map ``scheme`` to ``"module:Class"``; the module is imported only when a store opens."""
    if not scheme.isidentifier() or ":" not in target:
        raise ValueError(f"register({scheme!r}, {target!r}): want a name and 'module:Class'")
    _BACKENDS[scheme] = target


def schemes() -> list[str]:
    """The registered URL schemes, sorted."""
    return sorted(_BACKENDS)


def backend(scheme: str) -> Any:
    """The backend class for ``scheme`` (imports its module)."""
    try:
        target = _BACKENDS[scheme]
    except KeyError:
        known = ", ".join(f"'{s}:'" for s in schemes())
        raise ValueError(f"Unknown store scheme {scheme!r}; known: {known}") from None
    module_name, _, class_name = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)


def open_store(url: str) -> GraphStore:
    """Open the store that ``url`` names.

    ``oxigraph:/path/dir`` (on disk, created if missing), ``oxigraph:`` or ``oxigraph:memory``
    (in memory), ``memory:`` (rdflib, in memory), ``sparql:http://127.0.0.1:7878`` (a SPARQL 1.1
    endpoint; Oxigraph server's ``/query``, ``/update``, ``/store`` layout).
    """
    scheme, colon, _ = url.partition(":")
    if not colon:
        raise ValueError(f"Not a store URL: {url!r} (expected e.g. 'oxigraph:./data/store')")
    store: GraphStore = backend(scheme).from_url(url)
    return store
