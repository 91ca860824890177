"""Reading an untrusted document within bounds of memory and time.

``parse_bounded`` is ``parse_bytes`` run in a child process that cannot take the
caller down: its address space is limited (``RLIMIT_AS``) to what the caller had
mapped when it forked (the worker, Django and the readers: about 240 MB) plus
``memory_mb`` for the read itself — a budget that does not shrink as the caller
grows — its CPU time (``RLIMIT_CPU``) to a little over ``seconds``,
and the parent kills it at ``seconds`` of wall time. The result (or the
``ImportFailure``) comes back pickled through a pipe, which the parent reads to
its end before it reaps the child, so a large result cannot block the child on
a full pipe. Every way the child can end is an ``ImportFailure``: the same one
it raised, ``memory_limit``, ``time_limit`` or ``reader_crashed``; never a hang.

The child is made with ``fork`` (``os.fork``, what multiprocessing's ``fork``
start method does), deliberately, not ``spawn`` or ``forkserver``:

- the callers are the single-threaded ``theodoi worker`` and the tests, so
  forking holds no other thread's lock; CPython takes the import lock around
  ``fork`` and logging resets its locks in the child;
- the child starts in about a millisecond with the readers already imported
  (``spawn`` would import Python, openpyxl, pdfplumber and PDFium again: about
  a second for every upload) and gets ``data`` without a copy through a pipe;
- ``os.wait4`` gives the child's own peak memory, which tells a child killed
  for memory from one that crashed.

The worker is a Django process with a database connection open. The child
inherits its socket but never touches it: the importer imports no Django, the
child runs ``parse_bytes`` only and leaves with ``os._exit``, which runs no
``atexit`` handler, no finaliser and no flush, so nothing closes or writes to
the parent's connection (or its buffered output) from the child.
"""

import ctypes
import os
import pickle
import resource
import select
import signal
import time

from .api import parse_bytes
from .errors import ImportFailure, failure

MEGABYTE = 1024 * 1024
MEMORY_MB = 640  # the worker's THEODOI_PARSE_MEMORY_MB
SECONDS = 25  # the worker's THEODOI_PARSE_SECONDS
CPU_GRACE = 5  # seconds of CPU past ``seconds`` before the kernel stops the child itself
PR_SET_PDEATHSIG = 1  # prctl(2)
# The child's exit codes when it could not send its result.
EXIT_SENT, EXIT_MEMORY, EXIT_UNSENDABLE = 0, 3, 4


def parse_bounded(
    data: bytes,
    source: str,
    corrections: dict | None = None,
    *,
    memory_mb: int = MEMORY_MB,
    seconds: float = SECONDS,
) -> dict:
    """The plan JSON of ``data``, or ``ImportFailure`` naming the limit it went over."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, data, source, corrections, memory_mb, seconds)
    os.close(write_end)
    try:
        payload, finished = _read_until(read_end, time.monotonic() + seconds)
    except BaseException:  # interrupted (Ctrl-C in a shell): no child left behind
        _kill(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_end)
    if not finished:
        _kill(pid)
    _, status, usage = os.wait4(pid, 0)
    if not finished:
        raise failure("time_limit", source=source, limit=f"{seconds:g}")
    return _outcome(payload, status, usage, source, memory_mb, seconds)


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes, until it closes the pipe (True) or the deadline (False)."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", False
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended on its own meanwhile
        pass


def _outcome(payload: bytes, status: int, usage, source: str, memory_mb: int, seconds: float):
    if payload:
        try:
            kind, *values = pickle.loads(payload)
        except Exception:  # cut short: the child died while writing
            kind, values = "cut", []
        if kind == "ok":
            return values[0]
        if kind == "failure":
            raise ImportFailure(*values)
        if kind == "memory":
            raise failure("memory_limit", source=source, limit=memory_mb)
        if kind == "error":
            raise failure("reader_crashed", source=source, detail=values[0])
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXIT_MEMORY:
        raise failure("memory_limit", source=source, limit=memory_mb)
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        if signum == signal.SIGXCPU:
            raise failure("time_limit", source=source, limit=f"{seconds:g}")
        # A C library that cannot allocate may abort or crash: with most of the
        # budget in use, that is the memory limit, not a damaged file.
        peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        if signum == signal.SIGKILL or peak_mb >= memory_mb / 2:
            raise failure("memory_limit", source=source, limit=memory_mb)
        raise failure("reader_crashed", source=source, detail=signal.Signals(signum).name)
    raise failure(
        "reader_crashed", source=source, detail=f"exit {os.waitstatus_to_exitcode(status)}"
    )


def _child(fd, data, source, corrections, memory_mb, seconds) -> None:
    """Parse under the limits, write the pickled outcome to ``fd``, and leave."""
    code = EXIT_UNSENDABLE
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the worker's handlers are not ours
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _die_with_parent()
        _limit(memory_mb, seconds)
        outcome = _parse(data, source, corrections)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = None
            code = EXIT_MEMORY
        if payload is not None:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            code = EXIT_SENT
    except MemoryError:
        code = EXIT_MEMORY
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """On Linux, the child is killed when the worker dies (even by SIGKILL): an orphan
    would read on, unwatched, until its CPU limit."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the CPU limit still ends it
        return
    if os.getppid() == 1:  # the worker died before the call
        os._exit(EXIT_UNSENDABLE)


def _mapped() -> int:
    """Bytes of address space this process has mapped (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _limit(memory_mb: int, seconds: float) -> None:
    """The child's address space and CPU time; no core dump."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    memory = _mapped() + memory_mb * MEGABYTE
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + CPU_GRACE
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + CPU_GRACE))


def _parse(data: bytes, source: str, corrections: dict | None) -> tuple:
    try:
        return ("ok", parse_bytes(data, source, corrections))
    except MemoryError:
        return ("memory",)
    except ImportFailure as refused:
        if _for_memory(refused):  # a reader's "corrupt" that was really MemoryError
            return ("memory",)
        return ("failure", refused.code, refused.vi, refused.en)
    except RecursionError:
        return ("error", "RecursionError")
    except Exception as error:  # a reader's bug: say which, in one line
        return ("error", f"{type(error).__name__}: {str(error)[:200]}")


def _for_memory(error: BaseException) -> bool:
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, MemoryError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False
