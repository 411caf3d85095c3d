"""Protective-service gaps, derived into a named graph of their own.

The rules are the ``derivations/construct-gaps-*.rq`` queries of the catalogue: from areas
for improvement and recommendations, from grades that fail or only just meet the standard,
and from regional work programmes; then the agreements that address each gap and where its
evidence was read (``hmic:evidenceLocation``); then one gap summary (``hmic:GapSummary``) per
protective-service area and theme, which the question ``shared-gaps`` reads. All of it lives
in the graph ``id:graph/gaps``.

A full derivation (:func:`derive_gaps` without ``changed``) derives the whole graph again from
everything the store holds: deriving twice leaves the same triples. After a few report graphs
are written, ``changed`` names them, each with :func:`gap_scope` as it was before the write,
and only the gaps those graphs can change are made again, with the gap summaries they are in:
the same graph as a full derivation (tests/queries/test_gaps.py compares the two), in a
fraction of the time. Every gap triple has the gap as subject, and every gap is a function of
its evidence (the findings, assessments and work programme items behind it) and of the
agreements of its force, so a gap can be made again on its own from its evidence. The gaps
made again are those with evidence the graphs describe (before the write and after), every
work-programme gap of the forces whose agreements they describe (catalogue query
``gap-scope``), and every gap of a force they name; the agreements that address gaps are read
again for all those forces. The summaries made again are those of the gaps made again, and
those of the gaps whose agreements changed or may have changed their names; what the other
gaps of a summary give it is read as it is, not made again.

An incremental derivation is exact only if the gaps graph was derived from the store as it
was before the writes. :func:`invalidate_gaps`, called before the first write, marks the graph
(``prov:invalidatedAtTime``); the derivation that follows removes the mark. A graph with any
other number of marks than one (a run that stopped between its writes and its derivation, or
writes made without a mark) gets a full derivation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node

from graph_store._sparql import inject_values
from ontology.namespace import HMIC

from . import _derived
from ._derived import PROV_INVALIDATED as PROV_INVALIDATED  # (tests, callers)
from .catalog import QuerySpec, catalog

GAPS_GRAPH = URIRef("https://w3id.org/hmickg/id/graph/gaps")
SUMMARY_NS = "https://w3id.org/hmickg/id/gap-summary/"
RULES = (
    "construct-gaps-from-findings",
    "construct-gaps-from-grades",
    "construct-gaps-from-programmes",
)
FINDINGS_RULE, GRADES_RULE, PROGRAMMES_RULE = RULES
# The findings rule shaped to start from bound reports (or forces), and from bound findings
# (binding the whole-store rule would not start from them; the grades rule starts from a
# bound ?report or ?a, and the programmes rule from a bound ?force, as they are).
REPORT_FINDINGS_RULE = "construct-force-gaps-from-findings"
EVIDENCE_FINDINGS_RULE = "construct-gaps-from-evidence-findings"
LINKS = (
    "construct-gaps-addressed-by-programme",
    "construct-gaps-addressed-in-area",
    "construct-gap-evidence-locations",
)
ADDRESSED_BY_PROGRAMME_RULE, ADDRESSED_IN_AREA_RULE, LOCATIONS_RULE = LINKS
LATER = (HMIC.evidenceLocation, HMIC.addressedBy)
"""The predicates of step 2 (rules that read the gaps graph)."""
MAX_FORCES = 12
"""Above this many forces to derive again, a derivation is a full one."""
SCOPE = "gap-scope"
EVIDENCE = "gaps-of-graph-evidence"
LABELS = "gap-summary-labels"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
OVERALL_GRADE = Literal("overall grade")
SEPARATOR = "; "

Triple = tuple[Node, Node, Node]


def invalidate_gaps(store: Any) -> bool:
    """Mark the gaps graph as out of date, before report graphs are written; False (and no
    mark) when the store has no gaps graph yet."""
    return _derived.invalidate(store, GAPS_GRAPH)


@dataclass(frozen=True)
class GapScope:
    """What a report graph stands for in the gaps graph (catalogue query ``gap-scope``, and
    ``gaps-of-graph-evidence`` before a graph is replaced or dropped)."""

    forces: frozenset[URIRef] = frozenset()
    """Every force whose gaps the graph can change."""
    whole: frozenset[URIRef] = frozenset()
    """Those every gap of which is made again: the graph names or types them."""
    reports: frozenset[URIRef] = frozenset()
    """The reports it describes: the gaps their findings and grades give are made again."""
    agreements: frozenset[URIRef] = frozenset()
    """The agreements it describes: the gaps they address are summed up again."""
    gaps: frozenset[URIRef] = frozenset()
    """The gaps whose evidence it describes (asked before it is replaced or dropped)."""

    def __or__(self, other: GapScope) -> GapScope:
        return GapScope(
            *(getattr(self, f.name) | getattr(other, f.name) for f in dataclasses.fields(GapScope))
        )

    @classmethod
    def of_forces(cls, forces: Iterable[URIRef]) -> GapScope:
        """Every gap of ``forces`` made again (as the scope a caller gives as a set of forces)."""
        whole = frozenset(forces)
        return cls(forces=whole, whole=whole)


def gap_scope(store: Any, graph: URIRef, *, evidence: bool = True) -> GapScope | None:
    """What ``graph`` stands for in the gaps graph (:class:`GapScope`), or None when it
    describes a concept of hmickg's schemes (only a full derivation is then exact). With
    ``evidence`` (before a write), also the gaps whose evidence it describes."""
    specs = catalog()
    forces: set[URIRef] = set()
    whole: set[URIRef] = set()
    reports: set[URIRef] = set()
    agreements: set[URIRef] = set()
    rows = store.query(specs[SCOPE].text, bindings={"graph": graph}).rows
    for force, vocabulary, is_whole, report, agreement in rows:
        if vocabulary is not None and vocabulary.toPython() is True:
            return None
        if isinstance(force, URIRef):
            forces.add(force)
            if is_whole is not None and is_whole.toPython() is True:
                whole.add(force)
        if isinstance(report, URIRef):
            reports.add(report)
        if isinstance(agreement, URIRef):
            agreements.add(agreement)
    gaps: set[URIRef] = set()
    if evidence:
        for gap, force in store.query(specs[EVIDENCE].text, bindings={"graph": graph}).rows:
            gaps.add(gap)
            forces.add(force)
    return GapScope(*map(frozenset, (forces, whole, reports, agreements, gaps)))


def derive_gaps(
    store: Any,
    changed: Mapping[URIRef, GapScope | Iterable[URIRef] | None] | None = None,
    *,
    count: bool = True,
) -> int | None:
    """Derive the gaps graph; return its size (None unless ``count``: counting the 669,327
    triples of the national-x10 gaps graph took 0.2 s).

    ``changed`` maps each report graph written since the last derivation to its
    :func:`gap_scope` before the write (empty for a new graph, None if unknown; a set of
    forces stands for every gap of those forces). Without it, or where an incremental
    derivation could not be exact, everything is derived again.
    """
    specs = catalog()
    _derive(store, specs, None if changed is None else _scope(store, changed))
    return int(store.count(GAPS_GRAPH)) if count else None


def _scope(
    store: Any, changed: Mapping[URIRef, GapScope | Iterable[URIRef] | None]
) -> GapScope | None:
    """What to make again, or None for a full derivation."""
    if not store.has_graph(GAPS_GRAPH):
        return None
    if len(_derived.marks(store, GAPS_GRAPH)) != 1:
        return None
    scope = GapScope()
    for graph, before in changed.items():
        if before is None:
            return None
        scope |= before if isinstance(before, GapScope) else GapScope.of_forces(before)
        if store.has_graph(graph):
            # (the gaps of its evidence as the gaps graph holds them are those of before, or
            # of reports the rules read again now)
            after = gap_scope(store, graph, evidence=False)
            if after is None:
                return None
            scope |= after
    # past a dozen forces the summaries to make again are most of them: one full run is faster
    return scope if len(scope.forces) <= MAX_FORCES else None


def _derive(
    store: Any, specs: Mapping[str, QuerySpec], scope: GapScope | None
) -> frozenset[URIRef] | None:
    """Make the gaps ``scope`` says again (every gap if None), with the summaries they are in;
    return the gaps made again (None: all of them).

    Three writes, each of the differences only: the rules' gaps; then the agreements that
    address them and their evidence locations (those rules read the gaps graph); then the
    summaries, and the mark goes. A graph derived again unchanged is only read.
    """
    if scope is not None:
        return _derive_part(store, specs, scope)
    old = set(store.triples(GAPS_GRAPH)) if store.has_graph(GAPS_GRAPH) else set()
    old_summary = {t for t in old if str(t[0]).startswith(SUMMARY_NS)}
    old -= old_summary
    old_marks = {t for t in old if t[0] == GAPS_GRAPH}
    old -= old_marks
    # 1. the rules
    rules: set[Triple] = set().union(*(_run(store, specs[name].text) for name in RULES))
    _change(store, {t for t in old if t[1] not in LATER} - rules, rules - old)
    # 2. the links and the evidence locations, which read the gaps graph
    links: set[Triple] = set().union(*(_run(store, specs[name].text) for name in LINKS))
    new = rules | links
    _change(store, {t for t in old if t[1] in LATER} - new, links - old - rules)
    # 3. the summaries of every gap
    summaries = _summaries(store, specs, _Index(new))
    wanted = {t for s in summaries.values() for t in s.triples()}
    _change(store, (old_summary - wanted) | old_marks, wanted - old_summary)
    return None


def _derive_part(
    store: Any, specs: Mapping[str, QuerySpec], scope: GapScope
) -> frozenset[URIRef] | None:
    """:func:`_derive` for the gaps ``scope`` can change (see the module docstring)."""
    old_marks = set(_derived.marks(store, GAPS_GRAPH))
    forces = sorted(scope.forces)
    if not forces:
        _change(store, old_marks, ())
        return frozenset()
    by_force = [{"force": f} for f in forces]

    def bound(name: str, rows: Iterable[Mapping[str, Node]]) -> set[Triple]:
        rows = list(rows)
        return _run(store, inject_values(specs[name].text, *rows)) if rows else set()

    # what the graphs' reports give now, and the work programmes of the forces
    by_report = [{"report": r} for r in sorted(scope.reports)]
    local = bound(REPORT_FINDINGS_RULE, by_report) | bound(GRADES_RULE, by_report)
    programmes = bound(PROGRAMMES_RULE, by_force)
    # the forces' programme gaps and the agreements that address their gaps, as they are
    # (each predicate bound: a FILTER on ?p read every triple of the forces' gaps, 38 ms for
    # five forces of the national store)
    state = _rows(
        store,
        "SELECT ?gap ?p ?o\nWHERE {\n"
        f"  GRAPH <{GAPS_GRAPH}> {{\n"
        f"    {{ ?gap <{HMIC.gapForce}> ?force ; <{HMIC.addressedBy}> ?o"
        f" BIND(<{HMIC.addressedBy}> AS ?p) }}\n"
        f'    UNION {{ ?gap <{HMIC.gapForce}> ?force ; <{HMIC.gapSource}> "programme"'
        f' BIND(<{HMIC.gapSource}> AS ?p) BIND("programme" AS ?o) }}\n  }}\n}}',
        "force",
        scope.forces,
    )
    addressed_before = {(g, p, o) for g, p, o in state if p == HMIC.addressedBy}
    made = set(scope.gaps) | {s for s, _, _ in local | programmes}
    made |= {g for g, p, _ in state if p == HMIC.gapSource}
    if scope.whole:
        made |= {g for g, _ in _rows(store, _GAPS_OF_FORCES, "force", scope.whole)}
    old = set(_triples_of(store, made)) - old_marks
    # each gap made again from all its evidence: the evidence it had, and what the reports
    # give now (nothing, for evidence that is gone)
    evidence = {o for _, p, o in old | local if p == HMIC.evidence}
    rules = local | programmes
    rules |= bound(EVIDENCE_FINDINGS_RULE, ({"f": e} for e in sorted(evidence)))
    # the grades rule for the assessments among them (given all the evidence, the engine
    # took 2.7 s for 900 at national-x10)
    assessments = _rows(
        store, f"SELECT ?a WHERE {{ ?report <{HMIC.hasAssessment}> ?a }}", "a", evidence
    )
    rules |= bound(GRADES_RULE, ({"a": a} for (a,) in assessments))
    rules = {t for t in rules if t[0] in made}
    # 1. the rules
    _change(store, {t for t in old if t[1] not in LATER} - rules, rules - old)
    # 2. the agreements that address the forces' gaps, and the evidence locations of those
    # made again (both read the gaps graph)
    links = bound(ADDRESSED_BY_PROGRAMME_RULE, by_force) | bound(ADDRESSED_IN_AREA_RULE, by_force)
    links |= bound(LOCATIONS_RULE, ({"gap": g} for g in sorted(made)))
    addressed = {t for t in links | rules if t[1] == HMIC.addressedBy}
    located = {t for t in links if t[1] == HMIC.evidenceLocation}
    located_before = {t for t in old if t[1] == HMIC.evidenceLocation}
    # the summaries to make again besides those of the gaps made again: those of the gaps
    # the agreements address otherwise than before, and of those the agreements the graphs
    # describe address (their names). Those gaps are as they were but for their agreements,
    # which the summing up of the rest reads as they are now (`_rest`), so their own triples
    # are not read (at national-x10 the 2008 report's agreements address 276 gaps of 28,723
    # triples: 1.0 s)
    resummed = {s for s, _, _ in addressed ^ addressed_before}
    resummed |= {s for s, _, o in addressed | addressed_before if o in scope.agreements}
    _change(
        store,
        (addressed_before - addressed) | (located_before - located),
        (addressed - addressed_before - rules) | (located - located_before),
    )
    new = rules | located | {t for t in addressed if t[0] in made}
    # 3. the summaries the gaps made again were in and are in now, and the others above,
    # each made of those gaps and of what the other gaps (as they are) give it
    summaries = _summaries(store, specs, _Index(new))
    read = _summaries_of(store, {s for s, _, _ in old} | (resummed - made))
    affected = read | set(summaries)
    old_summary, forces_of = _summary_triples(store, affected)
    rest = _rest(store, specs, made, old_summary, old, summaries, forces_of)
    if rest is None:  # (a location holds the separator: the lists cannot be split)
        return _derive(store, specs, None)
    summaries = _merged(affected, rest, summaries)
    wanted = {t for s in summaries.values() for t in s.triples()}
    _change(store, (old_summary - wanted) | old_marks, wanted - old_summary)
    return frozenset(made)


def _run(store: Any, text: str) -> set[Triple]:
    return set(store.query(text).triples)


def _rows(store: Any, text: str, variable: str, terms: Iterable[URIRef]) -> list[tuple[Any, ...]]:
    terms = set(terms)
    if not terms:
        return []
    return [tuple(row) for row in store.query(_with_values(text, variable, terms)).rows]


_GAPS_OF_FORCES = (
    f"SELECT ?gap ?force\nWHERE {{\n  GRAPH <{GAPS_GRAPH}> {{ ?gap <{HMIC.gapForce}> ?force }}\n}}"
)


# ---------------------------------------------------------------------------- the summaries


@dataclass
class _Summary:
    """One gap summary: the gaps on one theme in one protective-service area."""

    psa: URIRef
    theme: Literal
    gaps: set[URIRef] = field(default_factory=set)
    forces: set[Node] = field(default_factory=set)
    names: set[Node] = field(default_factory=set)
    wheres: set[Node] = field(default_factory=set)
    agreements: set[Node] = field(default_factory=set)
    leads: set[Node] = field(default_factory=set)
    addressed: set[URIRef] = field(default_factory=set)
    led: set[URIRef] = field(default_factory=set)

    @property
    def iri(self) -> URIRef:
        return summary_iri(self.psa, self.theme)

    def triples(self) -> list[Triple]:
        s = self.iri
        out: list[Triple] = [
            (s, RDF.type, HMIC.GapSummary),
            (s, HMIC.protectiveServiceArea, self.psa),
            (s, HMIC.themeLabel, self.theme),
            (s, HMIC.forceCount, _integer(len(self.forces))),
            (s, HMIC.gapCount, _integer(len(self.gaps))),
            (s, HMIC.addressedGapCount, _integer(len(self.addressed))),
            (s, HMIC.ledGapCount, _integer(len(self.led))),
            (s, HMIC.forceList, _joined(self.names)),
            (s, HMIC.evidenceList, _joined(self.wheres, key=_location_key)),
        ]
        if self.agreements:
            out.append((s, HMIC.addressedByList, _joined(self.agreements)))
        if self.leads:
            out.append((s, HMIC.leadForceList, _joined(self.leads)))
        out.extend((s, PROV_DERIVED, gap) for gap in self.gaps)
        return out


def summary_iri(psa: URIRef, theme: Literal) -> URIRef:
    """``id:gap-summary/{area}/{theme}-{hash}``: readable, and one per (area, theme label)."""
    area = str(psa).rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", str(theme).lower()).strip("-") or "theme"
    digest = hashlib.md5(theme.n3().encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return URIRef(f"{SUMMARY_NS}{area}/{slug}-{digest}")


class _Index:
    """Triples by subject and predicate (an rdflib Graph of the 80,000 triples of the gaps
    graph took seconds to build)."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._by: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.add(triples)

    def add(self, triples: Iterable[Triple]) -> None:
        for s, p, o in triples:
            self._by[s][p].add(o)

    def objects(self, s: Node, p: Node) -> set[Node]:
        by = self._by.get(s)
        return by.get(p, set()) if by is not None else set()

    def subjects(self, p: Node, o: Node) -> set[URIRef]:
        return {s for s, by in self._by.items() if o in by.get(p, ()) and isinstance(s, URIRef)}

    def all_objects(self, p: Node) -> set[Node]:
        return {o for by in self._by.values() for o in by.get(p, ())}


def _summaries(store: Any, specs: Mapping[str, QuerySpec], gaps: _Index) -> dict[URIRef, _Summary]:
    """The summaries made of the gaps in ``gaps`` (their triples of the gaps graph), by IRI.

    The same rows as the join shared-gaps used to make: a gap counts where it has a force
    with an rdfs:label, an area with a skos:prefLabel and at least one evidence location; its
    theme is its theme's skos:prefLabel, else its own rdfs:label, else "overall grade".
    """
    refs = (HMIC.gapForce, HMIC.protectiveServiceArea, HMIC.gapTheme, HMIC.addressedBy)
    labels = _labels(
        store, specs, {o for p in (*refs, HMIC.leadForce) for o in gaps.all_objects(p)}
    )

    def named(gap: Node, p: URIRef, kind: str = "label") -> set[Node]:
        return {label for o in gaps.objects(gap, p) for label in labels.get((o, kind), ())}

    summaries: dict[URIRef, _Summary] = {}
    for gap in gaps.subjects(RDF.type, HMIC.ProtectiveServiceGap):
        forces = {f for f in gaps.objects(gap, HMIC.gapForce) if labels.get((f, "label"))}
        areas = [
            a for a in gaps.objects(gap, HMIC.protectiveServiceArea) if labels.get((a, "pref"))
        ]
        wheres = set(gaps.objects(gap, HMIC.evidenceLocation))
        if not forces or not areas or not wheres:
            continue
        themes = named(gap, HMIC.gapTheme, "pref") or set(gaps.objects(gap, RDFS.label))
        for psa in areas:
            for theme in themes or {OVERALL_GRADE}:
                assert isinstance(psa, URIRef) and isinstance(theme, Literal)
                key = summary_iri(psa, theme)
                s = summaries.get(key)
                if s is None:
                    s = summaries[key] = _Summary(psa, theme)
                s.gaps.add(gap)
                s.forces.update(forces)
                s.names.update(named(gap, HMIC.gapForce))
                s.wheres.update(wheres)
                agreements = named(gap, HMIC.addressedBy)
                leads = named(gap, HMIC.leadForce)
                s.agreements.update(agreements)
                s.leads.update(leads)
                if agreements:
                    s.addressed.add(gap)
                if leads:
                    s.led.add(gap)
    return summaries


def _rest(
    store: Any,
    specs: Mapping[str, QuerySpec],
    changed: set[URIRef],
    old_summary: set[Triple],
    old: set[Triple],
    new: Mapping[URIRef, _Summary],
    forces: Mapping[Node, Node | None] | None = None,
) -> dict[URIRef, _Summary] | None:
    """What the other gaps give each summary in ``old_summary`` (the ``changed`` gaps were
    made again: ``old`` held them as they were, ``new`` is what they give the summaries now):
    the part of each summary that stays. None if a stored evidence list cannot be split into
    its locations.

    Those gaps, and the labels of what they point to, are as they were (see ``gap-scope``),
    so their part is read, not made again: their forces, agreements and lead forces from
    the gaps graph; their evidence locations are the summary's own list without the
    locations the changed gaps no longer give it, unless a look-up finds another gap in the
    summary that has them too. Reading every gap of every summary instead took
    0.4 s of the 0.65 s each derivation after one report spent on the summaries (national
    store: 2,684 gaps of other forces in 116 summaries).
    """
    lists: dict[URIRef, dict[URIRef, Node]] = defaultdict(dict)
    members: dict[URIRef, set[Node]] = defaultdict(set)
    for s, p, o in old_summary:
        if p == PROV_DERIVED:
            members[s].add(o)
        else:
            lists[s][p] = o
    if not lists:
        return {}
    ours = {s for s, _, _ in old}
    evidence: dict[Node, set[Node]] = defaultdict(set)
    for gap, p, where in old:
        if p == HMIC.evidenceLocation:
            evidence[gap].add(where)
    stored = {s: str(by.get(HMIC.evidenceList, "")).split(SEPARATOR) for s, by in lists.items()}
    # every piece of a stored list a location (file:line or file:first-last), and no old
    # location holding the separator: a file name with "; " in it ("HMIC report; 2008.txt")
    # would split into pieces that are not (an ASK over every location took 45-100 ms)
    pieces = (w for ws in stored.values() for w in ws if w)
    if any(SEPARATOR in str(w) for ws in evidence.values() for w in ws) or not all(
        _LOCATION.fullmatch(w) for w in pieces
    ):
        return None
    theirs: dict[URIRef, dict[Node, Node]] = defaultdict(dict)  # summary: gap -> force
    if forces is None:
        forces = {g: f for _, g, f in _members(store, set(lists)) if f is not None}
    for s, gaps in members.items():
        for gap in gaps - changed:
            force = forces.get(gap)
            if force is not None:
                theirs[s][gap] = force
    # the agreements and lead forces of gaps: few, read for every summary at once (a VALUES
    # block of summaries made the engine start from each summary's gaps: 0.33 s, not 0.02)
    pointers: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    text = (
        "SELECT ?gap ?p ?o\nWHERE {\n"
        f"  VALUES ?p {{ <{HMIC.addressedBy}> <{HMIC.leadForce}> }}\n"
        f"  GRAPH <{GAPS_GRAPH}> {{ ?gap ?p ?o }}\n}}"
    )
    for gap, p, o in store.query(text).rows:
        pointers[gap, p].add(o)
    # the locations the changed gaps gave a summary and give it no more (none, mostly, when
    # a report is added), and which of them another gap in the summary has too
    lost: dict[URIRef, set[str]] = {}
    for s in lists:
        now = {str(w) for w in new[s].wheres} if s in new else set()
        lost[s] = {str(w) for gap in members[s] & ours for w in evidence.get(gap, ())} - now
    held: set[tuple[Node, str]] = set()
    wheres = set().union(*lost.values())
    if wheres:
        text = inject_values(
            "SELECT DISTINCT ?s ?where ?gap\nWHERE {\n"
            f"  GRAPH <{GAPS_GRAPH}> {{\n"
            f"    ?gap <{HMIC.evidenceLocation}> ?where .\n"
            f"    ?s <{PROV_DERIVED}> ?gap .\n  }}\n}}",
            *({"where": Literal(w)} for w in sorted(wheres)),
        )
        held = {(s, str(w)) for s, w, gap in store.query(text).rows if gap not in changed}
    nodes = {f for gs in theirs.values() for f in gs.values()}
    nodes |= {o for (gap, _), os in pointers.items() for o in os if isinstance(o, URIRef)}
    labels = _labels(store, specs, nodes)
    out: dict[URIRef, _Summary] = {}
    for s, gs in theirs.items():
        psa, theme = lists[s].get(HMIC.protectiveServiceArea), lists[s].get(HMIC.themeLabel)
        assert isinstance(psa, URIRef) and isinstance(theme, Literal)
        part = out[s] = _Summary(psa, theme, gaps=set(gs))  # type: ignore[arg-type]
        for gap, force in gs.items():
            if labels.get((force, "label")):
                part.forces.add(force)
                part.names.update(labels[force, "label"])
            agreements = {
                n
                for a in pointers.get((gap, HMIC.addressedBy), ())
                for n in labels.get((a, "label"), ())
            }
            leads = {
                n
                for f in pointers.get((gap, HMIC.leadForce), ())
                for n in labels.get((f, "label"), ())
            }
            part.agreements.update(agreements)
            part.leads.update(leads)
            if agreements:
                part.addressed.add(gap)  # type: ignore[arg-type]
            if leads:
                part.led.add(gap)  # type: ignore[arg-type]
        gone = {w for w in lost[s] if (s, w) not in held}
        part.wheres = set(stored[s]) - gone - {""}
    return out


def _merged(
    affected: set[URIRef], rest: Mapping[URIRef, _Summary], new: Mapping[URIRef, _Summary]
) -> dict[URIRef, _Summary]:
    """Each affected summary: what the other gaps give it (``rest``) with what the gaps made
    again give it (``new``); gone where neither gives it anything."""
    out: dict[URIRef, _Summary] = {}
    for iri in affected:
        parts = [x for x in (rest.get(iri), new.get(iri)) if x is not None]
        if not parts:
            continue
        merged = out[iri] = _Summary(parts[0].psa, parts[0].theme)
        for part in parts:
            merged.gaps |= part.gaps
            merged.forces |= part.forces
            merged.names |= part.names
            merged.wheres |= {str(w) for w in part.wheres}  # (stored lists are read as text)
            merged.agreements |= part.agreements
            merged.leads |= part.leads
            merged.addressed |= part.addressed
            merged.led |= part.led
    return out


def _labels(
    store: Any, specs: Mapping[str, QuerySpec], nodes: Iterable[Node]
) -> dict[tuple[Node, str], set[Node]]:
    """The rdfs:labels (``"label"``) and skos:prefLabels (``"pref"``) of ``nodes``."""
    labels: dict[tuple[Node, str], set[Node]] = defaultdict(set)
    iris = {n for n in nodes if isinstance(n, URIRef)}
    if iris:
        for node, prop, label in store.query(_with_values(specs[LABELS].text, "node", iris)).rows:
            labels[node, "pref" if prop == SKOS.prefLabel else "label"].add(label)
    return labels


def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _joined(values: Iterable[Node], key: Any = str) -> Literal:
    return Literal(SEPARATOR.join(sorted((str(v) for v in values), key=key)))


def _location_key(where: str) -> tuple[str, int, int, str]:
    """``file:12-14`` sorts by file, then first and last line as numbers."""
    file, _, lines = where.rpartition(":")
    first, _, last = lines.partition("-")
    try:
        return (file, int(first), int(last or first), where)
    except ValueError:
        return (where, 0, 0, where)


# ---------------------------------------------------------------------------- store helpers


def _summaries_of(store: Any, gaps: set[URIRef]) -> set[URIRef]:
    """The summaries of ``gaps`` in the gaps graph."""
    if not gaps:
        return set()
    text = _with_values(
        "SELECT DISTINCT ?summary\nWHERE {\n"
        f"  GRAPH <{GAPS_GRAPH}> {{ ?summary a <{HMIC.GapSummary}> ; <{PROV_DERIVED}> ?gap }}\n}}",
        "gap",
        gaps,
    )
    return {s for (s,) in store.query(text).rows}


def _summary_triples(store: Any, summaries: set[URIRef]) -> tuple[set[Triple], dict[Node, Node]]:
    """The triples of ``summaries``, and the force of each of their gaps: the statements of
    the summaries read apart from their gaps, which are read with their forces (reading the
    gaps twice, as statements and again with their forces, took a quarter of the summing up
    at national-x10, where a summary has hundreds of gaps)."""
    if not summaries:
        return set(), {}
    triples = set(_triples_of(store, summaries, but=PROV_DERIVED))
    forces: dict[Node, Node] = {}
    for s, gap, force in _members(store, summaries):
        triples.add((s, PROV_DERIVED, gap))
        if force is not None:
            forces[gap] = force
    return triples, forces


def _members(store: Any, summaries: set[URIRef]) -> list[tuple[Any, ...]]:
    """(summary, gap, the gap's force or None) for each gap of ``summaries``."""
    if not summaries:
        return []
    text = _with_values(
        "SELECT ?s ?gap ?force\nWHERE {\n"
        f"  GRAPH <{GAPS_GRAPH}> {{\n    ?s <{PROV_DERIVED}> ?gap\n"
        f"    OPTIONAL {{ ?gap <{HMIC.gapForce}> ?force }}\n  }}\n}}",
        "s",
        summaries,
    )
    return [tuple(row) for row in store.query(text).rows]


def _triples_of(store: Any, subjects: set[URIRef], *, but: URIRef | None = None) -> list[Triple]:
    """The triples of the gaps graph about ``subjects`` (``but`` those of one predicate)."""
    if not subjects:
        return []
    unless = f"  FILTER (?p != <{but}>)\n" if but is not None else ""
    text = _with_values(
        f"SELECT ?s ?p ?o\nWHERE {{\n  GRAPH <{GAPS_GRAPH}> {{ ?s ?p ?o }}\n{unless}}}",
        "s",
        subjects,
    )
    return [(s, p, o) for s, p, o in store.query(text).rows]


_LOCATION = re.compile(r".+:\d+(?:-\d+)?")
"""An evidence location as construct-gap-evidence-locations writes it."""


def _with_values(text: str, variable: str, terms: Iterable[URIRef]) -> str:
    """``text`` with a VALUES block of ``terms`` (IRIs) for ``?variable`` at the head of its
    WHERE group; at least one term."""
    rows = [{variable: term} for term in sorted(terms)]
    if not rows:
        raise ValueError(f"no values for ?{variable}")
    return inject_values(text, *rows)


def _change(store: Any, remove: Iterable[Triple], add: Iterable[Triple]) -> None:
    """Remove then add triples of the gaps graph, in one write where the store can."""
    _derived.change(store, GAPS_GRAPH, remove, add)
