"""benchmarks/run.py, the command the speed targets are read from, end to end on a few reports:
every step runs in its own process, every catalogue query answers on every engine, and the
results table is written with its targets. (The figures of so small a corpus mean nothing.)"""

from __future__ import annotations

import json
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
