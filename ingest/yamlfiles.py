"""The YAML files of ``ingest/gazetteer`` (template, themes, organisations), each parsed once.

With libyaml's parser where PyYAML has it (its wheels do): the pure-Python one, with
organisations.yaml parsed twice, added 0.09 s to every process's first report.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The safe loader, libyaml's where there is one (the same documents, the same errors)."""


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with libyaml's parser where there is one."""
    return yaml.load(text, Loader=LOADER)


@cache
def gazetteer_file(name: str) -> Any:
    """``ingest/gazetteer/{name}`` parsed; shared between callers, which must not change it."""
    return load_yaml(resources.files("ingest").joinpath("gazetteer", name).read_text("utf-8"))
