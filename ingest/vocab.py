"""Recognising framework names and grade wordings through the SKOS schemes in ontology/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ontology import SCHEME, concept_labels

from .rules import norm

_DASHES = re.compile(r"\s+[–—-]\s+")
FRAMEWORK_SCHEME = SCHEME["frameworks"]
GRADE_SCHEMES = (SCHEME["grades-four-point"], SCHEME["grades-standard"])


@dataclass(frozen=True)
class Vocabulary:
    frameworks: dict[str, str]  # normalised label -> concept IRI
    grades: dict[str, str]
    grade_pattern: re.Pattern[str]  # any grade wording, longest first

    def framework(self, text: str) -> str | None:
        """The framework a heading names: the whole, or either side of a dash
        ("Protecting Vulnerable People – Child Abuse" → child abuse)."""
        key = norm(text)
        if key in self.frameworks:
            return self.frameworks[key]
        parts = _DASHES.split(text.strip())
        if len(parts) == 2:
            for part in reversed(parts):
                hit = self.frameworks.get(norm(part))
                if hit:
                    return hit
        return None

    def grade(self, text: str) -> str | None:
        return self.grades.get(norm(text))


@cache
def vocabulary() -> Vocabulary:
    frameworks = {norm(k): str(v) for k, v in concept_labels(FRAMEWORK_SCHEME).items()}
    grades: dict[str, str] = {}
    for scheme in GRADE_SCHEMES:
        grades.update({norm(k): str(v) for k, v in concept_labels(scheme).items()})
    alternatives = sorted(grades, key=len, reverse=True)
    pattern = re.compile(
        r"(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alternatives) + r")\.?",
        re.IGNORECASE,
    )
    return Vocabulary(frameworks=frameworks, grades=grades, grade_pattern=pattern)
