"""ingest/regexes.required_text: the pieces of text every match of a pattern contains, so
that a sentence without them need not be searched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.regexes import required_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        ("(?:[A-Z][a-z]+\\s+){1,3}Police\\s+Authority", ("Police", "Authority")),
        ("\\b(?P<names>[A-Z][a-z]+)\\s+BCUs?\\b", ("BCU",)),
        ("abc+d", ("abc",)),
        ("ab+?cd", ("ab", "cd")),
        ("a{2}bc", ("bc",)),
        ("ab{0,2}cd", ("cd",)),
        ("ab{1,}cd", ("ab", "cd")),
        ("(?:ab)?cd|ef", ()),
        ("(a|b)cd", ("cd",)),
        ("a[bc]de", ("de",)),
        ("a\\.b\\sc", ("a.b",)),
        ("ab(?i:cd)ef", ("ab", "ef")),
        ("(?i)abcd", ()),
        ("(?x)ab cd", ()),
    ],
)
def test_required_text(pattern: str, pieces: tuple[str, ...]) -> None:
    assert required_text(pattern) == pieces


def test_the_gazetteer_patterns_need_their_words() -> None:
    data = yaml.safe_load((ROOT / "ingest" / "gazetteer" / "organisations.yaml").read_text())
    for p in data["patterns"]:
        assert required_text(p["regex"]), p["regex"]


ATOM = st.sampled_from(["a", "b", "c", "A", " ", ".", "\\.", "\\s", "[ab]", "\\b", "-", "{"])
QUANTIFIER = st.sampled_from(["", "", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,}", "+?", "??"])


# A group is not repeated without bound: nested repeats could backtrack for ever.
GROUP_QUANTIFIER = st.sampled_from(["", "", "", "?", "{2}", "{0,2}", "??"])


def _patterns() -> st.SearchStrategy[str]:
    plain = st.lists(st.tuples(ATOM, QUANTIFIER).map("".join), min_size=1, max_size=4).map("".join)
    group = st.lists(plain, min_size=1, max_size=3).map(lambda bs: "(?:" + "|".join(bs) + ")")
    item = st.one_of(
        st.tuples(ATOM, QUANTIFIER).map("".join), st.tuples(group, GROUP_QUANTIFIER).map("".join)
    )
    seq = st.lists(item, min_size=1, max_size=4).map("".join)
    return st.lists(seq, min_size=1, max_size=2).map("|".join)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_match_contains_the_pieces(data: st.DataObject) -> None:
    pattern = data.draw(_patterns(), label="pattern")
    try:
        regex = re.compile(pattern)
    except re.error:
        return
    sample = data.draw(st.from_regex(regex, fullmatch=True), label="sample")[:16]
    text = data.draw(st.text(alphabet="abcA .-", max_size=8)) + sample
    for m in regex.finditer(text):
        for piece in required_text(pattern):
            assert piece in m.group(), (piece, m)
