"""Small helpers around rdflib's own quirks (no term conversion here: that is ``_terms``)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence the deprecation warnings rdflib 7.x raises from inside its own code.

    Its SPARQL engine and TriG serialiser call ``Dataset.default_context`` and
    ``Dataset.contexts``, which rdflib itself deprecates; under ``filterwarnings = error`` that
    would fail every query. Only those two messages are silenced.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"(Dataset\.(default_context|contexts)|ConjunctiveGraph) is deprecated",
            category=DeprecationWarning,
        )
        yield
