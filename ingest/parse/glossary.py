"""The glossary appendix: one acronym and its expansion a line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import GlossaryEntry, Line, Span

_ENTRY = re.compile(r"^(?P<acronym>\S+)\s+(?P<expansion>\S.*)$")


def read_glossary(lines: Sequence[Line]) -> list[GlossaryEntry]:
    """Entries after the glossary heading; single-letter index lines ("A", "Β") are skipped."""
    out: list[GlossaryEntry] = []
    seen: set[str] = set()
    for line in lines:
        text = " ".join(line.text.split())
        if len(text) <= 2:
            continue
        m = _ENTRY.match(text)
        if not m:
            continue
        acronym = m.group("acronym").strip()
        if not any(c.isupper() or c.isdigit() for c in acronym) or acronym in seen:
            continue
        seen.add(acronym)
        out.append(
            GlossaryEntry(
                acronym=acronym,
                expansion=m.group("expansion").strip(),
                span=Span(line.number, line.number),
            )
        )
    return out
