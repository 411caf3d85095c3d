"""The query catalogue: ``.rq`` files with a grlc-style ``#+`` header.

::

    #+ summary: Grades of every assessment, by report
    #+ tags: [grades]
    #+ params:
    #+   force: {type: iri, example: "https://w3id.org/hmickg/id/force/leicestershire", optional: true}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

PARAM_TYPES = ("iri", "string", "integer", "decimal", "date")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    example: str | None
    description: str = ""
    optional: bool = False


# Specs are equal only to themselves (``eq=False``: the hash is the object's, in C). A
# catalogue's specs are made once (``catalog()`` keeps them) and ``queries.run`` keeps the
# values it checked per spec: a hash by value was a Python call on every run (0.7 us of a
# 72 us look-up).
@dataclass(frozen=True, eq=False)
class QuerySpec:
    name: str  # file stem, e.g. "assessment-grades"
    path: str  # relative to the catalogue, e.g. "grades/assessment-grades.rq"
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    text: str
    #: How bound parameters reach the engine: ``"constants"`` (the default: the store writes
    #: them into the query, see ``graph_store._sparql.bind_constants``) or ``"values"`` (a
    #: ``VALUES`` block at the head of the WHERE group: for a query the engine plans better
    #: that way, which its header says with ``bind: values``).
    bind: str = "constants"
    #: What the query reads that grows with the store, where that is more than a few look-ups
    #: (``cost:`` in its header): e.g. every finding, for a check or a full-text scan.
    cost: str = ""

    @property
    def is_check(self) -> bool:
        """``*-violation.rq`` queries state rules: they must return no rows."""
        return self.name.endswith("-violation")

    def example_params(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params if p.example is not None}


BIND_MODES = ("constants", "values")


class CatalogError(ValueError):
    pass


_PLAIN_TEXT_KEY = re.compile(r"^(summary|title):\s*(?P<value>[^\s'\">|].*)$")


def _quote_plain(line: str) -> str:
    """``summary: Grades: by force`` is text, not a YAML mapping: quote it."""
    m = _PLAIN_TEXT_KEY.match(line)
    if not m:
        return line
    return f"{m.group(1)}: {json.dumps(m.group('value').strip())}"


# libyaml's safe loader where PyYAML has it: 52 headers in 0.01 s rather than 0.1 s
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_header(text: str, *, where: str) -> dict[str, object]:
    """The YAML in the ``#+`` lines; a one-line summary may contain colons unquoted."""
    lines = [
        _quote_plain(ln[3:] if ln.startswith("#+ ") else ln[2:])
        for ln in text.splitlines()
        if ln.startswith("#+")
    ]
    if not lines:
        raise CatalogError(f"{where}: no '#+' header (summary, tags, params)")
    try:
        data = yaml.load("\n".join(lines), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{where}: header is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not data.get("summary"):
        raise CatalogError(f"{where}: header has no summary")
    return data


def load_spec(text: str, *, name: str, path: str) -> QuerySpec:
    header = parse_header(text, where=path)
    params = []
    for pname, pdef in (header.get("params") or {}).items():  # type: ignore[union-attr]
        pdef = pdef or {}
        ptype = str(pdef.get("type", "string"))
        if ptype not in PARAM_TYPES:
            raise CatalogError(f"{path}: parameter {pname!r} has unknown type {ptype!r}")
        example = pdef.get("example")
        params.append(
            Param(
                name=str(pname),
                type=ptype,
                example=None if example is None else str(example),
                description=str(pdef.get("description", "")),
                optional=bool(pdef.get("optional", False)),
            )
        )
    tags = header.get("tags") or []
    bind = str(header.get("bind", "constants"))
    if bind not in BIND_MODES:
        raise CatalogError(f"{path}: 'bind: {bind}' is not one of {', '.join(BIND_MODES)}")
    return QuerySpec(
        name=name,
        path=path,
        summary=str(header["summary"]).strip(),
        description=str(header.get("description", "")).strip(),
        tags=tuple(str(t) for t in tags),  # type: ignore[union-attr]
        params=tuple(params),
        text=text,
        bind=bind,
        cost=" ".join(str(header.get("cost", "")).split()),
    )


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            out.extend(_walk(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".rq"):
            out.append((f"{prefix}{entry.name}", entry))
    return out


@cache
def catalog() -> dict[str, QuerySpec]:
    """Every query shipped in ``queries/catalog``, by name."""
    root = resources.files("queries").joinpath("catalog")
    specs: dict[str, QuerySpec] = {}
    for rel, entry in _walk(root):
        name = Path(rel).stem
        if name in specs:
            raise CatalogError(f"{rel}: a query named {name!r} exists already ({specs[name].path})")
        specs[name] = load_spec(entry.read_text("utf-8"), name=name, path=rel)
    return specs
