"""Running the event loop so that Ctrl-C always ends a run within a second or so.

`asyncio.run` turns the first Ctrl-C into a cancellation of the main task. A cancellation
lands only when the event loop gets control back, so a long stretch of work on the loop
(checking quotes in a large document, the offline engine on a long file) would hold it off
for as long as that work lasts. Here, if the run has not ended `GRACE` seconds after the
first Ctrl-C, a second one is delivered to the main thread, and Python raises
`KeyboardInterrupt` wherever that thread is. Memos are written through temporary files and
the cache in transactions, so an interruption at any point leaves both whole.

A run that starts with SIGINT ignored (under `nohup`, or as a background job of a
non-interactive shell) keeps ignoring it, as Unix programs do.
"""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")

GRACE = 1.0
"""Seconds the run has to end by cancellation after the first Ctrl-C."""


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)`, with a Ctrl-C that cannot be held off by work on the loop."""
    watchdog: list[threading.Timer] = []

    async def guarded() -> T:
        # asyncio.run has installed its own handler by now (unless SIGINT is ignored or
        # handled by someone else); wrap it to start the watchdog on the first Ctrl-C.
        runners = signal.getsignal(signal.SIGINT)
        if not callable(runners) or runners is signal.default_int_handler:
            return await main

        def on_sigint(signum: int, frame: FrameType | None) -> None:
            if not watchdog:
                timer = threading.Timer(GRACE, _thread.interrupt_main, (signal.SIGINT,))
                timer.daemon = True
                watchdog.append(timer)
                timer.start()
            runners(signum, frame)  # cancels the main task; raises on a second Ctrl-C

        signal.signal(signal.SIGINT, on_sigint)
        try:
            return await main
        finally:
            # asyncio.run restores the default handler only if it finds its own in place.
            if signal.getsignal(signal.SIGINT) is on_sigint:
                signal.signal(signal.SIGINT, runners)

    import asyncio

    try:
        return asyncio.run(guarded())
    finally:
        for timer in watchdog:
            timer.cancel()


def run_now(main: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never waits (the offline engine's calls) without an event loop.

    Importing asyncio and starting a loop cost a sixth of an offline brief's start-up. Ctrl-C
    raises `KeyboardInterrupt` wherever the work is, as in any program with no loop.
    """
    try:
        main.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    main.close()
    raise RuntimeError("a coroutine run without an event loop waited on something")
