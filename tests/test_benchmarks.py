"""benchmarks/run.py, the command the speed targets are read from, end to end on a few reports:
every step runs in its own process, every catalogue query answers on every engine, and the
results table is written with its targets. (The figures of so small a corpus mean nothing.)"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "hmickg" / "sample_reports"
KEEP = 4  # generated reports kept, besides the two real ones


def _small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [
            *(sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--size", "region"),
            *("--out", str(corpus), "--seed", "3"),
        ],
        check=True,
        capture_output=True,
    )
    manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
    generated = [r for r in manifest["reports"] if not r["file"].startswith("real-")]
    kept = {r["file"] for r in generated[:: len(generated) // KEEP][:KEEP]}
    kept |= {r["file"] for r in manifest["reports"] if r["file"].startswith("real-")}
    for path in corpus.glob("*.txt"):
        if path.name not in kept:
            path.unlink()
    shutil.rmtree(corpus / "pdf", ignore_errors=True)
    manifest["reports"] = [r for r in manifest["reports"] if r["file"] in kept]
    (corpus / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return corpus


def test_the_benchmark_runs_every_step_and_writes_its_table(tmp_path: Path) -> None:
    corpus = _small_corpus(tmp_path)
    out = tmp_path / "results" / "small.md"
    run = subprocess.run(
        [
            *(sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "region"),
            *("--corpus", str(corpus), "--workdir", str(tmp_path / "work"), "--out", str(out)),
            *("--repeat", "1", "--fast-budget", "0.002", "--phase-sample", "2"),
            *("--rdflib-timeout", "1"),  # rdflib takes seconds on a few queries even here
            *("--ingest-pairs", "2", "--into-cycles", "2"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.with_suffix(".json").read_text("utf-8"))
    steps = result["steps"]
    expected = {
        "baseline",
        "real",
        "ingest",
        "derive",
        "dump",
        "ingest-nocheck",
        "phases",
        "bulk-disk",
        "pairs",
        "bulk-memory",
        "rdflib-load",
        "queries-rdflib",
        "queries-memory",
        "queries-disk",
        "analytics",
        "real-into",
        "web",
    }
    assert set(steps) == expected
    assert not [name for name, step in steps.items() if step.get("error")]
    # the ingest and the bulk loader once more, alternately: the target reads the medians
    [again] = steps["pairs"]["runs"]
    assert again["ingest"]["reports"] == KEEP + 2 and again["bulk-disk"]["quads"] > 0
    assert again["bulk-disk"]["quads"] == steps["bulk-disk"]["quads"]
    assert steps["ingest"]["reports"] == KEEP + 2 and not steps["ingest"]["failed"]
    assert steps["ingest"]["load_end_s"] is not None
    for name in ("queries-disk", "queries-memory"):
        items = steps[name]["items"]
        assert len(items) == len(result["patterns"])
        assert {i["status"] for i in items} == {"ok"}, name
    rdflib = {i["name"]: i["status"] for i in steps["queries-rdflib"]["items"]}
    assert set(rdflib) == set(result["patterns"])
    analytics = {i["name"]: i for i in steps["analytics"]["items"]}
    assert {i["status"] for i in analytics.values()} == {"ok"}
    assert analytics["paths: random pairs"]["note"].startswith("12 pairs in all")
    web = {i["name"]: i for i in steps["web"]["items"]}
    assert {i["status"] for i in web.values()} == {"ok"}, web
    # 20 runs a call, or --repeat (1 here) after a warm-up over half a second
    assert len(web) == 10 and all(len(i["http_s"]) in (1, 20) for i in web.values())
    assert all(len(i["inproc_s"]) in (1, 20) for n, i in web.items() if n != "page")
    table = out.read_text("utf-8")
    assert "## The web page and the SPARQL endpoint" in table
    for heading in ("## Ingest", "## Catalogue queries", "## Targets"):
        assert heading in table
    assert "`ingest_many` end to end" in table and "finishing the load" in table
    [target] = [t for t in result["targets"] if t["target"].startswith("ingest")]
    assert "2 pairs, alternated" in target["figure"] and "medians" in target["figure"]
    assert "2 pairs, alternated" in table.split("## Targets")[0]
    # the real reports, which the corpus holds, were dropped and added again as new graphs
    into = steps["real-into"]["reports"]
    assert [x["file"] for x in into] == sorted(p.name for p in SAMPLE.glob("*.txt"))
    assert all(x["new_s"] > x["new_derive_s"] > 0 for x in into), into
    # then again unchanged, then edited with fewer bullets: the same graph, fewer triples
    assert all(x["edited_s"] > x["edited_derive_s"] > 0 for x in into), into
    assert all(x["unchanged_triples"] == x["triples"] > x["edited_triples"] for x in into), into
    # twice over, the report dropped in between: the second cycle adds a new graph again
    for x in into:
        for run in ("new", "unchanged", "edited"):
            assert len(x[f"{run}_runs"]) == 2 and x[f"{run}_runs"][0] == x[f"{run}_s"]
        assert max(x["unchanged_derive_runs"]) < min(x["new_derive_runs"]), x  # (nothing new)
    assert "again, unchanged (s)" in table and "new graph, first run (s)" in table
    assert "Into a copy of the store ingested below" in table


def _results_of(plan: str, pattern: str) -> int:
    """The rows an operator of an ``--explain --stats`` plan gave, by the start of its name."""
    m = re.search(re.escape(pattern) + r'[^"]*",\s*number of results: (\d+)', plan)
    assert m, f"no {pattern} in the plan:\n{plan[-3000:]}"
    return int(m.group(1))


def test_query_plans_are_explained_on_the_dataset_hmickg_gives_the_engine(tmp_path: Path) -> None:
    """``--profile`` writes the plans of the slow queries with statistics from the ``oxigraph``
    CLI: the CLI must read the union graph and the named graphs hmickg queries, not Oxigraph's
    own union of every graph, which holds each report triple twice (its report graph's copy
    and the union graph's): the counts were doubled, and findings-by-theme ran out of time."""
    import queries
    from benchmarks.run import _explain_text, explain_query
    from graph_store import open_store
    from hmickg.pipeline import ingest_many

    path = tmp_path / "db"
    store = open_store(f"oxigraph:{path}")
    done, failed = ingest_many(store, sorted(SAMPLE.glob("*.txt")))
    assert len(done) == 2 and not failed
    specs = queries.catalog()
    check, located = (
        specs["finding-without-passage-violation"],
        specs["construct-gap-evidence-locations"],
    )
    force = located.example_params()["force"]
    findings = len(
        store.query("SELECT ?f WHERE { ?f a <https://w3id.org/hmickg/def#Finding> }").rows
    )
    gaps = len(
        store.query(
            "SELECT ?g WHERE { GRAPH <https://w3id.org/hmickg/id/graph/gaps> "
            f"{{ ?g <https://w3id.org/hmickg/def#gapForce> <{force}> }} }}"
        ).rows
    )
    assert findings > 100 and gaps > 0
    texts = {s.name: _explain_text(s, s.example_params(), store) for s in (check, located)}
    store.close()
    for name, text in texts.items():
        explain_query(name, text, path, tmp_path / f"{name}.txt")
    plan = (tmp_path / f"{check.name}.txt").read_text("utf-8")
    assert "number of results: 0" in plan  # the check holds
    typed = "QuadPattern(?finding <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    assert _results_of(plan, typed) == findings
    plan = (tmp_path / f"{located.name}.txt").read_text("utf-8")
    assert "FROM NAMED <https://w3id.org/hmickg/id/graph/gaps>" in plan
    assert _results_of(plan, "QuadPattern(?gap <https://w3id.org/hmickg/def#gapForce>") == gaps
    assert not list(tmp_path.glob("*.tmp"))
