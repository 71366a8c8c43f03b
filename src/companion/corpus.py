"""Many transcripts into one package: finding them, building them on every
core (or a cluster), and streaming the results into the package in order.

- `find_transcripts` walks a folder for every file a reader knows (by the
  readers' own suffixes); `read_path_list` reads a list of paths;
  `collect` expands folders, drops duplicates and sorts by path, so the
  package's order never depends on the file system or on the order of the
  arguments.
- `build_corpus` reads each transcript (and its NAME.yaml), takes its result
  from the cache or builds it (episode_output.build_episode_output, in
  batches, on an executor from parallel.py), and hands the results to the
  Assembler in path order. At most a few batches per worker are in flight,
  so memory is bounded by the batch size and the number of workers, not by
  the corpus; the output is the same bytes whatever the number of workers.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .assemble import Assembler
from .cache import Cache
from .episode_output import EpisodeOutput
from .errors import InputError
from .output import read_input
from .parallel import DaskExecutor, Inline, ProcessPool, build_batch, code_fingerprint

BATCH_ITEMS = 16  # transcripts per task sent to a worker
BATCH_BYTES = 256_000  # ... or fewer, when they are big
IN_FLIGHT = 2  # batches in flight per worker
MAX_WAITING = 256  # results held for their turn (cache hits, failures) before the oldest is assembled


def transcript_suffixes() -> frozenset[str]:
    """The file suffixes of every format the readers know (their registry's SUFFIXES)."""
    from .readers import READERS

    return frozenset(suffix.lower() for module in READERS.values() for suffix in module.SUFFIXES)


# Files that sit among transcripts but are not one: a folder's notes, or a built package.
NOT_TRANSCRIPTS = {"readme", "changelog", "license", "licence", "contributing", "datapackage"}


def find_transcripts(folder: Path) -> list[Path]:
    """Every transcript under `folder`, recursively, by path.

    Left out: hidden files and folders (.git, .DS_Store), README, CHANGELOG,
    LICENSE and CONTRIBUTING files, datapackage.json, and any folder that holds
    a datapackage.json (a built package, whose data/source/ would repeat the
    transcripts). Links to folders are not followed."""
    suffixes = transcript_suffixes()
    found = []
    for top, folders, files in os.walk(folder, onerror=_raise):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and not os.path.isfile(os.path.join(top, f, "datapackage.json")))
        for name in files:
            stem, suffix = os.path.splitext(name)
            if not name.startswith(".") and suffix.lower() in suffixes and stem.lower() not in NOT_TRANSCRIPTS:
                found.append(Path(top) / name)
    return sorted(found, key=lambda p: p.parts)


def _raise(error: OSError) -> None:
    raise InputError(error.filename, f"cannot read the folder ({error.strerror})")


def read_path_list(list_file: Path) -> list[Path]:
    """Paths one per line (blank lines and lines starting with # are skipped);
    relative ones are relative to the list's folder. `-` reads standard input."""
    if str(list_file) == "-":
        text, base = sys.stdin.read(), Path(".")
    else:
        try:
            text = list_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(list_file, f"cannot read the list ({exc.strerror})") from None
        except UnicodeDecodeError as exc:
            raise InputError(list_file, f"the list is not valid UTF-8 (byte offset {exc.start})") from None
        base = list_file.parent
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            paths.append(base / line if not os.path.isabs(line) else Path(line))
    return paths


def collect(arguments: list[Path]) -> list[Path]:
    """Folders expanded, duplicates (the same file twice) dropped, sorted by path.
    A path that is not a folder is kept as a transcript even if it does not exist:
    the build reports it."""
    paths: list[Path] = []
    for path in arguments:
        if path.is_dir():
            found = find_transcripts(path)
            if not found:
                known = ", ".join(sorted(transcript_suffixes()))
                raise InputError(path, f"holds no transcripts (files ending in {known})")
            paths += found
        else:
            paths.append(path)
    unique: dict[str, Path] = {}
    for path in paths:
        unique.setdefault(os.path.realpath(path), path)
    return sorted(unique.values(), key=lambda p: p.parts)


@dataclass
class Outcome:
    built: int = 0
    cached: int = 0  # of built, how many came from the cache
    failures: list[tuple[str, int | None, str]] = field(default_factory=list)  # (path, line, problem)


@dataclass
class _Batch:
    items: list = field(default_factory=list)
    size: int = 0
    future: object = None
    results: list | None = None


def build_corpus(paths: list[Path], assembler: Assembler, *, encoding: str | None = None, fmt: str | None = None,
                 jobs: int = 1, keep_going: bool = False, cache: Cache | None = None, scheduler: str | None = None,
                 on_episode: Callable[[Path, EpisodeOutput | None, int], None] | None = None,
                 on_failure: Callable[[str, int | None, str], None] | None = None) -> Outcome:
    """Build every transcript into `assembler`, in the order of `paths`.

    Without keep_going the first bad transcript (in path order) raises its
    InputError and nothing more is built. With it, each bad transcript is
    reported to `on_failure` and left out. `on_episode(path, output, size)` is
    called for each transcript in order once its result is assembled (output
    is None when it failed).
    """
    run = _Run(assembler, encoding, fmt, keep_going, cache, on_episode, on_failure)
    plan = _plan(paths, cache, run.options)  # per path: its cache key, and whether the cache holds it
    misses = sum(1 for _, hit in plan if not hit)
    if scheduler:
        run.executor, run.fingerprint = DaskExecutor(scheduler), code_fingerprint()
    elif jobs > 1 and misses > 2 * BATCH_ITEMS:  # fewer are built sooner than workers start
        run.executor = ProcessPool(jobs)
    in_flight = IN_FLIGHT * run.executor.capacity
    try:
        for path, (key, hit) in zip(paths, plan):
            if hit:
                run.slots.append((path, _size(path), key, None, None))
            else:
                run.add_to_batch(path)
            while len(run.submitted) >= in_flight or len(run.slots) > MAX_WAITING:
                run.assemble_oldest()
        while run.slots:
            run.assemble_oldest()
    finally:
        run.stop()
    return run.outcome


class _Run:
    """The state of one build: results waiting for their turn, in path order,
    and the batches on their way through the executor."""

    def __init__(self, assembler, encoding, fmt, keep_going, cache, on_episode, on_failure):
        self.assembler, self.encoding, self.fmt, self.keep_going, self.cache = assembler, encoding, fmt, keep_going, cache
        self.on_episode, self.on_failure = on_episode, on_failure
        self.options = f"{encoding or ''}\0{fmt or ''}"  # what a cache key covers besides the inputs
        self.executor, self.fingerprint = Inline(), None
        self.outcome = Outcome()
        # In path order: (path, size, key, batch, its index there) or (path, size, key, None, result or None for a cache hit).
        self.slots: deque = deque()
        self.submitted: deque = deque()  # batches whose results are not all assembled yet
        self.open_batch: _Batch | None = None

    def add_to_batch(self, path: Path) -> None:
        try:
            item = read_input(path)
        except InputError as exc:
            self.slots.append((path, 0, None, None, (exc.path, exc.line, exc.problem)))
            return
        # The key of the bytes read now: the file may have changed since the plan.
        key = self.cache.key(item, self.options) if self.cache is not None else None
        batch = self.open_batch = self.open_batch or _Batch()
        self.slots.append((path, len(item.raw), key, batch, len(batch.items)))
        batch.items.append(item)
        batch.size += len(item.raw)
        if len(batch.items) >= BATCH_ITEMS or batch.size >= BATCH_BYTES:
            self.submit(batch)

    def submit(self, batch: _Batch) -> None:
        if batch is self.open_batch:
            self.open_batch = None
        batch.future = self.executor.submit(build_batch, batch.items, self.encoding, self.fmt, self.fingerprint)
        self.submitted.append(batch)

    def _from_batch(self, batch: _Batch, index: int):
        if batch.future is None:
            self.submit(batch)
        if batch.results is None:
            try:
                batch.results = batch.future.result()
            except Exception as exc:  # a worker died, or a cluster refused the task
                where = getattr(self.executor, "address", "the worker processes")
                raise InputError(where, f"building {batch.items[0].path} and the rest of its batch failed "
                                 f"({type(exc).__name__}: {exc or 'no detail'})") from None
        result = batch.results[index]
        if index == len(batch.items) - 1:
            self.submitted.remove(batch)
            batch.results = None
        return result

    def _output(self, path: Path, key: str | None, batch: _Batch | None, value) -> tuple[EpisodeOutput | None, object, bool]:
        """(the output or None, the result: output bytes or a failure tuple, whether it came from the cache)."""
        if batch is not None:
            result = self._from_batch(batch, value)
        elif value is None:  # planned as a cache hit
            cached = self.cache.get(key)
            if cached is not None:
                try:
                    return EpisodeOutput.from_bytes(cached), cached, True
                except ValueError:
                    self.cache.discard(key)  # damaged: build it afresh
            result = _build_here(path, self.encoding, self.fmt)  # damaged, or gone since the plan
        else:
            result = value  # a failure to read the transcript
        if not isinstance(result, bytes):
            return None, result, False
        if self.cache is not None and key is not None:
            self.cache.put(key, result)
        return EpisodeOutput.from_bytes(result, verify=False), result, False  # fresh from a worker

    def assemble_oldest(self) -> None:
        path, size, key, batch, value = self.slots.popleft()
        output, result, from_cache = self._output(path, key, batch, value)
        if output is not None:
            output = _as_read_from(output, path)
            try:
                self.assembler.add(output)
            except InputError as exc:
                result, output = (exc.path, exc.line, exc.problem), None
            else:
                self.outcome.built += 1
                self.outcome.cached += from_cache
        if output is None:
            if not self.keep_going:
                raise InputError(result[0], result[2], result[1])
            self.outcome.failures.append(result)
            if self.on_failure:
                self.on_failure(*result)
        if self.on_episode:
            self.on_episode(path, output, size)

    def stop(self) -> None:
        for batch in self.submitted:
            if batch.future is not None:
                batch.future.cancel()
        self.executor.shutdown()


def _plan(paths: list[Path], cache: Cache | None, options: str) -> list[tuple[str | None, bool]]:
    """Each transcript's cache key and whether the cache holds it, read ahead so
    that the pool is started only when there is enough to build."""
    if cache is None:
        return [(None, False)] * len(paths)
    plan = []
    for path in paths:
        try:
            key = cache.key(read_input(path), options)
        except InputError:
            plan.append((None, False))  # reported when it is read again in turn
            continue
        plan.append((key, cache.has(key)))
    return plan


def _build_here(path: Path, encoding: str, fmt: str | None):
    try:
        return build_batch([read_input(path)], encoding, fmt)[0]
    except InputError as exc:
        return (exc.path, exc.line, exc.problem)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _as_read_from(output: EpisodeOutput, path: Path) -> EpisodeOutput:
    """A cached result names the file it was first built from; messages name this one."""
    if output.path == str(path):
        return output
    from dataclasses import replace

    return replace(output, path=str(path))
