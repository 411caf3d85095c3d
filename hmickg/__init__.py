"""hmickg: a knowledge graph and semantic query system built from HMIC inspection reports.

This package is the composition root: the only one that wires ``ingest``,
``ontology``, ``graph_store`` and ``queries`` together (CLI and pipeline).
"""

__version__ = "0.1.0"
