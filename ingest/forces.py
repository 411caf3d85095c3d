"""Recognising police forces by name, from the reference data shipped in ontology/reference."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .regexes import by_first_char


@dataclass(frozen=True)
class Force:
    slug: str  # data.police.uk id
    name: str  # as data.police.uk gives it
    short_name: str
    names: tuple[str, ...]  # every full name a report may use


@dataclass(frozen=True)
class ForceIndex:
    forces: tuple[Force, ...]
    full_pattern: re.Pattern[str]
    by_name: dict[str, Force]

    def find_full_names(self, text: str) -> list[tuple[Force, int, int]]:
        return [
            (self.by_name[m.group(0).casefold()], m.start(), m.end())
            for m in self.full_pattern.finditer(text)
        ]


def _names(row: dict[str, str]) -> tuple[str, ...]:
    short = row["short_name"].strip()
    names = {row["name_data_police_uk"].strip(), f"{short} Constabulary", f"{short} Police"}
    names.update(a.strip() for a in re.split(r"[|;]", row.get("aliases", "")) if a.strip())
    return tuple(sorted(n for n in names if n))


@cache
def force_index() -> ForceIndex:
    text = resources.files("ontology").joinpath("reference/police_forces_uk.csv").read_text("utf-8")
    forces = tuple(
        Force(
            slug=row["data_police_uk_id"].strip(),
            name=row["name_data_police_uk"].strip(),
            short_name=row["short_name"].strip(),
            names=_names(row),
        )
        for row in csv.DictReader(text.splitlines())
    )
    by_name = {n.casefold(): f for f in forces for n in f.names}
    alternatives = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(
        r"\b(?:"
        + by_first_char([(a, re.escape(a)) for a in alternatives], ignore_case=True)
        + r")\b",
        re.IGNORECASE,
    )
    return ForceIndex(forces=forces, full_pattern=pattern, by_name=by_name)
