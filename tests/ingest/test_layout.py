"""Layout helpers: re-joining hard line breaks, bullets, page headers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.model import Line
from ingest.parse.layout import (
    ends_sentence,
    join_line,
    join_lines,
    page_header_lines,
    split_bullet,
)
from ingest.rules import norm, template_rules

R = template_rules()


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            ["neighbourhood nuisance-", "related incidents"],
            "neighbourhood nuisance-related incidents",
        ),
        (["completed self-", "assessments"], "completed self-assessments"),
        (["visits to low- ", "and medium-risk"], "visits to low- and medium-risk"),
        (["co-ordination –", "for example"], "co-ordination – for example"),
        (["  two   spaces ", "", " here "], "two spaces here"),
        (["ends with a dash -", "next"], "ends with a dash - next"),
    ],
)
def test_join_lines(parts, expected):
    assert join_lines(parts) == expected


_PIECES = st.lists(
    st.text(
        alphabet=st.sampled_from("ab1-–( \t\n\u00a0\u2028\x1c\u3000") | st.characters(),
        max_size=12,
    ),
    max_size=6,
)


@given(_PIECES, _PIECES)
def test_a_line_joined_to_a_joined_text_is_the_lines_joined(first, more):
    """sentences_of joins a paragraph a line at a time with join_line, which does not go over the
    text joined before: that text is as join_lines leaves it, and joining it again changes
    nothing (white space runs are single spaces, none at either end)."""
    joined = join_lines(first)
    assert join_lines([joined]) == joined
    for raw in more:
        assert join_line(joined, raw) == join_lines([joined, raw])
        joined = join_line(joined, raw)
    assert joined == join_lines([*first, *more])


@pytest.mark.parametrize(
    ("text", "bullet", "rest"),
    [
        ("• The force has", "•", "The force has"),
        (" - The force", "-", "The force"),
        ("- · complying with", "-", "complying with"),
        ("-          defensible  decisions;", "-", "defensible  decisions;"),
        ("self-assessment is", None, "self-assessment is"),
        ("-level", None, "-level"),
        ("The force", None, "The force"),
    ],
)
def test_split_bullet(text, bullet, rest):
    assert split_bullet(text, R) == (bullet, rest)


def test_page_headers_and_their_date_line():
    lines = [
        Line(1, "text"),
        Line(2, "Leicestershire Constabulary - HMIC Inspection Report"),
        Line(3, ""),
        Line(4, "July 2008"),
        Line(5, "Leicestershire Constabulary – HMIC Inspection Report July 2008"),
        Line(6, "July 2008 was a month"),
    ]
    assert page_header_lines(lines, R) == {2, 4, 5}


def test_heading_keys():
    assert norm("  Area(s)   for improvement. ") == "area(s) for improvement"
    assert R.finding_kind("Areas for improvement ").value == "AreaForImprovement"
    assert R.finding_kind("Area(s) for improvement").value == "AreaForImprovement"
    assert R.finding_kind("Area for improvement").value == "AreaForImprovement"
    assert R.finding_kind("STRENGTHS").value == "Strength"
    assert R.finding_kind("Strengths of the force") is None


def test_ends_sentence():
    assert ends_sentence("the end.") and ends_sentence("a list;") and ends_sentence("(PAGRI).")
    assert not ends_sentence("East Midlands Regional Information and")
