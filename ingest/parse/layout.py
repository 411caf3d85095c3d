"""Layout of text extracted from a PDF: page headers, bullets, hard line breaks.

Pure functions over strings; they know nothing about what a heading means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..model import Line
from ..rules import TemplateRules

_WS = re.compile(r"\s+")
#: Words after which a line-final hyphen is a suspended one ("low- / and medium-risk").
_SUSPENDED_BEFORE = ("and ", "or ", "nor ", "to ")
_TERMINAL = (".", ";", "!", "?", ":")
_CLOSERS = "’'\"”)]"


def numbered(lines: Sequence[str]) -> list[Line]:
    return [Line(i + 1, text) for i, text in enumerate(lines)]


def page_header_lines(lines: Sequence[Line], rules: TemplateRules) -> frozenset[int]:
    """Numbers of the lines that are running page headers (and their date line)."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not rules.is_page_header(line.text):
            continue
        found.add(line.number)
        # "Leicestershire Constabulary - HMIC Inspection Report" / "" / "July 2008"
        for nxt in lines[i + 1 : i + 4]:
            if not nxt.text.strip():
                continue
            if rules.is_page_header_follower(nxt.text):
                found.add(nxt.number)
            break
    return frozenset(found)


def split_bullet(text: str, rules: TemplateRules) -> tuple[str | None, str]:
    """``"• The force …"`` → ``("•", "The force …")``; a hyphenated word is no bullet."""
    s = text.strip()
    marker = None
    # "- · complying with…" carries two markers.
    while s:
        for bullet in rules.bullets:
            if s.startswith(bullet) and (len(s) == len(bullet) or s[len(bullet)].isspace()):
                marker = marker or bullet
                s = s[len(bullet) :].lstrip()
                break
        else:
            break
    return marker, s


def join_lines(parts: Iterable[str]) -> str:
    """Re-join hard-wrapped lines into one text.

    A line ending in a hyphen glued to a word ("nuisance-" + "related") is joined
    without a space and keeps its hyphen, which is right for the compound words
    these reports break ("problem-solving", "self-assessments", "multi-agency").
    """
    out = ""
    for raw in parts:
        out = join_line(out, raw)
    return out


def join_line(joined: str, raw: str) -> str:
    """``join_lines([joined, raw])`` where ``joined`` is a text :func:`join_lines` made: one
    line more, without going over the text before it again (what a paragraph's sentences are
    read from grows a line at a time)."""
    part = _WS.sub(" ", raw).strip()
    if not part:
        return joined
    if not joined:
        return part
    if (
        joined.endswith("-")
        and len(joined) > 1
        and joined[-2].isalnum()
        and part[0].isalnum()
        and not part.startswith(_SUSPENDED_BEFORE)
    ):
        return joined + part
    return joined + " " + part


def ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence ("… force." / "… (PAGRI)." / "… ‘second to none’.")?"""
    return text.rstrip().rstrip(_CLOSERS).endswith(_TERMINAL)


def starts_lower(text: str) -> bool:
    s = text.strip()
    return bool(s) and (s[0].islower() or s[0] in ",;)")
