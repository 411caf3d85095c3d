"""Run a catalogue query with bound parameters (never pasted into the text)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from graph_store import _sparql

from .catalog import QuerySpec


class ParamError(ValueError):
    pass


def check_iri(value: str) -> str:
    """``value`` if it is an absolute IRI hmickg can write into a query, else ``ValueError``."""
    if not value.startswith(("http://", "https://", "urn:")) or any(
        c in value for c in ' <>"{}|^`\\'
    ):
        raise ValueError("not an absolute IRI")
    return value


@functools.lru_cache(maxsize=4096)
def _term(spec: QuerySpec, name: str, ptype: str, value: str) -> Node:
    """The parameter's RDF term (terms are immutable, so the same value asked again is kept)."""
    try:
        if ptype == "iri":
            return URIRef(check_iri(value))
        if ptype == "integer":
            return Literal(int(value), datatype=XSD.integer)
        if ptype == "decimal":
            return Literal(Decimal(value), datatype=XSD.decimal)
        if ptype == "date":
            return Literal(date.fromisoformat(value), datatype=XSD.date)
        return Literal(value)
    except (ValueError, InvalidOperation) as exc:
        raise ParamError(
            f"{spec.name}: parameter {name}={value!r} is not a valid {ptype}: {exc}"
        ) from None


def bind_params(spec: QuerySpec, values: Mapping[str, str]) -> dict[str, Node]:
    """Check ``values`` against the spec's parameters and make RDF terms of them."""
    try:
        return dict(_bind_params(spec, tuple(values.items())))
    except TypeError:  # a value that is not hashable (not a string): the checks say so
        return _bind_params.__wrapped__(spec, tuple(values.items()))


@functools.lru_cache(maxsize=4096)
def _bind_params(spec: QuerySpec, items: tuple[tuple[str, str], ...]) -> dict[str, Node]:
    # cached: a look-up query is asked again and again with the same values (the path search
    # asks `entity-links` per entity it reaches), and its own run is tens of microseconds
    values = dict(items)
    known = {p.name: p for p in spec.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ParamError(
            f"{spec.name}: unknown parameter(s) {', '.join(unknown)}; "
            f"it takes: {', '.join(known) or 'none'}"
        )
    missing = [p.name for p in spec.params if not p.optional and p.name not in values]
    if missing:
        raise ParamError(f"{spec.name}: missing parameter(s) {', '.join(missing)} (see its header)")
    return {name: _term(spec, name, known[name].type, v) for name, v in values.items()}


def prepare(
    spec: QuerySpec, params: Mapping[str, str] | None = None
) -> tuple[str, dict[str, Node]]:
    """The text and the bindings ``run`` hands the store: the bindings as they are, or, for a
    query whose header says ``bind: values``, written into the text as a ``VALUES`` block."""
    if spec.bind != "values" or not params:
        return spec.text, bind_params(spec, params or {})
    bindings = bind_params(spec, params)
    return _with_values(spec.text, tuple(bindings.items())), {}


@functools.lru_cache(maxsize=1024)
def _with_values(text: str, items: tuple[tuple[str, Node], ...]) -> str:
    return _sparql.inject_values(text, dict(items))


def run(spec: QuerySpec, store: Any, params: Mapping[str, str] | None = None) -> Any:
    """Run ``spec`` on ``store`` (a ``graph_store.GraphStore``) with bound parameters."""
    text, bindings = prepare(spec, params)
    return store.query(text, bindings=bindings)
