"""uvicorn's HTTP protocol with each answer sent in one write.

uvicorn writes an answer's head when the app starts it and its body when the app sends it: two
`send` system calls for every answer, the first about a tenth of the event loop's time under
load (py-spy, on `/users/me`). Here what a connection's answer writes within one step of the
event loop is held and sent together at the end of that step: an answer whose body follows its
head at once (all of this app's but a few streamed ones) goes out in one write; a head whose
body is not ready yet goes out at the end of the step, as soon as the app waits for something,
so nothing is ever held for longer than the app takes to compute without waiting.

Served by app.serve (`http=` of uvicorn); the Dockerfile names it too.
"""

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _Coalescing:
    """A transport whose writes within one step of the event loop reach the real one as one;
    everything else goes to the real one, a close after what is held."""

    def __init__(
        self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop
    ) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self._flush)
        self._held.append(bytes(data))

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def _flush(self) -> None:
        if not self._held:
            return
        data = b"".join(self._held)
        self._held.clear()
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def write_eof(self) -> None:
        self._flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held.clear()
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class OneWriteProtocol(HttpToolsProtocol):
    """HttpToolsProtocol (uvicorn's default where httptools is installed, as here) writing
    through _Coalescing. Its flow control still watches the real transport."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = _Coalescing(transport, self.loop)  # type: ignore[assignment]
