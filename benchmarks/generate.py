#!/usr/bin/env python
"""Write a seeded corpus of synthetic HMIC inspection reports for the benchmarks.

    python benchmarks/generate.py --size region|national|national-x10 --out DIR --seed 1 [--pdf-sample N]

The reports follow the template of the two real reports bundled in
``hmickg/sample_reports`` and alternate between its two variants:

- "2007": hard-wrapped lines with ``•`` bullets and trailing spaces, the national and
  force summary tables of judgements, a "National grade distribution" and a
  ``GRADE EXCELLENT`` sidebar dropped into the middle of a strength, the four-point
  grades, numbered ``RECOMMENDATION n`` paragraphs, "Developing Practice" examples
  with (fictitious) force contacts, a glossary with two-space separators; no title
  or date, the year read from the assessment period;
- "2008": one-line paragraphs with ``-`` bullets, a title and issue date,
  ``GRADE<TAB>Meets the standard.``, a tab-separated SPI table and most-similar-force
  line, ``Summary –`` blocks under Intelligence / Prevention / Enforcement /
  Performance management and resilience, running page headers mid-text, a glossary
  with letter index lines.

Forces come from ``ontology/reference/police_forces_uk.csv`` (the 43 territorial
forces of England and Wales and the Police Service of Northern Ireland);
organisations, units and systems from ``ingest/gazetteer/organisations.yaml``.
Grades are drawn per force, framework and year, and every report's national
distribution is the count over all 44 forces, so the numbers agree across reports.
Named operations are shared by the forces of a region (or, led by a national agency,
across regions), so the graph links forces through operations, agreements and agencies.

Sizes: ``region`` is the 5 East Midlands forces over 15 years (2006-2020), one
report a force a year; ``national`` the 44 forces the same way; ``national-x10``
ten reports a force a year (ten different frameworks or framework sets). Each
report is seeded by (seed, force, year, index), so the region corpus is exactly
the East Midlands part of the national one.

The generator knows what it wrote: ``manifest.json`` lists, for every file, the
force, year, style, graded assessments, overviews, finding counts by kind, glossary
entries and good-practice examples; ``--check N`` (default 6) parses N of the
reports with ``ingest.parse_file`` and compares. ``--pdf-sample N`` also writes N
reports as PDF (fpdf2, DejaVu Sans) into ``DIR/pdf/`` and checks they parse to
within 5% of the text's finding counts.

Telephone numbers are in Ofcom's drama range (01632 960xxx); names are made up.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import string
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORCES_CSV = ROOT / "ontology" / "reference" / "police_forces_uk.csv"
GAZETTEER = ROOT / "ingest" / "gazetteer" / "organisations.yaml"
REAL_REPORTS = ROOT / "hmickg" / "sample_reports"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

FW = "https://w3id.org/hmickg/def/framework/"
GRADE = "https://w3id.org/hmickg/def/grade/"
YEARS = tuple(range(2006, 2021))
SIZES = {"region": 1, "national": 1, "national-x10": 10}  # reports per force and year
KINDS = ("Strength", "WorkInProgress", "AreaForImprovement", "Recommendation")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class Force:
    slug: str
    name: str  # the name used for the inspected force and in most mentions
    names: tuple[str, ...]  # other full names a report may use
    short: str  # the county or area
    region: str


def load_forces() -> list[Force]:
    out = []
    with FORCES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            slug = row["data_police_uk_id"].strip()
            if not slug or not ("one of 43" in row["force_type"] or slug == "northern-ireland"):
                continue
            short = row["short_name"].strip()
            if slug == "city-of-london":
                short = "the City of London"
            aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
            full = [row["name_data_police_uk"].strip()] + [
                a for a in aliases if a.endswith(("Police", "Constabulary"))
            ]
            out.append(Force(slug, full[0], tuple(full), short, row["region"].strip()))
    return out


def gazetteer() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GAZETTEER.read_text("utf-8"))
    return data


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    acronym: str | None
    article: bool = True


_NO_ARTICLE = {
    "local-authorities",
    "primary-care-trusts",
    "health-trusts",
    "mental-health-trusts",
    "crimestoppers",
    "womens-aid",
    "trading-standards",
    "social-services",
    "youth-services",
    "childrens-homes",
}
UNIT_IDS = [
    "mcis",
    "oib",
    "sou",
    "caiu",
    "ppmt",
    "tsg",
    "htcu",
    "psd",
    "ssu",
    "cmc",
    "csb",
    "crb",
    "ecu",
    "tsu",
    "ppu",
    "polit",
    "solace",
    "rgps",
    "special-branch",
    "anti-corruption-unit",
    "diversity-unit",
    "forensic-department",
    "witness-protection-unit",
]
SYSTEM_IDS = [
    "holmes",
    "genie",
    "cis",
    "visor",
    "cats",
    "compact",
    "pnc",
    "anpr",
    "socrates",
    "mig",
    "orb",
    "iquanta",
    "nflms",
    "npsat",
    "kidnap-and-extortion-database",
    "duty-management-system",
]
AGENCY_IDS = [
    "soca",
    "npia",
    "ceop",
    "bia",
    "dwp",
    "cps",
    "hse",
    "hmrc",
    "home-office",
    "audit-commission",
    "iocco",
    "osc",
    "mod",
    "probation-service",
    "yos",
    "fss",
    "scas",
    "trading-standards",
    "social-services",
    "nhs",
    "ipcc",
    "hm-prison-service",
    "crimestoppers",
    "womens-aid",
    "local-authorities",
    "primary-care-trusts",
    "mental-health-trusts",
]
PARTNERSHIP_IDS = [
    "cdrp",
    "csp",
    "lscb",
    "mappa",
    "mappa-smb",
    "cspb",
    "iag",
    "lcjb",
    "daat",
    "jag",
    "lsp",
    "mappom",
    "gain",
    "drugs-intervention-programme",
    "rtcg",
]
NATIONAL_LEADS = ("soca", "ceop", "hmrc", "bia", "npia")


def _orgs(section: list[dict[str, Any]], ids: list[str]) -> list[Org]:
    by_id = {e["id"]: e for e in section}
    out = []
    for i in ids:
        e = by_id[i]
        acr = next(
            (a for a in e.get("alt", []) if " " not in a and sum(c.isupper() for c in a) >= 2),
            None,
        )
        if e["name"].isupper() or e["name"] == acr:
            acr = None
        out.append(Org(i, e["name"], acr, i not in _NO_ARTICLE and not e["name"].isupper()))
    return out


# --------------------------------------------------------------------------- frameworks


@dataclass(frozen=True)
class Framework:
    slug: str
    heading: str
    subs: tuple[tuple[str, str], ...] = ()  # (slug, heading) of graded sub-frameworks

    @property
    def text(self) -> str:
        return self.heading.lower()


FOUR_POINT = (
    Framework("neighbourhood-policing", "Neighbourhood Policing"),
    Framework("performance-management", "Performance Management"),
    Framework(
        "protecting-vulnerable-people",
        "Protecting Vulnerable People",
        (
            ("child-abuse", "Child Abuse"),
            ("domestic-violence", "Domestic Violence"),
            ("public-protection", "Public Protection"),
            ("missing-persons", "Missing Persons"),
        ),
    ),
    Framework("volume-crime-investigation", "Volume Crime Investigation"),
    Framework("contact-management", "Contact Management"),
    Framework("reducing-anti-social-behaviour", "Reducing Anti-Social Behaviour"),
    Framework("criminal-justice-processes", "Criminal Justice Processes"),
    Framework("improving-forensic-performance", "Improving Forensic Performance"),
    Framework("volume-crime-reduction", "Volume Crime Reduction"),
    Framework(
        "fairness-and-equality-in-service-delivery", "Fairness and Equality in Service Delivery"
    ),
    Framework(
        "training-development-and-organisational-learning",
        "Training, Development and Organisational Learning",
    ),
)
STANDARDS = (
    Framework("major-crime", "Major Crime"),
    Framework("serious-and-organised-crime", "Serious and Organised Crime"),
    Framework("critical-incident-management", "Critical Incident Management"),
    Framework("public-order", "Public Order"),
    Framework("civil-contingencies", "Civil Contingencies"),
    Framework("strategic-roads-policing", "Strategic Roads Policing"),
    Framework("professional-standards", "Professional Standards"),
    Framework("information-management", "Information Management"),
    Framework("leadership", "Leadership"),
    Framework("strategic-resource-management", "Strategic Resource Management"),
    Framework("customer-service-and-accessibility", "Customer Service and Accessibility"),
    Framework("neighbourhood-policing", "Neighbourhood Policing"),
    Framework("developing-citizen-focus", "Developing Citizen Focus"),
)
FOUR_GRADES = ("excellent", "good", "fair", "poor")
STANDARD_GRADES = ("exceeds-the-standard", "meets-the-standard", "fails-to-meet-the-standard")
STANDARD_WORDING = {
    "exceeds-the-standard": "Exceeds the standard.",
    "meets-the-standard": "Meets the standard.",
    "fails-to-meet-the-standard": "Fails to meet the standard.",
}


@dataclass(frozen=True)
class Plan:
    force: Force
    year: int
    k: int  # index of the report within the force's year
    style: str  # "2007" or "2008"
    frameworks: tuple[Framework, ...]
    month: int

    @property
    def filename(self) -> str:
        return f"{self.year}-{self.force.slug}-{self.k:02d}.txt"


def plan_corpus(size: str, forces: list[Force], seed: int) -> list[Plan]:
    per_year = SIZES[size]
    chosen = [f for f in forces if size != "region" or f.region == "East Midlands"]
    index = {f.slug: i for i, f in enumerate(forces)}
    plans = []
    for f in chosen:
        i = index[f.slug]
        for y in YEARS:
            for k in range(per_year):
                rng = random.Random(f"{seed}:plan:{f.slug}:{y}:{k}")
                style = "2007" if (i + y + k) % 2 == 0 else "2008"
                if style == "2007":
                    m = k // 2
                    a = y * 3 + 3 * m
                    tops = tuple(FOUR_POINT[(a + j) % len(FOUR_POINT)] for j in range(3))
                    month = 7
                else:
                    tops = (STANDARDS[(y * 5 + k // 2) % len(STANDARDS)],)
                    month = rng.randint(1, 12)
                plans.append(Plan(f, y, k, style, tops, month))
    return plans


# --------------------------------------------------------------------------- grades


def latent(seed: int, *key: object) -> float:
    return random.Random(f"{seed}:" + ":".join(map(str, key))).gauss(0.0, 1.0)


def grade_of(seed: int, force: str, framework: str, year: int, scheme: str) -> str:
    z = (
        0.8 * latent(seed, "force", force)
        + 0.3 * latent(seed, "force-year", force, year)
        + 0.6 * latent(seed, "assessment", force, framework, year)
        + 0.04 * (year - 2006)
        + 0.2 * latent(seed, "framework", framework)
    )
    if scheme == "four":
        return "excellent" if z > 1.35 else "good" if z > 0.05 else "fair" if z > -1.45 else "poor"
    return (
        "exceeds-the-standard"
        if z > 1.4
        else "meets-the-standard"
        if z > -1.1
        else "fails-to-meet-the-standard"
    )


def distribution(seed: int, forces: list[Force], framework: str, year: int) -> list[int]:
    c = Counter(grade_of(seed, f.slug, framework, year, "four") for f in forces)
    return [c[g] for g in FOUR_GRADES]


# --------------------------------------------------------------------------- operations

_OP_ADJ = [
    "Red",
    "Silver",
    "Golden",
    "Northern",
    "Iron",
    "Black",
    "White",
    "Grey",
    "Blue",
    "Green",
    "Amber",
    "Crimson",
    "Copper",
    "Scarlet",
    "Stone",
    "Winter",
    "Summer",
    "Autumn",
    "Spring",
    "Swift",
    "Bright",
    "Quiet",
    "Hidden",
    "Broken",
    "Frozen",
    "Distant",
    "Hollow",
]
_OP_NOUN = [
    "Kite",
    "Falcon",
    "Harrier",
    "Heron",
    "Kestrel",
    "Merlin",
    "Osprey",
    "Raven",
    "Swallow",
    "Wren",
    "Lark",
    "Curlew",
    "Plover",
    "Badger",
    "Otter",
    "Stoat",
    "Marten",
    "Hare",
    "Fox",
    "Lynx",
    "Bison",
    "Elk",
    "Oak",
    "Ash",
    "Rowan",
    "Willow",
    "Hazel",
    "Alder",
    "Birch",
    "Cedar",
    "Juniper",
    "Thistle",
    "Bracken",
    "Granite",
    "Basalt",
    "Flint",
    "Quartz",
    "Jasper",
    "Onyx",
    "Cobalt",
    "Nickel",
    "Anvil",
    "Lantern",
    "Compass",
    "Beacon",
    "Harbour",
    "Bastion",
    "Citadel",
    "Rampart",
    "Trident",
    "Sabre",
    "Lance",
    "Arrow",
    "Orca",
    "Marlin",
    "Pike",
    "Tarpon",
    "Sturgeon",
    "Mackerel",
    "Barracuda",
    "Anchor",
    "Keel",
    "Rudder",
    "Mast",
    "Tiller",
]
_OP_SINGLE = [
    "Yeoman",
    "Devine",
    "Lucky",
    "Kalon",
    "Kaross",
    "Bling",
    "Orca",
    "Task",
    "Polar",
    "Talisman",
    "Nexus",
    "Pentameter",
    "Tiberius",
    "Trident",
    "Sceptre",
    "Goldfinch",
    "Nightjar",
    "Magpie",
    "Fulmar",
    "Gannet",
    "Puffin",
    "Dunlin",
    "Redstart",
    "Siskin",
    "Linnet",
    "Bunting",
    "Warbler",
    "Grebe",
    "Teal",
    "Wigeon",
    "Pintail",
    "Shoveler",
    "Gadwall",
    "Smew",
    "Eider",
    "Scoter",
]


@dataclass
class Operations:
    regional: dict[tuple[str, int], list[str]]
    national: dict[int, list[tuple[str, str]]]  # year -> (name, lead agency id)


def plan_operations(seed: int, forces: list[Force]) -> Operations:
    rng = random.Random(f"{seed}:operations")
    names = [f"{a} {n}" for a in _OP_ADJ for n in _OP_NOUN] + list(dict.fromkeys(_OP_SINGLE))
    rng.shuffle(names)
    pool = iter(names)
    regions = sorted({f.region for f in forces})
    regional = {(r, y): [next(pool) for _ in range(4)] for r in regions for y in YEARS}
    national = {y: [(next(pool), rng.choice(NATIONAL_LEADS)) for _ in range(6)] for y in YEARS}
    return Operations(regional, national)


# --------------------------------------------------------------------------- phrase banks

CRIMES = (
    "gun crime",
    "kidnap",
    "human trafficking",
    "drug supply",
    "cash-in-transit robbery",
    "distraction burglary",
    "metal theft",
    "child sexual exploitation",
    "fraud",
    "money laundering",
    "domestic burglary",
    "vehicle crime",
    "knife crime",
    "serious sexual offences",
    "immigration crime",
    "illegal money lending",
    "rural crime",
    "organised acquisitive crime",
)
OCG_ACTS = (
    "targeted high-value vehicles",
    "supplied heroin and crack cocaine",
    "laundered the proceeds of crime through cash businesses",
    "trafficked women for sexual exploitation",
    "committed distraction burglaries against older people",
    "stole plant machinery from farms",
    "imported firearms and ammunition",
    "ran a network of cannabis farms",
    "committed armed robberies on cash couriers",
)
PRODUCTS = (
    "problem profiles",
    "target profiles",
    "tactical assessments",
    "the force strategic assessment",
    "network analysis charts",
    "monthly briefing documents",
    "subject profiles",
)
SERVICES = (
    "firearms",
    "surveillance",
    "test purchase and undercover",
    "dog handling",
    "air support",
    "high-tech crime",
    "forensic",
    "witness protection",
    "public order",
    "mutual aid",
    "search",
    "hostage negotiation",
    "family liaison",
)
AREAS = (
    "information sharing",
    "the management of registered sex offenders",
    "missing persons",
    "domestic violence",
    "child protection",
    "critical incidents",
    "major crime investigation",
    "the management of police information",
    "covert activity",
    "public order",
    "community engagement",
    "victim care",
    "custody",
    "firearms licensing",
)
TRAININGS = (
    "diversity",
    "critical incident",
    "forensic awareness",
    "PIP level 2",
    "risk assessment",
    "major incident room",
    "family liaison",
    "public protection",
)
PLANS = (
    "business continuity plan",
    "problem profile",
    "training needs analysis",
    "information-sharing protocol",
    "workforce plan",
    "performance framework",
    "victim care strategy",
    "estates strategy",
    "demand profile",
)
INITIATIVES = (
    "mobile data terminals for neighbourhood officers",
    "a single non-emergency number",
    "electronic beat profiles",
    "a graded response to missing persons reports",
    "body-worn video",
    "a multi-agency safeguarding hub",
    "restorative justice disposals",
    "an online crime reporting service",
    "predictive mapping of burglary",
)
OFFENDERS = (
    "registered sex offenders",
    "prolific and priority offenders",
    "violent offenders",
    "potentially dangerous persons",
    "repeat domestic violence perpetrators",
)
METRICS = (
    "the number of unexplained deaths",
    "repeat victims of domestic violence",
    "the outcome of referrals to partner agencies",
    "the use of Osman warnings",
    "the time taken to complete forensic submissions",
    "near-miss offences",
)
ACTIONS = (
    "review its establishment levels and identify contingency plans for exceptional demand",
    "establish a programme to deliver training to all operational staff",
    "develop a robust process that guarantees intelligence is transferred regularly",
    "formalise its information-sharing arrangements with partners",
    "complete the outstanding problem profiles and share them with partners",
    "introduce a structured debrief process for major investigations",
    "audit compliance with its policy and act on the findings",
    "test its call-out arrangements and record the results",
    "agree service level agreements with the agencies it relies on",
    "review the cost of outsourcing compared with the cost of permanent staff",
)
FREQ = ("weekly", "fortnightly", "monthly", "quarterly", "six-weekly")
ADJ = ("close", "productive", "well-established", "constructive", "long-standing")
STAFF = (
    "detective sergeants",
    "detective constables",
    "analysts",
    "police staff investigators",
    "intelligence officers",
    "financial investigators",
    "family liaison officers",
)

STRENGTH_LEADS = (
    "{unit_s} has {n} dedicated analysts who produce {product} for the level 2 tasking and co-ordination process.",
    "Memoranda of understanding exist between the force and {agency} to formalise information-sharing agreements.",
    "The force makes effective use of {system}, which is accessible to all operational staff and supervisors.",
    "{op_regional}",
    "A formal written protocol exists with {force2} concerning the provision of {service} support.",
    "{partnership_s} meets {freq} and is attended by senior representatives of {agency} and {agency2}.",
    "In {month} {yr} {agency} inspected the force and concluded that it performs to a high standard in {area}.",
    "All staff in {unit} have received {training} training, most of which has been delivered in the last {small} years.",
    "The assistant chief constable (crime) chairs a {freq} review panel that examines all critical incidents to identify learning and good practice.",
    "The force worked with {force2} and {force3} on a joint {crime} initiative, sharing intelligence through {system}.",
    "Good relationships exist regionally for collaborative arrangements, and the {region} forces provide mutual support at times of exceptional demand.",
    "Protocols for {area} are in place with a range of partners including {agency}, {agency2} and {partnership}.",
    "{unit_s} is fully staffed, with {n} officers and {n2} police staff, and its workload is reviewed {freq} by the head of crime.",
    "Performance data is held on {system} and is scrutinised at the {freq} performance meeting chaired by the deputy chief constable.",
    "The force regularly refers appropriate crimes to {agency}, and the referrals are managed by {unit}.",
    "Problem profiles have been completed for {crime}, {crime2} and {crime3}, and these inform the force control strategy.",
    "The force has a {adj} relationship with {agency}; in {yr} they jointly developed a {plan} for {area}.",
    "Neighbourhood teams have a clear understanding of community intelligence, which is recorded on {system} and shared with {partnership}.",
    "Collaborative agreements with the {region} regional forces provide {service} support, and these are tested through joint exercises.",
    "{op_national}",
    "An audit completed in {month} {yr} found that {pct}% of records on {system} were accurate and complete.",
    "{unit_s} uses {system} to manage its caseload, which aids active supervision and effective management.",
    "Staff in {unit} work closely with {agency} and {partnership} to manage {offenders}.",
    "The force has invested £{money} in {unit} since {yr0}, increasing its capacity to respond to {crime}.",
    "Senior managers have a good understanding of the threats posed by {crime}, and these are reflected in the force strategic assessment.",
    "The force was one of the first in the country to introduce {initiative}, which has attracted visits from {force2} and {force3}.",
    "A service level agreement with {agency} covers the provision of {service} support and is reviewed annually.",
    "{op_bilateral}",
    "{bcu} has a dedicated {service} team that responds to incidents across the whole force area.",
    "Call handlers in {unit} are conversant with the golden hour principles and have electronic prompt lists to guide them.",
    "There is a comprehensive policy on {area}, which complies with national guidance and is readily available to staff on the force intranet.",
    "The {staff} in {unit} are experienced, and {pct}% of them have attained the relevant national accreditation.",
    "The force makes good use of {agency} and {partnership} when assessing the impact of major incidents on local communities.",
    "The force is actively involved in regional cross-border operations to disrupt {crime}, and it shares intelligence with {force2} through {system}.",
)
WIP_LEADS = (
    "The force is developing a {plan} for {area}, with a target date for completion of {month} {yr1}.",
    "A review of {unit} is under way, led by a superintendent, and is due to report to the chief officer group in {month} {yr1}.",
    "The force is working with {agency} to agree a protocol on {area}; a draft has been circulated to partners.",
    "Work is ongoing to link {system} with {system2}, which will allow staff to search both systems at once.",
    "An investigative training board is being established to identify the training requirements of {unit}.",
    "The {region} forces are developing a regional {service} capability, which the force expects to join in {yr1}.",
    "The force has recognised the need for more formal information-sharing protocols with partners and has asked every BCU for details of existing agreements.",
    "A business case has been submitted to recruit {small} additional analysts to {unit}.",
    "The force is piloting {initiative} in {bcu}, with a view to force-wide implementation by {month} {yr1}.",
    "Plans are in place to move {unit} into new accommodation, which will address the current shortage of interview facilities.",
    "The existing policy on {area} is being updated to reflect national guidance, with a view to completion by {month} {yr1}.",
    "The force is consulting {partnership} on a joint {plan}, which is expected to be agreed in {yr1}.",
)
AFI_LEADS = (
    "The force was unable to provide data on {metric}.",
    "{unit_s} is operating at full capacity and there is little resilience to cater for exceptional demand.",
    "Knowledge of {system} is largely limited to specialist staff, and many front-line officers have limited or no knowledge of it.",
    "There is no formal audit of {area}, and without audit the force cannot monitor or improve its performance.",
    "Information sharing with {agency} relies on goodwill rather than on a formal protocol.",
    "At the time of inspection {unit} had a backlog of {small} to {small2} months.",
    "The force does not formally test its call-out procedures for {unit}.",
    "Not all risk assessments are recorded on {system}, which limits the ability of the force to manage {offenders}.",
    "Problem profiles for {crime} and {crime2} have not yet been completed.",
    "The strategic risk register does not identify the risks associated with a failure of {system}.",
    "Partnership arrangements with {partnership} are underdeveloped, and there is limited evidence of joint problem solving.",
    "The force has not evaluated its contribution to Operation {op_any}, and the lessons learned have not been shared.",
    "Supervision of investigations in {unit} is inconsistent, and policy files do not always record the rationale for decisions.",
    "Only {small} of the {n} supervisors in {unit} have been trained in {training} procedures.",
    "The force has limited capacity to conduct cold case reviews, and at the time of inspection it could not review all of its undetected cases.",
    "Intelligence held on {system} is not routinely transferred to {system2}, so some intelligence is not available to investigators.",
)
AFI_CLOSERS = (
    "The force needs to {action}.",
    "The force should {action}.",
    "HMIC acknowledges the resource implications for the force, but it needs to {action}.",
    "This presents a risk to the force, which needs to {action}.",
)
NEUTRAL = (
    "This is monitored through the force performance regime and reported to the police authority.",
    "Staff interviewed during the inspection confirmed this.",
    "Progress is reported to the chief officer group every quarter.",
    "In {month} {yr} this resulted in {small} arrests and the seizure of £{money} in cash.",
    "Evidence was provided of {n} cases in which this approach had been used successfully.",
    "The head of crime reviews progress every {weeks} weeks.",
    "The approach has since been adopted by {force2}.",
    "Results are recorded on {system} and reviewed by {unit}.",
    "A total of {n} referrals were made to partner agencies in the last year.",
    "Staff reported a good awareness of the policy, which is available on the force intranet.",
    "The force estimates that the work can be completed within {small} months.",
    "The chief officer group receives a monthly update.",
    "An evaluation in {yr} showed a reduction of {pct}% in repeat incidents.",
    "The arrangement is overseen by {partnership} and reviewed every six months.",
    "This was confirmed in discussions with partner agencies.",
    "Performance against the {crime} target has improved by {pct}% since {yr0}.",
    "The {staff} involved have all attended the relevant national course.",
    "{bcu} was the first to adopt the new process.",
    "Minutes of the meetings show good representation from partners.",
    "The police authority has been briefed on the arrangements.",
    "Supervisors check compliance every month and the results are published on the intranet.",
    "The policy was last reviewed in {month} {yr} and reflects current national guidance.",
    "This has been recognised as good practice by the national lead.",
    "Feedback from victims has been positive, with {pct}% satisfied with the service.",
)
OWN_LEADS = (
    "{own} has a clear strategy for {fw}, which is owned by a chief officer and understood by staff at every level.",
    "{own} has invested in {unit}, which now has {n} {staff}.",
    "Leadership of {fw} within {own} is strong and visible, and staff feel supported.",
    "{own} regularly reviews its arrangements for {fw} against national guidance.",
)
SUMMARIES = (
    "The force has sufficient dedicated analytical resources to meet the identified demands from {fw}.",
    "The threats from {crime} are analysed adequately, and the results inform the control strategy.",
    "The force seeks and shares intelligence about {fw} through partnerships, and this work is assessed to be effective.",
    "The force has a policy covering {area} that is fully accessible to staff and reasonably understood.",
    "The force is collaborating with all the other forces in the {region} region to provide the same level of access to intelligence systems.",
    "Governance arrangements for {fw} are effective, with appropriate use made of independent advisory groups.",
    "Effective contingency plans are in place to minimise the impact of any escalation of a {fw} incident.",
    "The force has limited systems to monitor the impact of preventative and enforcement activity.",
    "The inspection found evidence that the force considers relevant professional standards issues in its planning for {fw}.",
    "The inspection teams found sufficient capability in the force to meet the predictable demands of {fw}.",
    "The force tasking and co-ordination process functions cohesively to deliver suitable responses to {fw} threats.",
    "Due to appropriate and comprehensive training, the awareness of staff of diverse community needs is consistent.",
)
PRACTICE_TITLES = (
    "Linking {initiative_t} and neighbourhood policing",
    "Matching resources to demand with {system_t}",
    "A multi-agency approach to {area}",
    "Reducing repeat incidents of {crime}",
    "Joint tasking with {partnership_t}",
)
RANKS = (
    "Superintendent",
    "Chief Inspector",
    "Detective Inspector",
    "Inspector",
    "Detective Chief Inspector",
)
FIRST = [
    "Alex",
    "Sam",
    "Jo",
    "Chris",
    "Pat",
    "Robin",
    "Morgan",
    "Jamie",
    "Lee",
    "Kim",
    "Ashley",
    "Taylor",
    "Jordan",
    "Casey",
    "Drew",
    "Rowan",
]
LAST = [
    "Fletcher",
    "Hughes",
    "Patel",
    "Morgan",
    "Khan",
    "Walsh",
    "Evans",
    "Clarke",
    "Turner",
    "Baird",
    "Osei",
    "Novak",
    "Reid",
    "Shaw",
    "Price",
    "Quinn",
]

STANDARD_GLOSSARY = {
    "ACC": "assistant chief constable",
    "ACPO": "Association of Chief Police Officers",
    "APA": "Association of Police Authorities",
    "ASB": "anti-social behaviour",
    "BCU": "basic command unit",
    "CCTV": "closed-circuit television",
    "COG": "chief officer group",
    "DCC": "deputy chief constable",
    "DI": "detective inspector",
    "DC": "detective constable",
    "FLO": "family liaison officer",
    "FSA": "force strategic assessment",
    "HMI": "Her Majesty's Inspector",
    "HMIC": "Her Majesty's Inspectorate of Constabulary",
    "HR": "human resources",
    "ICT": "information and communications technology",
    "KIN": "key individual network",
    "LPU": "local policing unit",
    "MIR": "major incident room",
    "MoPI": "management of police information",
    "MSF": "most similar force(s)",
    "NIM": "National Intelligence Model",
    "OCG": "organised crime group",
    "PA": "police authority",
    "PCSO": "police community support officer",
    "PDR": "personal development review",
    "PIP": "professionalising the investigative process",
    "PVP": "protecting vulnerable people",
    "SGC": "specific grading criteria",
    "SIO": "senior investigating officer",
    "SOC": "serious and organised crime",
    "SPI": "statutory performance indicator",
    "TCG": "tasking and co-ordination group",
}


# --------------------------------------------------------------------------- the writer


@dataclass
class Expected:
    counts: Counter[str] = field(default_factory=Counter)
    assessments: dict[str, str] = field(default_factory=dict)  # framework IRI -> grade IRI
    overviews: list[str] = field(default_factory=list)
    glossary: int = 0
    practice: int = 0
    operations: set[str] = field(default_factory=set)


class Context:
    """Everything one report needs to fill its phrases, and what it has said so far."""

    def __init__(
        self,
        plan: Plan,
        seed: int,
        forces: list[Force],
        ops: Operations,
        orgs: dict[str, list[Org]],
    ) -> None:
        self.plan = plan
        self.seed = seed
        self.force = plan.force
        self.year = plan.year
        self.rng = random.Random(f"{seed}:report:{plan.force.slug}:{plan.year}:{plan.k}")
        rng = self.rng
        others = [f for f in forces if f.slug != self.force.slug]
        self.region_forces = [f for f in others if f.region == self.force.region]
        msf_rng = random.Random(f"{seed}:msf:{self.force.slug}")
        ew = [f for f in others if f.slug != "northern-ireland"]
        self.msf = msf_rng.sample(ew, 7)
        self.others = others
        self.units = rng.sample(orgs["units"], 10)
        self.systems = rng.sample(orgs["systems"], 7)
        self.agencies = rng.sample(orgs["agencies"], 10)
        self.partnerships = rng.sample(orgs["partnerships"], 7)
        bcu_rng = random.Random(f"{seed}:bcu:{self.force.slug}")
        self.bcus = [
            f"{d} BCU"
            for d in bcu_rng.sample(["North", "South", "East", "West", "Central", "City"], 3)
        ]
        self.ops = ops
        self.used_acronyms: dict[str, str] = {}
        self.expected = Expected()
        self.fw_text = "policing"

    # slot values -------------------------------------------------------------
    def _org(self, org: Org, *, capital: bool = False, kind: str = "") -> str:
        article = org.article
        if org.acronym and org.acronym in self.used_acronyms:
            surface = org.acronym
            article = article and kind in ("units", "partnerships")  # "the MCIS", but "SOCA"
        elif org.acronym:
            self.used_acronyms[org.acronym] = org.name
            surface = f"{org.name} ({org.acronym})"
        else:
            surface = org.name
        if article and not surface.startswith("the "):
            surface = f"the {surface}"
        return surface[0].upper() + surface[1:] if capital else surface

    def force_name(self, f: Force) -> str:
        return f.name if self.rng.random() < 0.75 else self.rng.choice(f.names)

    def other_force(self) -> Force:
        r = self.rng.random()
        # a small region (London: two forces) would have its one neighbour named in every report
        if self.region_forces and r < (0.6 if len(self.region_forces) >= 3 else 0.15):
            return self.rng.choice(self.region_forces)
        if r < 0.85:
            return self.rng.choice(self.msf)
        return self.rng.choice(self.others)

    def op_year(self) -> int:
        return max(YEARS[0], self.year - self.rng.choice((0, 1, 1, 2, 3)))

    def facts(self, name: str) -> random.Random:
        """What every report says about one operation is the same: its facts are seeded by name."""
        return random.Random(f"{self.seed}:operation:{name}")

    def regional_op(self) -> str:
        y = self.op_year()
        name = self.rng.choice(self.ops.regional[(self.force.region, y)])
        self.expected.operations.add(name)
        f = self.facts(name)
        act, convictions, value = f.choice(OCG_ACTS), f.randint(3, 40), f.randint(2, 40) / 10
        month, crime = f.choice(MONTHS), f.choice(CRIMES)
        if self.force.region in ("Northern Ireland", "Wales", "London") or not self.region_forces:
            return (
                f"Operation {name} ({y}) dismantled an organised crime group that {act} and "
                f"resulted in {convictions} convictions."
            )
        if f.random() < 0.6:
            return (
                f"Operation {name} ({y}), involving all {self.force.region} forces, dismantled an "
                f"organised crime group that {act} and resulted in {convictions} convictions and "
                f"the recovery of £{value:.1f}-million-worth of property."
            )
        return (
            f"In {month} {y} the force launched Operation {name}, a regional {crime} strategy "
            f"for the {self.force.region}, with {self._org(self.rng.choice(self.agencies))} and "
            f"{self.force_name(self.rng.choice(self.region_forces))}."
        )

    def national_op(self) -> str:
        y = self.op_year()
        name, lead = self.rng.choice(self.ops.national[y])
        self.expected.operations.add(name)
        f = self.facts(name)
        crime, arrests = f.choice(CRIMES), f.randint(4, 90)
        lead_org = next(o for o in ALL_ORGS["agencies"] if o.id == lead)
        a, b = self.rng.sample(self.others, 2)
        return (
            f"The force contributed officers to Operation {name}, led by {self._org(lead_org)} with "
            f"{self.force_name(a)} and {self.force_name(b)}, which targeted {crime} and resulted "
            f"in {arrests} arrests."
        )

    def bilateral_op(self) -> str:
        name = self.any_op()
        f = self.facts(name)
        crime, arrests = f.choice(CRIMES), f.randint(4, 90)
        return (
            f"The force worked with {self.force_name(self.other_force())} on Operation {name}, "
            f"which targeted {crime} across the force boundary and resulted in {arrests} arrests."
        )

    def any_op(self) -> str:
        y = self.op_year()
        if self.rng.random() < 0.5:
            name = self.rng.choice(self.ops.regional[(self.force.region, y)])
        else:
            name = self.rng.choice(self.ops.national[y])[0]
        self.expected.operations.add(name)
        return name

    def pick(self, orgs: list[Org]) -> Org:
        picked = getattr(self, "_picked", set())
        free = [o for o in orgs if o.id not in picked] or orgs
        org = self.rng.choice(free)
        picked.add(org.id)
        return org

    def value(self, slot: str) -> str:
        r = self.rng
        base = slot.rstrip("0123456789") if slot not in ("yr0", "yr1") else slot
        if base == "unit":
            return self._org(self.pick(self.units), kind="units")
        if base == "unit_s":
            return self._org(self.pick(self.units), capital=True, kind="units")
        if base == "system":
            return self._org(self.pick(self.systems), kind="systems")
        if base == "agency":
            return self._org(self.pick(self.agencies), kind="agencies")
        if base == "partnership":
            return self._org(self.pick(self.partnerships), kind="partnerships")
        if base == "partnership_s":
            return self._org(self.pick(self.partnerships), capital=True, kind="partnerships")
        if base == "force":
            return self.force_name(self.other_force())
        if base == "region":
            return self.force.region
        if base == "n":
            return str(r.randint(5, 60))
        if base == "small":
            return r.choice(("two", "three", "four", "five", "six"))
        if base == "pct":
            return str(r.randint(12, 98))
        if base == "money":
            return f"{r.randint(20, 990)},000"
        if base == "weeks":
            return str(r.choice((2, 4, 6, 8)))
        if base == "month":
            return r.choice(MONTHS)
        if slot == "yr":
            return str(self.year - r.randint(0, 2))
        if slot == "yr0":
            return str(self.year - r.randint(2, 5))
        if slot == "yr1":
            return str(self.year + r.randint(0, 1))
        if base == "op_regional":
            return self.regional_op()
        if base == "op_national":
            return self.national_op()
        if base == "op_bilateral":
            return self.bilateral_op()
        if base == "op_any":
            return self.any_op()
        if base == "bcu":
            return r.choice(self.bcus)
        if base == "fw":
            return self.fw_text
        if base == "own":
            return self.force.name
        bank = {
            "product": PRODUCTS,
            "service": SERVICES,
            "area": AREAS,
            "training": TRAININGS,
            "crime": CRIMES,
            "plan": PLANS,
            "initiative": INITIATIVES,
            "offenders": OFFENDERS,
            "metric": METRICS,
            "action": ACTIONS,
            "freq": FREQ,
            "adj": ADJ,
            "staff": STAFF,
        }[base]
        return r.choice(bank)

    def fill(self, template: str, *, capital: bool = True) -> str:
        out = []
        seen: set[str] = set()
        self._picked: set[str] = set()  # "{agency} and {agency2}": two different agencies
        for literal, name, _, _ in string.Formatter().parse(template):
            out.append(literal)
            if name is not None:
                value = self.value(name)
                for _ in range(8):
                    if value not in seen or name in (
                        "n",
                        "n2",
                        "small",
                        "small2",
                        "pct",
                        "yr",
                        "month",
                    ):
                        break
                    value = self.value(name)
                seen.add(value)
                out.append(value)
        text = _A_AN.sub(r"\1n \2", "".join(out))  # "a estates strategy" -> "an estates strategy"
        return text[0].upper() + text[1:] if capital else text

    def sentences(self, leads: tuple[str, ...], extra: tuple[int, int]) -> str:
        parts = [self.fill(self.rng.choice(leads))]
        for _ in range(self.rng.randint(*extra)):
            parts.append(self.fill(self.rng.choice(NEUTRAL)))
        return " ".join(parts)

    def finding(self, kind: str) -> str:
        if kind == "Strength":
            return self.sentences(STRENGTH_LEADS, (0, 2))
        if kind == "WorkInProgress":
            return self.sentences(WIP_LEADS, (0, 1))
        if kind == "AreaForImprovement":
            text = self.sentences(AFI_LEADS, (0, 1))
            return f"{text} {self.fill(self.rng.choice(AFI_CLOSERS))}"
        # Recommendation
        return (
            f"{self.fill(self.rng.choice(AFI_LEADS))} The force should, as a matter of urgency, "
            f"{self.value('action')}, and report progress to {self.value('partnership')} by "
            f"{self.value('month')} {self.year + 1}."
        )

    def contact(self) -> str:
        r = self.rng
        unit = r.choice(self.units)
        return (
            f"{r.choice(RANKS)} {r.choice(FIRST)} {r.choice(LAST)}, "
            f"{unit.name[0].upper() + unit.name[1:]} – 01632 960{r.randint(0, 999):03d}"
        )


ALL_ORGS: dict[str, list[Org]] = {}
_A_AN = re.compile(r"\b([Aa]) ([aeiouAEIOU])")


def _wrap(text: str, width: int = 88) -> list[str]:
    lines = textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)
    # a short last line could read as a heading ("None.", "prevention."): keep it on the one before
    if len(lines) > 1 and len(lines[-1]) < 32:
        last = lines.pop()
        lines[-1] = f"{lines[-1]} {last}"
    return lines


class Doc:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self, n: int = 1) -> None:
        self.lines.extend([""] * n)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# --------------------------------------------------------------------------- the 2007 template


INTRO_2007 = [
    "For a century and a half, Her Majesty’s Inspectorate of Constabulary (HMIC) has been charged with examining and improving the efficiency of the police service in England and Wales, with the first HM Inspectors (HMIs) being appointed under the provisions of the County and Borough Police Act 1856.",
    "HMIs are appointed by the Crown on the recommendation of the Home Secretary and report to HM Chief Inspector of Constabulary, who is the Home Secretary’s principal professional policing adviser and is independent both of the Home Office and of the police service.",
    "HMIC uses a rigorous and transparent methodology to conduct its inspections and reach conclusions and judgements. All evidence will be gathered, verified and then assessed against an agreed set of national standards, in the form of specific grading criteria (SGC).",
]
GRADES_2007 = [
    (
        "Excellent",
        "This grade describes the highest level of performance in service delivery and achieving full compliance with codes of practice or national guidance. It is expected that few forces will achieve this very high standard for a given activity.",
    ),
    (
        "Good",
        "Good is defined in the Collins English Dictionary as ‘of a high quality or level’ and denotes performance above the minimum standard.",
    ),
    (
        "Fair",
        "Fair is the delivery of an acceptable level of service, which meets national threshold standards where these exist.",
    ),
    (
        "Poor",
        "A Poor grade represents an unacceptably low level of service. To attract this very critical grade, a force will have fallen well short of a significant number of criteria set out in the SGC for Fair.",
    ),
]


def wrapped(doc: Doc, text: str, *, bullet: str | None = None, lead_space: bool = False) -> None:
    lines = _wrap(text)
    if bullet:
        lines = _wrap(f"{bullet} {text}")
    for i, line in enumerate(lines):
        prefix = " " if (lead_space and i == 0) else ""
        doc.add(f"{prefix}{line} ")


def write_2007(ctx: Context, all_forces: list[Force]) -> str:
    plan, r, doc, exp = ctx.plan, ctx.rng, Doc(), ctx.expected
    y = plan.year
    doc.add(" Introduction to HMIC Inspections ")
    doc.blank()
    for p in INTRO_2007:
        wrapped(doc, p)
        doc.blank()
    doc.add("Programmed frameworks ")
    doc.blank()
    wrapped(
        doc,
        "This report contains assessments of the key areas of policing inspected under HMIC’s "
        "programme of work for the year:",
    )
    doc.blank()
    for i, fw in enumerate(plan.frameworks, 1):
        end = "." if i == len(plan.frameworks) else ";"
        doc.add(f"{i}. {fw.text}{end} ")
    doc.blank()
    doc.add(" The grading process ")
    doc.blank()
    wrapped(
        doc,
        "Grades awarded by HMIC are a reflection of the performance delivered by the force over "
        f"the assessment period April {y - 1} to July {y}. One of four grades can be awarded, "
        "according to performance assessed against the SGC.",
    )
    doc.blank()
    for g, text in GRADES_2007:
        doc.add(f"{g} ")
        doc.blank()
        wrapped(doc, text)
        doc.blank()
    doc.add("Developing practice ")
    doc.blank()
    wrapped(
        doc,
        "In addition to assessing force performance, one of HMIC’s key roles is to identify and "
        "share good practice across the police service. Each force is given the opportunity to "
        "submit examples of its good practice, and HMIC has selected some of these examples to "
        "publish in this report.",
    )
    doc.blank()
    force_overview(ctx, doc, hard=True)

    # summary tables ------------------------------------------------------------
    doc.add(" Findings ")
    doc.blank()
    doc.add("National summary of judgements ")
    doc.blank()
    doc.add(" Excellent Good Fair Poor ")
    doc.blank()
    graded: list[tuple[str, str, str]] = []  # (slug, table label, heading)
    for fw in plan.frameworks:
        doc.add(
            f"{fw.heading[0]}{fw.heading[1:].lower()}     " if fw.subs else f"{fw.heading}     "
        )
        doc.blank()
        rows = (
            [(s, h[0] + h[1:].lower(), f"{fw.heading} – {h}") for s, h in fw.subs]
            if fw.subs
            else [(fw.slug, fw.heading, fw.heading)]
        )
        for slug, label, heading in rows:
            d = distribution(ctx.seed, all_forces, slug, y)
            doc.add(f"{label} {' '.join(map(str, d))} ")
            doc.blank()
            graded.append((slug, label, heading))
    doc.add(" ")
    doc.add("Force summary of judgements ")
    doc.blank(3)
    grades = {s: grade_of(ctx.seed, ctx.force.slug, s, y, "four") for s, _, _ in graded}
    for fw in plan.frameworks:
        doc.add(
            f"{fw.heading[0]}{fw.heading[1:].lower()} Grade " if fw.subs else f"{fw.heading} Grade "
        )
        doc.blank()
        labels = (
            [(s, h[0] + h[1:].lower()) for s, h in fw.subs] if fw.subs else [(fw.slug, fw.heading)]
        )
        for slug, label in labels:
            doc.add(f"{label} {grades[slug].capitalize()} ")
            doc.blank()

    # assessments ---------------------------------------------------------------
    for fw in plan.frameworks:
        ctx.fw_text = fw.text
        parts: list[tuple[str, str, str | None]] = []  # (slug, heading, grade or None)
        if fw.subs:
            parts.append((fw.slug, f"{fw.heading} – Overview", None))
            parts += [(s, f"{fw.heading} – {h}", grades[s]) for s, h in fw.subs]
        else:
            parts.append((fw.slug, fw.heading, grades[fw.slug]))
        for slug, heading, grade in parts:
            doc.add(f" {heading} " if r.random() < 0.7 else heading)
            doc.blank()
            doc.add(" ")
            doc.blank()
            if grade is not None:
                exp.assessments[FW + slug] = GRADE + grade
                d = distribution(ctx.seed, all_forces, slug, y)
                doc.add("National grade distribution ")
                doc.add("Excellent Good Fair Poor ")
                doc.blank()
                doc.add(f"{' '.join(map(str, d))} ")
                doc.blank()
                doc.add(" ")
                doc.blank()
            else:
                exp.overviews.append(FW + slug)
            doc.add("National contextual factors ")
            doc.blank()
            wrapped(
                doc,
                f"The inspection of {heading.split(' – ')[-1].lower()} examined how forces "
                "identify and manage risk, how they work with partner agencies and how they "
                "measure the difference their work makes. Success depends on effective "
                "multi-agency working and on leadership at every level.",
            )
            doc.blank()
            doc.add("Contextual factors " if grade is not None else "Contextual factors overview ")
            doc.blank()
            wrapped(
                doc,
                f"{ctx.force.name} has a clear strategy for {heading.split(' – ')[-1].lower()}, "
                f"which is led by a chief officer and supported by the {ctx.force.region} "
                "regional arrangements. " + ctx.fill(r.choice(NEUTRAL)),
            )
            doc.blank()
            findings_2007(ctx, doc, grade, rec_start=exp.counts["Recommendation"] + 1)
            if grade is not None and r.random() < 0.45:
                practice_2007(ctx, doc, heading.split(" – ")[0])
    doc.add(" Appendix: Glossary of Terms and Abbreviations ")
    doc.add(" ")
    doc.blank()
    glossary(ctx, doc, sep="  ", trailing=" ")
    return doc.text()


def findings_2007(ctx: Context, doc: Doc, grade: str | None, *, rec_start: int) -> None:
    r, exp = ctx.rng, ctx.expected
    n_s = r.randint(9, 22) if grade else r.randint(3, 6)
    n_w = r.randint(1, 4)
    n_a = r.randint(2, 7) if grade else r.randint(1, 3)
    n_r = r.choice((0, 0, 1, 1, 2)) if grade else 0
    doc.add("Strengths ")
    doc.blank()
    sidebar_at = r.randint(1, max(1, min(3, n_s - 1))) if grade else -1
    for i in range(n_s):
        # the inspected force names itself most: the 2007 template has no title to say which it is
        text = ctx.sentences(OWN_LEADS, (0, 1)) if i == 0 else ctx.finding("Strength")
        lines = _wrap(f"• {text}")
        if i == sidebar_at:
            cut = next(
                (j for j in range(1, len(lines)) if lines[j][:1].islower()),
                None,
            )
            if cut is not None:
                for line in lines[:cut]:
                    doc.add(f"{line} ")
                doc.blank()
                doc.add(f"GRADE {grade.upper().replace('-', ' ')} ")  # type: ignore[union-attr]
                doc.add(" " + lines[cut] + " ")
                for line in lines[cut + 1 :]:
                    doc.add(f"{line} ")
            else:
                for line in lines:
                    doc.add(f"{line} ")
                doc.blank()
                doc.add(f"GRADE {grade.upper()} ")  # type: ignore[union-attr]
        else:
            lead = r.random() < 0.08
            for j, line in enumerate(lines):
                doc.add(f"{' ' if lead and j == 0 else ''}{line} ")
        doc.blank()
        exp.counts["Strength"] += 1
    doc.add(" ")
    doc.blank()
    doc.add("Work in progress ")
    doc.blank()
    for _ in range(n_w):
        wrapped(doc, ctx.finding("WorkInProgress"), bullet="•")
        doc.blank()
        exp.counts["WorkInProgress"] += 1
    doc.add(" Areas for improvement " if n_a > 1 else " Area for improvement ")
    doc.blank()
    rec_after = sorted(r.sample(range(n_a), n_r)) if n_r else []
    number = rec_start
    for i in range(n_a):
        wrapped(doc, ctx.finding("AreaForImprovement"), bullet="•")
        exp.counts["AreaForImprovement"] += 1
        if i in rec_after:
            doc.add(
                f"RECOMMENDATION {number} " if r.random() < 0.5 else f" RECOMMENDATION {number}"
            )
            doc.blank()
            wrapped(doc, ctx.finding("Recommendation"))
            exp.counts["Recommendation"] += 1
            number += 1
        doc.blank()


def practice_2007(ctx: Context, doc: Doc, area: str) -> None:
    r = ctx.rng
    ctx.expected.practice += 1
    doc.add(" Developing Practice ")
    doc.add(f"INSPECTION AREA: {area} ")
    doc.blank()
    title = r.choice(PRACTICE_TITLES).format(
        initiative_t=r.choice(INITIATIVES),
        system_t=r.choice(ctx.systems).name,
        area=r.choice(AREAS),
        crime=r.choice(CRIMES),
        partnership_t=r.choice(ctx.partnerships).name,
    )
    wrapped(doc, f"TITLE: {title[0].upper() + title[1:]}")
    doc.blank()
    doc.add("PROBLEM:  ")
    doc.blank()
    wrapped(doc, ctx.fill(r.choice(AFI_LEADS)))
    doc.blank()
    doc.add("SOLUTION: ")
    wrapped(
        doc,
        f"{ctx.force.name} and its partners "
        + ctx.fill(
            "agreed to establish a joint team with {agency}, which receives data from {system} and "
            "from partner databases and produces {product} for the {freq} tasking meeting."
        ),
    )
    doc.blank()
    wrapped(doc, ctx.sentences(NEUTRAL, (1, 2)))
    doc.blank()
    doc.add("OUTCOME(S): ")
    wrapped(
        doc,
        ctx.fill(
            "Calls about {crime} fell by {pct}% in the first year, and {n} offenders were brought to justice."
        ),
    )
    doc.blank()
    doc.add(f"FORCE CONTACT: {ctx.contact()} ")
    doc.blank()
    doc.add(" ")
    doc.blank()


# --------------------------------------------------------------------------- the 2008 template


def write_2008(ctx: Context) -> str:
    plan, r, doc, exp = ctx.plan, ctx.rng, Doc(), ctx.expected
    fw = plan.frameworks[0]
    y, month = plan.year, MONTHS[plan.month - 1]
    ctx.fw_text = fw.text
    header = f"{ctx.force.name} – HMIC Inspection Report {month} {y}"
    doc.add("Her Majesty's Inspectorate of Constabulary")
    doc.blank(3)
    doc.add("HMIC Inspection Report")
    doc.blank()
    doc.add(f"{ctx.force.name} {fw.heading}")
    doc.blank()
    doc.add(f"{month} {y}")
    doc.blank(3)
    doc.add(f"ISBN: 978-1-84726-{r.randint(100, 999)}-{r.randint(0, 9)}")
    doc.blank()
    doc.add("CROWN COPYRIGHT")
    doc.blank()
    doc.add(f"FIRST PUBLISHED {y}")
    doc.blank()
    doc.add("Contents")
    doc.blank()
    doc.add("Introduction to HMIC Inspections")
    doc.blank()
    doc.add(
        f"HMIC Business Plan for {y}/{str(y + 1)[2:]} Programmed Frameworks {fw.heading} Future "
        "Programmed Inspections The Grading Process Developing Practice Force Overview and Context"
    )
    doc.blank()
    doc.add("Findings")
    doc.blank()
    doc.add(fw.heading)
    doc.blank()
    doc.add("Appendix 1: Glossary of Terms and Abbreviations")
    doc.blank()
    doc.add("Introduction to HMIC Inspections")
    doc.blank()
    for p in INTRO_2007:
        doc.add(p.replace("’", "'"))
        doc.blank()
    doc.add(f"HMIC Business Plan for {y}/{str(y + 1)[2:]}")
    doc.blank()
    doc.add("HMIC's business plan reflects our continued focus on:")
    doc.blank()
    doc.add(
        "- protective services including the management of public order, civil contingencies and critical incidents;"
    )
    doc.add("- counter-terrorism including all elements of the national CONTEST strategy; and")
    doc.add("- the embedding of neighbourhood policing.")
    doc.blank()
    doc.add("Programmed Frameworks")
    doc.blank()
    doc.add(
        f"This document includes the full graded report for the {fw.text} inspection, which "
        "examined force responses in each of the 44 forces of England, Wales and Northern Ireland."
    )
    doc.blank()
    doc.add("Future Programmed Inspections")
    doc.blank()
    doc.add("Inspection area\tDates\t\t\t")
    for other in r.sample(STANDARDS, 4):
        doc.add(f"{other.heading[0]}{other.heading[1:].lower()}\tApril {y} – September {y}\t\t\t")
    doc.blank()
    doc.add("The Grading Process")
    doc.blank()
    doc.add(
        "HMIC has moved to a grading system based on the national standards; forces will be "
        "deemed to meet the standard, exceed the standard or fail to meet the standard."
    )
    doc.blank()
    for head in ("Meeting the standard", "Exceeding the standard", "Failing to meet the standard"):
        doc.add(head)
        doc.blank()
        doc.add(
            "HMIC uses the ACPO agreed standards as the starting point for its SGC, and the "
            "standards are communicated to all forces and police authorities before the inspection starts."
        )
        doc.blank()
    doc.add("Developing Practice")
    doc.blank()
    doc.add(
        "In addition to assessing force performance, one of HMIC's key roles is to identify and "
        "share good practice across the police service."
    )
    doc.blank()
    force_overview(ctx, doc, hard=False)

    grade = grade_of(ctx.seed, ctx.force.slug, fw.slug, y, "standards")
    exp.assessments[FW + fw.slug] = GRADE + grade
    doc.add(fw.heading)
    doc.blank()
    doc.add(f"GRADE\t{STANDARD_WORDING[grade]}")
    doc.blank()
    doc.add("Contextual factors")
    doc.blank()
    doc.add(
        f"This element of the inspection report details {ctx.force.name}'s capacity and "
        f"capability to identify and assess the risks from {fw.text}, as well as the response "
        "in preventing and investigating these threats."
    )
    doc.blank()
    spi_table(ctx, doc)
    doc.blank()
    blocks_since_header = 0
    for section in (
        "Intelligence",
        "Prevention",
        "Enforcement",
        "Performance management and resilience",
    ):
        doc.add(section)
        doc.blank()
        for _ in range(r.randint(4, 6)):
            if blocks_since_header >= 3 and r.random() < 0.5:
                if r.random() < 0.5:
                    doc.add(header)
                else:
                    doc.add(header.rsplit(" ", 2)[0].replace(" – ", " - "))
                    doc.blank()
                    doc.add(f"{month} {y}")
                doc.blank()
                blocks_since_header = 0
            blocks_since_header += 1
            doc.add(f"Summary – {ctx.fill(r.choice(SUMMARIES))} {ctx.fill(r.choice(NEUTRAL))}")
            doc.blank()
            block_2008(ctx, doc)
    doc.add("Appendix 1: Glossary of Terms and Abbreviations")
    doc.blank()
    glossary(ctx, doc, sep=" ", trailing="")
    return doc.text()


def bullets_2008(ctx: Context, doc: Doc, kind: str, n: int) -> None:
    r = ctx.rng
    if n == 0:
        doc.add("None identified." if r.random() < 0.7 else "• None identified.")
        return
    for _ in range(n):
        text = ctx.finding(kind)
        mark = "-" if r.random() < 0.85 else "•"
        if r.random() < 0.12:
            lines = _wrap(f"{mark} {text}", 86)
            doc.add(lines[0])
            doc.add(*(f" {line}" for line in lines[1:]))
        else:
            doc.add(f"{mark} {text}")
        ctx.expected.counts[kind] += 1


def block_2008(ctx: Context, doc: Doc) -> None:
    r = ctx.rng
    doc.add("Strengths")
    doc.blank()
    bullets_2008(ctx, doc, "Strength", r.randint(2, 6))
    doc.blank()
    doc.add("Work in progress")
    doc.blank()
    bullets_2008(ctx, doc, "WorkInProgress", r.choice((0, 0, 1, 1, 2)))
    doc.blank()
    doc.add("Area(s) for improvement")
    doc.blank()
    bullets_2008(ctx, doc, "AreaForImprovement", r.choice((0, 1, 1, 2, 2, 3)))
    doc.blank()


def spi_table(ctx: Context, doc: Doc) -> None:
    r, y = ctx.rng, ctx.plan.year
    doc.add(f"\t{y - 2}\t{y - 1}\tChange\tMSF** group mean")
    for label in (
        "Life-threatening and gun crime per 1,000 population",
        "Number of abductions per 10,000 population",
        "% of abduction crimes detected/convicted",
        "Number of attempted murders per 10,000 population",
        "Number of kidnappings per 10,000 population",
        "% of kidnapping crimes detected/convicted",
        "Number of murders per 10,000 population",
        "% of murders detected/convicted",
        "Number of rapes per 10,000 population",
        "% of rapes detected/convicted",
    ):
        if label.startswith("%"):
            a, b = r.uniform(10, 100), r.uniform(10, 100)
            doc.add(f"{label}\t{a:.2f}%\t{b:.2f}%\t{b - a:+.2f}pp*\t{r.uniform(10, 100):.2f}%")
        else:
            a, b = r.uniform(0.01, 4), r.uniform(0.01, 4)
            doc.add(
                f"{label}\t{a:.3f}\t{b:.3f}\t{(b - a) / a * 100:+.2f}%\t{r.uniform(0.01, 4):.3f}"
            )
    doc.blank()
    doc.add("*'pp' is percentage points.")
    doc.blank()
    names = []
    for f in ctx.msf:
        s = f.short
        names.append(
            s
            if len(s) > 3
            and s not in ("West Midlands", "London", "the City of London")
            and "&" not in s
            else f.name
        )
    doc.add(
        f"**Most similar force (MSF) group for {ctx.force.short} is "
        f"{', '.join(names[:-1])} and {names[-1]}."
    )
    doc.blank()
    doc.add(
        f"From the statutory performance indicator (SPI) data in the table above it can be seen "
        f"that {r.choice(CRIMES)} and {r.choice(CRIMES)} pose significant threats to {ctx.force.name}."
    )


# --------------------------------------------------------------------------- shared parts


def force_overview(ctx: Context, doc: Doc, *, hard: bool) -> None:
    r, f = ctx.rng, ctx.force

    def para(text: str) -> None:
        if hard:
            wrapped(doc, text)
        else:
            doc.add(text)
        doc.blank()

    doc.add(" Force Overview and Context " if hard else "Force Overview and Context")
    doc.blank()
    doc.add("Geographical description of force area")
    doc.blank()
    where = (
        f"in the {f.region} region"
        if f.region not in ("Wales", "Northern Ireland", "London")
        else f"in {f.region}"
    )
    para(
        f"{f.short[0].upper() + f.short[1:]} is a {r.choice(['mid-sized', 'large', 'small', 'mostly rural', 'densely populated'])} "
        f"area {where} that covers approximately {r.randint(300, 9000):,} square kilometres. "
        "It has good transport links and is connected to the motorway network."
    )
    doc.add("Demographic profile of force area")
    doc.blank()
    para(
        f"The force area has a population of approximately {r.randint(3, 30) / 10:.1f} million people. "
        f"{f.name} serves a diverse population, with {r.randint(3, 40)}% of residents from black "
        "and minority ethnic communities."
    )
    doc.add("Strategic priorities")
    doc.blank()
    para(
        f"{f.name} is working towards priorities set with its partners, including "
        + ctx.fill("{partnership}, {partnership2} and {agency}.", capital=False)
    )
    doc.add(
        f"Collaboration within the {f.region}"
        if f.region not in ("Northern Ireland",)
        else "Collaboration"
    )
    doc.blank()
    if ctx.region_forces:
        partners = [p.short for p in ctx.region_forces if len(p.short) > 3 and "&" not in p.short]
        if partners:
            para(
                f"We intend to work closely with our regional partners {', '.join(partners)} to "
                "tackle serious organised crime, the threat of terrorism and the protection of "
                "the most vulnerable people in our society."
            )
    para(f"{f.name} is committed to collaboration. " + ctx.fill("{op_regional}"))
    doc.add("Structural description of the force area")
    doc.blank()
    para(
        f"{f.name} has {len(ctx.bcus)} basic command units: {', '.join(ctx.bcus[:-1])} and "
        f"{ctx.bcus[-1]}. In {ctx.year - 1} {f.name} was graded "
        f"{r.choice(['Good', 'Fair', 'Excellent'])} for its approach to victims of crime."
    )


def glossary(ctx: Context, doc: Doc, *, sep: str, trailing: str) -> None:
    entries = dict(STANDARD_GLOSSARY)
    for acr, name in ctx.used_acronyms.items():
        entries[acr] = name
    by_letter: dict[str, list[str]] = {}
    for acr in sorted(entries, key=str.upper):
        by_letter.setdefault(acr[0].upper(), []).append(acr)
    for letter, acrs in by_letter.items():
        doc.add(f"{letter}{trailing}")
        doc.blank()
        for acr in acrs:
            doc.add(f"{acr}{sep}{entries[acr]}{trailing}")
            doc.blank()
        if trailing:
            doc.add(" ")
            doc.blank()
    ctx.expected.glossary = len(entries)


# --------------------------------------------------------------------------- corpus


def write_report(
    plan: Plan, seed: int, forces: list[Force], ops: Operations
) -> tuple[str, Expected]:
    ctx = Context(plan, seed, forces, ops, ALL_ORGS)
    text = write_2007(ctx, forces) if plan.style == "2007" else write_2008(ctx)
    return text, ctx.expected


def fewer_bullets(text: str, every: int = 3) -> str:
    """The report with every ``every``-th bullet line left out, from the first: the same
    report (the same graph when ingested), edited, with fewer findings."""
    lines = text.splitlines(keepends=True)
    bullets = [i for i, line in enumerate(lines) if line.lstrip().startswith(("-", "•"))]
    drop = set(bullets[::every])
    return "".join(line for i, line in enumerate(lines) if i not in drop)


def setup() -> list[Force]:
    g = gazetteer()
    ALL_ORGS["units"] = _orgs(g["units"], UNIT_IDS)
    ALL_ORGS["systems"] = _orgs(g["systems"], SYSTEM_IDS)
    ALL_ORGS["agencies"] = _orgs(g["agencies"], AGENCY_IDS)
    ALL_ORGS["partnerships"] = _orgs(g["partnerships"], PARTNERSHIP_IDS)
    return load_forces()


def generate(size: str, out: Path, seed: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    forces = setup()
    ops = plan_operations(seed, forces)
    plans = plan_corpus(size, forces, seed)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "size": size,
        "seed": seed,
        "forces": len({p.force.slug for p in plans}),
        "reports": [],
    }
    start = time.perf_counter()
    total_bytes = 0
    for i, plan in enumerate(plans, 1):
        text, exp = write_report(plan, seed, forces, ops)
        (out / plan.filename).write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
        manifest["reports"].append(
            {
                "file": plan.filename,
                "force": plan.force.slug,
                "year": plan.year,
                "style": plan.style,
                "frameworks": [f.slug for f in plan.frameworks],
                "assessments": exp.assessments,
                "overviews": exp.overviews,
                "counts": {k: exp.counts[k] for k in KINDS},
                "glossary": exp.glossary,
                "practice": exp.practice,
                "operations": sorted(exp.operations),
                "lines": text.count("\n"),
            }
        )
        if i % 500 == 0:
            log(f"  {i}/{len(plans)} reports")
    # The two bundled real reports go in too: the catalogue's example parameters name them
    # (leicestershire-2008-07-major-crime, its findings and passages), so they find data.
    for real in sorted(REAL_REPORTS.glob("*.txt")):
        name = f"real-{real.name}"
        text = real.read_text("utf-8")
        (out / name).write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
        manifest["reports"].append(
            {"file": name, "style": "real", "counts": None, "lines": text.count("\n") + 1}
        )
    manifest["seconds"] = round(time.perf_counter() - start, 2)
    manifest["bytes"] = total_bytes
    manifest["findings"] = sum(
        sum(r["counts"].values()) for r in manifest["reports"] if r["counts"]
    )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------- checks and PDF


def sample(manifest: dict[str, Any], n: int, seed: int) -> list[dict[str, Any]]:
    reports = [r for r in manifest["reports"] if r["style"] != "real"]
    rng = random.Random(f"{seed}:check")
    by_style = {s: [r for r in reports if r["style"] == s] for s in ("2007", "2008")}
    out = []
    for i in range(n):
        pool = by_style["2007" if i % 2 == 0 else "2008"] or reports
        out.append(rng.choice(pool))
    return out


def compare(entry: dict[str, Any], parsed: Any, *, tolerance: float = 0.0) -> list[str]:
    problems = []
    got = Counter(f.kind.value for f in parsed.findings())
    for kind in KINDS:
        want = entry["counts"][kind]
        if abs(got[kind] - want) > tolerance * want:
            problems.append(f"{kind}: parsed {got[kind]}, wrote {want}")
    if parsed.meta.force.slug != entry["force"]:
        problems.append(f"force: parsed {parsed.meta.force.slug}, wrote {entry['force']}")
    if parsed.meta.year != entry["year"]:
        problems.append(f"year: parsed {parsed.meta.year}, wrote {entry['year']}")
    assessed = {a.framework: a.grade for a in parsed.assessments}
    if assessed != entry["assessments"]:
        problems.append(f"assessments: parsed {assessed}, wrote {entry['assessments']}")
    overviews = sorted(a.framework for a in parsed.overviews)
    if overviews != sorted(entry["overviews"]):
        problems.append(f"overviews: parsed {overviews}, wrote {entry['overviews']}")
    if tolerance == 0.0:
        if len(parsed.glossary) != entry["glossary"]:
            problems.append(f"glossary: parsed {len(parsed.glossary)}, wrote {entry['glossary']}")
        if len(parsed.good_practice) != entry["practice"]:
            problems.append(
                f"practice: parsed {len(parsed.good_practice)}, wrote {entry['practice']}"
            )
        ops = {e.label.removeprefix("Operation ") for e in parsed.entities.of("Operation")}
        missing = set(entry["operations"]) - ops
        if missing:
            problems.append(f"operations not found: {sorted(missing)}")
    return problems


def check(out: Path, manifest: dict[str, Any], n: int, seed: int) -> int:
    sys.path.insert(0, str(ROOT))
    from ingest import parse_file

    bad = 0
    for entry in sample(manifest, n, seed):
        t = time.perf_counter()
        parsed = parse_file(out / entry["file"])
        problems = compare(entry, parsed)
        total = sum(entry["counts"].values())
        status = "ok" if not problems else "MISMATCH"
        print(
            f"  check {entry['file']} ({entry['style']}): {total} findings, "
            f"{len(entry['assessments'])} graded, {time.perf_counter() - t:.2f} s parse: {status}"
        )
        for p in problems:
            print(f"      {p}")
        bad += bool(problems)
    return bad


def write_pdf(text: str, path: Path, *, lines_per_page: int = 55, width: int = 150) -> None:
    import fpdf  # dev extra (fpdf2)

    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=6)
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.replace("\t", "    ")
        if len(line) <= width:
            lines.append(line)
            continue
        # a typeset page wraps long paragraphs; continuation lines keep no bullet
        lines.extend(
            textwrap.wrap(line, width=width, break_on_hyphens=False, break_long_words=False)
        )
    for start in range(0, len(lines), lines_per_page):
        pdf.add_page()
        for i, line in enumerate(lines[start : start + lines_per_page]):
            pdf.text(8, 8 + i * 5, line)
    pdf.output(str(path))


def pdf_sample(out: Path, manifest: dict[str, Any], n: int, seed: int) -> int:
    sys.path.insert(0, str(ROOT))
    from ingest import parse_file

    folder = out / "pdf"
    folder.mkdir(exist_ok=True)
    bad = 0
    written = []
    for entry in sample(manifest, n, seed + 1):
        src = out / entry["file"]
        dst = folder / (src.stem + ".pdf")
        write_pdf(src.read_text("utf-8"), dst)
        t = time.perf_counter()
        parsed = parse_file(dst)
        problems = compare(entry, parsed, tolerance=0.05)
        status = "ok (within 5%)" if not problems else "MISMATCH"
        print(f"  pdf {dst.name}: parsed in {time.perf_counter() - t:.2f} s: {status}")
        for p in problems:
            print(f"      {p}")
        bad += bool(problems)
        written.append(dst.name)
    (folder / "manifest.json").write_text(json.dumps({"files": written}, indent=1), "utf-8")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--size", choices=sorted(SIZES), required=True)
    ap.add_argument("--out", type=Path, required=True, help="folder to write the reports into")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--pdf-sample", type=int, default=0, metavar="N", help="also write N reports as PDF"
    )
    ap.add_argument(
        "--check",
        type=int,
        default=6,
        metavar="N",
        help="parse N reports and compare with what was written (0: no check)",
    )
    args = ap.parse_args(argv)
    t = time.perf_counter()
    manifest = generate(args.size, args.out, args.seed)
    print(
        f"wrote {len(manifest['reports'])} reports ({manifest['forces']} forces, the 2 bundled real ones among them; "
        f"{manifest['findings']:,} findings, {manifest['bytes'] / 1e6:.1f} MB) to {args.out} "
        f"in {time.perf_counter() - t:.1f} s"
    )
    bad = check(args.out, manifest, args.check, args.seed) if args.check else 0
    if args.pdf_sample:
        bad += pdf_sample(args.out, manifest, args.pdf_sample, args.seed)
    if bad:
        print(f"{bad} report(s) did not parse as written", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
