"""Each answer in one write (app.one_write): what a step of the event loop writes reaches the
socket as one write, and nothing waits longer than that step: a streamed answer's head comes
before its body is ready, pipelined requests are answered in order, `Connection: close` ends
the connection after the whole answer."""

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from app import serve
from app.one_write import OneWriteProtocol, _Coalescing
from tests.test_serve import free_port


class _Recording(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_writes_within_one_step_go_out_as_one_and_a_close_sends_what_is_held() -> None:
    async def answer() -> tuple[list[bytes], list[bytes], list[bytes]]:
        real = _Recording()
        transport = _Coalescing(real, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        transport.write(b"body")
        in_the_step = list(real.writes)
        await asyncio.sleep(0)
        after_the_step = list(real.writes)
        transport.write(b"last")
        transport.close()
        return in_the_step, after_the_step, real.writes

    in_the_step, after_the_step, at_close = asyncio.run(answer())
    assert in_the_step == []
    assert after_the_step == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
    assert at_close == [b"HTTP/1.1 200 OK\r\n\r\nbody", b"last"]


def test_the_server_runs_with_it() -> None:
    assert serve.HTTP_PROTOCOL == "app.one_write:OneWriteProtocol"
    config = uvicorn.Config(_app, http=serve.HTTP_PROTOCOL)
    config.load()
    assert config.http_protocol_class is OneWriteProtocol


_body_ready = threading.Event()


async def _app(scope: dict[str, Any], _receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/stream":
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"x", b"1")]}
        )
        while not _body_ready.is_set():
            await asyncio.sleep(0.01)
        await send({"type": "http.response.body", "body": b"late", "more_body": False})
        return
    body = path.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


@contextmanager
def _server() -> Iterator[int]:
    port = free_port()
    config = uvicorn.Config(
        _app, port=port, http=OneWriteProtocol, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def _read_until(sock: socket.socket, marker: bytes, count: int = 1) -> bytes:
    data = b""
    while data.count(marker) < count:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_pipelined_requests_are_answered_in_order_and_close_ends_after_the_answer() -> (
    None
):
    with _server() as port, socket.create_connection(("127.0.0.1", port), 10) as s:
        s.sendall(
            b"GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        data = _read_until(s, b"HTTP/1.1 200", 2)
        while chunk := s.recv(65536):  # the server closes after the second answer
            data += chunk
    assert data.index(b"/first") < data.index(b"/second")
    assert data.endswith(b"\r\n\r\n/second")


def test_a_streamed_answers_head_is_not_held_for_its_body() -> None:
    _body_ready.clear()
    with _server() as port, socket.create_connection(("127.0.0.1", port), 10) as s:
        s.sendall(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        head = _read_until(s, b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200") and b"late" not in head
        _body_ready.set()
        rest = _read_until(s, b"0\r\n\r\n")
    assert b"late" in head + rest
