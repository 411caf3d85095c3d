"""The control characters that make ingest/source.py take a file for binary."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.source import _ALLOWED_CONTROLS, _CONTROLS


def _controls(text: str) -> list[str]:
    return [c for c in text if ord(c) < 32 and c not in _ALLOWED_CONTROLS]


def test_every_control_character_but_whitespace() -> None:
    every = "".join(chr(c) for c in range(0x400))
    assert _CONTROLS.findall(every) == _controls(every)
    assert "".join(_CONTROLS.findall(every)) == "".join(
        chr(c) for c in (*range(0, 9), *range(14, 32))
    )


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_controls_in_order(text: str) -> None:
    assert _CONTROLS.findall(text) == _controls(text)
