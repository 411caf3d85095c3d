"""Time SHACL validation of the bundled reports: the native engine against pySHACL.

    .venv/bin/python benchmarks/validate_engines.py [--runs 7]

Prints, per report, the median milliseconds of ``ontology.validate.validate``
with each engine (on an rdflib Graph, and on the bare triples for the native
engine, as ``hmickg.pipeline.ingest_one`` calls it), and of one whole
``ingest_one`` into an in-memory Oxigraph store, validating with each engine
(pySHACL there also builds the rdflib Graph that ``ingest_one`` used to build).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

import hmickg.pipeline
import ingest
from graph_store import open_store
from hmickg.pipeline import ensure_vocabulary, ingest_one
from ontology.validate import validate

REPORTS = sorted((Path(__file__).resolve().parents[1] / "hmickg" / "sample_reports").glob("*.txt"))


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm caches (compiled shapes, pySHACL's imports)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    store = open_store("oxigraph:memory")
    ensure_vocabulary(store)
    print(
        f"{'report':28} {'triples':>7} {'native':>8} {'native*':>8} {'pyshacl':>8} "
        f"{'speed-up':>8} {'ingest_one':>10} {'(pyshacl)':>10}"
    )
    for path in REPORTS:
        triples = ingest.ingest_file(path).graph.triples
        graph = Graph()
        for t in triples:
            graph.add(t)
        for engine in ("native", "pyshacl"):
            report = validate(graph, engine=engine)
            assert report.conforms, (engine, report.messages()[:5])
        few = max(3, args.runs // 2)
        native = median_ms(functools.partial(validate, graph), args.runs)
        bare = median_ms(functools.partial(validate, triples), args.runs)
        reference = median_ms(functools.partial(validate, graph, engine="pyshacl"), few)
        whole = median_ms(functools.partial(ingest_one, store, path), few)
        hmickg.pipeline.validate = functools.partial(validate, engine="pyshacl")
        try:
            before = median_ms(functools.partial(ingest_one, store, path), few)
        finally:
            hmickg.pipeline.validate = validate
        print(
            f"{path.name:28} {len(graph):7d} {native:7.1f}  {bare:7.1f}  {reference:7.1f}  "
            f"{reference / native:7.0f}x {whole:9.0f}  {before:9.0f}"
        )
    print("ms, median; native* = native on the bare triples (no rdflib Graph), as ingest_one does")


if __name__ == "__main__":
    main()
