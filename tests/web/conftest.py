"""A real ``hmickg serve`` (the App, in a thread) on 127.0.0.1 over the bundled reports."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPORTS = Path(__file__).resolve().parents[2] / "hmickg" / "sample_reports"


@pytest.fixture(scope="session")
def app(loaded_store) -> Iterator[Any]:
    from hmickg.web import App

    with App(loaded_store, host="127.0.0.1", port=0, reports=[REPORTS]) as served:
        yield served


class Http:
    """GET and POST against the served app, answering (status, headers, body)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def request(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        url = self.base.rstrip("/") + path
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                return res.status, dict(res.headers), res.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def json(self, path: str, **params: Any) -> Any:
        status, _, body = self.request(path, params=params)
        assert status == 200, (status, body[:300])
        return json.loads(body)


@pytest.fixture(scope="session")
def http(app) -> Http:
    return Http(app.url)


@pytest.fixture(scope="session")
def http_at() -> type[Http]:
    """The client for another server (``Http(base_url)``)."""
    return Http
