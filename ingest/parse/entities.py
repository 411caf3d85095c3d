"""The things a report talks about, and the links between them.

Forces, regions, units, partner agencies, partnerships, operations, organised
crime groups, information systems and collaboration agreements are found in
the report's sentences by name (the gazetteer in ``gazetteer/organisations.yaml``
and the reference list of forces), by the report's own glossary (an acronym
whose expansion ends in "unit", "system", "board" …) and by a few phrase
patterns ("Operation Lucky (2006), involving all East Midlands forces, …").
Every mention and every link keeps the lines it was read from.

Pure: text in, :class:`Extraction` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from ..forces import ForceIndex
from ..mint import slug
from ..model import GlossaryEntry, Span
from ..regexes import by_first_char, required_text
from ..yamlfiles import gazetteer_file
from .text import Sentence

FORCE, REGION, UNIT, AGENCY, PARTNERSHIP = (
    "PoliceForce",
    "PolicingRegion",
    "Unit",
    "PartnerAgency",
    "Partnership",
)
OPERATION, OCG, SYSTEM, AGREEMENT = (
    "Operation",
    "OrganisedCrimeGroup",
    "InformationSystem",
    "CollaborationAgreement",
)
PREFIX = {
    FORCE: "force",
    REGION: "region",
    UNIT: "unit",
    AGENCY: "agency",
    PARTNERSHIP: "partnership",
    OPERATION: "operation",
    OCG: "ocg",
    SYSTEM: "system",
    AGREEMENT: "agreement",
}
_SECTION_OF = {"agencies": AGENCY, "partnerships": PARTNERSHIP, "units": UNIT, "systems": SYSTEM}
ORG_CLASSES = (FORCE, UNIT, AGENCY, PARTNERSHIP)

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUM = r"(\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"
_OUTCOMES = (
    ("arrests", re.compile(rf"\b{_NUM}\s+arrests?\b|\barrest of {_NUM}\b", re.I)),
    ("convictions", re.compile(rf"\b{_NUM}\s+convictions?\b", re.I)),
    (
        "charged",
        re.compile(
            rf"\b{_NUM}\s+(?:offenders|persons|people|suspects)?\s*(?:being\s+)?charged\b", re.I
        ),
    ),
    ("valueRecovered", re.compile(r"\brecovery of £\s?(\d[\d,.]*)(?:-|\s)?(million|m)?", re.I)),
    (
        "valueRecovered",
        re.compile(
            r"£\s?(\d[\d,.]*)(?:-|\s)?(million|m)?(?:-worth)?\s+(?:of\s+)?(?:property|cash|assets|vehicles)?[^.;]{0,20}?\b(?:recover|seiz)",
            re.I,
        ),
    ),
)
_OPERATION = re.compile(
    r"\b(?:Operation|Exercise)\s+(?P<name>[A-Z][A-Za-z0-9]+(?:\s+(?!(?:In|The|And|Of|To|For|Was|Is)\b)[A-Z][a-z]+)?)"
)
_OPERATION_WORDS = ("Operation", "Exercise")  # one is in every match of _OPERATION


@lru_cache(maxsize=4)
def _operation_matches(text: str) -> tuple[re.Match[str], ...]:
    """``_OPERATION``'s matches in a sentence (read twice for each: its names, then what is
    said of each operation); searched only where one of its words is, since Python's regex
    engine tries the alternation at every character."""
    if not any(word in text for word in _OPERATION_WORDS):
        return ()
    return tuple(_OPERATION.finditer(text))


_YEAR_AFTER = re.compile(r"^\s*\((?:[A-Z][a-z]+\s+)?(?P<year>(?:19|20)\d\d)\)")
_YEAR_IN = re.compile(
    r"\b(?:in|In|during|launched in)\s+(?:[A-Z][a-z]+\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_ABOUT = re.compile(
    r"^\s*(?:\((?P<paren>(?![A-Z][a-z]+\s+\d{4}\)|\d{4}\))[^)]{4,120})\)"
    r"|,\s*(?P<appos>(?:a|an|the)\s[^,;]{4,100}|tackling\s[^,;]{4,100})(?:,|$)"
    r"|\s+which\s+was\s+(?P<which>(?:a|an)\s[^,;.]{4,100})"
    r"|\s+(?P<verb>concerning|targeting|tackling|to deal with|to dismantle)\s(?P<obj>[^,;.]{4,100}))"
)
_OCG = re.compile(
    r"\b(?:an?\s+)?(?:OCG|organised crime group|gang)\b(?P<rest>\s+(?:that|which|supplying|involved in|targeting)[^,;.]{0,80})?",
    re.I,
)
_THIS_OPERATION = re.compile(r"^(?:The|This|It)\b(?:[\w\s-]{0,30}\boperation\b)?", re.I)
_REGION_FORCES = re.compile(
    r"(?:\b(?:all|the|five|four|other)\s+(?:\w+\s+)?)?\b(?P<region>{regions})\s+(?:regional\s+|region\s+|police\s+)?forces\b"
    r"|\bfive-force\s+\((?P<region2>{regions})\s+region\)",
)
_MSF = re.compile(
    r"(?:most similar force|MSF)[^.]*?group for (?P<force>[A-Z][A-Za-z ]+?) is (?P<list>[^.]+)",
    re.I,
)
_MSF_WORDS = ("group for",)  # in every match, casefolded
_POLICE_AUTHORITY = re.compile(
    r"\b(?:police authority|Police Authority)\b(?:\s*\(PA\))?|\bthe PA\b"
)
_POLICE_AUTHORITY_WORDS = ("uthority", "the PA")  # one is in every match
_AGREEMENT_TRIGGER = re.compile(
    r"\b(?P<kind>memorand(?:um|a) of understanding|MoUs?|(?:formal |written |formal written |information-sharing |joint )*protocols?|service level agreements?|SLAs?|collaborative (?:agreements?|arrangements?))\b",
    re.I,
)
# Each match of _AGREEMENT_TRIGGER holds one of these once the text is casefolded (no word with
# an "i", which the regex engine's IGNORECASE also matches to a dotless "ı" that casefold keeps):
# a sentence without one need not be searched.
_AGREEMENT_WORDS = ("memorand", "mou", "protocol", "level agreement", "sla", "collaborat")
_SYSTEM_USE = re.compile(
    r"\b(?:us(?:e|es|ed|ing)|access(?:es|ed|ible)?|search(?:es|ed|able)?|host(?:s|ed)|input|record|activate)\b",
    re.I,
)
_SYSTEM_LINK = re.compile(
    r"\b(?:links?|linked|integrated|searchable from|via|filtered (?:directly )?into|feeds into|migrated to|transfer)\b",
    re.I,
)
# Named agreements that are standing regional units, and so take part in operations.
_REGIONAL_UNITS = {
    "agreement/emsou",
    "agreement/emricc",
    "agreement/em-foreign-national-and-immigration-crime-unit",
}
_CONTRIBUTES = re.compile(
    r"\b(?:contribut\w*|participat\w*|member of|part of|leads?|committed to)\b"
)
_REVERSED_CUES = {
    "via",
    "migrated to",
    "searchable from",
    "filtered into",
    "filtered directly into",
}
_FORCE_WORD = re.compile(r"\b(?:the force|the Force|the Constabulary|force-wide|in force)\b")


@dataclass(frozen=True)
class Entity:
    cls: str
    key: str  # "agency/soca": the IRI path under id:
    label: str
    alt: tuple[str, ...]
    spans: tuple[Span, ...]
    facts: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Link:
    s: str
    p: str  # involves, targets, unitOf, inRegion, mostSimilarForce, party, usesSystem, linksSystem
    o: str
    span: Span


@dataclass(frozen=True)
class Extraction:
    entities: tuple[Entity, ...]
    links: tuple[Link, ...]

    def of(self, cls: str) -> list[Entity]:
        return [e for e in self.entities if e.cls == cls]


@dataclass(frozen=True)
class _Name:
    cls: str
    key: str
    label: str
    force: str | None = None  # units of another force


@dataclass
class _Builder:
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[tuple[str, str, str], Span] = field(default_factory=dict)
    force_labels: dict[str, str] = field(default_factory=dict)
    region_forces: set[str] = field(default_factory=set)  # forces counted in a region phrase
    region_phrases: list[tuple[Span, str]] = field(default_factory=list)

    def mention(
        self, cls: str, key: str, label: str, span: Span, *, alt: Iterable[str] = ()
    ) -> None:
        e = self.entities.setdefault(
            key, {"cls": cls, "label": label, "alt": set(), "spans": [], "facts": {}}
        )
        e["alt"].update(a for a in alt if a and a != e["label"])
        if span not in e["spans"]:
            e["spans"].append(span)

    def fact(self, key: str, name: str, value: Any) -> None:
        if key in self.entities:
            self.entities[key]["facts"].setdefault(name, value)

    def link(self, s: str, p: str, o: str, span: Span) -> None:
        """Link two entities; a force known only from a region phrase becomes an entity here."""
        for key in (s, o):
            if key not in self.entities and key in self.region_forces:
                self.mention(FORCE, key, self.force_labels[key], span)
        if s != o and s in self.entities and o in self.entities:
            self.links.setdefault((s, p, o), span)

    def build(self) -> Extraction:
        entities = tuple(
            Entity(
                cls=e["cls"],
                key=key,
                label=e["label"],
                alt=tuple(sorted(e["alt"] - {e["label"]})),
                spans=tuple(sorted(e["spans"])),
                facts=tuple(sorted(e["facts"].items())),
            )
            for key, e in sorted(self.entities.items())
        )
        links = tuple(Link(s, p, o, span) for (s, p, o), span in sorted(self.links.items()))
        return Extraction(entities, links)


@cache
def gazetteer() -> dict[str, Any]:
    data: dict[str, Any] = gazetteer_file("organisations.yaml")
    return data


class NameIndex:
    """Every name an organisation or system goes by, compiled to two regexes."""

    def __init__(
        self, forces: ForceIndex, glossary: Sequence[GlossaryEntry], inspected: str
    ) -> None:
        data = gazetteer()
        self.names: dict[str, _Name] = {}  # exact surface (acronyms) or casefolded (names)
        self.acronyms: set[str] = set()
        self.labels: dict[str, tuple[str, str, list[str]]] = {}  # key -> (cls, label, alts)
        skip = set(data["not_organisations"])
        self.region_names = sorted(
            {r.region for r in _force_regions(forces)} - set(data["not_regions"]),
            key=len,
            reverse=True,
        )
        by_acronym: dict[str, _Name] = {}
        self.glossary_hits: list[tuple[_Name, GlossaryEntry]] = []
        for section, cls in _SECTION_OF.items():
            for entry in data[section]:
                force = entry.get("force")
                key = (
                    f"{PREFIX[cls]}/{force or inspected}/{entry['id']}"
                    if cls == UNIT
                    else f"{PREFIX[cls]}/{entry['id']}"
                )
                self._add(
                    cls,
                    key,
                    entry["name"],
                    entry.get("alt", []),
                    force=force,
                    by_acronym=by_acronym,
                )
        for entry in data["agreements"]:
            key = f"{PREFIX[AGREEMENT]}/{entry['id']}"
            self._add(AGREEMENT, key, entry["name"], entry.get("alt", []), by_acronym=by_acronym)
        # the report's own glossary: known acronyms gain their expansion; unknown ones are classified by cue words
        cues = {cls: set(data["cues"][section]) for section, cls in _SECTION_OF.items()}
        multi = tuple(data["multi_agency_prefixes"])
        not_cues = set(data["not_cues"])
        for entry in glossary:
            acr = entry.acronym
            if acr in skip or not_cues & set(entry.expansion.casefold().split()):
                continue
            known = by_acronym.get(acr)
            if known is not None:
                self._alias(known, entry.expansion)
                self.glossary_hits.append((known, entry))
                continue
            cls = _classify(entry.expansion, cues, multi)
            if cls is None:
                continue
            ident = slug(acr)
            key = f"{PREFIX[cls]}/{inspected}/{ident}" if cls == UNIT else f"{PREFIX[cls]}/{ident}"
            self._add(cls, key, entry.expansion, [acr], by_acronym=by_acronym)
            self.glossary_hits.append((by_acronym[acr], entry))
        for f in forces.forces:
            key = f"{PREFIX[FORCE]}/{f.slug}"
            self.labels[key] = (FORCE, f.name, list(f.names))
            for n in f.names:
                if n not in data["not_regions"]:
                    self.names[n.casefold()] = _Name(FORCE, key, f.name)
            if (
                f.short_name not in self.region_names
                and f.short_name not in data["not_regions"]
                and len(f.short_name) > 3
            ):
                self.names.setdefault(f.short_name.casefold(), _Name(FORCE, key, f.name))
        for r in self.region_names:
            key = f"{PREFIX[REGION]}/{slug(r)}"
            self.labels[key] = (REGION, r, [])
            self.names.setdefault(r.casefold(), _Name(REGION, key, r))
        alternation = "|".join(re.escape(r) for r in self.region_names)
        self.region_forces_re = re.compile(_REGION_FORCES.pattern.format(regions=alternation))
        self.region_context = re.compile(
            r"^[\s-]*(?:region|regional|forces|force|police\s+forces)\b", re.I
        )
        self.pa_names = tuple(data["police_authority"])
        self.forces = forces
        self.inspected = inspected
        # each with the pieces of text every match contains: a sentence without them is skipped
        self.patterns = [
            (p["class"], re.compile(p["regex"]), required_text(p["regex"]))
            for p in data["patterns"]
        ]
        self.bcu = re.compile(data["bcu"]["regex"])
        self.bcu_needs = required_text(data["bcu"]["regex"])
        self.bcu_not = set(data["bcu"]["not_names"])
        self.pattern_not_first = {
            "Trusts",
            "Trust",
            "The",
            "And",
            "Councils",
            "Other",
            "All",
            "Local",
        }
        surface = sorted(self.names, key=len, reverse=True)
        self.name_re = re.compile(
            r"(?<![\w-])(?:"
            + by_first_char(
                [(s, re.escape(s).replace(r"\ ", r"\s+")) for s in surface], ignore_case=True
            )
            + r")(?![\w-])",
            re.I,
        )
        self.acronym_re = re.compile(
            r"(?<![\w-])(?P<acr>"
            + by_first_char(
                [(a, re.escape(a)) for a in sorted(self.acronyms, key=len, reverse=True)],
                ignore_case=False,
            )
            + r")s?(?![\w-])"
        )

    def _add(
        self,
        cls: str,
        key: str,
        label: str,
        alts: Iterable[str],
        *,
        force: str | None = None,
        by_acronym: dict[str, _Name],
    ) -> None:
        name = _Name(cls, key, label, force)
        self.labels.setdefault(key, (cls, label, []))
        for surface in (label, *alts):
            if _is_acronym(surface):
                self.acronyms.add(surface)
                by_acronym.setdefault(surface, name)
                self.names.setdefault(f"\x00{surface}", name)
            else:
                self.names.setdefault(surface.casefold(), name)
            if surface != label:
                self.labels[key][2].append(surface)

    def _alias(self, name: _Name, expansion: str) -> None:
        self.names.setdefault(expansion.casefold(), name)
        self.labels[name.key][2].append(expansion)

    def lookup(self, surface: str, *, acronym: bool) -> _Name | None:
        if acronym:
            base = surface if surface in self.acronyms else surface[:-1]
            return self.names.get(f"\x00{base}")
        return self.names.get(" ".join(surface.split()).casefold())


@dataclass(frozen=True)
class _Region:
    region: str
    forces: tuple[str, ...]


def _force_regions(forces: ForceIndex) -> list[_Region]:
    from ontology.reference import force_rows

    regions: dict[str, list[str]] = {}
    for row in force_rows():
        if row["region"].strip() and "territorial" in row["force_type"]:
            regions.setdefault(row["region"].strip(), []).append(row["data_police_uk_id"])
    return [_Region(r, tuple(sorted(fs))) for r, fs in regions.items()]


def _is_acronym(s: str) -> bool:
    return " " not in s and sum(c.isupper() for c in s) >= 2 and len(s) <= 10


def _classify(expansion: str, cues: dict[str, set[str]], multi: tuple[str, ...]) -> str | None:
    words = expansion.replace(",", " ").split()
    if not words:
        return None
    last = (
        words[-1].casefold().rstrip("s")
        if words[-1].casefold() not in ("arrangements",)
        else "arrangements"
    )
    low = expansion.casefold()
    if re.match(r"(?i)^department (?:for|of)\b", expansion) or re.search(
        r"(?i)\bagency\b", expansion
    ):
        return AGENCY
    for cls in (SYSTEM, UNIT, PARTNERSHIP, AGENCY):
        if last in cues[cls] or words[-1].casefold() in cues[cls]:
            if cls == UNIT and low.startswith(multi):
                return PARTNERSHIP
            return cls
    return None


_NOT_A_FORCE_AFTER = re.compile(
    r"^\s+(?:County|City|Borough|District|Fire|and Rutland|Partnership|International|History|Healthcare|Council|University|Local|Probation|Police Authority)",
)


def extract(
    sentences: Sequence[Sentence],
    glossary: Sequence[GlossaryEntry],
    *,
    inspected: str,
    forces: ForceIndex,
    inspected_span: Span | None = None,
) -> Extraction:
    """Find the entities and links of one report. ``inspected_span`` is where the
    report names the force it inspects (its title, or its first mention)."""
    index = NameIndex(forces, glossary, inspected)
    regions = {r.region: r.forces for r in _force_regions(forces)}
    inspected_key = f"force/{inspected}"
    b = _Builder(force_labels={k: v[1] for k, v in index.labels.items() if k.startswith("force/")})
    if inspected_span is not None:
        b.mention(FORCE, inspected_key, index.labels[inspected_key][1], inspected_span)
    for i, s in enumerate(sentences):
        hits = _find(s, index)
        orgs = [h for h in hits if h[0].cls in ORG_CLASSES or h[0].key in _REGIONAL_UNITS]
        for name, start, end, surface in hits:
            if name.cls == OPERATION:
                continue  # read with what is said about it, below
            _, lab, al = index.labels[name.key]
            b.mention(
                name.cls,
                name.key,
                lab,
                s.span_of(start, end),
                alt=[*al]
                if name.cls != FORCE
                else [surface]
                if surface.casefold() != lab.casefold()
                else [],
            )
            if name.force:
                fkey = f"force/{name.force}"
                _, flab, _ = index.labels[fkey]
                b.mention(FORCE, fkey, flab, s.span_of(start, end))
        region_forces = _region_forces(s, regions, index, b)
        _police_authority(s, index, b, inspected, forces)
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        _operations(s, b, orgs, region_forces, inspected_key, index, following)
        _agreements(s, b, hits, region_forces, inspected_key)
        _systems(s, b, hits, inspected_key)
        _most_similar(s, b, index)
    for name, entry in index.glossary_hits:
        _, lab, al = index.labels[name.key]
        b.mention(name.cls, name.key, lab, entry.span, alt=al)
    _named_agreement_parties(b, regions, sentences)
    for key, e in list(b.entities.items()):
        if e["cls"] == UNIT:
            owner = key.split("/")[1]
            b.mention(
                FORCE, f"force/{owner}", index.labels[f"force/{owner}"][1], e["spans"][0]
            ) if f"force/{owner}" not in b.entities else None
            b.link(key, "unitOf", f"force/{owner}", e["spans"][0])
    _merge_bcus(b)
    _regions_of_forces(b, sentences, index, regions)
    return b.build()


def _find(s: Sentence, index: NameIndex) -> list[tuple[_Name, int, int, str]]:
    """Named things in a sentence, longest match first, no overlaps."""
    found: list[tuple[int, int, _Name, str]] = []
    for m in index.name_re.finditer(s.text):
        name = index.lookup(m.group(0), acronym=False)
        if name is None:
            continue
        if name.cls == FORCE and _place_not_force(index, name, m, s.text):
            continue
        if name.cls == REGION and not index.region_context.match(s.text[m.end() :]):
            continue  # "East Midlands International Airport": a place, not the policing region
        found.append((m.start(), m.end(), name, m.group(0)))
    for m in index.acronym_re.finditer(s.text):
        name = index.lookup(m.group(0), acronym=True)
        if name is not None:
            found.append((m.start(), m.end(), name, m.group(0)))
    for cls, pattern, needs in index.patterns:
        if not all(x in s.text for x in needs):
            continue
        for m in pattern.finditer(s.text):
            name = " ".join(m.group(0).split())
            if name.split()[0] in index.pattern_not_first:
                continue
            key = f"{PREFIX[cls]}/{slug(name)}"
            index.labels.setdefault(key, (cls, name, []))
            found.append((m.start(), m.end(), _Name(cls, key, name), m.group(0)))
    bcus = index.bcu.finditer(s.text) if all(x in s.text for x in index.bcu_needs) else ()
    for m in bcus:
        names = [n.strip() for n in re.split(r"\s+and\s+", m.group("names"))]
        first = names[0].split()
        if first[0] in index.bcu_not:
            if len(first) == 1:
                continue
            names[0] = " ".join(first[1:])
        for n in names:
            label = f"{n} BCU"
            key = f"unit/{index.inspected}/{slug(label)}"
            index.labels.setdefault(key, (UNIT, label, []))
            found.append((m.start(), m.end(), _Name(UNIT, key, label), m.group(0)))
    for m in _operation_matches(s.text):
        op = m.group("name")
        key = f"operation/{slug(op)}"
        found.append((m.start(), m.end(), _Name(OPERATION, key, f"Operation {op}"), m.group(0)))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[_Name, int, int, str]] = []
    last_end = -1
    last_start = -1
    for start, end, name, surface in found:
        if start >= last_end or (start == last_start and end == last_end and name.cls == UNIT):
            out.append((name, start, end, surface))
            last_start, last_end = start, end
    return out


def _place_not_force(index: NameIndex, name: _Name, m: re.Match[str], text: str) -> bool:
    """A short name ("Derbyshire") that names a council, a county or a place, not the force."""
    _, label, alts = index.labels[name.key]
    if m.group(0).casefold() in {n.casefold() for n in (label, *alts)}:
        return False  # a full name: "Derbyshire Constabulary"
    return bool(_NOT_A_FORCE_AFTER.match(text[m.end() :])) or _county_sense(
        text, m.start(), m.end()
    )


def _county_sense(text: str, start: int, end: int) -> bool:
    """ "Leicestershire is a mid-sized county", "in Leicestershire": the place, not the force."""
    after = text[end : end + 40]
    before = text[max(0, start - 12) : start]
    return bool(
        re.match(r"^\s+(?:is a|has a|has good|was ranked|covers)\b", after)
        or (
            re.search(r"\b(?:in|of|for|within|across|at|bound for)\s+$", before)
            and not re.match(r"^\s+(?:Police|Constabulary|force)", after)
        )
    )


def _region_forces(
    s: Sentence, regions: dict[str, tuple[str, ...]], index: NameIndex, b: _Builder
) -> list[str]:
    """ "involving all East Midlands forces" → the force keys of that region."""
    out: list[str] = []
    if index.region_names and not any(r in s.text for r in index.region_names):
        return out  # the pattern needs a region's name: most sentences have none
    for m in index.region_forces_re.finditer(s.text):
        region = m.group("region") or m.group("region2")
        span = s.span_of(m.start(), m.end())
        for fslug in regions.get(region, ()):
            out.append(f"force/{fslug}")
            b.region_forces.add(f"force/{fslug}")
        b.region_phrases.append((span, region))
        rkey = f"region/{slug(region)}"
        b.mention(REGION, rkey, region, span)
    return out


def _police_authority(
    s: Sentence, index: NameIndex, b: _Builder, inspected: str, forces: ForceIndex
) -> None:
    if not any(word in s.text for word in _POLICE_AUTHORITY_WORDS):
        return  # (a quicker test than the search)
    m = _POLICE_AUTHORITY.search(s.text)
    if not m:
        return
    short = next((f.short_name for f in forces.forces if f.slug == inspected), inspected.title())
    key = f"agency/{inspected}-police-authority"
    b.mention(
        AGENCY,
        key,
        f"{short} Police Authority",
        s.span_of(m.start(), m.end()),
        alt=["police authority", "PA"],
    )


def _operations(
    s: Sentence,
    b: _Builder,
    orgs: list[tuple[_Name, int, int, str]],
    region_forces: list[str],
    inspected_key: str,
    index: NameIndex,
    following: Sentence | None = None,
) -> None:
    ops = _operation_matches(s.text)
    for i, m in enumerate(ops):
        name = m.group("name")
        key = f"operation/{slug(name)}"
        span = s.span_of(m.start(), m.end())
        b.mention(OPERATION, key, f"Operation {name}", span)
        # what it says about the operation runs to the next operation named
        end = ops[i + 1].start() if i + 1 < len(ops) else len(s.text)
        clause = s.text[m.end() : end]
        if (y := _YEAR_AFTER.match(clause)) or (y := _YEAR_IN.search(s.text[: m.start()] + clause)):
            b.fact(key, "year", int(y.group("year")))
        about = _ABOUT.match(re.sub(r"^\s*\((?:[A-Z][a-z]+\s+)?\d{4}\)", "", clause))
        if about:
            text = (
                about.group("paren")
                or about.group("appos")
                or about.group("which")
                or f"{about.group('verb')} {about.group('obj')}"
            )
            b.fact(key, "about", " ".join(text.split()).rstrip(".,;"))
        # "… Operation Bling2 was launched … The eight-day operation resulted in the arrest of 24 persons"
        said_next = (
            following.text
            if following is not None
            and following.paragraph == s.paragraph
            and i + 1 == len(ops)
            and _THIS_OPERATION.match(following.text)
            else ""
        )
        for outcome, pattern in _OUTCOMES:
            om = pattern.search(clause) or pattern.search(said_next)
            if om:
                b.fact(key, outcome, _number(om))
        # who took part: every organisation named in its clause, the region's forces, the force itself
        participants = {
            n.key for n, start, _, _ in orgs if m.start() <= start < end or (len(ops) == 1)
        }
        participants.update(region_forces)
        participants.add(inspected_key)
        for p in sorted(participants):
            b.link(key, "involves", p, span)
        ocg = _OCG.search(clause)
        if ocg:
            okey = f"ocg/{slug(name)}"
            what = (ocg.group("rest") or "").strip()
            b.mention(
                OCG,
                okey,
                f"OCG targeted by Operation {name}",
                s.span_of(m.end() + ocg.start(), m.end() + ocg.end()),
            )
            if what:
                b.fact(okey, "about", what)
            b.link(key, "targets", okey, span)
    if not ops:
        # "an 18 month operation targeting a gang supplying heroin": a group with no named operation
        m = re.search(
            r"\boperation targeting (?:a|an) (?P<what>(?:gang|OCG|organised crime group)[^,;.]{0,80})",
            s.text,
        )
        if m:
            what = " ".join(m.group("what").split())
            b.mention(
                OCG, f"ocg/{slug(what)[:60]}", what, s.span_of(m.start("what"), m.end("what"))
            )


def _number(m: re.Match[str]) -> int:
    raw = next(g for g in m.groups() if g)
    raw = raw.replace(",", "")
    if raw.casefold() in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw.casefold()]
    value = float(raw)
    tail = m.group(0).casefold()
    if "million" in tail or re.search(r"\dm\b", tail):
        value *= 1_000_000
    return int(value)


_UNNAMED_PARTNERS = re.compile(
    r"\bwith\s+(?P<who>(?:its\s+|the\s+)?(?:other|neighbouring|regional|multi-agency|partner|key)?\s*(?:forces|partners|partner agencies|agencies))\b"
)
_NAMELY = re.compile(r"^[^.]{0,160}?\bnamely\s+(?:the\s+)?$")


def _agreements(
    s: Sentence,
    b: _Builder,
    hits: list[tuple[_Name, int, int, str]],
    region_forces: list[str],
    inspected_key: str,
) -> None:
    """An agreement named in the gazetteer, or one a trigger phrase introduces
    ("Memoranda of understanding exist between the force and the DWP")."""
    if _FORCE_WORD.search(s.text) and _CONTRIBUTES.search(s.text):
        # "the force is committed to … regional … assets, namely the East Midlands special operations unit"
        for name, start, end, _ in hits:
            if name.key in _REGIONAL_UNITS:
                b.link(name.key, "party", inspected_key, s.span_of(start, end))
    folded = s.text.casefold()
    if not any(word in folded for word in _AGREEMENT_WORDS):
        return
    trig = _AGREEMENT_TRIGGER.search(s.text)
    if not trig:
        return
    named = [h for h in hits if h[0].cls == AGREEMENT]
    # "a further protocol … between the five East Midlands regional forces, namely the EMRICC"
    for name, start, end, _ in named:
        if start > trig.end() and _NAMELY.match(s.text[trig.end() : start]):
            span = s.span_of(trig.start(), end)
            for p in region_forces:
                b.link(name.key, "party", p, span)
            return
    unnamed = _UNNAMED_PARTNERS.search(s.text, trig.end())
    if not re.search(r"\b(?:with|between)\b", s.text[trig.start() :]):
        return  # "against service level agreements (SLAs)": no parties said
    orgs = [h[0].key for h in hits if h[0].cls in ORG_CLASSES]
    parties = sorted({*orgs, *region_forces, *(h[0].key for h in named)})
    others = [p for p in parties if p != inspected_key]
    if not others and not unnamed:
        return  # "protocols are in place": nobody named, nothing to link
    if _FORCE_WORD.search(s.text) or not any(p.startswith("force/") for p in parties):
        parties = sorted({*parties, inspected_key})
    kind = trig.group("kind").casefold()
    if kind.startswith(("memorand", "mou")):
        kind_name, kind_slug = "Memorandum of understanding", "mou"
    elif kind.startswith(("sla", "service level")):
        kind_name, kind_slug = "Service level agreement", "sla"
    elif kind.startswith("collaborative"):
        kind_name, kind_slug = "Collaborative agreement", "collaborative-agreement"
    else:
        kind_name, kind_slug = "Protocol", "protocol"
    subject = re.search(
        r"\b(?:concerning|on|for|to formalise)\s+(?:the\s+)?(?P<subj>[a-z][^,;.]{3,60})",
        s.text[trig.end() :],
    )
    region_name = None
    if region_forces and set(region_forces) <= set(parties):
        region_name = next(
            (e["label"] for k, e in b.entities.items() if k.startswith("region/")), None
        )
    shown = [p for p in others if not (region_name and p in region_forces)]
    names = [b.entities[p]["label"] for p in shown[:3] if p in b.entities]
    if region_name:
        names.append(f"the {region_name} forces")
    if not names and unnamed:
        names.append(unnamed.group("who"))
    label = f"{kind_name} with {' and '.join(names)}" + (
        f" on {subject.group('subj').strip()}" if subject else ""
    )
    ident = "-".join(p.split("/")[-1] for p in (shown or others)[:4])
    if not ident:  # "regional protocols with other forces on firearms training …"
        ident = slug(
            f"{unnamed.group('who') if unnamed else ''} {subject.group('subj') if subject else ''}"
        )[:60]
    key = f"agreement/{kind_slug}-{ident}"
    span = s.span_of(trig.start(), trig.end())
    b.mention(AGREEMENT, key, label, span)
    for p in parties:
        b.link(key, "party", p, span)


def _named_agreement_parties(
    b: _Builder, regions: dict[str, tuple[str, ...]], sentences: Sequence[Sentence]
) -> None:
    """Parties the gazetteer knows for a named agreement ("EMSOU": the East Midlands
    forces), linked where the report names them next to a mention of it: in the
    same or the next sentence, outside the agreement's own name."""
    by_key = {f"agreement/{e['id']}": e for e in gazetteer()["agreements"]}
    for key, e in list(b.entities.items()):
        entry = by_key.get(key)
        if entry is None:
            continue
        names = [entry["name"], *entry.get("alt", [])]
        for i, s in enumerate(sentences):
            if not any(s.span.start <= sp.start and sp.end <= s.span.end for sp in e["spans"]):
                continue
            window = " ".join(x.text for x in sentences[i : i + 2])
            for n in sorted(names, key=len, reverse=True):
                window = re.sub(re.escape(n), " ", window, flags=re.I)
            for party in entry.get("parties", []):
                if party.startswith("region:"):
                    region = party.split(":", 1)[1]
                    if region not in window:
                        continue
                    for fslug in regions.get(region, ()):
                        b.link(key, "party", f"force/{fslug}", s.span)
                else:
                    for prefix in ("force", "agency", "partnership"):
                        pkey = f"{prefix}/{party}"
                        if pkey in b.entities and any(
                            n.casefold() in window.casefold()
                            for n in [b.entities[pkey]["label"], *b.entities[pkey]["alt"]]
                        ):
                            b.link(key, "party", pkey, s.span)
                            break
        if entry.get("area"):
            b.fact(key, "protectiveServiceArea", entry["area"])


@cache
def _force_label(fslug: str) -> str:
    from ..forces import force_index

    return next(f.name for f in force_index().forces if f.slug == fslug)


def _systems(
    s: Sentence, b: _Builder, hits: list[tuple[_Name, int, int, str]], inspected_key: str
) -> None:
    systems = [h for h in hits if h[0].cls == SYSTEM]
    if not systems:
        return
    users = [h[0].key for h in hits if h[0].cls in (FORCE, UNIT, AGENCY)]
    if _SYSTEM_USE.search(s.text) or _FORCE_WORD.search(s.text) or not users:
        users = users or [inspected_key]
        for name, start, end, _ in systems:
            for u in users:
                b.link(u, "usesSystem", name.key, s.span_of(start, end))
    cue = _SYSTEM_LINK.search(s.text)
    if len(systems) >= 2 and cue:
        before = [h for h in systems if h[1] < cue.start()]
        after = [h for h in systems if h[1] >= cue.end()]
        if cue.group(0).casefold() in _REVERSED_CUES and before and after:
            # "CATS … can be accessed via GENIE", "SOCRATES has been migrated to SOCweb"
            hub, others = after[0], before
        else:
            hub, others = systems[0], systems[1:]
        for name, start, end, _ in others:
            if name.key != hub[0].key:
                b.link(hub[0].key, "linksSystem", name.key, s.span_of(start, end))


def _most_similar(s: Sentence, b: _Builder, index: NameIndex) -> None:
    folded = s.text.casefold()
    if not any(word in folded for word in _MSF_WORDS):
        return  # (a quicker test than the search)
    m = _MSF.search(s.text)
    if not m:
        return
    subject = index.lookup(m.group("force").strip(), acronym=False)
    if subject is None or subject.cls != FORCE:
        return
    span = s.span_of(m.start(), m.end())
    b.mention(FORCE, subject.key, index.labels[subject.key][1], span)
    for part in re.split(r",\s*|\s+and\s+", m.group("list")):
        other = index.lookup(part.strip(), acronym=False)
        if other is not None and other.cls == FORCE:
            b.mention(FORCE, other.key, index.labels[other.key][1], span)
            b.link(subject.key, "mostSimilarForce", other.key, span)


def _merge_bcus(b: _Builder) -> None:
    """ "Leicester City BCU" and "City BCU" are one unit: keep the shorter name, the longer as an alt."""
    bcus = {k: e for k, e in b.entities.items() if e["cls"] == UNIT and e["label"].endswith(" BCU")}
    for key, e in sorted(bcus.items(), key=lambda kv: -len(kv[1]["label"])):
        shorter = [
            k
            for k, o in bcus.items()
            if k != key and k in b.entities and e["label"].endswith(" " + o["label"])
        ]
        if not shorter:
            continue
        target = b.entities[shorter[0]]
        target["alt"].add(e["label"])
        target["spans"].extend(sp for sp in e["spans"] if sp not in target["spans"])
        del b.entities[key]
        for (s_, p, o), span in list(b.links.items()):
            if key in (s_, o):
                del b.links[(s_, p, o)]
                b.links.setdefault(
                    (shorter[0] if s_ == key else s_, p, shorter[0] if o == key else o), span
                )


def _regions_of_forces(
    b: _Builder,
    sentences: Sequence[Sentence],
    index: NameIndex,
    regions: dict[str, tuple[str, ...]],
) -> None:
    """A force is in a region where one paragraph names the region and the force or
    its county ("Leicestershire is a mid-sized county in the East Midlands region")."""
    member = {f"force/{f}": r for r, fs in regions.items() for f in fs}
    short = {f"force/{f.slug}": f.short_name for f in index.forces.forces}
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    # region -> the paragraphs that name it, in order, each with its first sentence that does
    naming: dict[str, list[tuple[list[Sentence], Sentence]]] = {}
    for key, e in list(b.entities.items()):
        region = member.get(key)
        rkey = f"region/{slug(region)}" if region else None
        if not region or e["cls"] != FORCE or rkey not in b.entities:
            continue
        if region not in naming:
            naming[region] = [
                (para, first)
                for para in by_paragraph.values()
                if (first := next((x for x in para if region in x.text), None)) is not None
            ]
        name = re.compile(rf"\b{re.escape(short[key])}\b")
        for para, with_region in naming[region]:
            with_force = next((x for x in para if name.search(x.text)), None)
            if with_force is not None:
                b.link(key, "inRegion", rkey, with_force.span.union(with_region.span))
                break
