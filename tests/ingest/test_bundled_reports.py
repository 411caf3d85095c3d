"""The two bundled HMIC reports parse into what a reader finds in them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

G = "https://w3id.org/hmickg/def/grade/"
F = "https://w3id.org/hmickg/def/framework/"

# Counted by hand from the report files (bullets and paragraphs under each
# heading; in the 2008 report the "Area(s) for improvement" heading is missing
# after 8 "Work in progress" lists, and those items are counted as areas for improvement).
HAND_COUNTS = {
    "2008": {"Strength": 93, "WorkInProgress": 17, "AreaForImprovement": 40},
    "2007": {"Strength": 108, "WorkInProgress": 10, "AreaForImprovement": 19, "Recommendation": 2},
}


def test_2007_has_six_graded_assessments(parsed):
    got = [(a.framework, a.grade) for a in parsed["2007"].assessments]
    assert got == [
        (F + "neighbourhood-policing", G + "excellent"),
        (F + "performance-management", G + "good"),
        (F + "child-abuse", G + "good"),
        (F + "domestic-violence", G + "fair"),
        (F + "public-protection", G + "poor"),
        (F + "missing-persons", G + "excellent"),
    ]


def test_2007_national_distributions(parsed):
    dists = {
        a.framework.rsplit("/", 1)[1]: [
            (c.grade.rsplit("/", 1)[1], c.count) for c in a.distribution.counts
        ]
        for a in parsed["2007"].assessments
    }
    assert dists["performance-management"] == [
        ("excellent", 6),
        ("good", 29),
        ("fair", 8),
        ("poor", 0),
    ]
    assert dists["neighbourhood-policing"] == [
        ("excellent", 6),
        ("good", 14),
        ("fair", 21),
        ("poor", 2),
    ]
    assert dists["missing-persons"] == [("excellent", 1), ("good", 21), ("fair", 21), ("poor", 0)]


def test_2007_overview_is_not_an_assessment(parsed):
    (overview,) = parsed["2007"].overviews
    assert overview.framework == F + "protecting-vulnerable-people"
    assert overview.grade is None
    assert len([f for s in overview.sections for f in s.findings]) == 7


def test_2008_major_crime_meets_the_standard(parsed):
    (a,) = parsed["2008"].assessments
    assert a.framework == F + "major-crime"
    assert a.grade == G + "meets-the-standard"
    assert a.grade_wording == "Meets the standard."


def test_2008_sections_and_summaries(parsed):
    (a,) = parsed["2008"].assessments
    headings = Counter(s.heading for s in a.sections)
    assert headings == {
        "Intelligence": 10,
        "Prevention": 7,
        "Enforcement": 3,
        "Performance management and resilience": 4,
    }
    assert all(s.summary for s in a.sections)
    assert a.sections[0].summary.startswith(
        "The force has sufficient dedicated analytical resources"
    )


@pytest.mark.parametrize("key", ["2008", "2007"])
def test_finding_counts_match_hand_count(parsed, key):
    got = Counter(f.kind.value for f in parsed[key].findings())
    for kind, expected in HAND_COUNTS[key].items():
        assert abs(got[kind] - expected) <= 0.05 * expected, (kind, got[kind], expected)
    assert set(got) == set(HAND_COUNTS[key])


def test_missing_heading_items_become_areas_for_improvement(parsed):
    def kind(start: str) -> str:
        (f,) = [f for f in parsed["2008"].findings() if f.text.startswith(start)]
        return f.kind.value

    assert kind("The current policy for major crime review") == "AreaForImprovement"
    assert kind("Although a process exists to transfer") == "AreaForImprovement"
    assert kind("A regional collaboration project is the") == "WorkInProgress"


def test_recommendations_are_numbered(parsed):
    recs = [f for f in parsed["2007"].findings() if f.kind.value == "Recommendation"]
    assert [r.number for r in recs] == [1, 2]
    assert recs[1].text.startswith("A robust formal audit and quality control check")


HEADER = re.compile(r"HMIC Inspection Report|GRADE (EXCELLENT|GOOD|FAIR|POOR)")


@pytest.mark.parametrize("key", ["2008", "2007"])
def test_finding_texts_are_whole(parsed, report_paths, key):
    lines = report_paths[key].read_text("utf-8").splitlines()
    for f in parsed[key].findings():
        assert not HEADER.search(f.text), f.text
        assert "  " not in f.text
        # no word cut by a hyphenated line break left as two words
        for n in range(f.span.start, f.span.end):
            m = re.search(r"(\w+)-\s*$", lines[n - 1])
            nxt = lines[n].split()
            if m and nxt and f.span.start <= n < f.span.end:
                if nxt[0] in ("and", "or", "to"):  # "low- / and medium-risk": a suspended hyphen
                    assert f"{m.group(1)}- {nxt[0]}" in f.text, (f.span, m.group(0))
                else:
                    assert f"{m.group(1)}-{nxt[0]}" in f.text, (f.span, m.group(0))
        assert f.text[0].isupper() or f.text[0] in "'‘\"(0123456789", f.text
        # the passage's first line holds the finding's first words
        first = " ".join(lines[f.span.start - 1].split())
        assert " ".join(f.text.split()[:3]) in first, (f.span, f.text[:40], first)


def test_page_break_mid_finding_is_rejoined(parsed):
    f = next(x for x in parsed["2007"].findings() if x.text.startswith("A number of leading-edge"))
    assert "examples include the electronic beat profile" in f.text
    assert "GRADE" not in f.text
    g = next(
        x
        for x in parsed["2008"].findings()
        if x.text.startswith("A comprehensive policy is in place")
    )
    assert "circumstances, for example if an incident occurs" in g.text


def test_hyphenated_breaks_keep_compound_words(parsed):
    texts = " ".join(f.text for f in parsed["2007"].findings())
    assert "neighbourhood nuisance-related incidents" in texts
    assert "completed self-assessments" in texts


def test_glossaries(parsed):
    g7 = {e.acronym: e.expansion for e in parsed["2007"].glossary}
    g8 = {e.acronym: e.expansion for e in parsed["2008"].glossary}
    assert g7["ViSOR"] == "Violent and Sex Offenders Register"
    assert g7["COMPACT"] == "computerised missing person management system"
    assert g8["SOCA"] == "Serious Organised Crime Agency"
    assert g8["EMSOU"] == "East Midlands special operations unit"
    # letter index lines in look-alike scripts ("Β", "Н") are not entries
    assert all(len(a) > 1 for a in g8)
    assert len(g7) == 71 and len(g8) == 98


def test_developing_practice(parsed):
    gps = parsed["2007"].good_practice
    assert [g.title for g in gps] == [
        "Linking 101 and Neighbourhood Policing – the Inter-agency Community Safety Bureau",
        "Matching resources to demand in support of Neighbourhood Policing, utilising ORB",
        "Achieving performance excellence in Leicester",
        "Employment of police staff to attend child protection conferences",
    ]
    first = gps[0]
    assert first.problem.startswith("To ensure that development of the 101")
    assert first.solution.startswith("Leicestershire Constabulary and partners")
    assert "FORCE CONTACT" not in first.outcome and "0116" not in first.outcome
    assert first.contacts[0].role == "Superintendent"
    assert first.contacts[0].unit == "Force Community Safety Bureau"
    assert parsed["2008"].good_practice == ()


def test_metadata(parsed):
    m8, m7 = parsed["2008"].meta, parsed["2007"].meta
    assert m8.force.slug == m7.force.slug == "leicestershire"
    assert m8.issued == "2008-07" and m8.year == 2008
    assert m8.title == "HMIC Inspection Report: Leicestershire Constabulary Major Crime"
    assert m7.issued is None and m7.period == "April 2006 to July 2007" and m7.year == 2007
