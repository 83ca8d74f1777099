"""Run one function in a short-lived child process that is killed when its time is up.

Used to bound the wall time of parsing an uploaded file: pypdf, python-docx and trafilatura cannot be
interrupted inside a single pathological page, but a process can be killed. One child per call, no pool
and no queue: nothing is shared between requests, and killing one child harms no other request.

Children come from multiprocessing's *forkserver*: a small server process, started by exec on first use
in each web worker (so never a fork of a threaded or connected process; a second or two, once), that has
the parsers imported and warmed up (``child_warmup``) and forks a clean child per call. That works the
same under gunicorn sync workers, the threaded development server and pytest. A child costs 15-100 ms,
plus what importing the program's main script costs again, as multiprocessing does in every child: little
under gunicorn or flask run, about half a second under ``python app.py`` (which builds an app at import).
Where forkserver does not exist (Windows), or inside a daemonic process (which may not have children), or
when the server cannot start, the function simply runs in this process.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import signal
import traceback

log = logging.getLogger(__name__)

# Imported once by the fork server, so that children need not: the parsers, then their one-time set-up.
PRELOAD = ["factcheck.services.extraction", "pypdf", "docx", "trafilatura", "factcheck.services.child_warmup"]
# Past the deadline a child still has this long to report its own, more precise, refusal.
GRACE_SECONDS = 0.5
# A child whose parent died (and so cannot kill it) ends itself this long after its deadline.
SELF_DESTRUCT_SECONDS = 5


class ChildTimeout(Exception):
    """The function did not finish in time; its child was killed."""


class ChildFailed(Exception):
    """The child died without an answer (killed by the system, out of memory, a crash in C code)."""


def available() -> bool:
    """Whether calls can run in a child here (forkserver exists, and this process may have children)."""
    return (
        "forkserver" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # only read when the server starts; repeating it is harmless
    return context


def _child(sender, func, args, seconds: float) -> None:
    signal.alarm(math.ceil(seconds) + SELF_DESTRUCT_SECONDS)  # default action of SIGALRM: terminate
    try:
        answer = ("returned", func(*args))
    except Exception as error:  # sent back and raised again in the parent, as the same exception
        error.add_note("in the child process:\n" + traceback.format_exc().rstrip())
        answer = ("raised", error)
    try:
        sender.send(answer)
    except Exception as error:  # an answer or exception that cannot be pickled
        sender.send(("failed", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def run(func, *args, timeout: float):
    """``func(*args)`` in a child process: its return value, or the exception it raised, raised here.

    ``func``, ``args`` and the result must pickle (``func`` a module-level function).

    :raise ChildTimeout: no answer within ``timeout`` seconds (plus ``GRACE_SECONDS``) of the child's start
        (which, the first time in a process, waits for the fork server to be ready); the child is killed.
    :raise ChildFailed: the child ended without answering.
    """
    if not available():
        return func(*args)
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, func, args, max(timeout, 0.0)), name="factcheck-extract", daemon=True
    )
    answered = False
    try:
        try:
            process.start()
        except OSError as error:  # no fork server here (e.g. a sandbox without Unix sockets)
            log.warning("cannot start a child process (%s); running %s in this one", error, func.__name__)
            return func(*args)
        finally:
            sender.close()  # the child holds its own copy; ours must go so that a dead child reads as EOF
        if not receiver.poll(max(timeout, 0.0) + GRACE_SECONDS):
            raise ChildTimeout(f"no answer within {timeout:g} s")
        try:
            status, value = receiver.recv()
        except (EOFError, OSError):
            process.join(1)
            raise ChildFailed(f"the child ended without an answer (exit code {process.exitcode})") from None
        answered = True
    finally:
        receiver.close()
        _end(process, patience=1.0 if answered else 0.0)
    if status == "raised":
        raise value
    if status == "failed":
        raise ChildFailed(value)
    return value


def _end(process, *, patience: float) -> None:
    """Wait up to ``patience`` seconds for the child to exit by itself, then kill it; release it."""
    if process.pid is None:  # it never started
        return
    process.join(patience)
    if process.is_alive():
        process.kill()
        process.join()
    process.close()
