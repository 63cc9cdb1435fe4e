"""The SDK's HTTP transport: no TLS set-up for a plain-HTTP server, full verification for
https://, over real sockets (a TLS server on 127.0.0.1 with a certificate made here)."""

from __future__ import annotations

import asyncio
import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpcore2
import httpx2
import pytest
from openai_server import OpenAIServer
from test_llm_client import ask, client, draft_request

from briefer.llm.transport import TransportPerScheme

LIMITS = httpx2.Limits(max_connections=10)


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate; (its URL, the cert)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    args += ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(
        ["openssl", *args],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/", cert
    finally:
        server.shutdown()
        server.server_close()


async def _get(url: str) -> str:
    async with httpx2.AsyncClient(transport=TransportPerScheme(LIMITS)) as http:
        answer = await http.get(url)
        return answer.text


def test_a_plain_http_server_costs_no_tls_context(
    openai_server: OpenAIServer, veldmark_article: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_tls(*args: object, **kwargs: object) -> ssl.SSLContext:
        raise AssertionError("a TLS context was built for a plain-HTTP endpoint")

    monkeypatch.setattr(httpcore2, "default_ssl_context", no_tls)
    response = asyncio.run(ask(client(openai_server), draft_request(veldmark_article)))
    assert response.data.title.startswith("Veldmark port strike")


def test_https_is_verified_as_httpx_verifies_it(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, cert = tls_server
    with pytest.raises(httpx2.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        asyncio.run(_get(url))  # a certificate no authority vouches for
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # httpx's default trusts this file
    assert asyncio.run(_get(url)) == "hello"
