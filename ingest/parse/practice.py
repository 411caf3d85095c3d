""" "Developing practice" examples: inspection area, title, problem, solution, outcome, contact."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Contact, GoodPractice, Line, Span
from ..rules import TemplateRules
from ..vocab import Vocabulary
from .layout import join_lines

_PHONE = re.compile(r"\s*[–—-]\s*(?P<phone>(?:\+?\d[\d ()]{6,}\d)(?:\s*,?\s*ext\.?\s*\d+)?)\s*$")
_SPLIT_CONTACTS = re.compile(r"\s+/\s+")


def read_practice(
    lines: Sequence[Line], rules: TemplateRules, vocab: Vocabulary
) -> GoodPractice | None:
    """Read one example; ``lines`` run from its "INSPECTION AREA:" line to its end."""
    fields: dict[str, list[str]] = {}
    current = "area"
    area_match = rules.good_practice_start.match(lines[0].text.strip())
    if not area_match:
        return None
    fields[current] = [area_match.group("value")]
    contact_closed = False
    for line in lines[1:]:
        text = line.text.strip()
        if contact_closed:
            break
        for name, pattern in rules.good_practice_fields.items():
            m = pattern.match(text)
            if m:
                current = name
                fields.setdefault(current, []).append(m.group("value"))
                break
        else:
            if not text and current == "contact" and any(fields.get("contact", [])):
                contact_closed = True
                continue
            if not text:
                fields.setdefault(current, []).append("\n")
            else:
                fields.setdefault(current, []).append(text)
    used = [ln for ln in lines if ln.text.strip()]
    span = Span(lines[0].number, used[-1].number if used else lines[0].number)
    area = _paragraphs(fields.get("area", []))
    return GoodPractice(
        framework=vocab.framework(area) if area else None,
        area_wording=area,
        title=_paragraphs(fields.get("title", [])),
        problem=_paragraphs(fields.get("problem", [])),
        solution=_paragraphs(fields.get("solution", [])),
        outcome=_paragraphs(fields.get("outcome", [])),
        contacts=tuple(
            parse_contact(c, rules)
            for c in _SPLIT_CONTACTS.split(_paragraphs(fields.get("contact", [])))
            if c
        ),
        span=span,
    )


def _paragraphs(parts: Sequence[str]) -> str:
    """Join hard-wrapped lines; blank lines ("\\n") separate paragraphs."""
    paras: list[list[str]] = [[]]
    for part in parts:
        if part == "\n":
            if paras[-1]:
                paras.append([])
        else:
            paras[-1].append(part)
    return "\n\n".join(join_lines(p) for p in paras if join_lines(p))


def parse_contact(text: str, rules: TemplateRules) -> Contact:
    """``"Superintendent Rob Nixon, Force Community Safety Bureau – 0116 248 5903"``."""
    text = " ".join(text.split())
    phone = None
    m = _PHONE.search(text)
    if m:
        phone = m.group("phone").strip()
        text = text[: m.start()].strip()
    who, _, what = (part.strip() for part in text.partition(","))
    role = unit = None
    name: str | None = who or None
    for rank in rules.ranks:
        if who.startswith(rank + " "):
            role, name = rank, who[len(rank) :].strip() or None
            break
    if what:
        if any(re.search(rf"\b{re.escape(w)}\b", what, re.IGNORECASE) for w in rules.role_words):
            role = f"{role}, {what}" if role else what
        else:
            unit = what
    return Contact(role=role, unit=unit, name=name, telephone=phone)
