"""The routes' trips to a thread: a few threads, each running one trip after another.

A trip is a sync route's whole work (app.api.route): its session, its statements and the
Python around them. Each statement lets go of the interpreter lock while it waits for
PostgreSQL, and every thread that wants it back queues for it; each hand-over is a wake-up in
the kernel. With anyio's 40 threads and 32 requests in flight, 32 threads queued so; with
settings.TRIP_THREADS (4; the other trips wait in a queue, costing nothing) a request takes
about a tenth less CPU here, at no lower rate: two cores run no more Python at once anyway.

A trip that will hold its thread long without needing the interpreter (bcrypt's 0.3 s hash)
steps aside first (`step_aside`): a new thread takes its place in the pool at once, and the
thread that stepped aside ends with its trip. So a burst of logins does not hold up every
other request, and no trip ever waits for a thread while holding locks another trip waits on.
"""

import asyncio
import contextvars
import functools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from app.core.config import settings

# Threads at most, those that stepped aside included (anyio's default): past it, a trip keeps
# its thread's place through a long wait (and holds up the others, as before).
MAX_THREADS = 40


class _Trips(Executor):
    """An executor of `size` threads (started on first use) that replaces a thread
    whose trip stepped aside. asyncio's run_in_executor takes it: a trip costs about 25 µs of
    CPU there, against 100 µs through anyio's run_in_threadpool (FastAPI's)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._queue: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]]] = (
            queue.SimpleQueue()
        )
        self._alive = 0  # threads, those that stepped aside and still run included
        self._lock = threading.Lock()
        self._local = threading.local()

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        while self._alive < self._size:  # the first trips start the threads
            self._start()
        future: Future[Any] = Future()
        self._queue.put((future, functools.partial(fn, *args, **kwargs)))
        return future

    def step_aside(self) -> None:
        if getattr(self._local, "in_pool", False) and self._start(
            unless_at=MAX_THREADS
        ):
            self._local.in_pool = False

    def _start(self, unless_at: int | None = None) -> bool:
        with self._lock:
            if unless_at is not None and self._alive >= unless_at:
                return False
            self._alive += 1
        threading.Thread(target=self._work, name="trip", daemon=True).start()
        return True

    def _work(self) -> None:
        self._local.in_pool = True
        while self._local.in_pool:
            future, call = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = call()
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)
            del future, call
        with self._lock:
            self._alive -= 1


_TRIPS = _Trips(settings.TRIP_THREADS)


async def in_thread(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`function` run on a trip thread, in its turn, with the caller's context (as
    run_in_threadpool does)."""
    context = contextvars.copy_context()
    call = functools.partial(context.run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_TRIPS, call)


def step_aside() -> None:
    """Before a long wait that needs no interpreter: this thread leaves the pool (a new one
    takes its place) and ends after its trip. Outside a trip thread: nothing."""
    _TRIPS.step_aside()
