"""Regex alternations of many names that the regex engine searches quickly."""

from __future__ import annotations

import re
from collections.abc import Sequence


def by_first_char(alternatives: Sequence[tuple[str, str]], *, ignore_case: bool) -> str:
    """``a|b|...`` of (name, its pattern), with the names that begin with the same character
    grouped behind it: ``l(?:eicestershire|incolnshire)|n(?:ottinghamshire)``.

    The regex engine then tries a few dozen first characters where a name may begin instead
    of every name (it has no quick first-character test for a case-insensitive alternation).
    Same matches: only the names that begin with the character at hand can match there, and
    they are tried in their given order. That holds for ASCII first characters (two that are
    not the same letter never match the same character, even case-insensitively); where a
    name begins otherwise, the plain alternation is returned."""
    groups: dict[str, list[str]] = {}
    for name, pattern in alternatives:
        first = name[:1]
        escaped = re.escape(first)
        if not first.isascii() or not pattern.startswith(escaped):
            return "|".join(p for _, p in alternatives)
        key = re.escape(first.lower()) if ignore_case else escaped
        groups.setdefault(key, []).append(pattern[len(escaped) :])
    return "|".join(f"{k}(?:{'|'.join(rests)})" for k, rests in groups.items())
