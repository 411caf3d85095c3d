"""The hmickg ontology terms as a closed rdflib namespace.

GENERATED from ontology/hmic.ttl by ``python -m ontology._gen_namespace``: do not edit.
Each term is annotated with its rdfs:label.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class HMIC(DefinedNamespace):
    """hmickg ontology (https://w3id.org/hmickg/def)."""

    _fail = True
    _NS = Namespace("https://w3id.org/hmickg/def#")

    # Classes
    AreaForImprovement: URIRef  # Area for improvement
    Assessment: URIRef  # Assessment
    CollaborationAgreement: URIRef  # Collaboration agreement
    Community: URIRef  # community
    ContactPoint: URIRef  # Contact point
    Finding: URIRef  # Finding
    GapSummary: URIRef  # Gap summary
    Glossary: URIRef  # Glossary
    GlossaryEntry: URIRef  # Glossary entry
    GoodPractice: URIRef  # Good practice
    GradeCount: URIRef  # Grade count
    GradeDistribution: URIRef  # Grade distribution
    GradeStatement: URIRef  # grade statement
    InformationSystem: URIRef  # Information system
    InspectionReport: URIRef  # Inspection report
    Operation: URIRef  # Operation
    OrganisedCrimeGroup: URIRef  # Organised crime group
    PartnerAgency: URIRef  # Partner agency
    Partnership: URIRef  # Partnership
    PoliceForce: URIRef  # Police force
    PolicingRegion: URIRef  # Policing region
    ProtectiveServiceGap: URIRef  # Protective service gap
    Recommendation: URIRef  # Recommendation
    ReportSection: URIRef  # Report section
    SourcePassage: URIRef  # Source passage
    StatisticsTable: URIRef  # Statistics table
    Strength: URIRef  # Strength
    ThemeAssignment: URIRef  # Theme assignment
    Unit: URIRef  # Unit
    WorkInProgress: URIRef  # Work in progress
    WorkProgrammeItem: URIRef  # work programme item

    # Object properties
    addressedBy: URIRef  # addressed by
    assignedConcept: URIRef  # assigned concept
    community: URIRef  # community
    contact: URIRef  # contact
    evidence: URIRef  # evidence
    finding: URIRef  # finding
    framework: URIRef  # framework
    gapForce: URIRef  # gap force
    gapTheme: URIRef  # gap theme
    glossary: URIRef  # glossary
    grade: URIRef  # grade
    gradeCount: URIRef  # grade count
    hasAssessment: URIRef  # has assessment
    hasGoodPractice: URIRef  # has good practice
    hasSection: URIRef  # has section
    hasStatistics: URIRef  # has statistics
    indicator: URIRef  # indicator
    inRegion: URIRef  # in region
    inspectedForce: URIRef  # inspected force
    involves: URIRef  # involves
    leadForce: URIRef  # lead force
    linksSystem: URIRef  # links system
    mentions: URIRef  # mentions
    mostSimilarForce: URIRef  # most similar force
    nationalDistribution: URIRef  # national distribution
    party: URIRef  # party
    programmeItem: URIRef  # programme item
    protectiveServiceArea: URIRef  # protective service area
    refArea: URIRef  # reference area
    section: URIRef  # section
    sharesAgreement: URIRef  # shares agreement
    sharesGap: URIRef  # shares gap
    sharesOperation: URIRef  # shares operation
    statesGrade: URIRef  # states grade
    targets: URIRef  # targets
    usesSystem: URIRef  # uses system
    via: URIRef  # via

    # Datatype properties
    addressedByList: URIRef  # addressed-by list
    addressedGapCount: URIRef  # addressed gap count
    arrests: URIRef  # arrests
    assessmentPeriod: URIRef  # assessment period
    betweenness: URIRef  # betweenness
    change: URIRef  # change
    charged: URIRef  # charged
    contactName: URIRef  # contact name
    contactUnit: URIRef  # contact unit
    convictions: URIRef  # convictions
    count: URIRef  # count
    degree: URIRef  # degree
    evidenceList: URIRef  # evidence list
    evidenceLocation: URIRef  # evidence location
    forceCount: URIRef  # force count
    forceList: URIRef  # force list
    gapCount: URIRef  # gap count
    gapSource: URIRef  # gap source
    gradeDirection: URIRef  # grade direction
    gradeRank: URIRef  # grade rank
    heading: URIRef  # heading
    leadForceList: URIRef  # lead force list
    ledGapCount: URIRef  # led gap count
    lineCount: URIRef  # line count
    lineEnd: URIRef  # line end
    lineStart: URIRef  # line start
    matchedTerm: URIRef  # matched term
    msfGroupMean: URIRef  # most similar force group mean
    nameKey: URIRef  # name key
    notationKey: URIRef  # notation key
    number: URIRef  # number
    outcome: URIRef  # outcome
    page: URIRef  # page
    problem: URIRef  # problem
    refPeriod: URIRef  # reference period
    role: URIRef  # role
    rule: URIRef  # rule
    score: URIRef  # score
    sequence: URIRef  # sequence
    sha256: URIRef  # SHA-256
    solution: URIRef  # solution
    sourceDigest: URIRef  # source digest
    sourceFile: URIRef  # source file
    summary: URIRef  # summary
    telephone: URIRef  # telephone
    text: URIRef  # text
    themeLabel: URIRef  # theme label
    unit: URIRef  # unit
    value: URIRef  # value
    valueRecovered: URIRef  # value recovered
    year: URIRef  # year
