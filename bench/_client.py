"""A lean HTTP/1.1 load client: kept-alive connections, TLS, JSON bodies, nothing else.

The load generator shares the 2 cores with the server it measures. httpx spent ~1.5 ms of
CPU per request here (its pool, h11, anyio and the response model), so at a few hundred
requests per second the client took most of a core from the server: the figures measured
the client. This client writes the request bytes itself and reads the status line, the
headers and a `Content-Length` or chunked body; it keeps one connection per concurrent
caller and opens a new one when the server closes it. `python -m bench cycle` prints the
client's CPU share next to each figure.

It offers the small part of httpx's interface the benches use: `get`, `post(json=, headers=)`
and a response with `status_code`, `content`, `text` and `json()`.
"""

import asyncio
import json as jsonlib
import ssl
from urllib.parse import urlsplit

TLS = ssl._create_unverified_context()  # the local stack's throw-away certificate


class Response:
    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self):
        return jsonlib.loads(self.content)


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    def close(self) -> None:
        self.writer.close()


class LeanClient:
    """Use as `async with LeanClient(origin) as client:`; safe for many tasks of one loop."""

    def __init__(self, origin: str, *, timeout: float = 30):
        parts = urlsplit(origin)
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.tls = TLS if parts.scheme == "https" else None
        self.timeout = timeout
        self._host_header = f"Host: {parts.netloc}\r\n".encode()
        self._idle: list[_Connection] = []

    async def __aenter__(self) -> "LeanClient":
        return self

    async def __aexit__(self, *exc) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    async def get(self, path: str, *, headers: dict | None = None) -> Response:
        return await self.request("GET", path, headers=headers)

    async def post(self, path: str, *, json=None, headers: dict | None = None) -> Response:
        return await self.request("POST", path, json=json, headers=headers)

    async def request(self, method: str, path: str, *, json=None, headers=None) -> Response:
        body = b"" if json is None else jsonlib.dumps(json).encode()
        head = [f"{method} {path} HTTP/1.1\r\n".encode(), self._host_header]
        if json is not None:
            head.append(b"Content-Type: application/json\r\n")
        if body or method == "POST":
            head.append(f"Content-Length: {len(body)}\r\n".encode())
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}\r\n".encode())
        head.append(b"\r\n")
        payload = b"".join(head) + body
        connection = self._idle.pop() if self._idle else None
        if connection is not None:
            try:  # a kept-alive connection the server may have closed meanwhile
                return await asyncio.wait_for(self._exchange(connection, payload), self.timeout)
            except (OSError, asyncio.IncompleteReadError):
                connection.close()
        connection = _Connection(
            *await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port, ssl=self.tls), self.timeout
            )
        )
        return await asyncio.wait_for(self._exchange(connection, payload), self.timeout)

    async def _exchange(self, connection: _Connection, payload: bytes) -> Response:
        try:
            connection.writer.write(payload)
            status, content, keep = await _read_response(connection.reader)
        except BaseException:
            connection.close()
            raise
        if keep:
            self._idle.append(connection)
        else:
            connection.close()
        return Response(status, content)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked, keep = None, False, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            keep = b"close" not in value.lower()
    if status in (204, 304) or status < 200:
        return status, b"", keep
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return status, b"".join(parts), keep
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    if length is None:
        return status, await reader.read(), False
    return status, await reader.readexactly(length), keep
