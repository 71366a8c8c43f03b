"""Reading inputs and writing packages: the only module that writes to the disk.

Two ways to write a package, both all-or-nothing:

- `write_package` (`--out DIR`): the whole package is written into a staging
  folder beside DIR and swapped in with one atomic rename. DIR is replaced only
  when it holds nothing but a package this tool wrote, as its marker file
  `.companion-package.json` records (tool version, every file and its sha256).
- `update_in_place` (`companion build` with no arguments): the package lives
  among other files (the repository), so there is no folder to swap. The new
  `data/`, `schemas/` and `datapackage.json` are staged in `.companion-build/`,
  a journal is written, and the three are moved into place. A build killed
  after the journal exists is completed by the next build (roll forward);
  one killed before it leaves the old package untouched.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from . import __version__
from .errors import InputError
from .files import FileProblem, read_regular_file
from .metadata import MAX_METADATA_BYTES
from .package import TranscriptInput
from .source import MAX_BYTES

MARKER = ".companion-package.json"
MAX_MARKER_BYTES = 10_000_000
IN_PLACE_STAGING = ".companion-build"
_STAGING_TAG = ".companion-staging"  # first file written into the in-place staging folder
_JOURNAL = "journal.json"
FILE_MODE, DIR_MODE = 0o644, 0o755  # whatever the umask


def read_input(path: Path) -> TranscriptInput:
    """A transcript's bytes and, when `talk.yaml` sits next to `talk.txt`, its metadata.

    Only regular files are read, and never more than the size limit plus one
    byte: a device or a FIFO is refused before it is opened.
    """
    if path.is_dir():
        raise InputError(path, "is a folder, not a transcript file")
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except FileProblem as exc:
        raise InputError(path, str(exc)) from None
    meta = path.with_suffix(".yaml")
    if not os.path.lexists(meta):
        return TranscriptInput(str(path), raw)
    try:
        data = read_regular_file(meta, MAX_METADATA_BYTES)
    except FileProblem as exc:
        raise InputError(meta, f"metadata file {exc}" if str(exc).startswith("is ") else f"metadata file: {exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(meta, f"metadata is not valid UTF-8 (byte offset {exc.start})") from None
    return TranscriptInput(str(path), raw, str(meta), text)


# --- --out DIR ---------------------------------------------------------------


def marker_bytes(files: dict[str, bytes]) -> bytes:
    """The marker file: which tool wrote the package, and every file it wrote."""
    return marker_from_hashes({rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()})


def marker_from_hashes(hashes: dict[str, str]) -> bytes:
    """The marker file, from each file's sha256 (as a streaming build computes them)."""
    record = {
        "written_by": "companion",
        "version": __version__,
        "note": "companion replaces this folder only while it holds exactly these files, unchanged.",
        "files": dict(sorted(hashes.items())),
    }
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_package(files: dict[str, bytes], out: Path, *, force: bool = False, inputs: Iterable[Path] = (), forceable: bool = True) -> list[str]:
    """Write a whole package into `out`, replacing the package there at once.

    `out` is replaced only when it is empty or holds exactly the files that
    its marker lists, unchanged. `force` replaces it anyway, except when it
    holds .git, the current folder, the home folder or the input files.
    Returns warnings (stranded staging folders that could not be removed).
    """
    _check_relative_paths(files)
    with staged_package(out, force=force, inputs=inputs, forceable=forceable) as staging:
        _write_all(files, staging.folder)
        staging.hashes = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    return staging.warnings


class Staging:
    """The folder a package is written into before it is swapped into place."""

    def __init__(self, folder: Path, warnings: list[str]):
        self.folder = folder
        self.warnings = warnings  # stranded staging folders that could not be removed
        self.hashes: dict[str, str] = {}  # path -> sha256 of every file written: the caller fills it


@contextlib.contextmanager
def staged_package(out: Path, *, force: bool = False, inputs: Iterable[Path] = (), forceable: bool = True) -> Iterator[Staging]:
    """A staging folder beside `out` for a package to be written into, all at
    once (write_package) or streamed (a corpus build); when the block ends it
    is swapped in for `out`, with a marker listing `Staging.hashes`, and when
    the block raises it is removed. The rules for replacing `out` are
    write_package's."""
    out = check_out_folder(out, force=force, inputs=inputs, forceable=forceable)
    warnings = _clean_stranded(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.companion-", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise InputError(out, f"cannot write the output folder: {exc.strerror}") from None
    with _locked(staging, wait=True):  # tells a later build that this staging folder is alive
        try:
            _write_file(staging / MARKER, marker_from_hashes({}))  # the marker first: it tags the folder as ours
            stage = Staging(staging, warnings)
            yield stage
            _check_relative_paths(stage.hashes)
            os.unlink(staging / MARKER)
            _write_file(staging / MARKER, marker_from_hashes(stage.hashes))  # now listing every file
            os.chmod(staging, DIR_MODE)
            if not out.exists():
                os.rename(staging, out)
                return
            if _exchange(staging, out):
                # `staging` now holds the previous folder: if a file arrived in it
                # since the check, swap back rather than lose it.
                late = None if force else next(_foreign_entries(staging), None)
                if late is not None:
                    _exchange(staging, out)
                    raise InputError(out, f"holds {late[0]}, {late[1]} (it appeared during the build); refusing to replace the folder")
            else:
                old = staging.with_suffix(".old")
                os.rename(out, old)  # without renameat2 a kill here leaves `out` missing
                os.rename(staging, out)
                staging = old
            shutil.rmtree(staging, ignore_errors=True)  # now the previous package
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise InputError(out, f"cannot write the package: {exc.strerror}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def check_out_folder(out: Path, *, force: bool = False, inputs: Iterable[Path] = (), forceable: bool = True) -> Path:
    """The checks write_package makes before it writes anything (see its docstring);
    returns `out` resolved. `forceable=False` where the command has no --force (exports)."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(out, "output path exists and is not a folder")
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise InputError(out, f"cannot write the output folder: {blocked} is a file, not a folder")
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        raise InputError(out, "is the current folder or holds it; companion never replaces it, even with --force: choose another --out")
    if out.is_dir():
        _check_replaceable(out, force, inputs, forceable)
    return out


# --- one file (an export such as a workbook or a database) --------------------------


def check_out_file(out: Path, is_ours, what: str) -> Path:
    """The checks write_file makes before it writes anything; returns `out` made absolute."""
    out = Path(os.path.abspath(out))
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise InputError(out, f"cannot write the file: {blocked} is a file, not a folder")
    if os.path.lexists(out) and (out.is_symlink() or not out.is_file() or not is_ours(out)):
        raise InputError(out, f"already exists and is not an earlier {what}; refusing to replace it")
    return out


def write_file(data: bytes, out: Path, is_ours, what: str = "file of this kind") -> None:
    """Write one file whole or not at all, with mode 0644 whatever the umask.

    `out` is replaced only when it is a regular file (not a link) that
    `is_ours(path)` recognises as an earlier file of the same kind, which the
    file's content shows (one file has no room for a marker beside it). The
    bytes go into a temporary file beside `out`, flushed, then renamed over it
    in one step. A temporary file that a killed export left is removed."""
    out = check_out_file(out, is_ours, what)
    _clean_stranded_files(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.companion-", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise InputError(out, f"cannot write the file: {exc.strerror}") from None
    try:
        _flock(fd)  # tells a later export that this temporary file is alive
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        if os.path.lexists(out) and (out.is_symlink() or not out.is_file() or not is_ours(out)):  # it changed meanwhile
            raise InputError(out, f"appeared or changed during the export and is not an earlier {what}; refusing to replace it")
        os.replace(name, out)
        _fsync_folder(out.parent)
    except OSError as exc:
        _unlink(name)
        raise InputError(out, f"cannot write the file: {exc.strerror}") from None
    except BaseException:
        _unlink(name)
        raise
    finally:
        os.close(fd)


def _clean_stranded_files(out: Path) -> None:
    """Remove temporary files that killed exports left beside `out` (none that a live one holds)."""
    for path in sorted(out.parent.glob(f".{glob.escape(out.name)}.companion-*.tmp")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if _flock(fd, wait=False) is not False:
                _unlink(str(path))
        finally:
            os.close(fd)


def _flock(fd: int, wait: bool = True) -> bool | None:
    """An advisory lock on an open file (flock): True when taken, False when another
    process holds it, None where the system has no flock."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def add_to_marker(folder: Path, paths: Iterable[Path]) -> None:
    """Record files written into a package after it was built (`build --export`
    puts its exports there) in the package's marker, so that the next build may
    replace them. Paths outside `folder`, or a folder without a marker, are left alone."""
    folder = folder.resolve()
    files = _read_marker(folder)
    if files is None:
        return
    for path in paths:
        path = Path(path).resolve()
        if not path.is_relative_to(folder) or path == folder:
            continue
        found = [path] if path.is_file() else [p for p in sorted(path.rglob("*")) if p.is_file() and not p.is_symlink()]
        for item in found:
            files[item.relative_to(folder).as_posix()] = _sha256_file(item)
    record = json.loads((folder / MARKER).read_bytes())
    record["files"] = dict(sorted(files.items()))
    part = folder / (MARKER + ".part")
    part.unlink(missing_ok=True)
    _write_file(part, (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    os.replace(part, folder / MARKER)


def _check_replaceable(out: Path, force: bool, inputs: Iterable[Path], forceable: bool = True) -> None:
    foreign = list(_foreign_entries(out))
    if not foreign:
        return
    rel, why = foreign[0]
    guard = _guard(out, inputs, foreign)
    if not force:
        hint = "choose another --out, or add --force to replace it" if forceable else "choose another --out, or remove it first"
        raise InputError(out, f"holds {rel}, {why}; refusing to replace the folder ({hint})")
    if guard:
        raise InputError(out, f"holds {rel}, {why}; --force never replaces {guard}")


def _guard(out: Path, inputs: Iterable[Path], foreign: list[tuple[str, str]]) -> str | None:
    """Why even --force must not replace `out`, if it must not."""
    if any(".git" in PurePosixPath(rel).parts for rel, _ in foreign):
        return "a folder that holds .git"
    home = Path.home().resolve()
    if out == home or out in home.parents:
        return "the home folder"
    for path in inputs:
        folder = Path(path).resolve().parent
        if out == folder or out in folder.parents:
            return "the folder of the input files"
    return None


def _read_marker(folder: Path) -> dict[str, str] | None:
    try:
        record = json.loads(read_regular_file(folder / MARKER, MAX_MARKER_BYTES))
    except (FileProblem, ValueError, RecursionError):
        return None
    files = record.get("files") if isinstance(record, dict) and record.get("written_by") == "companion" else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files


def _foreign_entries(folder: Path) -> Iterator[tuple[str, str]]:
    """Each entry of `folder` that its marker does not account for, in sorted
    order, as (relative path, why): a file not listed or changed since, a
    folder that holds no listed file, a symbolic link, a device..."""
    listed = _read_marker(folder)
    known = dict(listed or {})
    if listed is not None:
        known[MARKER] = known[MARKER + ".part"] = ""  # .part: a marker update cut short (add_to_marker)
    folders = {str(parent) for rel in known for parent in PurePosixPath(rel).parents if str(parent) != "."}
    stack = [_sorted_entries(folder, "")]  # depth first, in name order
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, str):
            yield entry, "which companion cannot read"
            continue
        rel = Path(entry.path).relative_to(folder).as_posix()
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            if rel not in folders:
                yield rel, "a folder companion did not write"
            if entry.name != ".git":
                stack.append(_sorted_entries(folder, rel))
        elif not stat.S_ISREG(mode):
            yield rel, f"{'a symbolic link' if stat.S_ISLNK(mode) else 'a special file'} companion did not write"
        elif rel not in known:
            yield rel, "a file companion did not write"
        elif known[rel] and _sha256_file(Path(entry.path)) != known[rel]:
            yield rel, "changed since companion wrote it"


def _sorted_entries(folder: Path, rel: str) -> Iterator:
    try:
        yield from sorted(os.scandir(folder / rel), key=lambda e: e.name)
    except OSError:
        yield rel or "."


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _clean_stranded(out: Path) -> list[str]:
    """Remove staging folders that killed builds left beside `out`; report those
    that cannot be told apart from a user's folder."""
    warnings = []
    pattern = f".{glob.escape(out.name)}.*"
    for path in sorted(out.parent.glob(pattern)):
        if path.suffix not in (".tmp", ".old") or path.is_symlink() or not path.is_dir():
            continue
        with _locked(path, wait=False) as free:
            if free is False:
                continue  # a build that is still running
            ours = ".companion-" in path.name and ((path / MARKER).is_file() or not any(path.iterdir()))
            if ours and free:
                shutil.rmtree(path, ignore_errors=True)
            else:
                warnings.append(f"{path}: a folder left by an interrupted build, or not companion's; remove it if you do not need it")
    return warnings


@contextlib.contextmanager
def _locked(folder: Path, wait: bool) -> Iterator[bool]:
    """An advisory lock on a folder (flock): held by a live build, released by the
    kernel when the process dies. Yields False when another process holds it,
    None where the system has no flock (then nothing can be told apart)."""
    try:
        import fcntl
    except ImportError:
        yield None
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE).
    Returns False where the system cannot, so the caller falls back to two renames."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


# --- in place (the repository) -----------------------------------------------


def update_in_place(files: dict[str, bytes], root: Path, inputs: Iterable[Path] = ()) -> list[str]:
    """Rebuild a package that lives among other files (the repository itself).

    Only the package's top-level entries (data/, schemas/, datapackage.json)
    are replaced, all three through a journal (see the module's docstring);
    every file in data/ and schemas/ must be one the package writes, so none
    of the user's files is swept away with them. Returns the paths that
    changed; when none did, nothing is written.
    """
    _check_relative_paths(files)
    root = root.resolve()
    tops = sorted({PurePosixPath(rel).parts[0] for rel in files}, key=lambda top: top == "datapackage.json")
    with _locked(root, wait=True):
        _finish_journal(root)
        _check_in_place(files, root, tops, inputs)
        changed = [rel for rel, data in files.items() if _read(root / rel) != data]
        if not changed:
            return []
        stage = root / IN_PLACE_STAGING
        _remove_staging(stage)
        try:
            stage.mkdir(mode=DIR_MODE)
            _write_file(stage / _STAGING_TAG, b"companion: staging for an in-place rebuild\n")
            _write_all(files, stage / "new")
            _write_file(stage / (_JOURNAL + ".part"), json.dumps({"move": tops}).encode("utf-8"))
            os.rename(stage / (_JOURNAL + ".part"), stage / _JOURNAL)  # the commit point
            _fsync_folder(stage)
        except OSError as exc:
            _remove_staging(stage)
            raise InputError(root, f"cannot write the package: {exc.strerror}") from None
        _finish_journal(root)
    return changed


def finish_interrupted_rebuild(root: Path) -> bool:
    """Complete an in-place rebuild that a killed build left half done (see
    update_in_place). True when there was one."""
    root = root.resolve()
    if not os.path.lexists(root / IN_PLACE_STAGING):
        return False
    with _locked(root, wait=True):
        return _finish_journal(root)  # without a journal, it removes what a killed build staged


def interrupted_rebuild(root: Path) -> bool:
    """Is an in-place rebuild waiting to be completed in `root`?"""
    return (root / IN_PLACE_STAGING / _JOURNAL).is_file()


def stranded_in_place(root: Path) -> list[str]:
    """Staging folders that earlier versions of companion left when killed
    (`.companion-build.*`): reported, not removed, as their files may be all
    that is left of a rebuild."""
    return [f"{path}: a staging folder left by an interrupted build of an earlier version; remove it"
            for path in sorted(root.glob(IN_PLACE_STAGING + ".*")) if path.is_dir() and not path.is_symlink()]


def _finish_journal(root: Path) -> bool:
    """Roll a journalled rebuild forward; idempotent, so a kill at any step is
    completed by the next call. Each entry is at one of three steps, told apart
    by which paths exist: not started, old moved aside, new moved in."""
    stage = root / IN_PLACE_STAGING
    journal = stage / _JOURNAL
    if not journal.is_file():
        _remove_staging(stage)
        return False
    try:
        tops = json.loads(journal.read_bytes())["move"]
        (stage / "old").mkdir(mode=DIR_MODE, exist_ok=True)
        for top in tops:
            new, old, live = stage / "new" / top, stage / "old" / top, root / top
            if not os.path.lexists(new):
                continue  # already moved in
            if os.path.lexists(live):
                os.rename(live, old)
            os.rename(new, live)
        _fsync_folder(root)
        os.unlink(journal)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(stage, f"cannot complete the interrupted rebuild ({exc}); move data/, schemas/ and datapackage.json back by hand") from None
    _remove_staging(stage)
    return True


def _check_in_place(files: dict[str, bytes], root: Path, tops: list[str], inputs: Iterable[Path]) -> None:
    """Refuse to sweep away a file that is not the package's, or to rewrite an input."""
    for top in tops:
        path = root / top
        if path.is_symlink():
            raise InputError(path, "is a symbolic link; an in-place rebuild would replace it: build with --out")
        if top == "datapackage.json" or not path.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames.sort()
            for name in sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
                rel = Path(dirpath, name).relative_to(root).as_posix()
                if rel not in files:
                    raise InputError(root / rel, f"is not a file of the package; an in-place rebuild replaces {top}/ whole: move it out first")
    for path in inputs:
        rel = Path(path).resolve().relative_to(root).as_posix() if Path(path).resolve().is_relative_to(root) else None
        if rel is not None and rel in files and _read(root / rel) != files[rel]:
            raise InputError(path, "an in-place rebuild would rewrite this input (a UTF-16 file is stored as UTF-8, say); build it with --out instead")


def _remove_staging(stage: Path) -> None:
    """Remove the in-place staging folder, but only if companion made it."""
    if not os.path.lexists(stage):
        return
    if stage.is_symlink() or not stage.is_dir() or (any(stage.iterdir()) and not (stage / _STAGING_TAG).is_file()):
        raise InputError(stage, "is in the way of the in-place rebuild and was not made by companion: move it away")
    shutil.rmtree(stage)


# --- writing files -------------------------------------------------------------


def _check_relative_paths(files: dict[str, bytes]) -> None:
    """Every path stays inside the folder it is written to."""
    for rel in files:
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or "\\" in rel or any(p in ("..", ".", "") for p in parts) or "\x00" in rel:
            raise ValueError(f"refusing to write {rel!r}: not a plain relative path")


def _write_all(files: dict[str, bytes], folder: Path) -> None:
    folder.mkdir(mode=DIR_MODE, exist_ok=True)
    made = set()
    for rel, data in files.items():
        path = folder / rel
        for parent in reversed(path.relative_to(folder).parents[:-1]):
            if parent not in made:
                (folder / parent).mkdir(mode=DIR_MODE, exist_ok=True)
                os.chmod(folder / parent, DIR_MODE)
                made.add(parent)
        _write_file(path, data)
    os.chmod(folder, DIR_MODE)


def _write_file(path: Path, data: bytes) -> None:
    """A new file with mode 0644 whatever the umask, flushed to disk; never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None
