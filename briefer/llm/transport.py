"""The HTTP transport under the openai SDK: TLS is set up only for a request that needs it.

httpx builds its TLS context (the system's CA certificates, read and parsed) when a client
is made: a tenth to a quarter of a second before the first request, which a run against a
plain-HTTP server (a local llama.cpp, vLLM or Ollama) never uses. Here each scheme gets its
transport on its first request: https:// httpx's own default one, which verifies exactly
as it always does; http:// one whose TLS context holds no certificates, since a plain-HTTP
connection never uses it (and it fails closed if anything ever did). Proxies from the
environment are untouched: httpx routes them to transports of their own.
"""

from __future__ import annotations

import ssl

import httpx2


class TransportPerScheme(httpx2.AsyncBaseTransport):
    """httpx's default transport for https://, made on the first https:// request; a
    TLS-free one for http://."""

    def __init__(self, limits: httpx2.Limits) -> None:
        self.limits = limits
        self.made: dict[str, httpx2.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        scheme = request.url.scheme
        transport = self.made.get(scheme)
        if transport is None:
            if scheme == "http":
                unused = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, knows no CA
                transport = httpx2.AsyncHTTPTransport(verify=unused, limits=self.limits)
            else:
                transport = httpx2.AsyncHTTPTransport(limits=self.limits)
            self.made[scheme] = transport
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        made, self.made = self.made, {}
        for transport in made.values():
            await transport.aclose()
