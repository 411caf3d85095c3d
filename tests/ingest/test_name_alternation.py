"""Name alternations grouped by first character (ingest/regexes.py, used for the names
of forces and organisations) find exactly what the plain alternation finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.regexes import by_first_char

NAMES = st.lists(
    st.text(alphabet="abkKsSiI0- .\x00Ök", min_size=1, max_size=8).filter(lambda s: s.strip()),
    min_size=1,
    max_size=12,
    unique=True,
)
TEXT = st.text(alphabet="abkKsSiIſıİK0- .\nÖök", max_size=60)


WRAPPERS = (
    r"(?<![\w-])(?:{})s?(?![\w-])",  # organisations and acronyms (ingest/parse/entities.py)
    r"\b(?:{})\b",  # full names of forces (ingest/forces.py)
)


@settings(max_examples=300, deadline=None)
@given(names=NAMES, text=TEXT, ignore_case=st.booleans(), wrapper=st.sampled_from(WRAPPERS))
def test_grouped_alternation_finds_what_the_plain_one_finds(
    names: list[str], text: str, ignore_case: bool, wrapper: str
) -> None:
    names = sorted(names, key=len, reverse=True)
    alternatives = [(n, re.escape(n).replace(r"\ ", r"\s+")) for n in names]
    flags = re.I if ignore_case else 0
    plain = re.compile(wrapper.format("|".join(p for _, p in alternatives)), flags)
    grouped = re.compile(
        wrapper.format(by_first_char(alternatives, ignore_case=ignore_case)), flags
    )
    # names are often found inside the text
    text = text + " " + " ".join(names[::2]).swapcase() + " " + " ".join(names[1::2])
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_names_are_grouped_behind_their_first_letter() -> None:
    alternatives = [(n, re.escape(n)) for n in ("Leicestershire", "lincolnshire", "Notts")]
    assert (
        by_first_char(alternatives, ignore_case=True) == "l(?:eicestershire|incolnshire)|n(?:otts)"
    )
    assert by_first_char(alternatives, ignore_case=False) == (
        "L(?:eicestershire)|l(?:incolnshire)|N(?:otts)"
    )
    assert by_first_char([("Öland", "Öland"), ("x", "x")], ignore_case=True) == "Öland|x"
