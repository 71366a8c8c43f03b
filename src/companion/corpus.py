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
    """The file suffixes of every format the readers know."""
    from . import readers

    registry = getattr(readers, "READERS", None)
    if registry is None:  # only the plain-text reader, before the readers' registry lists suffixes
        return frozenset({".txt"})
    return frozenset(suffix.lower() for module in registry.values() for suffix in module.SUFFIXES)


def find_transcripts(folder: Path) -> list[Path]:
    """Every transcript under `folder`, recursively, by path; hidden files and
    folders (.git, .DS_Store) are left out, and links to folders are not followed."""
    suffixes = transcript_suffixes()
    found = []
    for top, folders, files in os.walk(folder, onerror=_raise):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in suffixes:
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


def build_corpus(paths: list[Path], assembler: Assembler, *, encoding: str = "utf-8", jobs: int = 1,
                 keep_going: bool = False, cache: Cache | None = None, scheduler: str | None = None,
                 on_episode: Callable[[Path, EpisodeOutput | None, int], None] | None = None,
                 on_failure: Callable[[str, int | None, str], None] | None = None) -> Outcome:
    """Build every transcript into `assembler`, in the order of `paths`.

    Without keep_going the first bad transcript (in path order) raises its
    InputError and nothing more is built. With it, each bad transcript is
    reported to `on_failure` and left out. `on_episode(path, output, size)` is
    called for each transcript in order once its result is assembled (output
    is None when it failed).
    """
    outcome = Outcome()
    executor = DaskExecutor(scheduler) if scheduler else None
    fingerprint = code_fingerprint() if scheduler else None
    pool_threshold = 2 * BATCH_ITEMS  # below this many builds the pool is not worth starting
    slots: deque = deque()  # in path order: (path, size, key, batch, index) or (path, size, key, None, result)
    submitted: deque = deque()  # batches whose results are not all assembled yet
    open_batch: _Batch | None = None
    misses = 0

    def submit(batch: _Batch) -> None:
        nonlocal executor, open_batch
        if batch is open_batch:
            open_batch = None
        if executor is None:
            executor = ProcessPool(jobs) if jobs > 1 and misses > pool_threshold else Inline()
        elif isinstance(executor, Inline) and jobs > 1 and misses > pool_threshold:
            executor = ProcessPool(jobs)  # enough work to be worth the workers' start
        batch.future = executor.submit(build_batch, batch.items, encoding, fingerprint)
        submitted.append(batch)

    def assemble_oldest() -> None:
        path, size, key, batch, value = slots.popleft()
        if batch is not None:
            if batch.future is None:
                submit(batch)
            if batch.results is None:
                batch.results = batch.future.result()
            result = batch.results[value]
            if value == len(batch.items) - 1:
                submitted.remove(batch)
                batch.results = None
        else:
            result = value
        output = None
        from_cache = batch is None and isinstance(result, bytes)
        if from_cache:
            try:
                output = EpisodeOutput.from_bytes(result)
            except ValueError:  # a damaged cache entry: build it afresh, here and now
                cache.discard(key)
                from_cache = False
                result = build_batch([read_input(path)], encoding)[0]
        if not from_cache and isinstance(result, bytes):
            output = EpisodeOutput.from_bytes(result)
            if cache is not None and key is not None:
                cache.put(key, result)
        if output is not None:
            output = _as_read_from(output, path)
            try:
                assembler.add(output)
            except InputError as exc:
                result, output = (exc.path, exc.line, exc.problem), None
            else:
                outcome.built += 1
                outcome.cached += from_cache
        if output is None:
            failure = result
            if not keep_going:
                raise InputError(*failure[:1], failure[2], failure[1])
            outcome.failures.append(failure)
            if on_failure:
                on_failure(*failure)
        if on_episode:
            on_episode(path, output, size)

    try:
        for path in paths:
            try:
                item = read_input(path)
            except InputError as exc:
                item = None
                slots.append((path, 0, None, None, (exc.path, exc.line, exc.problem)))
            if item is not None:
                size = len(item.raw)
                key = cache.key(item, encoding) if cache is not None else None
                hit = cache.get(key) if key is not None else None
                if hit is not None:
                    slots.append((path, size, key, None, hit))
                else:
                    misses += 1
                    if open_batch is None:
                        open_batch = _Batch()
                    slots.append((path, size, key, open_batch, len(open_batch.items)))
                    open_batch.items.append(item)
                    open_batch.size += size
                    if len(open_batch.items) >= BATCH_ITEMS or open_batch.size >= BATCH_BYTES:
                        submit(open_batch)
            while len(submitted) >= IN_FLIGHT * max(jobs, 1) or len(slots) > MAX_WAITING:
                assemble_oldest()
        while slots:
            assemble_oldest()
    finally:
        for batch in submitted:
            batch.future.cancel()
        if executor is not None:
            executor.shutdown()
    return outcome


def _as_read_from(output: EpisodeOutput, path: Path) -> EpisodeOutput:
    """A cached result names the file it was first built from; messages name this one."""
    if output.path == str(path):
        return output
    from dataclasses import replace

    return replace(output, path=str(path))
