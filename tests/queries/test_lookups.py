"""The look-ups that use an index (hmic:nameKey) answer as the full scans they replace."""

from __future__ import annotations

import pytest

from ontology.keys import SPARQL_KEY
from queries import catalog, run
from queries.catalog import load_spec

PREFIXES = """PREFIX hmic: <https://w3id.org/hmickg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
CLASSES = """VALUES ?class {
    hmic:PoliceForce hmic:Unit hmic:PartnerAgency hmic:Partnership
    hmic:CollaborationAgreement hmic:Operation hmic:OrganisedCrimeGroup
    hmic:InformationSystem hmic:PolicingRegion
  }"""

# The queries as they were before the index: every name read and compared.
ENTITY_BY_NAME_SCAN = load_spec(
    f"""#+ summary: entity-by-name without the index
#+ params:
#+   name: {{type: string, example: "SOCA"}}
{PREFIXES}
SELECT ?entity ?class (SAMPLE(?anyLabel) AS ?label)
WHERE {{
  {CLASSES}
  ?entity a ?class ;
          rdfs:label|skos:prefLabel|skos:altLabel ?entityName .
  FILTER (LCASE(STR(?entityName)) = LCASE(STR(?name)))
  ?entity rdfs:label ?anyLabel .
}}
GROUP BY ?entity ?class
ORDER BY ?entity
""",
    name="entity-by-name-scan",
    path="tests",
)
GLOSSARY_LOOKUP_SCAN = load_spec(
    f"""#+ summary: glossary-lookup without the index
#+ params:
#+   match: {{type: string, example: "SOCA"}}
{PREFIXES}
SELECT ?report ?acronym ?expansion ?entry
WHERE {{
  ?entry skos:notation ?acronym ;
         skos:inScheme ?glossary ;
         skos:prefLabel ?expansion .
  ?report hmic:glossary ?glossary .
  FILTER (LCASE(STR(?acronym)) = LCASE(STR(?match)))
}}
ORDER BY ?report
""",
    name="glossary-lookup-scan",
    path="tests",
)


def _names(store, sparql):
    return sorted({str(row[0]) for row in store.query(PREFIXES + sparql).rows})


def _variants(names):
    """Every name in upper case, and some in lower case, padded, spaced out or cut short."""
    for i, name in enumerate(names):
        yield name.upper()
        if i % 8 == 0:
            yield from (name.lower(), f" {name}", name.replace(" ", "  "), name[:-1])


@pytest.fixture(scope="module")
def entity_names(loaded_store):
    return _names(
        loaded_store,
        f"SELECT ?n WHERE {{ {CLASSES} ?e a ?class ; rdfs:label|skos:prefLabel|skos:altLabel ?n }}",
    )


@pytest.fixture(scope="module")
def acronyms(loaded_store):
    return _names(loaded_store, "SELECT ?n WHERE { ?e a hmic:GlossaryEntry ; skos:notation ?n }")


def _same(store, spec, scan, param, values):
    indexed = catalog()[spec]
    for value in values:
        params = {param: value}
        assert run(indexed, store, params).rows == run(scan, store, params).rows, params


def test_every_name_has_its_key(loaded_store):
    missing = loaded_store.query(
        PREFIXES
        + f"""SELECT ?e ?n WHERE {{
          {{
            {CLASSES} ?e a ?class ; rdfs:label|skos:prefLabel|skos:altLabel ?n .
            BIND (hmic:nameKey AS ?keyed)
          }} UNION {{
            ?e a hmic:GlossaryEntry ; skos:notation ?n .
            BIND (hmic:notationKey AS ?keyed)
          }}
          FILTER NOT EXISTS {{ ?e ?keyed ?k FILTER (?k = {SPARQL_KEY.format("?n")}) }}
        }}"""
    ).rows
    assert missing == []


def test_entity_by_name_answers_as_the_scan(loaded_store, entity_names):
    assert len(entity_names) > 100
    names = [*_variants(entity_names), "", " ", "no such name"]
    _same(loaded_store, "entity-by-name", ENTITY_BY_NAME_SCAN, "name", names)


def test_glossary_lookup_answers_as_the_scan(loaded_store, acronyms):
    assert len(acronyms) > 50
    matches = [*_variants(acronyms), "", " ", "NO SUCH ACRONYM"]
    _same(loaded_store, "glossary-lookup", GLOSSARY_LOOKUP_SCAN, "match", matches)
