"""Binding variables in SPARQL text without formatting values into it by hand.

:func:`inject_values` adds a ``VALUES`` block at the start of the query's outer group graph
pattern (``WHERE { VALUES (?a ?b) { (<x> "y") } ... }``). There it joins the rest of the group
before any of the group's FILTERs run, so a FILTER on a bound variable sees its value, and an
aggregate is computed over the bound solutions only (a trailing ``VALUES`` after the query would
be joined *after* GROUP BY). Values are written by :func:`graph_store._terms.to_sparql`, which
refuses any term that could end its own token, so a value cannot inject syntax.

Where the query has no group to put it in (``CONSTRUCT WHERE { template }``, ``DESCRIBE <x>``)
the block is appended after the query instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import _terms

if TYPE_CHECKING:
    from .base import Node

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_FORM = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", re.IGNORECASE)
_WHERE = re.compile(r"\s*WHERE(?![\w:])", re.IGNORECASE)
_SUBSELECT = re.compile(r"\s*SELECT(?![\w:])", re.IGNORECASE)


def variable_name(name: str) -> str:
    """A binding key (``"force"``, ``"?force"`` or ``"$force"``) as a bare variable name."""
    bare = name[1:] if name[:1] in ("?", "$") else name
    if not _VARNAME.match(bare):
        raise ValueError(f"Not a SPARQL variable name: {name!r}")
    return bare


def values_block(bindings: Mapping[str, Node]) -> str:
    names = [variable_name(k) for k in bindings]
    terms = [_terms.to_sparql(v) for v in bindings.values()]
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"


@functools.lru_cache(maxsize=512)
def mask(query: str) -> str:
    """The query with comments, string literals and IRIs blanked out (same length).

    Cached: a catalogue query is masked several times a run, and run many times; for a
    query of a millisecond this scan was most of hmickg's own time."""
    out = list(query)
    i, n = 0, len(query)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif c in ("'", '"'):
            quote = c * 3 if query.startswith(c * 3, i) else c
            k = i + len(quote)
            while k < n and not query.startswith(quote, k):
                k += 2 if query[k] == "\\" else 1
            end = min(n, k + len(quote))
            blank(i, end)
            i = end
        elif c == "<":
            m = _IRIREF.match(query, i)
            if m:
                blank(i, m.end())
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


def _matching_brace(masked: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start`` (or -1)."""
    depth = 0
    for k in range(start, len(masked)):
        ch = masked[k]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _first_group(masked: str, start: int) -> int:
    """Index of the first ``{`` after ``start`` outside parentheses (or -1)."""
    parens = 0
    for k in range(start, len(masked)):
        ch = masked[k]
        if ch == "(":
            parens += 1
        elif ch == ")":
            parens -= 1
        elif ch == "{" and parens <= 0:
            return k
    return -1


def where_group(query: str) -> int:
    """Index of the ``{`` that opens the query's outer group graph pattern, or -1."""
    masked = mask(query)
    form = _FORM.search(masked)
    if form is None:
        return -1
    pos = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        rest = masked[pos:]
        stripped = rest.lstrip()
        if stripped.startswith("{"):
            template_end = _matching_brace(masked, pos + len(rest) - len(stripped))
            if template_end < 0:
                return -1
            pos = template_end + 1
        elif _WHERE.match(rest):
            return -1  # CONSTRUCT WHERE { template }: no room for VALUES inside
    return _first_group(masked, pos)


def query_form(query: str) -> str | None:
    """``"SELECT"``, ``"CONSTRUCT"``, ``"DESCRIBE"`` or ``"ASK"`` (None if none is found)."""
    form = _FORM.search(mask(query))
    return form.group(1).upper() if form else None


def inject_values(query: str, bindings: Mapping[str, Node]) -> str:
    """``query`` with ``bindings`` joined in as a ``VALUES`` block (see the module docstring)."""
    if not bindings:
        return query
    block = values_block(bindings)
    brace = where_group(query)
    if brace < 0:
        return f"{query}\n{block}\n"
    masked = mask(query)
    if _SUBSELECT.match(masked, brace + 1):
        # WHERE { SELECT ... } : a sub-select must be the whole group, so nest it.
        close = _matching_brace(masked, brace)
        if close < 0:
            return f"{query}\n{block}\n"
        return f"{query[: brace + 1]} {block} {{{query[brace + 1 : close]}}} {query[close:]}"
    return f"{query[: brace + 1]} {block}\n{query[brace + 1 :]}"


_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_NOT_A_TERM_BEFORE = re.compile(r"(BOUND\s*\(|\bAS)\s*\Z", re.IGNORECASE)


def bind_constants(query: str, bindings: Mapping[str, Node]) -> str:
    """``query`` with each bound variable written as its term inside the WHERE group.

    Oxigraph plans joins before it sees a ``VALUES`` block's or a substitution's values, so a
    pattern like ``?finding a ?kind`` with ``?kind`` bound was planned as a scan of every typed
    node (seconds, where the constant ran in milliseconds). Here the outer group's occurrences
    of a bound variable become the constant (written by :func:`graph_store._terms.to_sparql`,
    so a value cannot inject syntax), and the :func:`inject_values` block still binds the
    variable for the projection, ORDER BY and GROUP BY. Left as variables: occurrences inside a
    sub-select (its own scope), inside ``BOUND(...)`` and after ``AS``. Where the query has no
    group to work in, this is :func:`inject_values`.
    """
    if not bindings:
        return query
    try:
        return _bind_constants(query, tuple(bindings.items()))
    except TypeError:  # an unhashable value: let the uncached path say what is wrong
        return _bind_constants.__wrapped__(query, tuple(bindings.items()))


@functools.lru_cache(maxsize=1024)
def _bind_constants(query: str, items: tuple[tuple[str, Node], ...]) -> str:
    bindings = dict(items)
    brace = where_group(query)
    if brace < 0:
        return inject_values(query, bindings)
    masked = mask(query)
    close = _matching_brace(masked, brace)
    if close < 0:
        return inject_values(query, bindings)
    constants = {variable_name(k): _terms.to_sparql(v) for k, v in bindings.items()}
    skip: list[tuple[int, int]] = []
    for m in re.finditer(r"\{\s*SELECT(?![\w:])", masked[brace + 1 : close], re.IGNORECASE):
        start = brace + 1 + m.start()
        end = _matching_brace(masked, start)
        skip.append((start, end if end >= 0 else close))
    out: list[str] = []
    last = brace + 1
    for m in _VARIABLE.finditer(masked, brace + 1, close):
        name = m.group(1)
        if name not in constants or any(a <= m.start() <= b for a, b in skip):
            continue
        if _NOT_A_TERM_BEFORE.search(masked, max(brace, m.start() - 64), m.start()):
            continue
        out.append(query[last : m.start()])
        out.append(constants[name])
        last = m.end()
    body = query[: brace + 1] + "".join(out) + query[last:]
    return inject_values(body, bindings)
