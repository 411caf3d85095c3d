"""OWL 2 DL consistency checks of the ontology with HermiT or Pellet (owlready2 0.49).

owlready2 cannot read Turtle, so the ontology graph (plus any extra
individuals) is serialised by rdflib to RDF/XML (N-Triples if a predicate has
no XML QName form) in a temporary directory and loaded
into a fresh owlready2 ``World``; nothing touches owlready2's default world and
nothing is fetched over the network. Both reasoners run on the JVM (``java``
must be on the PATH; owlready2 0.49's Pellet still runs on Java 17).

``hmic:year`` has range ``xsd:gYear``, which is outside the OWL 2 datatype map:
HermiT is told to ignore unsupported datatypes rather than reject the ontology.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rdflib import OWL, Graph

from ontology import _ontology

__all__ = ["REASONERS", "ConsistencyResult", "check_consistency"]

Reasoner = Literal["hermit", "pellet"]
REASONERS: tuple[Reasoner, ...] = ("hermit", "pellet")


@dataclass(frozen=True)
class ConsistencyResult:
    """What a reasoner said about the ontology (and any extra individuals).

    ``unsatisfiable`` lists the IRIs of classes equivalent to ``owl:Nothing``
    (empty when the ontology is inconsistent, since nothing can be classified).
    """

    reasoner: Reasoner
    consistent: bool
    unsatisfiable: tuple[str, ...]
    seconds: float
    message: str = ""

    @property
    def ok(self) -> bool:
        """Consistent and without unsatisfiable classes."""
        return self.consistent and not self.unsatisfiable


def check_consistency(
    reasoner: Reasoner = "hermit", *, individuals: Graph | None = None
) -> ConsistencyResult:
    """Run ``reasoner`` ("hermit" or "pellet") over the ontology and SKOS schemes.

    ``individuals`` is an optional graph of extra assertions (e.g. a node typed
    both ``hmic:Strength`` and ``hmic:AreaForImprovement``) reasoned over
    together with the ontology. Raises ``ValueError`` for an unknown reasoner
    and owlready2's ``OwlReadyJavaError`` when the JVM itself fails.
    """
    if reasoner not in REASONERS:
        raise ValueError(f"Unknown reasoner {reasoner!r}; expected one of {REASONERS}")
    import owlready2

    graph = Graph()
    graph += _ontology()
    if individuals is not None:
        graph += individuals

    with tempfile.TemporaryDirectory(prefix="hmickg-reasoning-") as tmp:
        path = _write(graph, Path(tmp))
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load()
            started = time.perf_counter()
            try:
                if reasoner == "hermit":
                    owlready2.sync_reasoner_hermit(
                        world, debug=0, ignore_unsupported_datatypes=True
                    )
                else:
                    owlready2.sync_reasoner_pellet(world, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError as error:
                return ConsistencyResult(
                    reasoner=reasoner,
                    consistent=False,
                    unsatisfiable=(),
                    seconds=time.perf_counter() - started,
                    message=str(error).strip()[:2000],
                )
            seconds = time.perf_counter() - started
            unsatisfiable = tuple(
                sorted(
                    cls.iri for cls in world.inconsistent_classes() if cls.iri != str(OWL.Nothing)
                )
            )
        finally:
            world.close()
    return ConsistencyResult(
        reasoner=reasoner, consistent=True, unsatisfiable=unsatisfiable, seconds=seconds
    )


def _write(graph: Graph, directory: Path) -> Path:
    """Serialise for owlready2: RDF/XML, or N-Triples when a predicate has no XML QName form."""
    path = directory / "hmic.owl"
    try:
        path.write_bytes(graph.serialize(format="xml", encoding="utf-8"))
    except ValueError:  # e.g. a predicate IRI ending in digits after the last '/' or '#'
        path = directory / "hmic.nt"
        path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    return path
