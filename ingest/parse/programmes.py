"""Regional work programmes: the protective-service gaps several forces share.

The 2008 report prints, under "Regional Protective Services Work Programme.",
a two-column table flattened to tab-separated lines; an asterisk marks the
items the inspected force leads.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Line, ProgrammeItem, Span, WorkProgramme
from ..rules import TemplateRules, norm


def read_programmes(
    lines: Sequence[Line], rules: TemplateRules, skip: frozenset[int]
) -> list[WorkProgramme]:
    out: list[WorkProgramme] = []
    body = [ln for ln in lines if ln.number not in skip]
    for i, line in enumerate(body):
        if norm(line.text) not in rules.programme_headings:
            continue
        items: list[ProgrammeItem] = []
        lead_span = None
        last = line.number
        for nxt in body[i + 1 :]:
            text = nxt.text.strip()
            if not text:
                continue
            if "\t" not in nxt.text:
                if items:
                    break  # prose after the table
                if rules.programme_lead_statement.search(text):
                    lead_span = Span(nxt.number, nxt.number)
                    continue
                if len(text) > 200:
                    break
                continue
            for cell in nxt.text.split("\t"):
                label = " ".join(cell.split())
                if not label:
                    continue
                lead = label.endswith(rules.programme_lead_marker)
                label = label.rstrip(rules.programme_lead_marker + " ").strip()
                items.append(
                    ProgrammeItem(label=label, lead=lead, span=Span(nxt.number, nxt.number))
                )
            last = nxt.number
        if items:
            name = " ".join(line.text.split()).rstrip(".")
            out.append(
                WorkProgramme(
                    name=name,
                    items=tuple(items),
                    span=Span(line.number, last),
                    lead_statement_span=lead_span,
                )
            )
    return out
