"""The stdio wire's bytes: lines read from a file descriptor with a bound on each, lines written whole, and fd 0
and fd 1 kept off the wire while it is served. The event loop waits on a descriptor where it can (a pipe, socket
or terminal on POSIX); a worker thread reads or writes otherwise (a regular file, Windows). ``server/stdio.py``
speaks JSON-RPC over it."""

from __future__ import annotations

import os
import selectors
import stat
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress

import anyio

MAX_LINE_BYTES = 4 << 20
CHUNK = 1 << 16
WINDOWS = sys.platform == "win32"


class ClientGone(Exception):
    """The client closed its end of the wire: nobody is left to answer."""


def pollable(fd: int, events: int = selectors.EVENT_READ) -> bool:
    """Whether the event loop can wait on ``fd``: its selector accepts it (epoll refuses a regular file); never on
    Windows, where only sockets can be waited on and a selector checks nothing when it registers."""
    if WINDOWS:
        return False
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(fd, events)
    except (OSError, ValueError):
        return False
    return True


class LineReader:
    """The lines of a file descriptor, each without its newline; no more than MAX_LINE_BYTES + 1 bytes of a line
    are ever held."""

    def __init__(self, fd: int) -> None:
        self.fd, self.polled = fd, pollable(fd)

    async def chunk(self, most: int = CHUNK) -> bytes:
        """The next bytes there are, at most ``most`` (empty at the end)."""
        if self.polled:
            await anyio.wait_readable(self.fd)
            return os.read(self.fd, most)
        return await anyio.to_thread.run_sync(os.read, self.fd, most, abandon_on_cancel=True)

    async def lines(self) -> AsyncIterator[tuple[bytes, bool]]:
        """Each line and whether it is whole; a line over MAX_LINE_BYTES comes as its first 1,024 bytes and False.
        Every line already read is given before more is read (a client waits for its answer)."""
        buffer, searched = bytearray(), 0
        while True:
            if (end := buffer.find(b"\n", searched)) >= 0:
                whole = end <= MAX_LINE_BYTES
                yield bytes(buffer[:end] if whole else buffer[:1024]), whole
                del buffer[:end + 1]
                searched = 0
            elif len(buffer) > MAX_LINE_BYTES:
                head = bytes(buffer[:1024])
                buffer, searched = bytearray(await self.skip_line()), 0
                yield head, False
            elif chunk := await self.chunk(min(CHUNK, MAX_LINE_BYTES + 1 - len(buffer))):
                searched = len(buffer)
                buffer += chunk
            else:
                break
        if buffer:
            yield bytes(buffer), True

    async def skip_line(self) -> bytes:
        """Read to the end of the current line; what follows its newline."""
        while chunk := await self.chunk():
            if (end := chunk.find(b"\n")) >= 0:
                return chunk[end + 1:]
        return b""


class LineWriter:
    """The wire out (one task writes, a whole message line at a time). Where stdout is a pipe or socket it is made
    non-blocking while serving and a full pipe is waited for in the event loop; elsewhere a worker thread writes."""

    def __init__(self, fd: int) -> None:
        mode = os.fstat(fd).st_mode
        self.fd = fd
        self.polled = (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)) and pollable(fd, selectors.EVENT_WRITE)
        if self.polled:
            os.set_blocking(fd, False)

    def close(self) -> None:
        if self.polled:
            os.set_blocking(self.fd, True)

    async def write(self, data: bytes) -> None:
        """Write ``data`` whole; ClientGone when the client has closed its end."""
        try:
            if not self.polled:
                await anyio.to_thread.run_sync(self.write_blocking, data)
                return
            view = memoryview(data)
            while view:
                try:
                    view = view[os.write(self.fd, view):]
                except BlockingIOError:
                    await anyio.wait_writable(self.fd)
        except (BrokenPipeError, ConnectionResetError):
            raise ClientGone from None

    def write_blocking(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]


@contextmanager
def claimed_wire() -> Iterator[tuple[int, int]]:
    """Private copies of fd 0 and fd 1 for the wire; fd 0 reads /dev/null and fd 1 writes to stderr meanwhile."""
    wire_in, wire_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    try:
        yield wire_in, wire_out
    finally:
        with suppress(OSError, ValueError):
            sys.stdout.flush()  # a stray print goes to stderr, not the restored wire
        os.dup2(wire_in, 0)
        os.dup2(wire_out, 1)
        os.close(wire_in)
        os.close(wire_out)
