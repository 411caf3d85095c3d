#!/usr/bin/env python
"""Benchmarks of hmickg, each figure next to a baseline measured in the same run.

    python benchmarks/run.py --size region|national|national-x10 [--corpus DIR]
        [--out benchmarks/results/SIZE.md] [--repeat 5] [--profile]

Without ``--corpus`` the corpus is generated (``benchmarks/generate.py``, seed 1)
into ``benchmarks/corpus/SIZE-seed1`` unless it is there already.

Every step runs in a subprocess of its own, so that its peak memory is its own:
the figure is the process's ``ru_maxrss`` (peak resident set size, including the
interpreter and its imports; the ``baseline`` row shows what importing hmickg
alone costs). Steps, in order:

- ``real``: one bundled real report end to end (parse, extract, validate, load into
  a new on-disk store): the first report in a fresh process, the warm median, and
  the wall time of the whole process (Python start, imports, vocabulary, one report);
- ``ingest``: ``hmickg.pipeline.ingest_many`` over the corpus into ``oxigraph:DIR``
  (on disk), with SHACL validation; then the store is dumped to N-Quads (not timed);
- ``ingest-nocheck``: the same without validation, into a second on-disk store;
- ``phases``: where ingest time goes, on a sample of the corpus (read+parse+extract,
  to RDF, validation, load), timed with the same calls ``ingest_one`` makes;
- ``bulk-disk`` / ``bulk-memory``: ``pyoxigraph.Store.bulk_load`` of that N-Quads file
  into a new on-disk / in-memory store: the ceiling for loading the same quads;
- ``pairs``: ``ingest`` and ``bulk-disk`` again, alternately, ``--ingest-pairs`` - 1 times
  (default 3 pairs in all, 1 at national-x10): the ingest target reads the medians of the
  pairs, since each of the two steps varies by 5-10% from run to run;
- ``rdflib-load``: ``rdflib.Dataset.parse`` of the same file (skipped above
  ``--rdflib-limit`` triples);
- ``queries-disk``: every catalogue query (found at run time in ``queries.catalog()``,
  with its example parameters) through ``queries.run`` on the on-disk store, and the
  same SPARQL text on the same ``pyoxigraph.Store`` object with no hmickg code (raw
  engine), interleaved; ``--repeat`` timed runs after one warm-up run;
- ``queries-memory``: the same on an in-memory store (``oxigraph:``) bulk-loaded from
  the N-Quads file;
- ``queries-rdflib``: the same text with rdflib's SPARQL engine on an ``rdflib.Dataset``
  (union default graph), fewer repeats when a query takes seconds, a time limit per
  query;
- ``analytics``: ``queries.analytics`` (network analytics, shared gaps, paths) if the
  module exists.

Writes a markdown table (``--out``) and the same figures as JSON next to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

SAMPLE_REPORTS = ROOT / "hmickg" / "sample_reports"
HMIC = "https://w3id.org/hmickg/def#"
# A query is "join-heavy" when its WHERE clause joins this many triple patterns or more
# (property-path steps count one each): the ones the ≥20× rdflib target is about.
JOIN_HEAVY = 5

TARGETS = {
    "real_report_s": 1.0,
    "ingest_vs_bulk": 0.5,
    "query_median_ms": 100.0,
    "rdflib_speedup": 20.0,
    "overhead_pct": 10.0,
    "analytics_s": 2.0,
    "x10_peak_gb": 4.0,
}


# --------------------------------------------------------------------------- helpers


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = (len(s) - 1) * 0.95
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def corpus_paths(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*.txt"))


def count_patterns(text: str) -> int:
    """Triple patterns (and property-path steps) in a query's algebra."""
    from rdflib.paths import Path as RPath
    from rdflib.paths import SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    q = prepareQuery(text)
    n = 0

    def steps(p: Any) -> int:
        if isinstance(p, SequencePath):
            return sum(steps(x) for x in p.args)
        return 1

    def walk(node: Any) -> None:
        nonlocal n
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for t in node.triples:
                    n += steps(t[1]) if isinstance(t[1], RPath) else 1
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)

    walk(q.algebra)
    return n


class Progress:
    """A child's results so far, saved after every item, and a per-item time limit.

    pyoxigraph evaluates a query in Rust, where no Python signal reaches it, so a query
    that runs past its limit is stopped the hard way: a timer thread saves what the step
    has measured so far, names the item that timed out, and ends the process (exit 3).
    The parent records the time-out and starts the step again without that item.
    """

    def __init__(self, p: dict[str, Any]) -> None:
        self.path = Path(p["result"])
        self.done = set(p.get("done", []))
        self.items: list[dict[str, Any]] = []
        self.extra: dict[str, Any] = {}

    def save(self, **more: Any) -> None:
        data = {"items": self.items, **self.extra, **more, "peak_rss_mb": peak_rss_mb()}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.path)

    def add(self, item: dict[str, Any]) -> None:
        self.items.append(item)
        self.save()

    def watch_memory(self, limit_mb: float, name: Callable[[], str]) -> None:
        """End the process (exit 4) when its resident memory passes ``limit_mb``: a query whose
        intermediate results outgrow the machine is stopped before the kernel's OOM killer
        picks a process."""
        import threading

        page = os.sysconf("SC_PAGE_SIZE")

        def loop() -> None:
            while True:
                time.sleep(0.2)
                try:
                    rss = int(Path("/proc/self/statm").read_text().split()[1]) * page / 2**20
                except OSError:
                    return
                if rss > limit_mb:
                    self.save(timed_out={"name": name(), "memory_mb": rss})
                    os._exit(4)

        threading.Thread(target=loop, daemon=True).start()

    def guard(self, name: str, limit: float) -> Any:
        import threading

        def fire() -> None:
            self.save(timed_out={"name": name, "limit": limit})
            os._exit(3)

        class _Guard:
            def __enter__(self_inner) -> None:
                self_inner.timer = threading.Timer(limit, fire)
                self_inner.timer.daemon = True
                self_inner.timer.start()

            def __exit__(self_inner, *exc: Any) -> None:
                self_inner.timer.cancel()

        return _Guard()


# --------------------------------------------------------------------------- steps (children)


def step_baseline(p: dict[str, Any]) -> dict[str, Any]:
    t = time.perf_counter()
    import graph_store  # noqa: F401
    import hmickg.pipeline  # noqa: F401
    import ingest  # noqa: F401
    import queries  # noqa: F401

    return {"import_s": time.perf_counter() - t}


def step_real(p: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    from graph_store import open_store
    from hmickg.pipeline import ensure_vocabulary, ingest_one

    t_import = time.perf_counter() - t0
    work = Path(p["work"])
    shutil.rmtree(work / "real-store", ignore_errors=True)  # (a work folder kept from a run)
    store = open_store(f"oxigraph:{work / 'real-store'}")
    t = time.perf_counter()
    ensure_vocabulary(store)
    t_vocab = time.perf_counter() - t
    out: dict[str, Any] = {"import_s": t_import, "vocabulary_s": t_vocab, "reports": []}
    paths = sorted(SAMPLE_REPORTS.glob("*.txt"))
    first_total = None
    for i, path in enumerate(paths):
        t = time.perf_counter()
        item = ingest_one(store, path)
        first = time.perf_counter() - t
        if i == 0:
            first_total = time.perf_counter() - t0
        warm = []
        for _ in range(p["repeat"]):
            store.drop_graph(item.graph)  # each run loads a new graph, as the first did
            t = time.perf_counter()
            ingest_one(store, path)
            warm.append(time.perf_counter() - t)
        out["reports"].append(
            {
                "file": path.name,
                "lines": sum(1 for _ in path.open(encoding="utf-8")),
                "triples": item.triples,
                "findings": item.findings,
                "first_s": first,
                "warm_median_s": median(warm),
                "warm_p95_s": p95(warm),
            }
        )
    out["process_to_first_report_s"] = first_total
    store.close()
    return out


def step_real_into(p: dict[str, Any]) -> dict[str, Any]:
    """Each real report into a copy of the ingested store, as ``hmickg ingest`` adds it: first as
    a new graph, then again unchanged, then edited (every third bullet left out, the file of
    the same name: ``generate.fewer_bullets``), replacing it; the load and the incremental
    derivations of the gaps and the link index that end ``ingest_many`` included, the
    derivations also timed on their own.

    The three runs are made ``--into-cycles`` times (default ``--repeat``), each time on a
    fresh copy of one store: the ingested store without the real reports, derived again and
    compacted, as an ingest leaves a store (untimed). ``new_s`` etc. are the first cycle's (the
    first report's ``new_s`` is the first run of the process), ``*_runs`` every cycle's. A
    single edited run moved by 10% from one run of the step to the next (0.92-1.10 s over
    fourteen): one figure on either side of the target meant little."""
    t0 = time.perf_counter()
    from generate import fewer_bullets

    import hmickg.pipeline as pipeline
    from graph_store import open_store

    t_import = time.perf_counter() - t0
    base, copy = Path(p["work"]) / "real-into-base", Path(p["work"]) / "real-into-store"
    for d in (base, copy):
        shutil.rmtree(d, ignore_errors=True)
    t = time.perf_counter()
    shutil.copytree(p["store"], base)
    copy_s = time.perf_counter() - t
    derived: list[float] = []
    derive = pipeline.derive

    def timed_derive(store: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        result = derive(store, **kwargs)
        derived.append(time.perf_counter() - t)
        return result

    out: dict[str, Any] = {"import_s": t_import, "copy_s": copy_s, "reports": []}
    paths = sorted(SAMPLE_REPORTS.glob("*.txt"))
    edited_dir = Path(p["work"]) / "real-into-edited"
    edited_dir.mkdir(exist_ok=True)
    try:
        # The benchmark corpus holds the real reports: their graphs go first (the store derived
        # again in full and compacted, untimed), so that each first run adds a new graph.
        store = open_store(f"oxigraph:{base}")
        graphs = {pipeline.prepare(path, check=False).graph for path in paths}
        t = time.perf_counter()
        if graphs & set(store.graphs()):
            for graph in graphs:
                store.drop_graph(graph)
            derive(store)
            pipeline.compact(store)
        store.close()
        out["drop_s"] = time.perf_counter() - t
        cycles = max(1, int(p.get("cycles") or p.get("repeat", 1)))
        out["cycles"] = cycles
        pipeline.derive = timed_derive  # type: ignore[assignment]
        for path in paths:
            x: dict[str, Any] = {"file": path.name}
            edited = edited_dir / path.name
            edited.write_text(fewer_bullets(path.read_text("utf-8")), "utf-8")
            for cycle in range(cycles):
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(base, copy)
                store = open_store(f"oxigraph:{copy}")
                try:
                    for run, source in (("new", path), ("unchanged", path), ("edited", edited)):
                        del derived[:]
                        t = time.perf_counter()
                        done, failed = pipeline.ingest_many(store, [source])
                        seconds = time.perf_counter() - t
                        if failed:
                            raise RuntimeError(f"{source}: {failed[0][1]}")
                        x.setdefault(f"{run}_runs", []).append(seconds)
                        x.setdefault(f"{run}_derive_runs", []).append(sum(derived))
                        if not cycle:
                            x[f"{run}_s"] = seconds
                            x[f"{run}_derive_s"] = sum(derived)
                            x["triples" if run == "new" else f"{run}_triples"] = done[0].triples
                finally:
                    store.close()
            out["reports"].append(x)
    finally:
        pipeline.derive = derive  # type: ignore[assignment]
        for d in (base, copy, edited_dir):
            shutil.rmtree(d, ignore_errors=True)
    return out


def _ingest(p: dict[str, Any], *, check: bool, store_dir: str) -> dict[str, Any]:
    """``ingest_many`` as the CLI runs it, the gap derivation and the compaction that end it
    included, each also timed on its own, as is the end of the load (from the last report
    handed to the loader to the derivation)."""
    import hmickg.pipeline as pipeline
    from graph_store import open_store

    compacted: list[float] = []
    derived: list[float] = []
    marks: dict[str, float] = {}  # when the last report was handed to the loader; derivation
    compact, derive = pipeline.compact, pipeline.derive

    def timed_compact(store: Any) -> bool:
        t = time.perf_counter()
        did = compact(store)
        compacted.append(time.perf_counter() - t)
        return did

    def timed_derive(store: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        marks.setdefault("derive", t)
        result = derive(store, **kwargs)
        derived.append(time.perf_counter() - t)
        return result

    pipeline.compact = timed_compact  # type: ignore[assignment]
    pipeline.derive = timed_derive  # type: ignore[assignment]
    paths = corpus_paths(Path(p["corpus"]))
    if p.get("limit"):
        paths = paths[: p["limit"]]
    store = open_store(f"oxigraph:{store_dir}")
    n_done = 0
    t = time.perf_counter()

    def done(item: Any) -> None:
        nonlocal n_done
        n_done += 1
        if n_done % 100 == 0:
            el = time.perf_counter() - t
            log(f"    {n_done}/{len(paths)} reports, {el:.0f} s, {n_done / el:.2f} reports/s")

    def loading(reports: int, triples: int) -> None:
        marks["loading"] = time.perf_counter()  # the last report is in the loader's stream

    items, failed = pipeline.ingest_many(
        store,
        paths,
        check=check,
        on_done=done,
        on_loading=loading,
        jobs=p.get("jobs") or pipeline.default_jobs(),
    )
    seconds = time.perf_counter() - t
    triples = sum(i.triples for i in items)
    out = {
        "reports": len(items),
        "failed": [(path, str(exc)[:300]) for path, exc in failed],
        "seconds": seconds,
        "report_triples": triples,
        "findings": sum(i.findings for i in items),
        "store_quads": store.count(),
        "store_quads_with_union": len(store.store),
        "jobs": p.get("jobs") or pipeline.default_jobs(),
        "reports_per_s": len(items) / seconds,
        "triples_per_s": triples / seconds,
        "warnings": sum(len(i.warnings) for i in items),
        "slowest": sorted(((i.seconds, Path(i.path).name) for i in items), reverse=True)[:3],
        "compact_s": sum(compacted),
        "compact_runs_s": compacted,
        "derive_s": sum(derived),
        "load_end_s": (
            marks["derive"] - marks["loading"] if {"derive", "loading"} <= marks.keys() else None
        ),
    }
    t = time.perf_counter()
    store.close()
    out["close_s"] = time.perf_counter() - t
    out["store_bytes"] = sum(f.stat().st_size for f in Path(store_dir).rglob("*") if f.is_file())
    return out


def step_ingest(p: dict[str, Any]) -> dict[str, Any]:
    return _ingest(p, check=True, store_dir=p["store"])


def step_ingest_nocheck(p: dict[str, Any]) -> dict[str, Any]:
    return _ingest(p, check=False, store_dir=p["store"])


def step_derive(p: dict[str, Any]) -> dict[str, Any]:
    """``hmickg.pipeline.derive``: the gap rules and the link index over the whole store (end
    of ``ingest_many``)."""
    from graph_store import open_store
    from hmickg.pipeline import derive

    store = open_store(f"oxigraph:{p['store']}")
    t = time.perf_counter()
    sizes = derive(store)
    seconds = time.perf_counter() - t
    out = {
        "seconds": seconds,
        "sizes": sizes,
        "store_quads": store.count(),
        "store_quads_with_union": len(store.store),
    }
    if p.get("rules"):
        # each rule alone, as derive_gaps runs it (the gaps graph is in the store now)
        import queries

        specs = queries.catalog()
        rules = {}
        for name in sorted(n for n in specs if n.startswith("construct-gaps-")):
            t = time.perf_counter()
            r = store.query(specs[name].text)
            rules[name] = {"seconds": time.perf_counter() - t, "triples": len(r)}
        out["rules"] = rules
    store.close()
    return out


def step_dump(p: dict[str, Any]) -> dict[str, Any]:
    """Every quad the ingest wrote (report graphs, vocabulary, gaps and the union index): the
    bulk loader's baseline builds the same store from it."""
    import pyoxigraph as ox

    store = ox.Store(p["store"])
    t = time.perf_counter()
    store.dump(p["dump"], ox.RdfFormat.N_QUADS)
    return {
        "seconds": time.perf_counter() - t,
        "bytes": os.path.getsize(p["dump"]),
        "quads": len(store),
    }


def step_phases(p: dict[str, Any]) -> dict[str, Any]:
    """The calls of ``hmickg.pipeline.ingest_one``, timed one by one on a sample."""
    from graph_store import ntriples, open_store
    from ingest import parse_report, read_report, to_graph
    from ontology.validate import validate

    paths = corpus_paths(Path(p["corpus"]))
    step = max(1, len(paths) // p["sample"])
    sample = paths[::step][: p["sample"]]
    store = open_store(f"oxigraph:{p['store']}")
    phases = {
        "read+parse+extract": 0.0,
        "to RDF (incl. theme classification)": 0.0,
        "validate (native SHACL)": 0.0,
        "serialise (N-Triples text)": 0.0,
        "load, one report at a time (graph + union copy; ingest_many streams them into one bulk load)": 0.0,
    }
    triples = 0
    # warm the caches (shapes, gazetteer, classifier) outside the timed sample
    src = read_report(sample[0])
    validate(to_graph(parse_report(src), src).triples)
    for path in sample:
        t = time.perf_counter()
        src = read_report(path)
        parsed = parse_report(src)
        t1 = time.perf_counter()
        rg = to_graph(parsed, src)
        t2 = time.perf_counter()
        report = validate(rg.triples)
        assert report.conforms, path
        t3 = time.perf_counter()
        text, n = ntriples(rg.triples)
        t4 = time.perf_counter()
        store.replace_graph_ntriples(rg.graph, text, n, trusted=True)
        t5 = time.perf_counter()
        keys = list(phases)
        for k, d in zip(keys, (t1 - t, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            phases[k] += d
        triples += n
    store.close()
    out: dict[str, Any] = {"reports": len(sample), "triples": triples, "phases_s": phases}
    if p.get("profile"):
        out["profiles"] = profile_ingest(sample[: min(len(sample), 12)], p)
    return out


def profile_ingest(sample: list[Path], p: dict[str, Any]) -> dict[str, str]:
    """cProfile (and pyinstrument, if installed) of ingest_one over a few reports."""
    import cProfile
    import io
    import pstats

    from graph_store import open_store
    from hmickg.pipeline import ingest_one

    files = {}
    prof_dir = Path(p["profile_dir"])
    prof_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(f"oxigraph:{p['store']}-profile")
    ingest_one(store, sample[0])  # warm caches; the profiled reports load new graphs
    pr = cProfile.Profile()
    pr.enable()
    for path in sample[1:]:
        ingest_one(store, path)
    pr.disable()
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    st.sort_stats("tottime").print_stats(30)
    st.sort_stats("cumulative").print_stats(45)
    f = prof_dir / f"{p['size']}-ingest-cprofile.txt"
    f.write_text(
        f"cProfile of hmickg.pipeline.ingest_one over {len(sample)} generated reports\n\n"
        + buf.getvalue()
    )
    files["cprofile"] = str(f)
    try:
        from pyinstrument import Profiler
    except ImportError:
        pass
    else:
        store.close()
        shutil.rmtree(f"{p['store']}-profile", ignore_errors=True)
        store = open_store(f"oxigraph:{p['store']}-profile")  # new graphs again, as under cProfile
        ingest_one(store, sample[0])
        prof = Profiler(interval=0.001)
        prof.start()
        for path in sample[1:]:
            ingest_one(store, path)
        prof.stop()
        f = prof_dir / f"{p['size']}-ingest-pyinstrument.txt"
        f.write_text(prof.output_text(unicode=True, color=False, show_all=False))
        files["pyinstrument"] = str(f)
    store.close()
    shutil.rmtree(f"{p['store']}-profile", ignore_errors=True)
    return files


def step_bulk(p: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store(p["store"]) if p.get("store") else ox.Store()
    store.bulk_load(path=p["nquads"], format=ox.RdfFormat.N_QUADS)
    if p.get("store"):
        store.flush()
    seconds = time.perf_counter() - t
    n = len(store)
    del store
    return {"seconds": seconds, "quads": n, "triples_per_s": n / seconds}


def step_rdflib_load(p: dict[str, Any]) -> dict[str, Any]:
    from rdflib import Dataset

    t = time.perf_counter()
    ds = Dataset()
    ds.parse(p["nquads"], format="nquads")
    seconds = time.perf_counter() - t
    n = sum(len(g) for g in ds.graphs())
    return {"seconds": seconds, "quads": n, "triples_per_s": n / seconds}


def _specs() -> list[Any]:
    import queries

    return sorted(queries.catalog().values(), key=lambda s: s.path)


def _raw_query(spec: Any, params: dict[str, str], store: Any) -> tuple[str, dict[str, Any]]:
    """The SPARQL text and dataset hmickg hands the engine for this query (bound parameters
    written as constants, the store's deduplicated union graph as the default graph), made
    once, so the raw run times the engine alone."""
    text = _engine_text(spec, params)
    return text, store._dataset(text, True)


def _engine_text(spec: Any, params: dict[str, str]) -> str:
    """The query as hmickg hands it to Oxigraph: prepared, bound parameters as constants."""
    from graph_store import _sparql
    from queries.runner import prepare

    text, bindings = prepare(spec, params)
    return _sparql.bind_constants(text, bindings) if bindings else text


#: Queries whose warm-up run is faster than this are repeated for about FAST_BUDGET_S seconds
#: (both sides), up to FAST_MAX_PAIRS pairs.
FAST_QUERY_S = 0.05
FAST_BUDGET_S = 1.0
FAST_MAX_PAIRS = 1000
#: Random entity pairs the analytics step searches paths between.
PATH_PAIRS = 12


def _measure_oxigraph(store: Any, prog: Progress, p: dict[str, Any]) -> None:
    import pyoxigraph as ox

    import queries

    raw_store = store.store
    current = [""]
    prog.watch_memory(p.get("memory_limit_mb", 14 * 1024), lambda: current[0])
    for spec in _specs():
        if spec.name in prog.done:
            continue
        current[0] = spec.name
        params = spec.example_params()
        text, dataset = _raw_query(spec, params, store)

        def run_hmickg(spec: Any = spec, params: dict[str, str] = params) -> int:
            r = queries.run(spec, store, params)
            if r.kind == "select":
                return len(r.rows)
            if r.kind == "construct":
                return len(r)  # each triple once, in the engine's terms until asked for
            return 1

        def run_raw(text: str = text, dataset: dict[str, Any] = dataset) -> int:
            res = raw_store.query(text, **dataset)
            if isinstance(res, ox.QuerySolutions):
                return len([tuple(s) for s in res])
            if isinstance(res, ox.QueryBoolean):
                return 1
            return len(list(res))

        limit = p["query_timeout"]
        with prog.guard(spec.name, limit):  # warm-up (not timed)
            t = time.perf_counter()
            rows = run_hmickg()
            first = time.perf_counter() - t
        with prog.guard(spec.name, limit):
            raw_rows = run_raw()
        # seconds-long queries: fewer repeats, so a run stays within hours
        repeat = p["repeat"] if first < p["slow"] else max(1, min(p["repeat"], 2))
        if first < FAST_QUERY_S:
            # A median of 5 runs of a 0.2 ms look-up measures a cold cache and the scheduler
            # (it swung by +-50% from run to run): fast queries get as many pairs as fit in
            # about FAST_BUDGET_S, so their medians and the overhead are stable.
            budget = p.get("fast_budget", FAST_BUDGET_S)
            repeat = max(repeat, min(FAST_MAX_PAIRS, int(budget / 2 / max(first, 1e-4))))
        h_times, r_times = [], []
        # One guard for all the repeats: starting its timer thread right before a run added
        # about 0.1 ms to that run (measured on 0.2 ms look-ups), and the hmickg run came first.
        # The order alternates too, so neither side always follows the other.
        with prog.guard(spec.name, limit * repeat * 2):
            for i in range(repeat):
                for side in ("h", "r") if i % 2 == 0 else ("r", "h"):
                    t = time.perf_counter()
                    if side == "h":
                        run_hmickg()
                        h_times.append(time.perf_counter() - t)
                    else:
                        run_raw()
                        r_times.append(time.perf_counter() - t)
        prog.add(
            {
                "name": spec.name,
                "path": spec.path,
                "params": params,
                "rows": rows,
                "raw_rows": raw_rows,
                "first_s": first,
                "hmickg_s": h_times,
                "raw_s": r_times,
                "status": "ok",
            }
        )
        log(
            f"    {spec.name}: {rows} rows, hmickg {median(h_times) * 1000:.1f} ms, "
            f"raw {median(r_times) * 1000:.1f} ms"
        )


def step_queries_disk(p: dict[str, Any]) -> dict[str, Any]:
    from graph_store import open_store

    prog = Progress(p)
    store = open_store(f"oxigraph:{p['store']}")
    _measure_oxigraph(store, prog, p)
    store.close()
    return {"items": prog.items}


def step_queries_memory(p: dict[str, Any]) -> dict[str, Any]:
    import pyoxigraph as ox

    from graph_store import open_store

    prog = Progress(p)
    store = open_store("oxigraph:")
    t = time.perf_counter()
    store.store.bulk_load(path=p["nquads"], format=ox.RdfFormat.N_QUADS)  # union index included
    prog.extra["load_s"] = time.perf_counter() - t
    _measure_oxigraph(store, prog, p)
    return {"items": prog.items, "load_s": prog.extra["load_s"]}


class _Timeout(Exception):
    pass


def step_queries_rdflib(p: dict[str, Any]) -> dict[str, Any]:
    """rdflib's engine is Python: a SIGALRM stops a query that runs past its limit."""
    import signal

    from rdflib import Dataset, Variable

    import queries

    t = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(p["nquads"], format="nquads")
    load_s = time.perf_counter() - t

    def alarm(*_: Any) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    out = []
    for spec in _specs():
        params = spec.example_params()
        text, bound = queries.prepare(spec, params)
        bindings = {Variable(k): v for k, v in bound.items()}
        times: list[float] = []
        rows = None
        status = "ok"
        for i in range(p["repeat"] + 1):
            signal.alarm(p["rdflib_timeout"])
            try:
                t = time.perf_counter()
                result = ds.query(text, initBindings=bindings)
                n = len(list(result)) if result.type != "ASK" else 1
                el = time.perf_counter() - t
            except _Timeout:
                status = f"timeout > {p['rdflib_timeout']} s"
                break
            except Exception as exc:  # rdflib cannot run it: say so, go on
                status = f"error: {type(exc).__name__}: {str(exc)[:120]}"
                break
            finally:
                signal.alarm(0)
            rows = n
            if i > 0 or el > p["slow"]:
                times.append(el)  # a run longer than `slow` seconds counts, warm-up or not
            if sum(times) > p["slow"]:
                break  # seconds-long queries: fewer repeats
        out.append({"name": spec.name, "rows": rows, "rdflib_s": times, "status": status})
        shown = f"{median(times) * 1000:.0f} ms" if times else ""
        log(f"    {spec.name}: rdflib {status} {shown} ({len(times)} runs)")
    return {"items": out, "load_s": load_s}


def _list_step(p: dict[str, Any]) -> tuple[Progress, Any]:
    """A list step's progress (its items saved as they come) and the on-disk store it reads."""
    from graph_store import open_store

    prog = Progress(p)
    prog.extra["status"] = "ok"
    return prog, open_store(f"oxigraph:{p['store']}")


def step_analytics(p: dict[str, Any]) -> dict[str, Any]:
    """What ``hmickg query shared-gaps``, ``hmickg path``, ``centrality`` and ``communities`` do,
    through the library: each a list item with its own time limit."""
    try:
        from queries import analytics, projections
    except ImportError as exc:
        return {"status": f"n/a (not built: {exc})"}
    import queries

    prog, store = _list_step(p)
    limit = p["query_timeout"]
    cache: dict[str, Any] = {}

    def network(name: str) -> Any:
        if name not in cache:
            cache[name] = projections.to_networkx(store, name)
        return cache[name]

    def shared_gaps() -> str:
        r = queries.run(queries.catalog()["shared-gaps"], store, {"min": "2"})
        return f"{len(r.rows)} gaps shared by 2+ forces"

    def path() -> str:
        src = projections.find_entities(store, p["path_from"])
        dst = projections.find_entities(store, p["path_to"])
        if len(src) != 1 or len(dst) != 1:
            return f"not run: {p['path_from']!r} names {len(src)}, {p['path_to']!r} {len(dst)} entities"
        if hasattr(analytics, "find_paths"):  # as `hmickg path` runs it: from both ends
            chains = analytics.find_paths(store, src[0].iri, dst[0].iri, max_paths=3)
            return f"{len(chains)} chains, {len(chains[0].hops) if chains else 0} hops"
        G = projections.to_networkx(store, "entities")
        chains = analytics.paths(G, src[0].iri, dst[0].iri, max_paths=3, store=store)
        return f"{len(chains)} chains, {len(chains[0].hops) if chains else 0} hops; entity graph {G.number_of_nodes():,} nodes, {G.number_of_edges():,} links"

    pairs: list[tuple[str, str]] = []

    def draw_pairs() -> None:
        """The entity pairs, drawn with a fixed seed from every entity at an end of a stored
        statement, and each searched once untimed (as every item's first run warms its
        caches); one named pair says little of the hubs a search meets."""
        import random

        rows = store.query_strings(
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
            "SELECT DISTINCT ?e WHERE { { ?st rdf:subject ?e } UNION { ?st rdf:object ?e }"
            " FILTER (isIRI(?e)) }"
        ).rows
        entities = sorted(r[0] for r in rows)
        draw = random.Random(1)
        pairs.extend(tuple(draw.sample(entities, 2)) for _ in range(PATH_PAIRS))  # type: ignore[misc]
        for a, b in pairs:
            analytics.find_paths(store, a, b, max_paths=3)

    def random_paths() -> str:
        each: list[float] = []
        hops: list[int] = []
        for a, b in pairs:
            t = time.perf_counter()
            chains = analytics.find_paths(store, a, b, max_paths=3)
            each.append(time.perf_counter() - t)
            hops.extend(len(c.hops) for c in chains)
        span = f"{min(hops)}-{max(hops)} hops" if hops else "no chain"
        return (
            f"{len(pairs)} pairs in all; each {median(each):.2f} s median, {max(each):.2f} s at"
            f" most; chains of {span}"
        )

    def projection(name: str) -> Callable[[], str]:
        def fn() -> str:
            G = projections.to_networkx(store, name)
            cache[name] = G
            return f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} links"

        return fn

    def centrality() -> str:
        c = analytics.centrality(network("organisations"))
        return f"{len(c.scores):,} nodes, k={c.k}"

    def communities() -> str:
        c = analytics.communities(network("organisations"))
        return f"{len(c.communities) if hasattr(c, 'communities') else '?'} communities"

    items: list[tuple[str, str, Callable[[], str]]] = [
        ("shared-gaps", "`hmickg query shared-gaps --param min=2`", shared_gaps),
        (
            "path",
            f"`hmickg path {p['path_from']!r} {p['path_to']!r}` (names resolved, searched in the store from both ends, 3 chains with evidence)",
            path,
        ),
        (
            "paths: random pairs",
            f"`hmickg path` between {PATH_PAIRS} entity pairs drawn with seed 1 (3 chains each, with evidence; the time is for all of them, after one untimed run)",
            random_paths,
        ),
        (
            "projection: organisations",
            "`to_networkx`: its select rows + NetworkX graph",
            projection("organisations"),
        ),
        (
            "projection: entities",
            "`to_networkx`: its select rows + NetworkX graph",
            projection("entities"),
        ),
        ("projection: gaps", "`to_networkx`: its select rows + NetworkX graph", projection("gaps")),
        (
            "centrality",
            "betweenness and degree, organisations network (projection built before)",
            centrality,
        ),
        ("communities", "Louvain, organisations network (projection built before)", communities),
    ]
    prepare = {"paths: random pairs": draw_pairs}  # untimed, before an item's runs
    current = [""]
    prog.watch_memory(p.get("memory_limit_mb", 14 * 1024), lambda: current[0])
    for name, what, fn in items:
        if name in prog.done:
            continue
        current[0] = name
        times = []
        note = ""
        try:
            if name in prepare:
                with prog.guard(name, limit):
                    prepare[name]()
            for _ in range(p["repeat"]):
                with prog.guard(name, limit):
                    t = time.perf_counter()
                    note = fn()
                    times.append(time.perf_counter() - t)
                if times[-1] > p["slow"]:
                    break
            status = "ok"
        except Exception as exc:  # an API that changed under the benchmark: say so
            status = f"error: {type(exc).__name__}: {str(exc)[:160]}"
        prog.add({"name": name, "what": what, "s": times, "note": note, "status": status})
        log(f"    {name}: {median(times):.2f} s {note} {status}")
    store.close()
    return {"items": prog.items, "status": "ok"}


#: The page's calls the web step times, with the first entity of `--path` as its force:
#: each WEB_RUNS times after a warm-up, or --repeat times if the warm-up took over WEB_SLOW_S.
WEB_RUNS = 20
WEB_SLOW_S = 0.5


def step_web(p: dict[str, Any]) -> dict[str, Any]:
    """What the web page of ``hmickg serve`` asks, over HTTP from a real server in this
    process (one kept-alive connection, as a browser keeps one), each call against its
    baseline in the same run: the same API function called in-process (so the difference is
    HTTP and JSON), and for the SPARQL endpoint the raw engine running the same text and
    writing SPARQL JSON itself."""
    try:
        from hmickg.web import App, api
    except ImportError as exc:
        return {"status": f"n/a (not built: {exc})"}
    import http.client
    import urllib.parse

    from graph_store.oxigraph import UNION_GRAPH
    from queries import catalog
    from queries.projections import find_entities

    prog, store = _list_step(p)
    app = App(store, host="127.0.0.1", port=0, reports=[Path(p["corpus"])]).start()
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=p["query_timeout"])

    def get(path: str, **params: Any) -> bytes:
        query = urllib.parse.urlencode(params, doseq=True)
        conn.request("GET", path + (f"?{query}" if query else ""))
        res = conn.getresponse()
        body = res.read()
        if res.status != 200:
            raise RuntimeError(f"{path}: HTTP {res.status}: {body[:200]!r}")
        return body

    (force,) = [e.iri for e in find_entities(store, p["path_from"])]
    (other,) = [e.iri for e in find_entities(store, p["path_to"])]
    where = json.loads(get("/api/path", **{"from": force, "to": other}))["chains"][0]
    passage = where["hops"][0]["links"][0]["passages"][0]
    source = {
        "file": passage["file"],
        "start": passage["lineStart"],
        "end": passage["lineEnd"],
        "sha256": passage["sha256"],
    }
    sections = [
        ("assessment-grades", "force"),
        ("grade-history", "force"),
        ("grade-changes", "force"),
        ("recommendations", "force"),
        ("force-units", "force"),
        ("operations-of-organisation", "org"),
    ]
    # the endpoint gets the text with the force written in, as a client sends it
    endpoint_text = _engine_text(catalog()["assessment-grades"], {"force": force})
    raw = store.store
    import pyoxigraph

    union = pyoxigraph.NamedNode(str(UNION_GRAPH))

    def raw_sparql() -> int:
        out = raw.query(endpoint_text, default_graph=union).serialize(
            format=pyoxigraph.QueryResultsFormat.JSON
        )
        return len(out)

    items: list[tuple[str, str, Callable[[], Any], Callable[[], Any] | None]] = [
        (
            "page",
            "`/`, app.js, app.css and the bundled Cytoscape.js (what a first visit fetches)",
            lambda: sum(
                len(get(x))
                for x in (
                    "/",
                    "/static/app.js",
                    "/static/app.css",
                    "/static/vendor/cytoscape.min.js",
                )
            ),
            None,
        ),
        (
            "search",
            "`/api/search?q=leic`: the search box (`entity-search`)",
            lambda: get("/api/search", q="leic"),
            lambda: api.search(store, "leic"),
        ),
        (
            "links",
            f"`/api/neighbours`: the links of {p['path_from']} (a hub; 120 drawn)",
            lambda: get("/api/neighbours", node=force),
            lambda: api.neighbours(store, force),
        ),
        (
            "chains",
            f"`/api/path`: {p['path_from']} to {p['path_to']}, 3 chains with passages",
            lambda: get("/api/path", **{"from": force, "to": other}),
            lambda: api.chains(store, force, other),
        ),
        (
            "shared gaps",
            "`/api/query/shared-gaps?min=2`: the Shared gaps tab",
            lambda: get("/api/query/shared-gaps", min="2"),
            lambda: api.answer(store, "shared-gaps", {"min": "2"}),
        ),
        (
            "gap network",
            "`/api/gap-network`: the Shared gaps tab's drawing (the `gaps` projection by pair of forces)",
            lambda: get("/api/gap-network"),
            lambda: api.gap_network(store),
        ),
        (
            "force",
            f"the Forces tab for {p['path_from']}: its six queries one after another",
            lambda: [get(f"/api/query/{n}", **{k: force}) for n, k in sections],
            lambda: [api.answer(store, n, {k: force}) for n, k in sections],
        ),
        (
            "where from",
            f"`/api/where`: what the graph says of {p['path_from']}, and its passages",
            lambda: get("/api/where", node=force),
            lambda: api.where_from(store, force),
        ),
        (
            "report lines",
            "`/api/source`: the lines of a chain's first passage, from the report file",
            lambda: get("/api/source", **source),
            lambda: api.source_lines(
                app.files,
                source["file"],
                str(source["start"]),
                str(source["end"]),
                source["sha256"],
            ),
        ),
        (
            "sparql",
            "`/sparql`: `assessment-grades` for the force, SPARQL JSON (baseline: the raw "
            "engine running the text and writing the JSON)",
            lambda: get(
                "/sparql",
                query=endpoint_text,
            ),
            raw_sparql,
        ),
    ]
    current = [""]
    prog.watch_memory(p.get("memory_limit_mb", 14 * 1024), lambda: current[0])
    for name, what, over_http, in_process in items:
        if name in prog.done:
            continue
        current[0] = name
        runs: dict[str, list[float]] = {"http_s": [], "inproc_s": []}
        status = "ok"
        try:
            for key, fn in (("http_s", over_http), ("inproc_s", in_process)):
                if fn is None:
                    continue
                # each call has the time limit (under the item's name: a call past it is
                # left out when the step starts again); a slow call is repeated less
                with prog.guard(name, p["query_timeout"]):
                    t = time.perf_counter()
                    fn()  # warm-up
                    slow = time.perf_counter() - t > WEB_SLOW_S
                for _ in range(p["repeat"] if slow else WEB_RUNS):
                    with prog.guard(name, p["query_timeout"]):
                        t = time.perf_counter()
                        fn()
                        runs[key].append(time.perf_counter() - t)
        except Exception as exc:  # an API that changed under the benchmark: say so
            status = f"error: {type(exc).__name__}: {str(exc)[:160]}"
        prog.add({"name": name, "what": what, **runs, "status": status})
        log(f"    {name}: {median(runs['http_s']) * 1000:.1f} ms over HTTP {status}")
    conn.close()
    app.close()
    store.close()
    return {"items": prog.items, "status": "ok", "runs": WEB_RUNS}


STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": step_baseline,
    "real": step_real,
    "ingest": step_ingest,
    "ingest-nocheck": step_ingest_nocheck,
    "derive": step_derive,
    "dump": step_dump,
    "phases": step_phases,
    "bulk-disk": step_bulk,
    "bulk-memory": step_bulk,
    "rdflib-load": step_rdflib_load,
    "queries-disk": step_queries_disk,
    "queries-memory": step_queries_memory,
    "queries-rdflib": step_queries_rdflib,
    "analytics": step_analytics,
    "real-into": step_real_into,
    "web": step_web,
}
BASELINE_STEPS = {"dump", "bulk-disk", "bulk-memory", "rdflib-load", "queries-rdflib"}
"""Steps that measure a baseline, not hmickg: left out of the peak-memory target."""

LIST_STEPS = {"queries-disk", "queries-memory", "analytics", "web"}


def child(name: str, params_json: str) -> int:
    p = json.loads(params_json)
    result = STEPS[name](p)
    result["peak_rss_mb"] = peak_rss_mb()
    Path(p["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


def run_step(
    name: str, params: dict[str, Any], work: Path, timeout: float | None = None
) -> dict[str, Any]:
    """Run a step in a child process; a list step that times out on an item goes on without it."""
    result_file = work / f"result-{name}.json"
    log(f"[{time.strftime('%H:%M:%S')}] step {name} …")
    t = time.perf_counter()
    items: list[dict[str, Any]] = []
    done: list[str] = []
    peak = 0.0
    while True:
        result_file.unlink(missing_ok=True)
        args = {**params, "result": str(result_file), "done": done}
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--step",
                    name,
                    "--params",
                    json.dumps(args),
                ],
                cwd=ROOT,
                timeout=timeout,
            )
            code = proc.returncode
        except subprocess.TimeoutExpired:
            log(f"    step {name} stopped at its time limit of {timeout:.0f} s")
            return {
                "error": f"stopped after the step's time limit of {timeout:.0f} s",
                "wall_s": time.perf_counter() - t,
            }
        res: dict[str, Any] = (
            json.loads(result_file.read_text("utf-8")) if result_file.exists() else {}
        )
        peak = max(peak, res.get("peak_rss_mb", 0.0))
        if code in (3, 4) and name in LIST_STEPS and "timed_out" in res:
            items.extend(res.get("items", []))
            to = res["timed_out"]
            if code == 3:
                status = f"timeout > {to['limit']:.0f} s"
            else:
                status = f"stopped: memory > {to['memory_mb'] / 1024:.1f} GB"
            items.append(
                {"name": to["name"], "status": status, "hmickg_s": [], "raw_s": [], "s": []}
            )
            done = [i["name"] for i in items]
            log(f"    {to['name']}: {status}; going on without it")
            continue
        if code != 0 or not res:
            log(f"    step {name} failed (exit {code})")
            return {"error": f"exit {code}", "wall_s": time.perf_counter() - t, "items": items}
        if name in LIST_STEPS:
            res["items"] = items + res.get("items", [])
        break
    res["wall_s"] = time.perf_counter() - t
    res["peak_rss_mb"] = max(peak, res.get("peak_rss_mb", 0.0))
    log(f"    done in {res['wall_s']:.1f} s, peak RSS {res['peak_rss_mb']:.0f} MB")
    return res


# --------------------------------------------------------------------------- machine facts


def machine() -> dict[str, Any]:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "memory_gb": round(mem, 1) if mem else None,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "pyshacl": getattr(pyshacl, "__version__", "?"),
        "git": commit + (" (with uncommitted changes)" if dirty else ""),
    }


# --------------------------------------------------------------------------- report


def ms(x: float) -> str:
    if x != x:  # nan
        return "–"
    return f"{x * 1000:,.0f}" if x >= 1 else f"{x * 1000:.1f}"


def mb(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f}"


def times(x: float) -> str:
    """A speed-up factor with sensible digits: 638, 22, 4.5, 0.36."""
    if x != x:
        return "–"
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}" if x >= 1 else f"{x:.2g}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def _limit(status: str) -> float | None:
    m = re.match(r"timeout > ([\d.]+) s", status or "")
    return float(m.group(1)) if m else None


def _stopped(q: dict[str, Any]) -> str:
    """A short note for an item stopped for its memory (or that failed)."""
    st = q.get("status", "ok")
    if st == "ok" or st.startswith("timeout"):
        return ""
    m = re.search(r"memory > ([\d.]+) GB", st)
    return f"stopped at {m.group(1)} GB" if m else st[:40]


def _items(s: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    return {q["name"]: q for q in s.get(key, {}).get("items", [])}


def ingest_total(s: dict[str, Any]) -> float | None:
    """``ingest_many`` as a user runs it. Runs before 2026-12-05 timed the gap derivation that
    ends it as a step of its own (``derive``); now the ingest step includes it."""
    ing, der = s.get("ingest", {}), s.get("derive", {})
    if "seconds" in ing and "derive_s" in ing:
        return float(ing["seconds"])
    if "seconds" in ing and "seconds" in der:
        return float(ing["seconds"] + der["seconds"])
    return None


def _runs(s: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each step's run that has its peak memory, in order; the runs of ``--ingest-pairs``
    after the first pair are named ``ingest (pair 2)``, ``bulk-disk (pair 2)``, …"""
    out = []
    for k, v in s.items():
        if k == "pairs":
            for n, pair in enumerate(v.get("runs", []), start=2):
                out += [(f"{name} (pair {n})", x) for name, x in pair.items() if "peak_rss_mb" in x]
        elif isinstance(v, dict) and "peak_rss_mb" in v:
            out.append((k, v))
    return out


def ingest_pairs(s: dict[str, Any]) -> list[tuple[float, float]]:
    """(ingest seconds, bulk loader seconds) of each pair the run made, the first pair being
    the ``ingest`` and ``bulk-disk`` steps, then those of ``--ingest-pairs``."""
    first = ingest_total(s), s.get("bulk-disk", {}).get("seconds")
    out = [first] if None not in first else []
    for pair in s.get("pairs", {}).get("runs", []):
        ing, bulk = pair["ingest"].get("seconds"), pair["bulk-disk"].get("seconds")
        if ing and bulk:
            out.append((float(ing), float(bulk)))
    return out  # type: ignore[return-value]


def pairs_medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """The median ingest and the median bulk loader of the pairs (what the target reads)."""
    return median([i for i, _ in pairs]), median([b for _, b in pairs])


def pairs_note(pairs: list[tuple[float, float]]) -> str:
    each = ", ".join(f"{i:.1f} s / {b:.1f} s ({b / i:.1%})" for i, b in pairs)
    ing, bulk = pairs_medians(pairs)
    return (
        f"{len(pairs)} pairs, alternated (ingest / bulk loader): {each}; medians {ing:.1f} s / "
        f"{bulk:.1f} s = {bulk / ing:.1%}"
    )


def render(r: dict[str, Any]) -> str:
    m, s = r["machine"], r["steps"]
    size = r["size"]
    L: list[str] = []
    add = L.append
    add(f"# hmickg benchmarks: {size}")
    add("")
    add(
        f"{m['date']} · {m['nproc']} CPUs ({m['cpu']}) · {m['memory_gb']} GB RAM · {m['platform']} · "
        f"Python {m['python']} · pyoxigraph {m['pyoxigraph']} · rdflib {m['rdflib']} · pyshacl {m['pyshacl']} · "
        f"hmickg {m['git']}"
    )
    add("")
    c = r["corpus"]
    add(
        f"Corpus: `{c['dir']}`: {c['reports']} generated reports ({c['forces']} forces, 2006-2020, "
        f"seed {c['seed']}), {c['findings']:,} findings, {c['bytes'] / 1e6:.1f} MB of text"
        + (f"; generated in {c['generate_s']:.1f} s" if c.get("generate_s") else "")
        + ". hmickg runs on the on-disk store (`oxigraph:DIR`); the raw-engine comparison runs "
        "on the same `pyoxigraph.Store` object, on disk and in memory. Peak memory is each "
        "step's own process `ru_maxrss` (interpreter and imports included: "
        f"{mb(s.get('baseline', {}).get('peak_rss_mb'))} MB for importing hmickg alone). "
        f"Times are medians over {r['repeat']} runs after one warm-up run unless said"
        + (
            f"; catalogue queries faster than {fq['under_s'] * 1000:.0f} ms are run for about "
            f"{fq['budget_s']:g} s (up to {fq['max_pairs']} runs a side), their medians over "
            "that many."
            if (fq := r.get("fast_queries"))
            else "."
        )
    )
    add("")
    for note in r.get("notes", []):  # how a run was made, where it was not one go
        add(f"> {note}")
        add("")
    # ------------------------------------------------------------- ingest
    add("## Ingest")
    add("")
    add("| step | reports | triples | seconds | reports/s | triples/s | vs bulk loader | peak MB |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    bulk = s.get("bulk-disk", {})
    bulk_s = bulk.get("seconds")

    def rel(seconds: float | None) -> str:
        """Speed relative to the bulk loader building the same store (same quads)."""
        return f"{bulk_s / seconds:.1%}" if seconds and bulk_s else "–"

    ing, der = s.get("ingest", {}), s.get("derive", {})
    whole = "derive_s" in ing  # (runs before 2026-12-05 timed the derivation on its own)
    # (runs from 2026-12-05, 09:00 on derive the link index of the entity graph too)
    derived = "gaps, link index" if "links" in der.get("sizes", {}) else "gaps"
    deriving = (
        "derivation (gaps, link index)" if "links" in der.get("sizes", {}) else "gap derivation"
    )
    rows = (
        (
            "ingest",
            f"**`ingest_many` end to end**: parse, extract, validate, load, derive {derived}, "
            "compact; disk"
            if whole
            else "hmickg ingest: parse, extract, validate, load (per report), disk",
        ),
        ("ingest-nocheck", "the same without validation"),
    )
    for key, label in rows:
        x = s.get(key, {})
        runs = " + ".join(f"{c:.1f}" for c in x.get("compact_runs_s", []))
        if x.get("load_end_s") is not None:  # (runs from 2026-12-05, 05:00 on)
            label += (
                f" (of which, after the last report was handed to the loader: finishing the"
                f" load {x['load_end_s']:.1f} s, then {deriving} {x['derive_s']:.1f} s"
                f" beside compacting the store {runs} s)"
            )
        elif "derive_s" in x:
            label += (
                f" (of which, after the last report is loaded, gap derivation {x['derive_s']:.1f} s"
                f" beside compacting the store {runs} s)"
            )
        elif x.get("compact_s"):
            label += f" (of which compacting the store at the end {x['compact_s']:.1f} s)"
        if "seconds" in x:
            add(
                f"| {label} | {x['reports']} | {x['report_triples']:,} | {x['seconds']:.1f} | {x['reports_per_s']:.2f} | "
                f"{x['triples_per_s']:,.0f} | {rel(x['seconds'])} | {mb(x.get('peak_rss_mb'))} |"
            )
        elif x.get("error"):
            add(f"| {label} | – | – | – | – | – | – | {x['error']} |")
    if "seconds" in der:
        sizes = ", ".join(f"{k} {v:,} triples" for k, v in der.get("sizes", {}).items())
        label = (
            f"{deriving} over the whole store once more, after the ingest "
            "(`hmickg.pipeline.derive`; not counted above)"
            if whole
            else f"{deriving} at the end of `ingest_many` (`hmickg.pipeline.derive`), once"
        )
        add(
            f"| {label} | – | {sizes} | {der['seconds']:.1f} | – | – | – | {mb(der.get('peak_rss_mb'))} |"
        )
    elif der.get("error"):
        add(
            f"| gap derivation at the end of `ingest_many` (`hmickg.pipeline.derive`) | – | – | – | – | – | – | {der['error']} |"
        )
    tot = ingest_total(s)
    if tot and "report_triples" in ing and not whole:
        tps = ing["report_triples"] / tot
        add(
            f"| **`ingest_many` end to end** (the two rows above with validation) | {ing['reports']} | {ing['report_triples']:,} | {tot:.1f} | {ing['reports'] / tot:.2f} | {tps:,.0f} | {rel(tot)} | – |"
        )
    for key, label in (
        ("bulk-disk", "pyoxigraph `Store.bulk_load` N-Quads, disk (ceiling)"),
        ("bulk-memory", "pyoxigraph `Store.bulk_load` N-Quads, memory"),
    ):
        x = s.get(key, {})
        if "seconds" in x:
            add(
                f"| {label} | – | {x['quads']:,} quads | {x['seconds']:.1f} | – | {x['triples_per_s']:,.0f} quads/s | {rel(x['seconds'])} | {mb(x.get('peak_rss_mb'))} |"
            )
    x = s.get("rdflib-load", {})
    if "seconds" in x:
        add(
            f"| plain rdflib: `Dataset.parse` N-Quads, memory | – | {x['quads']:,} quads | {x['seconds']:.1f} | – | {x['triples_per_s']:,.0f} quads/s | {rel(x['seconds'])} | {mb(x.get('peak_rss_mb'))} |"
        )
    elif x.get("skipped"):
        add(
            f"| plain rdflib: `Dataset.parse` N-Quads | – | – | – | – | – | – | skipped: {x['skipped']} |"
        )
    add("")
    add(
        "*vs bulk loader*: the bulk loader's time to build the same store (every quad the ingest "
        "wrote, report graphs and union index alike, from an N-Quads dump) divided by the step's "
        "time. hmickg writes each report triple twice: in the report's graph (provenance, atomic "
        "replacement) and in the deduplicated union graph the queries read."
        + (f" Reports were prepared by {ing['jobs']} worker processes." if ing.get("jobs") else "")
    )
    add("")
    pairs = ingest_pairs(s)
    if len(pairs) > 1:
        add(
            f"The ingest and the bulk loader, run again alternately (`--ingest-pairs`), the "
            f"first pair being the rows here: {pairs_note(pairs)}. The target reads the medians."
        )
        add("")
    if ing.get("failed"):
        add(
            f"{len(ing['failed'])} report(s) failed to ingest: "
            + "; ".join(f"`{Path(a).name}`: {b}" for a, b in ing["failed"][:5])
        )
        add("")
    if "store_quads" in ing:
        dump = s.get("dump", {})
        add(
            f"The store holds {der.get('store_quads', ing['store_quads']):,} quads after ingest "
            f"({ing['report_triples']:,} written to report graphs, the rest ontology, schemes, reference "
            f"data and derived gaps), plus the union index: "
            f"{der.get('store_quads_with_union', ing.get('store_quads_with_union', 0)):,} in all; "
            f"{ing['store_bytes'] / 1e6:,.0f} MB on disk. Dumping it to N-Quads for "
            f"the baselines took {dump.get('seconds', float('nan')):.1f} s (not counted). Slowest reports: "
            + ", ".join(f"`{n}` {t:.1f} s" for t, n in ing.get("slowest", []))
            + "."
        )
        add("")
    if der.get("rules"):
        add(
            "Gap rules, each run alone after the derivation (`store.query`, on disk): "
            + ", ".join(
                f"`{k}` {v['seconds']:.1f} s ({v['triples']:,} triples)"
                for k, v in der["rules"].items()
            )
            + "."
        )
        add("")
    ph = s.get("phases", {})
    if "phases_s" in ph:
        tot_p = sum(ph["phases_s"].values())
        add(
            f"Where the per-report time goes ({ph['reports']} reports sampled evenly from the corpus, {ph['triples']:,} triples; the calls `ingest_one` makes, timed one by one):"
        )
        add("")
        add("| phase | seconds | share | ms/report |")
        add("|---|---:|---:|---:|")
        for k, v in ph["phases_s"].items():
            add(f"| {k} | {v:.2f} | {v / tot_p:.0%} | {v / ph['reports'] * 1000:.0f} |")
        add("")
    # ------------------------------------------------------------- real report
    real = s.get("real", {})
    if real.get("reports"):
        add("## One real report end to end")
        add("")
        add(
            "Parse, extract, validate and load into a new on-disk store; each warm run loads a graph that is not in the store yet (the graph is dropped before, untimed)."
        )
        add("")
        add(
            "| report | lines | triples | first in a fresh process (s) | warm median (s) | warm p95 (s) |"
        )
        add("|---|---:|---:|---:|---:|---:|")
        for x in real["reports"]:
            add(
                f"| `{x['file']}` | {x['lines']:,} | {x['triples']:,} | {x['first_s']:.2f} | {x['warm_median_s']:.2f} | {x['warm_p95_s']:.2f} |"
            )
        add("")
        add(
            f"Whole process (interpreter start, imports {real['import_s']:.2f} s, vocabulary graphs "
            f"{real['vocabulary_s']:.2f} s, both reports with their repeats): {real['wall_s']:.1f} s wall; "
            f"from process start to the first report loaded: {real['process_to_first_report_s']:.2f} s; peak {mb(real.get('peak_rss_mb'))} MB."
        )
        add("")
    into = s.get("real-into", {})
    if into.get("reports") and into.get("cycles", 1) > 1:  # (runs from 2026-12-05, 21:30 on)
        add(
            "Into a copy of the store ingested below, as `hmickg ingest` adds a report "
            f"(`ingest_many`), {into['cycles']} times over, each time on a fresh copy of one store (the "
            "ingested store without the real reports, derived again and compacted, as an ingest "
            "leaves a store; untimed): as a new graph (the first run of the first report is the "
            "first of the process); then the same file again (unchanged: nothing is written "
            "or derived); then edited, every third bullet left out, replacing it. The load and "
            "the incremental derivations of the gaps and the link index that end each run "
            "included. Medians over the runs, their range in brackets; later runs are warm."
        )
        add("")
        add(
            "| report | triples | new graph, first run (s) | new graph (s) | of which "
            "derivations (s) | again, unchanged (s) | edited (s) | of which derivations (s) |"
        )
        add("|---|---:|---:|---:|---:|---:|---:|---:|")

        def spread(xs: list[float]) -> str:
            return f"{median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"

        for x in into["reports"]:
            add(
                f"| `{x['file']}` | {x['triples']:,} | {x['new_s']:.2f} | {spread(x['new_runs'])} | "
                f"{median(x['new_derive_runs']):.2f} | {spread(x['unchanged_runs'])} | "
                f"{spread(x['edited_runs'])} | {median(x['edited_derive_runs']):.2f} |"
            )
        add("")
    elif into.get("reports"):
        derived = "of which derivations (s)"
        columns = [("new graph (s)", "new_s"), (derived, "new_derive_s")]
        if "unchanged_s" in into["reports"][0]:  # (runs from 2026-12-05, 11:30)
            runs = (
                "first as a new graph, the first report in a fresh process; then the same file "
                "again (unchanged: nothing is written or derived); then edited, every third bullet "
                "left out, replacing it"
            )
            columns += [
                ("again, unchanged (s)", "unchanged_s"),
                ("edited (s)", "edited_s"),
                (derived, "edited_derive_s"),
            ]
        else:
            runs = "first as a new graph, the first report in a fresh process, then again, replacing it"
            columns += [("replacing it (s)", "replaced_s"), (derived, "replaced_derive_s")]
        add(
            "Into a copy of the store ingested below, as `hmickg ingest` adds a report "
            f"(`ingest_many`): {runs}; the load and the incremental derivations of the gaps and "
            "the link index that end each run included."
        )
        add("")
        add("| report | triples | " + " | ".join(name for name, _ in columns) + " |")
        add("|---|---:|" + "---:|" * len(columns))
        for x in into["reports"]:
            cells = " | ".join(f"{x[key]:.2f}" for _, key in columns)
            add(f"| `{x['file']}` | {x['triples']:,} | {cells} |")
        add("")
    elif into.get("error"):
        add(f"Into a copy of the ingested store: {into['error']}")
        add("")
    # ------------------------------------------------------------- queries
    add("## Catalogue queries")
    add("")
    qd, qm, qr = _items(s, "queries-disk"), _items(s, "queries-memory"), _items(s, "queries-rdflib")
    rdf_skip = s.get("queries-rdflib", {}).get("skipped")
    add(
        "Milliseconds. *hmickg* = `queries.run(spec, store, example params)` (binding, query, results "
        "as rdflib terms); *raw* = the same text on the same `pyoxigraph.Store` with no hmickg code, "
        "results iterated; *ovh* = hmickg ÷ raw − 1 (medians); *rdflib* = rdflib's SPARQL engine on "
        f"an `rdflib.Dataset`; *×* = rdflib ÷ hmickg on disk. *pat* = triple patterns joined (≥ {JOIN_HEAVY}: join-heavy). "
        f"A run is stopped after {r.get('query_timeout', 60)} s (Oxigraph) or {r.get('rdflib_timeout', 120)} s (rdflib); "
        "queries slower than 5 s get fewer repeats."
    )
    if rdf_skip:
        add("")
        add(f"rdflib: skipped ({rdf_skip}).")
    add("")
    add(
        "| query | pat | rows | hmickg disk | p95 | raw disk | ovh | hmickg memory | p95 | raw memory | ovh | rdflib | × |"
    )
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = []
    names = list(dict.fromkeys([*qd, *qm]))
    for name in names:
        q, mq, rq = qd.get(name, {}), qm.get(name, {}), qr.get(name, {})
        hd, rd = median(q.get("hmickg_s", [])), median(q.get("raw_s", []))
        hm, rm = median(mq.get("hmickg_s", [])), median(mq.get("raw_s", []))
        ov_d = f"{hd / rd - 1:+.0%}" if rd == rd and rd else "–"
        ov_m = f"{hm / rm - 1:+.0%}" if rm == rm and rm else "–"
        lim_d, lim_m = _limit(q.get("status", "")), _limit(mq.get("status", ""))
        hd_s = f"> {lim_d * 1000:,.0f}" if lim_d else _stopped(q) or ms(hd)
        hm_s = f"> {lim_m * 1000:,.0f}" if lim_m else _stopped(mq) or ms(hm)
        base = hd if hd == hd else (lim_d or float("nan"))
        lim_r = _limit(rq.get("status", ""))
        if lim_r:
            rl_s = f"> {lim_r * 1000:,.0f}"
            sp = f"> {times(lim_r / base)}" if base == base and not lim_d else "–"
        elif rq.get("rdflib_s"):
            rl = median(rq["rdflib_s"])
            rl_s = ms(rl)
            sp = times(rl / hd) if hd == hd else (f"< {times(rl / lim_d)}" if lim_d else "–")
        elif rq.get("status", "ok").startswith("error"):
            rl_s, sp = "error", "–"
            notes.append(f"`{name}`: rdflib {rq['status']}")
        else:
            rl_s, sp = "–", "–"
        pat = r["patterns"].get(name, 0)
        rows = q.get("rows", mq.get("rows"))
        add(
            f"| {name} | {pat} | {'–' if rows is None else f'{rows:,}'} | {hd_s} | {ms(p95(q.get('hmickg_s', [])))} | {ms(rd)} | {ov_d} | "
            f"{hm_s} | {ms(p95(mq.get('hmickg_s', [])))} | {ms(rm)} | {ov_m} | {rl_s} | {sp} |"
        )
        if (
            q.get("rows") is not None
            and q.get("raw_rows") is not None
            and q["rows"] != q["raw_rows"]
        ):
            notes.append(f"`{name}`: hmickg {q['rows']} rows, raw engine {q['raw_rows']}")
        if rq.get("rows") is not None and q.get("rows") is not None and rq["rows"] != q["rows"]:
            notes.append(f"`{name}`: rdflib returned {rq['rows']:,} rows, Oxigraph {q['rows']:,}")
    add("")
    loads = []
    if s.get("queries-memory", {}).get("load_s"):
        loads.append(f"in-memory Oxigraph bulk load {s['queries-memory']['load_s']:.1f} s")
    if s.get("queries-rdflib", {}).get("load_s"):
        loads.append(f"rdflib Dataset load {s['queries-rdflib']['load_s']:.1f} s")
    if loads:
        add("Set-up of the query steps (not counted): " + "; ".join(loads) + ".")
        add("")
    for n in notes:
        add(f"- {n}")
    if notes:
        add("")
    add(
        "Peak memory: queries on disk "
        f"{mb(s.get('queries-disk', {}).get('peak_rss_mb'))} MB, in memory {mb(s.get('queries-memory', {}).get('peak_rss_mb'))} MB, "
        f"rdflib {mb(s.get('queries-rdflib', {}).get('peak_rss_mb'))} MB."
    )
    add("")
    # ------------------------------------------------------------- analytics
    add("## Network analytics, shared gaps, paths")
    add("")
    an = s.get("analytics", {})
    if an.get("status") != "ok":
        add(f"{an.get('status', an.get('error', 'n/a (not built)'))}")
    else:
        add("On the on-disk store, through the library calls the commands make.")
        add("")
        add("| what | median (s) | p95 (s) | result | status |")
        add("|---|---:|---:|---|---|")
        for f in an["items"]:
            lim = _limit(f.get("status", ""))
            med = f"> {lim:.0f}" if lim else (f"{median(f['s']):.2f}" if f.get("s") else "–")
            what = f": {f['what']}" if f.get("what") else ""
            p = f"{p95(f['s']):.2f}" if f.get("s") else "–"
            add(f"| {f['name']}{what} | {med} | {p} | {f.get('note', '')} | {f['status']} |")
        add("")
        add(f"Peak memory {mb(an.get('peak_rss_mb'))} MB.")
    add("")
    # ------------------------------------------------------------- the web page
    web = s.get("web", {})
    if web:
        add("## The web page and the SPARQL endpoint")
        add("")
        if web.get("status") != "ok":
            add(f"{web.get('status', web.get('error', 'n/a (not built)'))}")
        else:
            add(
                f"`hmickg serve` on the on-disk store, in the step's process, asked over one "
                f"kept-alive HTTP connection as the page asks; {web.get('runs', '?')} runs after "
                f"one warm-up ({r['repeat']} where the warm-up took over {WEB_SLOW_S} s). *In-process*: the same call of `hmickg.web.api` without HTTP (for "
                "`/sparql`, the raw engine running the same text and writing the same JSON), so "
                "*+HTTP* is what serving adds. Milliseconds."
            )
            add("")
            add("| call | over HTTP | p95 | in-process | +HTTP | status |")
            add("|---|---:|---:|---:|---:|---|")
            for f in web["items"]:
                h, i = f.get("http_s") or [], f.get("inproc_s") or []
                hm = f"{median(h) * 1000:,.1f}" if h else "–"
                hp = f"{p95(h) * 1000:,.1f}" if h else "–"
                im = f"{median(i) * 1000:,.1f}" if i else "–"
                extra = f"{(median(h) - median(i)) * 1000:+,.1f}" if h and i else "–"
                add(f"| {f['name']}: {f['what']} | {hm} | {hp} | {im} | {extra} | {f['status']} |")
            add("")
            add(f"Peak memory {mb(web.get('peak_rss_mb'))} MB.")
        add("")
    # ------------------------------------------------------------- targets
    add("## Targets")
    add("")
    add("| target | figure | verdict |")
    add("|---|---|---|")
    for t in r.get("targets", []):
        add(f"| {t['target']} | {t['figure']} | {verdict(t['ok'])} |")
    add("")
    add("## Peak memory and wall time by step")
    add("")
    add("| step | peak RSS (MB) | wall (s) |")
    add("|---|---:|---:|")
    for k, v in _runs(s):
        add(f"| {k} | {v['peak_rss_mb']:,.0f} | {v.get('wall_s', float('nan')):.1f} |")
    add("")
    if r.get("explain"):
        add(
            "Query plans with statistics (`oxigraph query --explain --stats`) of the queries at or above 100 ms that finished: "
            + ", ".join(f"[{k}](profiles/{Path(v).name})" for k, v in r["explain"].items())
            + "."
        )
        add("")
    return "\n".join(L)


def _delta(seconds: float) -> str:
    """A time hmickg adds, in ms, or in µs below a tenth of a ms (where ms would read +0.0)."""
    if abs(seconds) < 1e-4:
        return f"{seconds * 1e6:+.0f} µs"
    return f"{seconds * 1000:+,.1f} ms"


def evaluate_targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    s = r["steps"]
    out = []
    real = s.get("real", {})
    if real.get("reports"):
        worst = max(real["reports"], key=lambda x: x["first_s"])
        warm = max(x["warm_median_s"] for x in real["reports"])
        figure = (
            f"first in a fresh process {worst['first_s']:.2f} s (`{worst['file']}`), warm {warm:.2f} s; "
            f"from process start {real['process_to_first_report_s']:.2f} s"
        )
        ok = worst["first_s"] < TARGETS["real_report_s"] and warm < TARGETS["real_report_s"]
        into = s.get("real-into", {}).get("reports")
        if into and "new_runs" in into[0] and len(into[0]["new_runs"]) > 1:
            runs = ("new_runs", "unchanged_runs", "edited_runs")
            slow = max(into, key=lambda x: max(median(x[k]) for k in runs))
            first = into[0]  # its first run is the first of the process
            figure = (
                f"into a new store: {figure}. Into the {r.get('size', '')} store as `hmickg ingest` adds it, "
                f"{len(slow['new_runs'])} times over, each on a fresh copy of the store: the first run of the process {first['new_s']:.2f} s new "
                f"(`{first['file']}`); medians {median(slow['new_runs']):.2f} s new, "
                f"{median(slow['unchanged_runs']):.2f} s again unchanged, {median(slow['edited_runs']):.2f} s "
                f"edited (`{slow['file']}`; the edited runs {min(slow['edited_runs']):.2f}-{max(slow['edited_runs']):.2f} s; "
                f"derivations {median(slow['new_derive_runs']):.2f} and {median(slow['edited_derive_runs']):.2f} s)"
            )
            ok = (
                ok
                and first["new_s"] < TARGETS["real_report_s"]
                and all(median(x[k]) < TARGETS["real_report_s"] for x in into for k in runs)
            )
        elif into and "unchanged_s" in into[0]:  # (runs from 2026-12-05, 11:30 on)
            runs = ("new_s", "unchanged_s", "edited_s")
            slow = max(into, key=lambda x: max(x[k] for k in runs))
            figure = (
                f"into a new store: {figure}. Into the {r.get('size', '')} store as `hmickg ingest` adds it: "
                f"{slow['new_s']:.2f} s new, {slow['unchanged_s']:.2f} s again unchanged, "
                f"{slow['edited_s']:.2f} s edited (`{slow['file']}`; derivations "
                f"{slow['new_derive_s']:.2f}, {slow['unchanged_derive_s']:.2f} and {slow['edited_derive_s']:.2f} s)"
            )
            ok = ok and all(max(x[k] for k in runs) < TARGETS["real_report_s"] for x in into)
        elif into:  # (runs from 2026-12-05, 10:00 on)
            slow = max(into, key=lambda x: max(x["new_s"], x["replaced_s"]))
            figure = (
                f"into a new store: {figure}. Into the {r.get('size', '')} store as `hmickg ingest` adds it: "
                f"{slow['new_s']:.2f} s new, {slow['replaced_s']:.2f} s replacing it (`{slow['file']}`; "
                f"derivations {slow['new_derive_s']:.2f} and {slow['replaced_derive_s']:.2f} s)"
            )
            ok = ok and all(
                max(x["new_s"], x["replaced_s"]) < TARGETS["real_report_s"] for x in into
            )
        out.append({"target": "one real report end to end < 1 s", "figure": figure, "ok": ok})
    ing, bulk = s.get("ingest", {}), s.get("bulk-disk", {})
    if "triples_per_s" in ing and "triples_per_s" in bulk:
        tot = ingest_total(s)
        tot = tot or ing["seconds"]
        ratio = bulk["seconds"] / tot
        figure = f"`ingest_many` {tot:,.1f} s vs bulk loader {bulk['seconds']:,.1f} s for the same {bulk['quads']:,} quads = {ratio:.1%}"
        pairs = ingest_pairs(s)
        if len(pairs) > 1:
            ing_s, bulk_s = pairs_medians(pairs)
            ratio = bulk_s / ing_s
            figure = f"`ingest_many` against the bulk loader for the same {bulk['quads']:,} quads, {pairs_note(pairs)}"
        nc = s.get("ingest-nocheck", {}).get("seconds")
        out.append(
            {
                "target": "ingest ≥ half the bulk loader's speed",
                "figure": figure
                + (
                    f" (without validation {bulk['seconds'] / nc:.1%})"
                    if "derive_s" in ing and nc
                    else ""
                    if "derive_s" in ing
                    else f" (per-report pipeline alone {bulk['seconds'] / ing['seconds']:.1%}"
                    + (f"; without validation {bulk['seconds'] / nc:.1%})" if nc else ")")
                ),
                "ok": ratio >= TARGETS["ingest_vs_bulk"],
            }
        )
    qd = s.get("queries-disk", {}).get("items", [])
    if qd:

        def med_or_limit(q: dict[str, Any]) -> float:
            lim = _limit(q.get("status", ""))
            if lim:
                return lim
            if q.get("status", "ok") != "ok":
                return float("inf")  # stopped for its memory
            return median(q["hmickg_s"])

        slow = sorted(
            (
                (q["name"], med_or_limit(q), bool(_limit(q.get("status", ""))))
                for q in qd
                if med_or_limit(q) * 1000 >= TARGETS["query_median_ms"]
            ),
            key=lambda x: -x[1],
        )
        national = r["size"].startswith("national")
        costs = r.get("costs", {})
        out.append(
            {
                "target": "each catalogue query median < 100 ms at national size (on disk)",
                "figure": (
                    f"{len(slow)} of {len(qd)} at or above: "
                    + ", ".join(
                        f"{n}{'†' if costs.get(n) else ''} {'> ' if lim else ''}{v * 1000:,.0f} ms"
                        if v != float("inf")
                        else f"{n} (stopped: memory)"
                        for n, v, lim in slow
                    )
                    + (
                        f"; † {sum(1 for n, _, _ in slow if costs.get(n))} of them read the whole "
                        "store by design (their `cost:` in docs/queries.md: checks, full-text "
                        "scan, full derivation, whole-network exports)"
                        if any(costs.get(n) for n, _, _ in slow)
                        else ""
                    )
                )
                if slow
                else f"all {len(qd)} below",
                "ok": (not slow) if national else None,
            }
        )
        qr = _items(s, "queries-rdflib")
        heavy = [q for q in qd if r["patterns"].get(q["name"], 0) >= JOIN_HEAVY]
        if qr and heavy:
            bad, figs = [], []
            for q in heavy:
                rq = qr.get(q["name"])
                if not rq:
                    continue
                lim_h = _limit(q.get("status", ""))
                if lim_h and rq.get("rdflib_s"):  # Oxigraph stopped, rdflib finished
                    figs.append(f"{q['name']} < {times(median(rq['rdflib_s']) / lim_h)}×")
                    bad.append(q["name"])
                    continue
                if not q.get("hmickg_s"):
                    continue
                hd = median(q["hmickg_s"])
                lim = _limit(rq.get("status", ""))
                if lim:
                    figs.append(f"{q['name']} > {times(lim / hd)}×")
                    continue
                if not rq.get("rdflib_s"):
                    continue
                sp = median(rq["rdflib_s"]) / hd
                figs.append(f"{q['name']} {times(sp)}×")
                if sp < TARGETS["rdflib_speedup"]:
                    bad.append(q["name"])
            out.append(
                {
                    "target": f"≥ 20× faster than rdflib on join-heavy queries (≥ {JOIN_HEAVY} patterns)",
                    "figure": (f"below 20×: {', '.join(bad)}. " if bad else "")
                    + "All: "
                    + ", ".join(figs),
                    "ok": not bad,
                }
            )
        elif s.get("queries-rdflib", {}).get("skipped"):
            out.append(
                {
                    "target": "≥ 20× faster than rdflib on join-heavy queries",
                    "figure": f"rdflib skipped at this size: {s['queries-rdflib']['skipped']}",
                    "ok": None,
                }
            )
        ovs = []
        for key, label in (("queries-disk", "disk"), ("queries-memory", "memory")):
            for q in s.get(key, {}).get("items", []):
                rd = median(q.get("raw_s", []))
                if rd == rd and rd > 0:
                    ovs.append(
                        (
                            median(q["hmickg_s"]) / rd - 1,
                            q["name"],
                            label,
                            median(q["hmickg_s"]) - rd,
                        )
                    )
        if ovs:
            over = sorted((o for o in ovs if o[0] * 100 >= TARGETS["overhead_pct"]), reverse=True)
            out.append(
                {
                    "target": "hmickg overhead < 10% over the raw engine",
                    "figure": (
                        f"{len(over)} of {len(ovs)} (query, store) pairs at or above; worst: "
                        + ", ".join(
                            f"{o[1]} ({o[2]}) {o[0]:+.0%} ({_delta(o[3])})" for o in over[:5]
                        )
                    )
                    if over
                    else f"all {len(ovs)} below",
                    "ok": not over,
                }
            )
    an = s.get("analytics", {})
    if an.get("status") == "ok":
        want = [f for f in an["items"] if f["name"] in ("shared-gaps", "path")]
        figs, bad = [], False
        for f in want:
            lim = _limit(f.get("status", ""))
            if lim:
                figs.append(f"{f['name']} > {lim:.0f} s")
                bad = True
            elif f.get("s"):
                figs.append(f"{f['name']} {median(f['s']):.2f} s")
                bad = bad or median(f["s"]) >= TARGETS["analytics_s"]
            else:
                figs.append(f"{f['name']}: {f['status']}")
        out.append(
            {
                "target": "shared-gaps and path < 2 s",
                "figure": ", ".join(figs) or "not run",
                "ok": (not bad) if figs else None,
            }
        )
    else:
        out.append(
            {
                "target": "shared-gaps and path < 2 s",
                "figure": an.get("status", "n/a (not built)"),
                "ok": None,
            }
        )
    # hmickg's own steps: the baselines (the dump, the bulk loader, rdflib) are not its memory
    peaks = [(k, v["peak_rss_mb"]) for k, v in _runs(s) if k.split(" ")[0] not in BASELINE_STEPS]
    if peaks:
        k, top = max(peaks, key=lambda kv: kv[1])
        out.append(
            {
                "target": "national-x10 peak memory < 4 GB",
                "figure": f"largest step at this size: {top / 1024:.2f} GB ({k})",
                "ok": (top / 1024 < TARGETS["x10_peak_gb"])
                if r["size"] == "national-x10"
                else None,
            }
        )
    return out


# --------------------------------------------------------------------------- orchestration


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=("region", "national", "national-x10"))
    ap.add_argument(
        "--corpus", type=Path, help="a folder written by generate.py (default: generate it)"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--out",
        type=Path,
        help="markdown results file (default benchmarks/results/SIZE.md); JSON beside it",
    )
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--fast-budget",
        type=float,
        default=FAST_BUDGET_S,
        help=f"seconds each query faster than {FAST_QUERY_S * 1000:.0f} ms is repeated for "
        f"(default {FAST_BUDGET_S:g}; lower only for a quick check, medians get noisy)",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        help="where the stores and the N-Quads dump go (default: a temporary folder)",
    )
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep the work folder (stores) and the N-Quads dump, which is otherwise deleted "
        "after its last use",
    )
    ap.add_argument(
        "--rdflib-limit",
        type=int,
        default=3_000_000,
        help="skip rdflib above this many triples (default 3,000,000)",
    )
    ap.add_argument(
        "--rdflib-timeout", type=int, default=120, help="seconds per rdflib query run (default 120)"
    )
    ap.add_argument(
        "--query-timeout",
        type=int,
        default=60,
        help="seconds per Oxigraph query run and analytics call (default 60)",
    )
    ap.add_argument(
        "--memory-limit-gb",
        type=float,
        default=14.0,
        help="stop a query or analytics call whose process passes this resident memory (default 14)",
    )
    ap.add_argument(
        "--derive-timeout",
        type=int,
        default=1800,
        help="seconds for the gap derivation (default 1800)",
    )
    ap.add_argument(
        "--jobs", type=int, help="worker processes for ingest_many (default: one per core)"
    )
    ap.add_argument(
        "--phase-sample", type=int, default=40, help="reports timed phase by phase (default 40)"
    )
    ap.add_argument(
        "--into-cycles",
        type=int,
        help="times each real report is added new, again and edited into the ingested store "
        "(default --repeat)",
    )
    ap.add_argument(
        "--ingest-pairs",
        type=int,
        help="times the ingest and the bulk loader run, alternately, for the ingest target's "
        "medians (default 3; 1 at national-x10, where a pair takes over half an hour)",
    )
    ap.add_argument(
        "--path",
        nargs=2,
        default=["Leicestershire Constabulary", "SOCA"],
        metavar=("FROM", "TO"),
        help="the path to time",
    )
    ap.add_argument(
        "--profile",
        action="store_true",
        help="also profile ingest (cProfile, pyinstrument if installed) and explain the queries at or above 100 ms",
    )
    ap.add_argument("--skip", default="", help="comma-separated steps to skip")
    ap.add_argument(
        "--render", type=Path, metavar="JSON", help="only re-render the markdown of a results JSON"
    )
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--params", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        return child(args.step, args.params)
    if args.render:
        r = json.loads(args.render.read_text("utf-8"))
        r["targets"] = evaluate_targets(r)
        save(r, args.render.with_suffix(".md"))
        print(render(r))
        return 0
    if not args.size:
        ap.error("--size is required")

    skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    corpus = args.corpus or HERE / "corpus" / f"{args.size}-seed{args.seed}"
    gen_s = None
    if not (corpus / "manifest.json").exists():
        log(f"generating the {args.size} corpus into {corpus} …")
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--size",
                args.size,
                "--out",
                str(corpus),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
        gen_s = time.perf_counter() - t
    manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
    out_md = args.out or HERE / "results" / f"{args.size}.md"
    out_md.parent.mkdir(parents=True, exist_ok=True)
    work = args.workdir or Path(tempfile.mkdtemp(prefix=f"hmickg-bench-{args.size}-"))
    work.mkdir(parents=True, exist_ok=True)
    nq = work / "corpus.nq"
    store = work / "store"
    if "ingest" not in skip:
        for d in (
            store,
            work / "store-nocheck",
            work / "bulk",
            work / "phases-store",
            work / "real-store",
        ):
            shutil.rmtree(d, ignore_errors=True)
        nq.unlink(missing_ok=True)
    base = {
        "corpus": str(corpus),
        "work": str(work),
        "repeat": args.repeat,
        "size": args.size,
        "query_timeout": args.query_timeout,
        "memory_limit_mb": args.memory_limit_gb * 1024,
        "slow": 5.0,
        "jobs": args.jobs,
        "fast_budget": args.fast_budget,
    }

    from queries import catalog

    r: dict[str, Any] = {
        "size": args.size,
        "repeat": args.repeat,
        "fast_queries": {
            "under_s": FAST_QUERY_S,
            "budget_s": args.fast_budget,
            "max_pairs": FAST_MAX_PAIRS,
        },
        "query_timeout": args.query_timeout,
        "rdflib_timeout": args.rdflib_timeout,
        "machine": machine(),
        "corpus": {
            "dir": str(corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus),
            "reports": len(manifest["reports"]),
            "forces": manifest["forces"],
            "seed": manifest["seed"],
            "findings": manifest["findings"],
            "bytes": manifest["bytes"],
            "generate_s": gen_s,
        },
        "patterns": {s.name: count_patterns(s.text) for s in catalog().values()},
        "costs": {s.name: s.cost for s in catalog().values() if s.cost},
        "steps": {},
    }
    steps = r["steps"]

    def go(name: str, timeout: float | None = None, **params: Any) -> None:
        if name in skip:
            return
        steps[name] = run_step(name, {**base, **params}, work, timeout=timeout)
        save(r, out_md)

    go("baseline")
    go("real")
    go("ingest", store=str(store))
    go("derive", timeout=args.derive_timeout, store=str(store), rules=True)
    go("dump", store=str(store), dump=str(nq))
    go("ingest-nocheck", store=str(work / "store-nocheck"))
    shutil.rmtree(work / "store-nocheck", ignore_errors=True)
    go(
        "phases",
        store=str(work / "phases-store"),
        sample=args.phase_sample,
        profile=args.profile,
        profile_dir=str(HERE / "results" / "profiles"),
    )
    shutil.rmtree(work / "phases-store", ignore_errors=True)
    if nq.exists():
        go("bulk-disk", store=str(work / "bulk"), nquads=str(nq))
        shutil.rmtree(work / "bulk", ignore_errors=True)
        pairs = args.ingest_pairs or (1 if args.size == "national-x10" else 3)
        if pairs > 1 and not {"ingest", "bulk-disk"} & skip:
            # The ingest target compares two steps of a minute or two each, whose times
            # vary by 5-10% from run to run on these shared machines (the loader alone took
            # 54.7-62.8 s over one day): one pair decides nothing near the line, so the two
            # run again, alternately, and the target reads the medians.
            again: list[dict[str, Any]] = []
            steps["pairs"] = {"runs": again}
            for _ in range(pairs - 1):
                shutil.rmtree(work / "store-again", ignore_errors=True)
                ing = run_step("ingest", {**base, "store": str(work / "store-again")}, work)
                shutil.rmtree(work / "store-again", ignore_errors=True)
                bulk = run_step(
                    "bulk-disk", {**base, "store": str(work / "bulk"), "nquads": str(nq)}, work
                )
                shutil.rmtree(work / "bulk", ignore_errors=True)
                again.append({"ingest": ing, "bulk-disk": bulk})
                save(r, out_md)
        go("bulk-memory", store=None, nquads=str(nq))
        quads = steps.get("dump", {}).get("quads", 0)
        if quads > args.rdflib_limit:
            why = f"{quads:,} triples > --rdflib-limit {args.rdflib_limit:,}"
            steps["rdflib-load"] = {"skipped": why}
            steps["queries-rdflib"] = {"skipped": why}
        else:
            go("rdflib-load", nquads=str(nq))
            go("queries-rdflib", nquads=str(nq), rdflib_timeout=args.rdflib_timeout)
        go("queries-memory", nquads=str(nq))
        if not args.keep:
            # No later step reads the dump, and at national-x10 it is 28 GB: the disk it frees
            # is what the copies of the ingested store in `real-into` take.
            nq.unlink()
    go("queries-disk", store=str(store))
    go("analytics", store=str(store), path_from=args.path[0], path_to=args.path[1])
    go("real-into", store=str(store), cycles=args.into_cycles)
    go("web", store=str(store), path_from=args.path[0], path_to=args.path[1])
    if args.profile:
        r["explain"] = explain_slow(r, store, HERE / "results" / "profiles")
    r["targets"] = evaluate_targets(r)
    save(r, out_md)
    print(render(r))
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"work folder kept: {work}")
    return 0


def _explain_text(spec: Any, params: dict[str, str], store: Any) -> str:
    """The query as hmickg sends it, with the dataset hmickg gives the engine written into it
    as ``FROM`` (the union graph) and ``FROM NAMED`` (the graphs its ``GRAPH`` patterns may
    read): the CLI has no dataset option, and its ``--union-default-graph`` is Oxigraph's own
    union, which yields a triple once per graph holding it (the union graph's copy besides)."""
    from graph_store import _sparql

    text = _engine_text(spec, params)
    dataset = store._dataset(text, True)
    brace = _sparql.where_group(text)
    if brace < 0 or not dataset:  # no group, or a query that names its own dataset
        return text
    clauses = [f"FROM <{dataset['default_graph'].value}>"]
    clauses += [f"FROM NAMED <{g.value}>" for g in dataset.get("named_graphs", ())]
    m = re.search(r"WHERE\s*\Z", _sparql.mask(text)[:brace], re.I)
    at = m.start() if m else brace
    return text[:at] + "\n".join(clauses) + "\n" + text[at:]


def _oxigraph_cli() -> Path:
    """The ``oxigraph`` command installed beside this Python (the dev extra's ``oxigraph``)."""
    return Path(sys.executable).with_name("oxigraph")


def explain_query(title: str, text: str, store: Path, out: Path, limit: int = 120) -> None:
    """``oxigraph query --explain --stats`` of ``text`` (from :func:`_explain_text`) on the
    store at ``store``, written to ``out`` under ``title`` with the text (the query runs to
    the end to count rows per operator: stopped after ``limit`` s)."""
    from graph_store import _sparql

    exe = _oxigraph_cli()
    results = out.with_name(out.name + ".results.tmp")
    # a format the answer can be written in: a graph for CONSTRUCT and DESCRIBE (the CLI
    # stops at the first triple it cannot write, and the counts stop with it)
    fmt = "nt" if _sparql.query_form(text) in ("CONSTRUCT", "DESCRIBE") else "tsv"
    try:
        proc = subprocess.run(
            [
                *(str(exe), "query", "--location", str(store), "--explain", "--stats"),
                *("--results-format", fmt, "--results-file", str(results)),
            ],
            input=text,
            capture_output=True,
            text=True,
            timeout=limit,
        )
        explanation = proc.stderr
    except subprocess.TimeoutExpired:
        explanation = (
            f"(stopped after {limit} s: no statistics; see the same query on a smaller corpus)"
        )
    finally:
        results.unlink(missing_ok=True)
    out.write_text(f"oxigraph query --explain --stats: {title}\n\n{text}\n\n{explanation}")


def explain_slow(
    r: dict[str, Any], store: Path, prof_dir: Path, limit: int = 120
) -> dict[str, str]:
    """``oxigraph query --explain --stats`` for every query at or above the 100 ms target."""
    from graph_store.oxigraph import OxigraphStore

    if not _oxigraph_cli().exists() or not store.exists():
        return {}
    prof_dir.mkdir(parents=True, exist_ok=True)
    specs = {s.name: s for s in _specs()}
    slow = []
    for q in r["steps"].get("queries-disk", {}).get("items", []):
        if q.get("status", "ok") != "ok":
            continue  # stopped at its time or memory limit: --stats would need it to finish
        if median(q["hmickg_s"]) * 1000 < TARGETS["query_median_ms"]:
            continue
        if q["name"] in specs:
            slow.append((specs[q["name"]], q.get("params", specs[q["name"]].example_params())))
    # the datasets first, from the store as hmickg opens it; then the CLI, which needs its lock
    opened = OxigraphStore(store)
    try:
        texts = [(spec.name, _explain_text(spec, params, opened)) for spec, params in slow]
    finally:
        opened.close()
    out = {}
    for name, text in texts:
        f = prof_dir / f"{r['size']}-explain-{name}.txt"
        log(f"    explain {name} …")
        explain_query(f"{name} ({r['size']})", text, store, f, limit)
        out[name] = str(f)
    return out


def save(r: dict[str, Any], out_md: Path) -> None:
    out_md.with_suffix(".json").write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    if "targets" in r:
        out_md.write_text(render(r) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
