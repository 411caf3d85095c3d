"""Measure entity and link extraction against a hand-made gold file.

A gold file (``benchmarks/gold/<report>.yaml``) lists, for one report, the
entities of each class with their names and lines, and the links between them.
An extracted entity matches a gold entity of the same class when one of their
names is the same (case, "the" and a plural "s" aside), or, for agreements
and organised crime groups, which have no fixed names, when they were read
from the same lines. Each gold entity matches at most one extracted entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LINE_MATCHED = {"CollaborationAgreement", "OrganisedCrimeGroup"}
CLASSES = (
    "PoliceForce",
    "PolicingRegion",
    "Unit",
    "PartnerAgency",
    "Partnership",
    "Operation",
    "OrganisedCrimeGroup",
    "InformationSystem",
    "CollaborationAgreement",
)


def norm_name(name: str) -> str:
    s = name.casefold().replace("’", "'")
    s = re.sub(r"^(the|a|an)\s+", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = " ".join(s.split())
    return s[:-1] if s.endswith("s") and len(s) > 4 else s


@dataclass(frozen=True)
class Score:
    name: str
    gold: int
    predicted: int
    true_positives_gold: int  # gold items found
    true_positives_pred: int  # predicted items that are right

    @property
    def recall(self) -> float:
        return self.true_positives_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives_pred / self.predicted if self.predicted else 1.0


@dataclass(frozen=True)
class Evaluation:
    report: str
    classes: tuple[Score, ...]
    links: tuple[Score, ...]
    missed: tuple[str, ...]
    spurious: tuple[str, ...]


def _names(item: dict[str, Any]) -> set[str]:
    return {norm_name(n) for n in [item["name"], *(item.get("alt") or [])] if n}


def _lines(spans: Iterable[Any]) -> set[int]:
    return {n for sp in spans for n in range(sp.start, sp.end + 1)}


def evaluate(gold: dict[str, Any], extraction: Any, *, report: str = "") -> Evaluation:
    """Compare one report's extraction with its gold annotations."""
    mapping: dict[str, str] = {}  # gold id -> predicted key
    class_scores: list[Score] = []
    missed: list[str] = []
    spurious: list[str] = []
    for cls in CLASSES:
        gold_items = (gold.get("entities") or {}).get(cls) or []
        predicted = [e for e in extraction.entities if e.cls == cls]
        pairs: list[tuple[float, int, str]] = []
        for i, g in enumerate(gold_items):
            gnames, glines = _names(g), set(g.get("lines") or [])
            gwords = {w for n in gnames for w in n.split()}
            for e in predicted:
                pnames = {norm_name(n) for n in (e.label, *e.alt)}
                if gnames & pnames:
                    score = 3.0
                elif cls in LINE_MATCHED and glines & _lines(e.spans):
                    pwords = {w for n in pnames for w in n.split()}
                    score = 1.0 + len(gwords & pwords) / max(1, len(gwords | pwords))
                else:
                    continue
                pairs.append((score, i, e.key))
        used: set[str] = set()
        matched: set[int] = set()
        for _, i, key in sorted(pairs, key=lambda x: -x[0]):
            if i in matched or key in used:
                continue
            matched.add(i)
            used.add(key)
            mapping[gold_items[i]["id"]] = key
        missed.extend(f"{cls}: {g['name']}" for i, g in enumerate(gold_items) if i not in matched)
        spurious.extend(f"{cls}: {e.label}" for e in predicted if e.key not in used)
        # a predicted entity that names a gold entity already matched is a duplicate: wrong
        class_scores.append(Score(cls, len(gold_items), len(predicted), len(used), len(used)))
    link_scores: list[Score] = []
    gold_links = gold.get("links") or []
    predicates = sorted({g["p"] for g in gold_links} | {link.p for link in extraction.links})
    predicted_links = {(link.s, link.p, link.o) for link in extraction.links}
    for p in predicates:
        gl = [g for g in gold_links if g["p"] == p]
        want = {(mapping.get(g["s"]), p, mapping.get(g["o"])) for g in gl}
        found = [g for g in gl if (mapping.get(g["s"]), p, mapping.get(g["o"])) in predicted_links]
        missed.extend(f"link {g['s']} {p} {g['o']}" for g in gl if g not in found)
        pl = {t for t in predicted_links if t[1] == p}
        right = pl & want
        spurious.extend(f"link {s} {p} {o}" for s, _, o in sorted(pl - want))
        link_scores.append(Score(p, len(gl), len(pl), len(found), len(right)))
    return Evaluation(
        report, tuple(class_scores), tuple(link_scores), tuple(missed), tuple(spurious)
    )


def load_gold(path: str | Path) -> Any:
    """The YAML of a gold file (an extraction gold file is a mapping naming its ``report``)."""
    return yaml.safe_load(Path(path).read_text("utf-8"))


def total(scores: Sequence[Score], name: str) -> Score:
    return Score(
        name,
        sum(s.gold for s in scores),
        sum(s.predicted for s in scores),
        sum(s.true_positives_gold for s in scores),
        sum(s.true_positives_pred for s in scores),
    )


def format_scores(title: str, scores: Sequence[Score]) -> str:
    rows = [f"{title:28} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>9}"]
    for s in [*scores, total(scores, "all")]:
        rows.append(
            f"{s.name:28} {s.gold:>5} {s.predicted:>6} {s.recall:>7.2f} {s.precision:>9.2f}"
        )
    return "\n".join(rows)
