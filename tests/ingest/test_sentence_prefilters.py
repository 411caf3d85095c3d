"""The entity extractor searches a sentence with some of its regexes only where a word every
match holds is in it: the words must be in every match, or a mention is lost."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.parse import entities as E

_CASE_SENSITIVE = [
    (E._OPERATION, E._OPERATION_WORDS),
    (E._POLICE_AUTHORITY, E._POLICE_AUTHORITY_WORDS),
]
_IGNORING_CASE = [
    (E._AGREEMENT_TRIGGER, E._AGREEMENT_WORDS),
    (E._MSF, E._MSF_WORDS),
]
# What the regexes are written to find: each regex matches some of them
_MENTIONS = (
    "Operation Nemesis",
    "Exercise Unified",
    "police authority",
    "Police Authority (PA)",
    "the PA",
    "memorandum of understanding",
    "memoranda of understanding",
    "MoU",
    "MoUs",
    "formal written protocols",
    "information-sharing protocol",
    "service level agreements",
    "SLA",
    "SLAs",
    "collaborative arrangements",
    "collaborative agreement",
    "most similar force group for Leicestershire is Kent",
    "MSF group for Avon is Dorset",
)


def _ignorecase_twins(letter: str) -> list[str]:
    """Every character the regex engine's IGNORECASE matches to ``letter``."""
    one = re.compile(re.escape(letter), re.I)
    return [c for c in map(chr, range(sys.maxunicode + 1)) if one.fullmatch(c)]


@pytest.mark.parametrize(("regex", "words"), _IGNORING_CASE)
def test_a_casefolded_sentence_holds_the_word_wherever_the_regex_matches(regex, words):
    """A match of a word under IGNORECASE casefolds to the word if each of its characters
    does: checked for every character the engine takes for each letter of the words ("ı" for
    "i" would not be, which is why no word holds an "i")."""
    for letter in sorted({c for word in words for c in word}):
        assert all(c.casefold() == letter for c in _ignorecase_twins(letter)), letter


@pytest.mark.parametrize(("regex", "words"), _IGNORING_CASE + _CASE_SENSITIVE)
def test_every_match_holds_a_word(regex, words):
    """The words against the mentions each regex is written to find, in every case."""
    folding = regex.flags & re.I
    matched = 0
    for mention in _MENTIONS:
        for text in {mention, mention.upper(), mention.title()} if folding else {mention}:
            m = regex.search(f"so the {text} was signed.")
            if m is None:
                continue
            matched += 1
            found = m.group(0).casefold() if folding else m.group(0)
            assert any(w in found for w in words), (regex.pattern, text)
    assert matched >= 2, regex.pattern  # (the test says nothing of a regex that finds none)


@given(
    st.text(alphabet=st.sampled_from("aeiouslmnprtgcdbvfkAESLMNPRTGCDOUV ſıİK()-.,"), max_size=80)
)
def test_no_sentence_a_regex_matches_is_left_out(text):
    for regex, words in _IGNORING_CASE:
        if regex.search(text):
            assert any(w in text.casefold() for w in words), (regex.pattern, text)
    for regex, words in _CASE_SENSITIVE:
        if regex.search(text):
            assert any(w in text for w in words), (regex.pattern, text)
