"""SHACL shapes (ontology/shapes/*.ttl) and ontology.validate on the example scenarios."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV

from ontology import FRAMEWORK, GRADE, HMIC_NS, HMICSH, ID_NS, PSA, _ontology, _shapes, shapes_graph
from ontology.validate import ValidationReport, validate

EXAMPLES = Path(__file__).resolve().parents[2] / "ontology" / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))
SAMPLE_REPORTS = Path(__file__).resolve().parents[2] / "hmickg" / "sample_reports"
H = HMIC_NS


def _header(path: Path, key: str) -> str | None:
    """The value of a ``# key: value`` comment line in an example file."""
    match = re.search(rf"^# {key}: *(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else None


def _personal(path: Path) -> bool:
    return _header(path, "personal_data") == "true"


def _id(path: Path) -> str:
    return path.stem


# --- the shapes themselves ---------------------------------------------------------


def _all_shapes(graph: Graph) -> set:
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    shapes |= set(graph.objects(None, SH.property)) | set(graph.objects(None, SH.node))
    for lst in graph.objects(None, SH["or"]):
        shapes |= set(Collection(graph, lst))
    return shapes


def test_every_shape_has_name_description_and_message() -> None:
    graph = shapes_graph()
    shapes = _all_shapes(graph)
    assert len(shapes) > 40
    for shape in shapes:
        assert isinstance(shape, URIRef) and shape in HMICSH, f"unnamed shape {shape!r}"
        for predicate in (SH.name, SH.description, SH.message):
            assert graph.value(shape, predicate), f"{shape} has no {predicate}"


def test_every_sparql_constraint_has_a_message() -> None:
    graph = shapes_graph()
    constraints = list(graph.objects(None, SH.sparql))
    assert constraints
    for constraint in constraints:
        assert graph.value(constraint, SH.message)


def test_privacy_shapes_only_by_default() -> None:
    assert (HMICSH.NoTelephoneNumberShape, RDF.type, SH.NodeShape) in shapes_graph()
    assert (HMICSH.NoPersonalDataShape, RDF.type, SH.NodeShape) in shapes_graph()
    personal = shapes_graph(personal_data=True)
    assert (HMICSH.NoTelephoneNumberShape, None, None) not in personal
    assert (HMICSH.NoPersonalDataShape, None, None) not in personal


# --- the example scenarios ----------------------------------------------------------


def test_there_are_examples() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 30


@pytest.mark.parametrize("path", VALID, ids=_id)
def test_valid_example_conforms(path: Path) -> None:
    report = validate(Graph().parse(path), personal_data=_personal(path))
    assert report.conforms, "\n".join(report.messages())
    assert not report.violations()


@pytest.mark.parametrize("path", INVALID, ids=_id)
def test_invalid_example_fails_with_its_shape(path: Path) -> None:
    expected = _header(path, "expect")
    assert expected and expected.startswith("hmicsh:"), f"{path.name}: no '# expect:' line"
    report = validate(Graph().parse(path), personal_data=_personal(path))
    assert not report.conforms
    assert report.source_shapes() == {HMICSH[expected.removeprefix("hmicsh:")]}, report.messages()


def test_personal_data_example_fails_by_default() -> None:
    path = EXAMPLES / "valid" / "personal-data-contact.ttl"
    assert _personal(path)
    report = validate(Graph().parse(path))
    assert not report.conforms
    assert report.source_shapes() == {
        HMICSH["NoPersonalData-contactName"],
        HMICSH["NoPersonalData-telephone"],
        HMICSH.NoTelephoneNumberShape,
    }


# --- subclass reasoning through the ontology -----------------------------------------


def _minimal(finding_type: URIRef = H.Strength, *, text: str | None = "A finding.") -> Graph:
    g = Graph()
    report, assessment = ID_NS["report/t"], ID_NS["report/t/assessment/1"]
    finding, passage = ID_NS["report/t/finding/1"], ID_NS["report/t/passage/1"]
    g.add((report, RDF.type, H.InspectionReport))
    g.add((report, H.inspectedForce, ID_NS["force/leicestershire"]))
    g.add((report, H.hasAssessment, assessment))
    g.add((report, H.sourceFile, Literal("t.txt")))
    g.add((report, PROV.wasDerivedFrom, ID_NS["source/t"]))
    g.add((assessment, RDF.type, H.Assessment))
    g.add((assessment, H.framework, FRAMEWORK["major-crime"]))
    g.add((assessment, H.grade, GRADE["meets-the-standard"]))
    g.add((assessment, PROV.wasDerivedFrom, passage))
    g.add((assessment, H.finding, finding))
    g.add((finding, RDF.type, finding_type))
    if text is not None:
        g.add((finding, H.text, Literal(text)))
    g.add((finding, H.sequence, Literal(1)))
    g.add((finding, PROV.wasDerivedFrom, passage))
    g.add((passage, RDF.type, H.SourcePassage))
    g.add((passage, H.lineStart, Literal(1)))
    g.add((passage, H.lineEnd, Literal(1)))
    g.add((passage, DCTERMS.source, report))
    return g


@pytest.mark.parametrize(
    "kind", [H.Strength, H.WorkInProgress, H.AreaForImprovement, H.Recommendation, H.Finding]
)
def test_sh_class_finding_accepts_its_subclasses(kind: URIRef) -> None:
    """hmicsh:Assessment-finding says sh:class hmic:Finding; an hmic:Strength is one."""
    report = validate(_minimal(kind))
    assert report.conforms, report.messages()


def test_sh_class_finding_rejects_other_nodes() -> None:
    graph = _minimal(H.ReportSection)
    graph.add((ID_NS["report/t/finding/1"], H.heading, Literal("Intelligence")))
    report = validate(graph)
    assert HMICSH["Assessment-finding"] in report.source_shapes()


def test_target_class_finding_reaches_a_strength() -> None:
    report = validate(_minimal(H.Strength, text=None))
    assert report.source_shapes() == {HMICSH["Finding-text"]}


def test_validate_modifies_neither_the_data_nor_the_cached_graphs() -> None:
    graph = _minimal()
    before = set(graph)
    sizes = (len(_ontology()), len(_shapes(False)), len(_shapes(True)))
    validate(graph)
    validate(graph, personal_data=True)
    assert set(graph) == before
    assert (len(_ontology()), len(_shapes(False)), len(_shapes(True))) == sizes


def test_report_messages_name_focus_path_and_message() -> None:
    report = validate(_minimal(H.Strength, text=""))
    assert isinstance(report, ValidationReport)
    assert not report.conforms
    [line] = report.messages()
    assert "report/t/finding/1" in line
    assert "hmic:text" in line
    assert "non-empty hmic:text" in line
    assert "Finding-text" in report.text
    [violation] = report.violations()
    assert violation.shape == HMICSH["Finding-text"]
    assert violation.severity == SH.Violation


# --- privacy: telephone numbers -------------------------------------------------------


def _phone_regex() -> re.Pattern[str]:
    """The pattern of hmicsh:NoTelephoneNumberShape, as SPARQL's REGEX sees it."""
    shapes = shapes_graph()
    target = shapes.value(HMICSH.NoTelephoneNumberShape, SH.target)
    select = str(shapes.value(target, SH.select))
    literal = re.search(r'REGEX\(\?value, "((?:[^"\\]|\\.)*)"\)', select)
    assert literal, select
    return re.compile(literal.group(1).replace("\\\\", "\\"))


PHONE = _phone_regex()


def test_phone_pattern_is_the_same_in_target_and_constraint() -> None:
    shapes = shapes_graph()
    constraint = shapes.value(HMICSH.NoTelephoneNumberShape, SH.sparql)
    assert PHONE.pattern.replace("\\", "\\\\") in str(shapes.value(constraint, SH.select))


@pytest.mark.parametrize(
    "text",
    [
        "0116 248 5903",
        "FORCE CONTACT: Superintendent Rob Nixon, Force Community Safety Bureau – 0116\n248 5903",
        "Natalie Smith, ICSB Manager – 0116 222 2222, ext 6655",
        "(0116) 222 2222",
        "+44 116 222 2222",
        "+44 (0)116 222 2222",
        "020 7946 0000",
        "07700 900123",
        "tel. 0116-248-5903.",
    ],
)
def test_phone_pattern_matches_uk_numbers(text: str) -> None:
    assert PHONE.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Life-threatening and gun crime per 1,000 population\t0.432\t0.497\t+15.05%\t0.352",
        "In February 2007 the Authority set a budget of £154.7 million.",
        "April 2006 to July 2007",
        "ed86710350572cae0116248590300000ed86710350572cae0116248590300000",
        "003_ed86710350572cae.txt",
        "https://w3id.org/hmickg/id/report/x/passage/0383-0385",
        "Operation 2006 2007 2008",
    ],
)
def test_phone_pattern_ignores_other_numbers(text: str) -> None:
    assert not PHONE.search(text)


@given(
    area=st.from_regex(r"0[1-9][0-9]{1,3}", fullmatch=True),
    local=st.from_regex(r"[2-9][0-9]{2} ?[0-9]{3,4}", fullmatch=True),
    sep=st.sampled_from([" ", "\n", " - ", "-"]),
    before=st.sampled_from(["", "Contact: ", "– ", "tel "]),
    after=st.sampled_from(["", ".", ", ext 6655", " (office hours)"]),
)
def test_phone_pattern_property(area: str, local: str, sep: str, before: str, after: str) -> None:
    assert PHONE.search(f"{before}{area}{sep}{local}{after}")


@given(st.text(alphabet=st.characters(blacklist_characters="0+"), max_size=200))
def test_text_without_zero_or_plus_is_never_a_phone_number(text: str) -> None:
    assert not PHONE.search(text)


def test_phone_numbers_in_the_sample_reports_are_exactly_the_force_contacts() -> None:
    """Every match in the real reports is on a FORCE CONTACT line (or its continuation)."""
    reports = sorted(SAMPLE_REPORTS.glob("*.txt"))
    if not reports:
        pytest.skip(f"no sample reports in {SAMPLE_REPORTS}")
    contact_lines = 0
    for path in reports:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            window = line + "\n" + (lines[number + 1] if number + 1 < len(lines) else "")
            is_contact = "FORCE CONTACT" in line
            contact_lines += is_contact
            if is_contact:
                assert PHONE.search(window), f"{path.name}:{number + 1}: {line}"
            elif PHONE.search(line):
                previous = lines[number - 1] if number else ""
                assert "FORCE CONTACT" in previous, f"{path.name}:{number + 1}: {line}"
    assert contact_lines >= 4


@settings(max_examples=10, deadline=None)
@given(
    predicate=st.sampled_from([H.text, H.summary, H.heading, H.role, H.contactUnit, H.problem]),
    number=st.sampled_from(["0116 248 5903", "0116 222 2222", "020 7946 0000"]),
)
def test_phone_number_in_any_text_property_is_rejected(predicate: URIRef, number: str) -> None:
    graph = _minimal()
    node = BNode()
    graph.add((node, predicate, Literal(f"Call {number} for details")))
    report = validate(graph)
    assert report.source_shapes() == {HMICSH.NoTelephoneNumberShape}
    assert validate(graph, personal_data=True).conforms


# --- scale -----------------------------------------------------------------------------


def synthetic_report(findings: int) -> Graph:
    """A report graph of about ``10 * findings`` triples, shaped like an ingested report."""
    g = Graph()
    report = ID_NS["report/bench"]
    g.add((report, RDF.type, H.InspectionReport))
    g.add((report, H.inspectedForce, ID_NS["force/leicestershire"]))
    g.add((report, H.sourceFile, Literal("bench.txt")))
    g.add((report, PROV.wasDerivedFrom, ID_NS["source/bench"]))
    kinds = (H.Strength, H.WorkInProgress, H.AreaForImprovement, H.Recommendation)
    for a in range(10):
        assessment, passage = ID_NS[f"report/bench/assessment/{a}"], ID_NS[f"report/bench/p/a{a}"]
        g.add((report, H.hasAssessment, assessment))
        g.add((assessment, RDF.type, H.Assessment))
        g.add((assessment, H.framework, FRAMEWORK["major-crime"]))
        g.add((assessment, H.grade, GRADE["good"]))
        g.add((assessment, PROV.wasDerivedFrom, passage))
        g.add((passage, RDF.type, H.SourcePassage))
        g.add((passage, H.lineStart, Literal(1)))
        g.add((passage, H.lineEnd, Literal(2)))
        g.add((passage, DCTERMS.source, report))
    for i in range(findings):
        finding, passage = ID_NS[f"report/bench/finding/{i}"], ID_NS[f"report/bench/p/{i}"]
        g.add((ID_NS[f"report/bench/assessment/{i % 10}"], H.finding, finding))
        g.add((finding, RDF.type, kinds[i % 4]))
        g.add((finding, H.text, Literal(f"Finding {i} about major crime at 2007 levels.")))
        g.add((finding, H.sequence, Literal(i)))
        g.add((finding, H.protectiveServiceArea, PSA["major-crime"]))
        g.add((finding, PROV.wasDerivedFrom, passage))
        g.add((passage, RDF.type, H.SourcePassage))
        g.add((passage, H.lineStart, Literal(i + 1)))
        g.add((passage, H.lineEnd, Literal(i + 3)))
        g.add((passage, DCTERMS.source, report))
    return g


def test_five_thousand_triples_validate_in_reasonable_time() -> None:
    graph = synthetic_report(500)
    assert 4_500 < len(graph) < 5_500
    started = time.perf_counter()
    report = validate(graph)
    elapsed = time.perf_counter() - started
    assert report.conforms, report.messages()[:5]
    assert elapsed < 30, f"validation of {len(graph)} triples took {elapsed:.1f} s"
