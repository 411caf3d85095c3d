"""The showcase: ingest the bundled reports and answer the questions users ask first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from queries import catalog, format_result, run

from .pipeline import ingest_many

HMIC = "https://w3id.org/hmickg/def#"
FRAMEWORK = "https://w3id.org/hmickg/def/framework/"
ID = "https://w3id.org/hmickg/id/"
SHOWN_ROWS = 12

QUESTIONS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("Which reports are in the graph?", "reports", {}),
    (
        "How was Leicestershire graded, framework by framework, in each inspection?",
        "assessment-grades",
        {"force": ID + "force/leicestershire"},
    ),
    (
        "How did the force's grades change between inspections?",
        "grade-changes",
        {"force": ID + "force/leicestershire"},
    ),
    (
        "How did all forces fare nationally in performance management?",
        "national-distribution",
        {"framework": FRAMEWORK + "performance-management"},
    ),
    ("Which forces share a protective-services gap?", "shared-gaps", {"min": "2"}),
    (
        "Which organisations link Operation Lucky and Operation Beanbag?",
        "organisations-linking-operations",
        {"op1": ID + "operation/lucky", "op2": ID + "operation/beanbag"},
    ),
    (
        "Which organised crime groups were targeted, and with what result?",
        "ocgs-and-operations",
        {},
    ),
    (
        "What must the force improve in major crime?",
        "findings-by-kind",
        {"kind": HMIC + "AreaForImprovement", "framework": FRAMEWORK + "major-crime"},
    ),
    ("What did HMIC formally recommend?", "recommendations", {}),
)


def run_showcase(store: Any, reports: Sequence[Path], *, echo: Callable[[str], None]) -> None:
    echo(f"Ingesting {len(reports)} bundled report(s) into {store.url}")
    _, failed = ingest_many(
        store,
        reports,
        on_done=lambda i: echo(
            f"  {Path(i.path).name}: {i.assessments} assessments, {i.findings} findings, "
            f"{i.triples} triples{', unchanged' if i.unchanged else ''} ({i.seconds * 1000:.0f} ms)"
        ),
        on_error=lambda p, e: echo(f"  error: {e}"),
    )
    specs = catalog()
    n = 0
    for n, (question, name, params) in enumerate(QUESTIONS, start=1):
        echo("")
        echo(f"Q{n}. {question}")
        shown = " ".join(f"-p {k}={v}" for k, v in params.items())
        echo(f"    hmickg query {name} {shown}".rstrip())
        echo(_table(run(specs[name], store, params)))
    echo("")
    echo(f"Q{n + 1}. How is Leicestershire Constabulary linked to the SOCA?")
    echo('    hmickg path "Leicestershire Constabulary" SOCA')
    echo(_chains(store, ID + "force/leicestershire", ID + "agency/soca"))
    if failed:
        raise SystemExit(1)


def _table(result: Any) -> str:
    text = format_result(result, "table").splitlines()
    rows = len(result.rows)
    if rows <= SHOWN_ROWS:
        return "\n".join(text)
    return "\n".join([*text[: SHOWN_ROWS + 2], f"… {rows - SHOWN_ROWS} more rows ({rows} in all)"])


def _chains(store: Any, source: str, target: str) -> str:
    from queries.analytics import find_paths

    out = []
    for i, chain in enumerate(find_paths(store, source, target, max_paths=2), start=1):
        out.append(f"{i}. {' → '.join(chain.labels)}")
        for hop in chain.hops:
            for link in hop.links[:1]:
                where = ", ".join(f"{p.file}:{p.line_start}" for p in link.passages[:2])
                out.append(f"     {link}   [{where}]")
    return "\n".join(out) or "(no chain)"
