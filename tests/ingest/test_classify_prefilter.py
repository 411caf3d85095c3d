"""The term index of ingest/classify.py: a text is tried only with the terms whose leading
letters begin one of its words. It must never leave out a term that matches."""

from __future__ import annotations

import functools
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.classify import (
    _FOLD,
    _find,
    _leading_words,
    _matches,
    _TermIndex,
    default_rules,
    report_findings,
)

ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def test_fold_lists_every_character_ignorecase_takes_for_an_ascii_letter() -> None:
    every = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    found: dict[str, set[str]] = {}
    for x in ALNUM + ALNUM.upper():
        for m in re.finditer(re.escape(x), every, re.IGNORECASE):
            found.setdefault(m.group(), set()).add(x.lower())
    assert {c: "".join(sorted(xs)) for c, xs in found.items()} == {
        c: c.translate(_FOLD) for c in found
    }
    assert {chr(c) for c in _FOLD if c >= 0x80} == set(found)
    for x in ALNUM.upper():
        assert x.translate(_FOLD) == x.lower()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("cold case reviews?", {"cold"}),
        ("reviews?", {"review"}),  # the optional s is not required
        (
            "analys(?:t|ts|is|es|e|ed|ing)",
            {"analyst", "analysts", "analysis", "analyses", "analyse", "analysed", "analysin"},
        ),
        ("(?-i:T?TCGs?)", {"tcg", "ttcg"}),
        (
            "(?-i:CHIS)|covert human intelligence sources?|informants?",
            {"chis", "covert", "informan"},
        ),
        ("(?:information|intelligence|data) (?:is |are )?shared", {"informat", "intellig", "data"}),
        ("self-assessments?", {"self"}),
        ("HOLMES\\s+2", {"holmes"}),
        ("dip[- ]sampl(?:e|es|ed|ing)", {"dip"}),
        ("colou?r", {"colour", "color"}),
        ("a+b", {"a"}),
        ("ab{2}c", {"ab"}),  # a repeated letter ends the word
        ("ab{0,2}c", {"ab", "ac"}),
        ("x{2,}y", {"x"}),
        ("(?:the )?force", {"the", "force"}),
        ("(?:very )*good", {"very", "good"}),
        ("(?:abc)+def", {"abc"}),
        ("Ölands?", None),  # begins with a letter outside ASCII
        ("[Cc]old", None),
        ("\\w+ing", None),
        ("(?=cold)cold", None),
        ("(?P<x>cold)", None),
        ("(?x:cold case)", None),
        ("x?", None),
        ("cold|", None),
        ("\\(NSPIS\\)", None),
        ("_under", None),
        ("a{", None),
        ("(?:a|)b", None),
    ],
)
def test_leading_words(pattern: str, expected: set[str] | None) -> None:
    got = _leading_words(pattern)
    assert (set(got) if got is not None else None) == expected


# --- soundness: a match always begins with one of the leading words -----------------------

LETTER = st.sampled_from(["a", "b", "k", "K", "s", "i", "I"])
ATOM = st.one_of(
    LETTER,
    LETTER,
    LETTER,
    st.sampled_from([" ", "-", "\\s", "[- ]", "\\-", ".", "\\w", "[ab]", "_"]),
)
QUANTIFIER = st.sampled_from(
    ["", "", "", "", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,}", "??", "+?"]
)


# A group is not repeated without bound: nested repeats could backtrack for ever.
GROUP_QUANTIFIER = st.sampled_from(["", "", "", "?", "{2}", "{0,2}", "??"])


def _patterns(depth: int = 1) -> st.SearchStrategy[str]:
    seq = st.lists(st.tuples(ATOM, QUANTIFIER).map("".join), min_size=1, max_size=4).map("".join)
    for _ in range(depth):
        group = st.one_of(
            st.lists(seq, min_size=1, max_size=3).map(lambda bs: "(?:" + "|".join(bs) + ")"),
            seq.map(lambda b: f"(?-i:{b})"),
        )
        item = st.one_of(
            st.tuples(ATOM, QUANTIFIER).map("".join),
            st.tuples(group, GROUP_QUANTIFIER).map("".join),
        )
        seq = st.lists(item, min_size=1, max_size=4).map("".join)
    return st.lists(seq, min_size=1, max_size=3).map("|".join)


#: Characters re.IGNORECASE takes for the same letter.
SAME = {"k": "kK\u212a", "s": "sS\u017f", "i": "iI\u0130\u0131"}
NOISE = st.text(alphabet="abKsSiIſıİKß -_.\n", max_size=8)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_match_begins_with_a_leading_word(data: st.DataObject) -> None:
    pattern = data.draw(_patterns(), label="pattern")
    prefixes = _leading_words(pattern)
    if prefixes is None:
        return
    regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
    sample = data.draw(st.from_regex(re.compile(pattern, re.IGNORECASE), fullmatch=True))[:16]
    sample = "".join(
        data.draw(st.sampled_from(SAME[c.lower()])) if c.lower() in SAME else c for c in sample
    )
    text = data.draw(NOISE) + data.draw(st.sampled_from(["", " ", "-"])) + sample
    text += data.draw(st.sampled_from(["", " ", "."])) + data.draw(NOISE)
    folded = text.translate(_FOLD)
    for m in regex.finditer(text):
        if m.end() > m.start():
            assert any(folded.startswith(p, m.start()) for p in prefixes), (m, prefixes)


def _every_match(index: _TermIndex, text: str) -> list[tuple[str, str, int, int]]:
    """Every term tried everywhere, as the classifier did before it had an index."""
    return [
        (cid, term.pattern, hit.start(), hit.end())
        for cid, term in index.terms
        for hit in term.regex.finditer(text)
    ]


def _indexed_matches(index: _TermIndex, text: str) -> list[tuple[str, str, int, int]]:
    return [
        (cid, term.pattern, hit.start(), hit.end())
        for cid, term, starts in index.candidates(text)
        for hit in _matches(term.regex, text, starts)
    ]


@functools.cache
def _indexes() -> list[tuple[_TermIndex, _TermIndex]]:
    """(the index of the rules, the same terms with no leading letters: each tried everywhere)."""
    rules = default_rules()
    out = []
    for index in (rules._theme_index, rules._area_index):
        everywhere = _TermIndex(index.terms, {}, (), frozenset(range(len(index.terms))))
        out.append((index, everywhere))
    return out


def _same_matches(text: str, *, find: bool = True) -> None:
    for index, everywhere in _indexes():
        assert _indexed_matches(index, text) == _every_match(index, text)
        if find:
            assert _find(text, index) == _find(text, everywhere)


def test_the_index_finds_every_match_in_the_findings_of_the_bundled_reports(parsed) -> None:
    for p in parsed.values():
        for rf in report_findings(p):
            _same_matches(rf.finding.text, find=False)


WORDS = st.sampled_from(
    [
        "analysts",
        "ANALYSIS",
        "cold case reviews",
        "Vetting",
        "HOLMES 2",
        "HOLMES2s",
        "TTCG",
        "ViSOR",
        "self-assessment",
        "up-to-date",
        "dip sampling",
        "Kelvin",
        "ſharing",
        "İnformation",
        "data is shared",
        "(NSPIS)",
        "’",
        "-",
        "the",
        "review of the cases",
    ]
)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(WORDS, max_size=30), sep=st.sampled_from([" ", "", "-", "\n"]))
def test_the_index_finds_every_match(words: list[str], sep: str) -> None:
    _same_matches(sep.join(words))
