"""Running the per-episode build somewhere else: other processes, or a Dask cluster.

The map step is `build_batch`: transcripts in, serialised EpisodeOutputs (or
failures) out, a pure function of its arguments, which corpus.py hands to an
executor. Every executor answers `submit(fn, *args)` with a future that has
`result()` and `cancel()`: concurrent.futures for the local process pool, a
dask.distributed Client for a cluster, and `Inline` here for one process.
"""

from __future__ import annotations

import hashlib
import os
import sys
import unicodedata
from functools import cache
from importlib import resources
from typing import Callable

from .errors import InputError
from .package import TranscriptInput

# What a failed transcript comes back as: (path, line or None, problem).
Failure = tuple


def build_batch(items: list[TranscriptInput], encoding: str, fmt: str | None = None, fingerprint: str | None = None) -> list[bytes | Failure]:
    """Build each transcript of a batch; a bad one becomes a failure, not an exception.

    `fingerprint`, when given, must equal this process's code_fingerprint():
    a worker that runs other code would make other bytes.
    """
    from .episode_output import build_episode_output

    if fingerprint is not None and fingerprint != code_fingerprint():
        raise RuntimeError("the worker runs a different version of companion than the client; install the same one on every worker")
    results: list[bytes | Failure] = []
    for item in items:
        try:
            results.append(build_episode_output(item, encoding, fmt).to_bytes())
        except InputError as exc:
            results.append((exc.path, exc.line, exc.problem))
        except RecursionError:
            results.append((item.path, None, "too deeply nested to read"))
        except Exception as exc:  # a bug must not take the other transcripts down with it
            results.append((item.path, None, f"internal error ({type(exc).__name__}: {exc}); please report it"))
    return results


@cache
def code_fingerprint() -> str:
    """sha256 of this installation of companion: its code, schemas and data
    files, and the Python and Unicode versions that run them. Results built by
    the same fingerprint from the same inputs are the same bytes."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]} unicode {unicodedata.unidata_version}\n".encode())
    root = resources.files("companion")
    stack = [(root, "")]
    found = []
    while stack:
        folder, prefix = stack.pop()
        for entry in folder.iterdir():
            name = prefix + entry.name
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append((entry, name + "/"))
            elif not entry.name.endswith((".pyc", ".pyo")):
                found.append((name, entry))
    for name, entry in sorted(found, key=lambda pair: pair[0]):
        data = entry.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


class Inline:
    """Runs each task at once, in this process."""

    capacity = 1  # tasks that run at the same time

    class _Done:
        def __init__(self, value=None, error: BaseException | None = None):
            self.value, self.error = value, error

        def result(self):
            if self.error is not None:
                raise self.error
            return self.value

        def cancel(self) -> bool:
            return False

    def submit(self, fn: Callable, *args):
        try:
            return self._Done(fn(*args))
        except Exception as exc:
            return self._Done(error=exc)

    def shutdown(self) -> None:
        pass


def default_jobs() -> int:
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


class ProcessPool:
    """A pool of `jobs` worker processes, started from a clean server process
    (forkserver) where the system has one: never forked from a process that
    runs threads, such as the progress display's."""

    def __init__(self, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            context.set_forkserver_preload(["companion.episode_output"])
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        self.capacity = jobs

    def submit(self, fn: Callable, *args):
        return self.pool.submit(fn, *args)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler


class DaskExecutor:
    """The same interface over a dask.distributed cluster."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler", "needs dask.distributed: pip install 'companion[dask]'") from None
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(address, f"cannot reach the Dask scheduler ({exc})") from None
        self.address = address
        self.capacity = max(1, sum(self.client.nthreads().values()))  # keeps every worker thread fed

    def submit(self, fn: Callable, *args):
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        self.client.close()
