"""SPARQL as files, a runner that binds parameters, and result formats.

``queries`` talks to a store only through the ``graph_store`` protocol.
"""

from .catalog import Param, QuerySpec, catalog, load_spec
from .results import format_result
from .runner import ParamError, bind_params, prepare, run

__all__ = [
    "Param",
    "ParamError",
    "QuerySpec",
    "bind_params",
    "catalog",
    "format_result",
    "load_spec",
    "prepare",
    "run",
]
