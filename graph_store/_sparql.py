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


def values_block(bindings: Mapping[str, Node], *more: Mapping[str, Node]) -> str:
    """A ``VALUES`` block: a row of ``bindings``, then a row of each of ``more`` (which bind
    the same variables)."""
    names = [variable_name(k) for k in bindings]
    rows = " ".join(
        f"({' '.join(_terms.to_sparql(row[k]) for k in bindings)})" for row in (bindings, *more)
    )
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}"


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


def inject_values(query: str, bindings: Mapping[str, Node], *more: Mapping[str, Node]) -> str:
    """``query`` with ``bindings`` joined in as a ``VALUES`` block (see the module docstring);
    with ``more``, a row for each of them too: the query asked for all of them at once."""
    if not bindings:
        return query
    block = values_block(bindings, *more)
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
    edits: list[tuple[int, int, str]] = []
    _constants_in_group(masked, brace + 1, close, constants, edits)
    out: list[str] = []
    last = brace + 1
    for start, end, text in sorted(edits):
        out.append(query[last:start])
        out.append(text)
        last = end
    body = query[: brace + 1] + "".join(out) + query[last:]
    return inject_values(body, bindings)


_SPACE = re.compile(r"\s*")
_AFTER_VALUES = re.compile(r"VALUES[^{]*\Z", re.IGNORECASE)
_SUBSELECT_OPEN = re.compile(r"\{\s*SELECT(?![\w:])", re.IGNORECASE)
_SLICE = re.compile(r"(?<![\w:?$])(LIMIT|OFFSET)(?![\w:])", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\([^()]*\)")


def _constants_in_group(
    masked: str,
    start: int,
    end: int,
    constants: Mapping[str, str],
    edits: list[tuple[int, int, str]],
) -> None:
    """Record, in ``edits``, each occurrence of a bound variable in ``masked[start:end]`` that
    is to become its constant.

    A sub-select is a scope of its own. Its variables are the outer ones only where it projects
    them by name (``SELECT ?x`` or ``SELECT *``, not ``(... AS ?x)``): there the constant goes
    in too (with a VALUES block binding the variable in the sub-select), which restricts it to
    the rows the outer join keeps anyway (a sub-select of the gaps of every theme, then joined
    with one theme, is the gaps of that theme). Not where it has a LIMIT or an OFFSET: which
    rows those keep depends on the others.
    """
    if not constants:
        return
    subs: list[tuple[int, int]] = []
    pos = start
    while True:
        m = _SUBSELECT_OPEN.search(masked, pos, end)
        if m is None:
            break
        sub_end = _matching_brace(masked, m.start())
        sub_end = end if sub_end < 0 else sub_end
        subs.append((m.start(), sub_end))
        pos = sub_end + 1
    for sub_start, sub_end in subs:
        select_at = _SPACE.match(masked, sub_start + 1).end()  # type: ignore[union-attr]
        inner = masked.find("{", select_at, sub_end)
        if inner < 0:
            continue
        inner_end = _matching_brace(masked, inner)
        if inner_end < 0 or _SLICE.search(masked, inner_end, sub_end):
            continue
        head = masked[select_at + len("SELECT") : inner]
        head = re.sub(r"(?i)\bWHERE\s*\Z", "", head.rstrip())
        # the variables projected by name: not those inside an (expression AS ?x)
        while True:
            flat = _PARENTHESISED.sub(" ", head)
            if flat == head:
                break
            head = flat
        projected = set(constants) if "*" in head else set(_VARIABLE.findall(head))
        required = _required_variables(masked, inner + 1, inner_end)
        inside = {k: v for k, v in constants.items() if k in projected and k in required}
        if inside:
            # and bound inside too, by a VALUES block at the head of its group, for what reads
            # the variable after the group (an expression, GROUP BY, HAVING, ORDER BY)
            names = " ".join(f"?{k}" for k in inside)
            block = f" VALUES ({names}) {{ ({' '.join(inside.values())}) }} "
            edits.append((inner + 1, inner + 1, block))
        _constants_in_group(masked, inner + 1, inner_end, inside, edits)
    for m in _VARIABLE.finditer(masked, start, end):
        name = m.group(1)
        if name not in constants or any(a <= m.start() <= b for a, b in subs):
            continue
        if _NOT_A_TERM_BEFORE.search(masked, max(start - 1, m.start() - 64), m.start()):
            continue
        edits.append((m.start(), m.end(), constants[name]))


def _required_variables(masked: str, start: int, end: int) -> set[str]:
    """The variables of the triple patterns directly in the group ``masked[start:end]`` (not in
    a nested group, OPTIONAL, MINUS or UNION branch, nor in a FILTER or BIND expression): every
    solution of the group binds them, so joining it with a value is the same as writing the
    value in."""
    names: set[str] = set()
    braces = parens = 0
    last = start
    for m in _VARIABLE.finditer(masked, start, end):
        chunk = masked[last : m.start()]
        braces += chunk.count("{") - chunk.count("}")
        parens += chunk.count("(") - chunk.count(")")
        last = m.start()
        if braces == 0 and parens == 0 and not _AFTER_VALUES.search(masked, start, m.start()):
            names.add(m.group(1))
    return names


_GRAPH_KEYWORD = re.compile(r"(?<![?$\w:])GRAPH\b", re.IGNORECASE)


def graph_names(query: str) -> tuple[str, ...] | None:
    """The graphs the query's GRAPH patterns name (not counting comments, strings or IRIs):
    ``()`` for none, the IRIs where every GRAPH names one, ``None`` where one takes a variable
    (or a prefixed or relative name), which may be any graph."""
    names: list[str] = []
    for m in _GRAPH_KEYWORD.finditer(mask(query)):
        at = _SPACE.match(query, m.end()).end()  # type: ignore[union-attr]  # (mask: IRIs blanked)
        iri = _IRIREF.match(query, at)
        if iri is None or ":" not in iri.group(0):
            return None
        names.append(iri.group(0)[1:-1])
    return tuple(dict.fromkeys(names))
