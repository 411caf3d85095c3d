"""A remote SPARQL 1.1 endpoint, through SPARQLWrapper (``sparql:http://127.0.0.1:7878``).

Made for the Oxigraph server (``oxigraph serve --location DIR --bind 127.0.0.1:PORT``): a URL
with no path uses its layout, ``/query``, ``/update`` and ``/store`` (Graph Store Protocol); a URL
with a path is used for both queries and updates, and then whole-dataset dumps are unavailable.

- ``replace_graph`` sends one SPARQL update, ``DROP SILENT GRAPH <g> ; INSERT DATA {...}``,
  whose text is complete before the request is made (a failing iterable sends nothing); the
  Oxigraph server applies one update request as one transaction.
- ``bindings`` become a ``VALUES`` block at the head of the query's WHERE group
  (:mod:`graph_store._sparql`); blank nodes cannot be bound that way.
- ``union_default_graph`` is Oxigraph's ``union-default-graph`` request parameter.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from rdflib.term import URIRef

from . import _sparql, _terms
from ._rdflib import quiet_rdflib
from .base import BaseStore, Capabilities, Node, QueryResult, RdfFormat, StoreError, Triple

__all__ = ["SparqlEndpointStore"]


class SparqlEndpointStore(BaseStore):
    """A :class:`~graph_store.base.GraphStore` that talks to a SPARQL 1.1 server over HTTP."""

    def __init__(self, endpoint: str, *, url: str | None = None, timeout: float = 600.0) -> None:
        try:
            import SPARQLWrapper  # noqa: F401
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise StoreError("the SPARQL endpoint store needs SPARQLWrapper") from exc
        base = endpoint.rstrip("/")
        parts = urllib.parse.urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Not an http(s) SPARQL endpoint: {endpoint!r}")
        self.url = url or f"sparql:{base}"
        if parts.path in ("", "/"):
            self.query_endpoint = f"{base}/query"
            self.update_endpoint = f"{base}/update"
            self.store_endpoint: str | None = f"{base}/store"
        else:
            self.query_endpoint = self.update_endpoint = base
            self.store_endpoint = None
        self.timeout = timeout
        self.capabilities = Capabilities(
            persistent=True,
            transactions=True,
            named_graphs=True,
            native_sparql=True,
            union_default_graph=True,
            blank_node_labels=False,
        )
        self._ask("ASK {}", union_default_graph=False)  # fail early, with the address

    @classmethod
    def from_url(cls, url: str) -> SparqlEndpointStore:
        _, _, endpoint = url.partition(":")
        return cls(endpoint, url=url)

    # ------------------------------------------------------------------ HTTP

    def _wrapper(self, text: str, *, update: bool, union_default_graph: bool = False) -> Any:
        from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SELECT, TURTLE, URLENCODED
        from SPARQLWrapper import SPARQLWrapper as Wrapper
        from SPARQLWrapper.Wrapper import INSERT

        sw = Wrapper(self.query_endpoint, updateEndpoint=self.update_endpoint)
        # Not sw.setQuery(text): it guesses the query form with regexes over the whole text
        # (0.6 s for a 20k-triple INSERT DATA) and warns when unsure. The form is set below.
        sw.queryString = text
        sw.setMethod(POST)
        sw.setTimeout(int(self.timeout))
        if update:
            sw.queryType = INSERT  # any update form: routes to the update endpoint
            sw.setRequestMethod(POSTDIRECTLY)
        else:
            form = _sparql.query_form(text) or SELECT
            sw.queryType = form
            sw.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
            sw.setRequestMethod(URLENCODED)
            if union_default_graph:
                sw.addParameter("union-default-graph", "")
        return sw

    def _send(self, sw: Any, what: str) -> bytes:
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        self._check_open()
        try:
            result = sw.query()
            try:
                data: bytes = result.response.read()
            finally:
                result.response.close()
        except QueryBadFormed as exc:
            raise self._error(what, SyntaxError(_reason(exc))) from exc
        except SPARQLWrapperException as exc:
            raise self._error(what, RuntimeError(_reason(exc))) from exc
        except urllib.error.HTTPError as exc:
            raise self._error(what, RuntimeError(f"HTTP {exc.code}: {exc.read()!r}")) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise self._error(f"{what}: cannot reach {self.query_endpoint}", exc) from exc
        return data

    def _select(self, text: str, *, union_default_graph: bool = False) -> QueryResult:
        sw = self._wrapper(text, update=False, union_default_graph=union_default_graph)
        return _parse_json(self._send(sw, "SPARQL query failed"))

    def _ask(self, text: str, *, union_default_graph: bool = False) -> bool:
        return bool(self._select(text, union_default_graph=union_default_graph).boolean)

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        body, written = _terms.replace_graph_update(self._check_graph(graph), triples)
        sw = self._wrapper(body, update=True)
        self._send(sw, f"could not replace graph <{graph}>")
        return written

    def drop_graph(self, graph: URIRef) -> bool:
        g = _terms.iri_to_sparql(self._check_graph(graph))
        existed = self._ask(f"ASK {{ GRAPH {g} {{ }} }}")
        if existed:
            self.update(f"DROP SILENT GRAPH {g}")
        return existed

    def update(self, sparql_update: str) -> None:
        self._send(self._wrapper(sparql_update, update=True), "SPARQL update failed")

    # ------------------------------------------------------------------ reading

    def graphs(self) -> list[URIRef]:
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows
        return sorted(row[0] for row in rows if isinstance(row[0], URIRef))

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            text = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        else:
            g = _terms.iri_to_sparql(self._check_graph(graph))
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"
        rows = self._select(text).rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        g = _terms.iri_to_sparql(self._check_graph(graph))
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}").rows
        return iter([(s, p, o) for s, p, o in rows])  # type: ignore[misc]

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        text = _sparql.inject_values(sparql, bindings) if bindings else sparql
        sw = self._wrapper(text, update=False, union_default_graph=union_default_graph)
        data = self._send(sw, "SPARQL query failed")
        if sw.queryType in ("SELECT", "ASK"):
            return _parse_json(data)
        from rdflib import Graph

        return QueryResult(kind="construct", graph=Graph().parse(data=data, format="turtle"))

    def dump(self, out: BinaryIO | Path, *, format: RdfFormat, graph: URIRef | None = None) -> None:
        self._check_format(format, graph)
        if self.store_endpoint is None:
            raise NotImplementedError(
                f"[{self.url}] dumping needs a Graph Store Protocol endpoint (Oxigraph's /store)"
            )
        if graph is not None and format.is_dataset:
            self._dump_one_graph_as_dataset(out, format, self._check_graph(graph))
            return
        target = self.store_endpoint
        if graph is not None:
            target += "?" + urllib.parse.urlencode({"graph": str(graph)})
        request = urllib.request.Request(target, headers={"Accept": format.media_type})
        self._check_open()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if isinstance(out, Path):
                    with out.open("wb") as fh:
                        shutil.copyfileobj(response, fh)
                else:
                    shutil.copyfileobj(response, out)
        except urllib.error.HTTPError as exc:
            raise self._error(f"could not dump {format.name} (HTTP {exc.code})", exc) from exc
        except OSError as exc:
            raise self._error(f"could not dump {format.name}", exc) from exc

    def _dump_one_graph_as_dataset(
        self, out: BinaryIO | Path, format: RdfFormat, graph: URIRef
    ) -> None:
        from rdflib import Dataset

        dataset = Dataset()
        target = dataset.graph(graph)
        for triple in self.triples(graph):
            target.add(triple)
        fmt = "trig" if format is RdfFormat.TRIG else "nquads"
        with quiet_rdflib():
            dataset.serialize(destination=str(out) if isinstance(out, Path) else out, format=fmt)

    def close(self) -> None:
        super().close()


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split("Response:", 1)[-1].strip() if "Response:" in text else text


def _parse_json(data: bytes) -> QueryResult:
    doc = json.loads(data)
    if "boolean" in doc:
        return QueryResult(kind="ask", boolean=bool(doc["boolean"]))
    variables: list[str] = list(doc.get("head", {}).get("vars", []))
    convert = _terms.from_sparql_json
    rows = [
        tuple(convert(b[v]) if v in b else None for v in variables)
        for b in doc.get("results", {}).get("bindings", [])
    ]
    return QueryResult(kind="select", variables=variables, rows=rows)
