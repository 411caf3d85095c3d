"""Regexes of many names, and regexes that need not be searched: quicker searching, same
matches."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache


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


_QUANTIFIER = re.compile(r"(?:[?*+]|\{(\d*)(?:,\d*)?\})[?+]?")


@cache
def required_text(pattern: str) -> tuple[str, ...]:
    """Literal pieces every match of a case-sensitive ``pattern`` contains, as written:
    ``"(?:[A-Z][a-z]+\\s+){1,3}Police\\s+Authority"`` → ``("Police", "Authority")``. A text
    that lacks one of them need not be searched. ``()`` where the pattern says nothing sure
    (an alternation at the top, or flags that change what a letter or a space matches)."""
    if re.compile(pattern).flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    pieces: list[str] = []
    run = ""
    depth = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        literal: str | None = None  # the character an atom at the top level always matches
        if c == "\\":
            nxt = pattern[i + 1 : i + 2]
            literal = nxt if nxt and not nxt.isalnum() else None
            i += 2
        elif c == "[":
            j = i + 1
            j += pattern[j : j + 1] == "^"
            j += pattern[j : j + 1] == "]"
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
        elif c in "()":
            depth += 1 if c == "(" else -1
            i += 1
            if c == "(":
                continue  # a group's quantifier follows its ")"
        elif c == "|" and depth == 0:
            return ()
        elif c in "|?*+{.^$":
            i += 1
        else:
            literal = c
            i += 1
        q = _QUANTIFIER.match(pattern, i)
        if q is not None:
            i = q.end()
            kind = q.group()[0]
            optional = kind in "?*" or (kind == "{" and (q.group(1) or "0") == "0")
        if depth == 0 and literal is not None and (q is None or not optional):
            run += literal
            if q is None:
                continue
        if run:
            pieces.append(run)
        run = ""
    if run:
        pieces.append(run)
    return tuple(p for p in pieces if len(p) >= 2)
