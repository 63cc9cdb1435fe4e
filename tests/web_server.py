"""A web server on 127.0.0.1 for fetch tests: pages, redirects, slow and failing answers.

with WebServer() as web:
    web.route("/a.html", body=b"<html>...", content_type="text/html")
    web.url("/a.html")            # http://127.0.0.1:PORT/a.html
    web.requests                  # [(path, headers), ...] as received
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds before the status line."""
    drip: float = 0.0
    """Seconds between 1 KiB pieces of the body (a slow, steady answer)."""
    length: bool = True
    """Send Content-Length; without it the body is sent until the connection closes."""


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path.split("?")[0], Route(404, b"not found"))
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    if route.length:
                        self.send_header("Content-Length", str(len(route.body)))
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    if not route.drip:
                        self.wfile.write(route.body)
                        return
                    for i in range(0, len(route.body), 1024):
                        self.wfile.write(route.body[i : i + 1024])
                        self.wfile.flush()
                        time.sleep(route.drip)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def route(self, path: str, **kwargs: Any) -> WebServer:
        self.routes[path] = Route(**kwargs)
        return self

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
