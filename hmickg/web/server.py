"""``hmickg serve``: the web page, its JSON API and a SPARQL 1.1 endpoint, over one store.

Routes (all read-only):

- ``/`` and ``/static/…``: the page and its bundled assets (nothing is fetched from elsewhere);
- ``/sparql``: the SPARQL 1.1 Protocol's query operation (:mod:`.protocol`); with no query, the
  service description (or, for a browser, the page's SPARQL tab);
- ``/api/…``: what the page asks for (:mod:`.api`), as JSON.

A ``ThreadingHTTPServer`` from the standard library: a request a thread, the store shared (its
reads are safe from several threads). It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph_store import QuerySyntaxError, StoreError

from ..sources import SourceFiles
from . import api, protocol

STATIC = Path(str(resources.files("hmickg.web").joinpath("static")))
MAX_BODY = 1 << 20  # a query POSTed is text; a megabyte is plenty


class _Handler(BaseHTTPRequestHandler):
    server_version = "hmickg"
    protocol_version = "HTTP/1.1"
    # A reply is two writes (headers, then body): with Nagle's algorithm on, a kept-alive
    # client's delayed ACK held the second for 40 ms (benchmarks/run.py, step web: +44 ms on
    # a 36 ms search, +49 ms on a 3 ms SPARQL answer).
    disable_nagle_algorithm = True
    app: App  # set on the subclass made per server

    # ------------------------------------------------------------------ dispatch

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_OPTIONS(self) -> None:  # a browser's CORS preflight
        self._dispatch("OPTIONS")

    def _dispatch(self, method: str) -> None:
        self._started = time.perf_counter()
        self._status: int | None = None
        url = urlsplit(self.path)
        self._request = f"{method} {url.path}"
        try:
            if method == "OPTIONS":
                self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", cors=True)
            elif url.path == "/sparql":
                self._sparql(method, url.query)
            elif method not in ("GET", "HEAD"):
                self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} {url.path}: use GET")
            elif url.path.startswith("/api/"):
                self._api(url.path[5:], parse_qs(url.query, keep_blank_values=True))
            else:
                self._static(url.path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug or a store gone wrong: say so, keep serving
            self.app.log(f"error: {method} {url.path}: {type(exc).__name__}: {exc}")
            if self._status is None:
                self._error(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"{type(exc).__name__}: {exc}",
                    json_=url.path.startswith("/api/"),
                )
        if self._status is None:  # (the client went before it was answered)
            self._log_request()

    def _log_request(self) -> None:
        """One line a request, written before the reply goes out: a client that has its answer
        can count on the line being there."""
        ms = (time.perf_counter() - self._started) * 1000
        self.app.log(f"{self._request} {self._status or '-'} {ms:.0f} ms")

    # ------------------------------------------------------------------ SPARQL endpoint

    def _sparql(self, method: str, query_string: str) -> None:
        body = b""
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query over 1 MB")
            body = self.rfile.read(length)
        if method in ("GET", "HEAD") and "query=" not in query_string:
            accept = self.headers.get("Accept") or ""
            if "text/html" in accept:
                return self._redirect("/#sparql")
            endpoint = f"http://{self.headers.get('Host') or self.app.host}/sparql"
            return self._send(
                HTTPStatus.OK, protocol.service_description(endpoint), "text/turtle", cors=True
            )
        try:
            request = protocol.parse_request(
                "GET" if method == "HEAD" else method,
                query_string,
                self.headers.get("Content-Type"),
                body,
            )
            result = self.app.store.query(request.query)
            media = protocol.negotiate(result.kind, self.headers.get("Accept"), request.format)
            payload = protocol.serialize(result, media)
        except protocol.ProtocolError as exc:
            return self._error(exc.status, str(exc))
        except QuerySyntaxError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except StoreError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        charset = "" if media.startswith("application/sparql-results") else "; charset=utf-8"
        self._send(HTTPStatus.OK, payload, media + charset, cors=True)

    # ------------------------------------------------------------------ JSON API

    def _api(self, route: str, params: dict[str, list[str]]) -> None:
        def one(key: str) -> str | None:
            values = params.get(key)
            return values[-1] if values else None

        app = self.app
        handlers: dict[str, Callable[[], Any]] = {
            "status": app.status,
            "catalogue": api.catalogue,
            "search": lambda: api.search(app.store, one("q") or ""),
            "neighbours": lambda: api.neighbours(app.store, one("node") or ""),
            "path": lambda: api.chains(
                app.store, one("from") or "", one("to") or "", max_paths=_count(one("max"), 3)
            ),
            "evidence": lambda: api.link_passages(app.store, params.get("statement", [])),
            "where": lambda: api.where_from(app.store, one("node") or ""),
            "gap-network": lambda: api.gap_network(app.store),
            "gap-pair": lambda: api.gap_pair(app.store, one("a") or "", one("b") or ""),
            "source": lambda: api.source_lines(
                app.files, one("file"), one("start"), one("end"), one("sha256")
            ),
        }
        try:
            if route.startswith("query/"):
                query_params = {k: v[-1] for k, v in params.items()}
                value = api.answer(app.store, route[6:], query_params)
            elif route.startswith("download/"):
                query_params = {k: v[-1] for k, v in params.items()}
                return self._file(*api.answer_file(app.store, route[9:], query_params))
            elif route == "network":
                fmt = one("format") or "graphml"
                return self._file(*api.network_file(app.store, one("node") or "", fmt))
            elif route in handlers:
                value = handlers[route]()
            else:
                return self._error(HTTPStatus.NOT_FOUND, f"/api/{route}: no such call", json_=True)
        except api.ApiError as exc:
            return self._error(exc.status, str(exc), json_=True)
        except (StoreError, ValueError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc), json_=True)
        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        self._send(HTTPStatus.OK, payload, "application/json; charset=utf-8")

    # ------------------------------------------------------------------ static files

    def _static(self, path: str) -> None:
        if path in ("", "/"):
            path = "/index.html"
        if not path.startswith(("/static/", "/index.html")):
            return self._error(HTTPStatus.NOT_FOUND, f"{path}: not found")
        rel = path.removeprefix("/static/").lstrip("/")
        target = (STATIC / rel).resolve()
        if not target.is_relative_to(STATIC.resolve()) or not target.is_file():
            return self._error(HTTPStatus.NOT_FOUND, f"{path}: not found")
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media.endswith("javascript"):
            media += "; charset=utf-8"
        self._send(HTTPStatus.OK, target.read_bytes(), media, cache=True)

    # ------------------------------------------------------------------ replies

    def _send(
        self,
        status: int,
        payload: bytes,
        media: str,
        *,
        cors: bool = False,
        cache: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._status = int(status)
        self._log_request()
        self.send_response(status)
        self.send_header("Content-Type", media)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "max-age=300" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _file(self, payload: bytes, media: str, filename: str) -> None:
        self._send(
            HTTPStatus.OK,
            payload,
            media if media.startswith("application/sparql") else media + "; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def _error(self, status: int, message: str, *, json_: bool = False) -> None:
        if json_:
            body = json.dumps({"error": message}, ensure_ascii=False).encode()
            self._send(status, body, "application/json; charset=utf-8")
        else:
            self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8", cors=True)

    def _redirect(self, location: str) -> None:
        self._status = HTTPStatus.SEE_OTHER
        self._log_request()
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # the app logs each request itself
        pass


def _count(value: str | None, default: int) -> int:
    try:
        n = int(value) if value else default
    except ValueError:
        raise api.ApiError(400, f"max={value!r}: give a number") from None
    return min(max(n, 1), 10)


class App:
    """A served store: the page, the API and the endpoint, on ``host``:``port`` (0: any free)."""

    def __init__(
        self,
        store: Any,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        reports: list[Path] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.files = SourceFiles(list(reports or []))
        self._log = log
        handler = type("Handler", (_Handler,), {"app": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def log(self, line: str) -> None:
        if self._log is not None:
            self._log(line)

    def status(self) -> dict[str, Any]:
        rows = self.store.query_strings(
            "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/hmickg/def#InspectionReport> }"
        ).rows
        return {"store": getattr(self.store, "url", ""), "reports": int(rows[0][0] or 0)}

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()

    def start(self) -> App:
        """Serve from a background thread (tests, notebooks); :meth:`close` stops it."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> App:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def stderr_log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
