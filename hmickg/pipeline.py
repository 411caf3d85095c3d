"""Report files → validated named graphs in a store; the ontology and reference graphs beside."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

import ingest
from ingest import ReportError
from ontology import ONTOLOGY_GRAPH_IRI, ontology_graph
from ontology.reference import REFERENCE_GRAPH_IRI, reference_graph
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


def ensure_vocabulary(store: Any) -> None:
    """(Re)load the ontology, SKOS schemes and reference data, each in its own graph."""
    store.replace_graph(ONTOLOGY_GRAPH_IRI, iter(ontology_graph()))
    store.replace_graph(REFERENCE_GRAPH_IRI, iter(reference_graph()))


def ingest_one(
    store: Any, path: str | Path, *, personal_data: bool = False, check: bool = True
) -> Ingested:
    """Parse, validate and load one report; the store is untouched if any step fails."""
    start = time.perf_counter()
    result = ingest.ingest_file(path, personal_data=personal_data)
    triples = result.graph.triples
    if check:
        report = validate(triples, personal_data=personal_data)  # no rdflib Graph needed
        if not report.conforms:
            raise ValidationFailed(str(path), report.messages())
    n = store.replace_graph(result.graph.graph, iter(triples))
    return Ingested(
        path=str(path),
        graph=result.graph.graph,
        report=result.graph.report,
        triples=n,
        findings=len(result.parsed.findings()),
        assessments=len(result.parsed.assessments),
        seconds=time.perf_counter() - start,
        warnings=result.parsed.warnings,
    )


def ingest_many(
    store: Any,
    paths: Iterable[str | Path],
    *,
    personal_data: bool = False,
    check: bool = True,
    on_done: Callable[[Ingested], None] | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
) -> tuple[list[Ingested], list[tuple[str, Exception]]]:
    """Ingest each file in turn; a bad file is reported and skipped, the rest go on."""
    ensure_vocabulary(store)
    done: list[Ingested] = []
    failed: list[tuple[str, Exception]] = []
    for path in paths:
        try:
            item = ingest_one(store, path, personal_data=personal_data, check=check)
        except (ReportError, ValidationFailed) as exc:
            failed.append((str(path), exc))
            if on_error:
                on_error(str(path), exc)
            continue
        done.append(item)
        if on_done:
            on_done(item)
    derive(store)
    return done, failed


def derive(store: Any) -> dict[str, int]:
    """Recompute the derived graphs (gaps) from everything the store holds."""
    from queries.gaps import derive_gaps

    return {"gaps": derive_gaps(store)}


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
