"""``hmickg themes``: how well the finding-theme classifier agrees with hand labels.

The lead adds :func:`themes` to the ``hmickg`` group (``main.add_command(themes)``).
The figures come from :func:`ingest.classify.score_against`; this module only
reads files and prints.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .config import sample_reports

if TYPE_CHECKING:
    from ingest.classify import Classification, ThemeScores

__all__ = ["format_scores", "predict", "themes"]


def predict(reports: list[Path]) -> dict[str, Classification]:
    """Finding IRI -> Classification for every finding of the given report files."""
    from ingest import parse_file
    from ingest.classify import classify_report

    predictions: dict[str, Classification] = {}
    for path in reports:
        predictions.update(classify_report(parse_file(path)))
    return predictions


def format_scores(scores: ThemeScores, *, show_errors: bool = False) -> str:
    """The report printed by ``hmickg themes`` for a :class:`ingest.classify.ThemeScores`."""
    s = scores
    lines = [
        f"labelled findings: {s.n}"
        + (f" ({s.missing} not found in the reports)" if s.missing else ""),
        f"main-theme accuracy: {s.main_accuracy:.3f}  (predicted top theme is one of the gold themes)",
        f"themes (micro):      precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}",
        f"area accuracy:       {s.area_accuracy:.3f}  (no area counts as a value)",
        "",
        f"{'theme':36} {'gold':>5} {'pred':>5} {'ok':>4} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for theme, c in sorted(s.per_theme.items(), key=lambda kv: (-kv[1].support, kv[0])):
        lines.append(
            f"{theme:36} {c.support:5d} {c.predicted:5d} {c.correct:4d} "
            f"{c.precision:6.2f} {c.recall:6.2f} {c.f1:6.2f}"
        )
    if show_errors:
        lines += ["", "disagreements (gold -> predicted):"]
        for e in s.errors:
            flags = ("" if e.main_ok else " MAIN") + ("" if e.area_ok else " AREA")
            where = e.finding.rsplit("/report/", 1)[-1]
            lines.append(
                f"  {where} (line {e.line}){flags}\n"
                f"    themes {', '.join(e.gold_themes) or '-'} -> {', '.join(e.predicted_themes) or '-'}\n"
                f"    area   {e.gold_area} -> {e.predicted_area}"
            )
    return "\n".join(lines)


@click.command("themes")
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Hand labels: a YAML list of {finding, line, themes: [...], area}.",
)
@click.option(
    "--report",
    "reports",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Report file(s) the labelled findings come from. Default: the two bundled reports.",
)
@click.option(
    "--show-errors", is_flag=True, help="List every finding where prediction and gold differ."
)
def themes(gold_path: Path, reports: tuple[Path, ...], show_errors: bool) -> None:
    """Measure the finding-theme classifier against hand labels.

    Classifies every finding of the reports and prints main-theme accuracy
    (the predicted top theme is one of the gold themes), micro precision,
    recall and F1 over themes, area accuracy and a per-theme table.

    \b
    Example:
      hmickg themes --gold benchmarks/gold/themes.yaml --show-errors
    """
    import yaml

    from ingest.classify import parse_gold, score_against

    try:
        gold = parse_gold(yaml.safe_load(gold_path.read_text(encoding="utf-8")))
    except (ValueError, yaml.YAMLError) as exc:
        click.echo(f"hmickg: error: {gold_path}: {exc}", err=True)
        sys.exit(1)
    predictions = predict(list(reports) or sample_reports())
    scores = score_against(gold, predictions)
    click.echo(format_scores(scores, show_errors=show_errors))
