"""The web view of a store: a page for exploring it without SPARQL, its JSON API, and a
SPARQL 1.1 endpoint (``hmickg serve``)."""

from .server import App

__all__ = ["App"]
