"""The showcase: ingest the bundled reports and answer the questions users ask first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from queries import catalog, format_result, run

from .pipeline import ingest_many

HMIC = "https://w3id.org/hmickg/def#"
FRAMEWORK = "https://w3id.org/hmickg/def/framework/"

QUESTIONS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("Which reports are in the graph?", "reports", {}),
    (
        "How was Leicestershire graded, framework by framework, in each inspection?",
        "assessment-grades",
        {"force": "https://w3id.org/hmickg/id/force/leicestershire"},
    ),
    (
        "How did all forces fare nationally in performance management?",
        "national-distribution",
        {"framework": FRAMEWORK + "performance-management"},
    ),
    (
        "What must the force improve in major crime?",
        "findings-by-kind",
        {"kind": HMIC + "AreaForImprovement", "framework": FRAMEWORK + "major-crime"},
    ),
    ("What did HMIC formally recommend?", "recommendations", {}),
    ("Where are cold case reviews discussed?", "search-findings", {"phrase": "cold case"}),
)


def run_showcase(store: Any, reports: Sequence[Path], *, echo: Callable[[str], None]) -> None:
    echo(f"Ingesting {len(reports)} bundled report(s) into {store.url}")
    _, failed = ingest_many(
        store,
        reports,
        on_done=lambda i: echo(
            f"  {Path(i.path).name}: {i.assessments} assessments, {i.findings} findings, "
            f"{i.triples} triples ({i.seconds * 1000:.0f} ms)"
        ),
        on_error=lambda p, e: echo(f"  error: {e}"),
    )
    specs = catalog()
    for n, (question, name, params) in enumerate(QUESTIONS, start=1):
        spec = specs[name]
        echo("")
        echo(f"Q{n}. {question}")
        shown = " ".join(f"-p {k}={v}" for k, v in params.items())
        echo(f"    hmickg query {name} {shown}".rstrip())
        result = run(spec, store, params)
        echo(format_result(result, "table"))
    if failed:
        raise SystemExit(1)
