"""A cache of built episodes, so that a rebuild redoes only what changed.

An entry is one episode's serialised EpisodeOutput (episode_output.py), under
a key that is the sha256 of everything the output depends on: the
transcript's bytes and file name, its metadata file's text, the --encoding
and --format options, and the code fingerprint (every file of the installed companion,
schemas included, and the Python and Unicode versions). Change any of them
and the key changes, so an entry is never stale; a damaged entry fails its
checksum and is rebuilt.

The cache lives outside any package: under the user's cache folder
(`$XDG_CACHE_HOME/companion`, `~/.cache/companion`, `~/Library/Caches/companion`,
`%LOCALAPPDATA%\\companion\\Cache`) or at `--cache DIR`. Entries are written to
a temporary file and renamed, so builds running side by side can share it.
Nothing prunes it: remove the folder to reclaim the space (about ten times the
size of the transcripts).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path, PurePosixPath

from .package import TranscriptInput
from .parallel import code_fingerprint

LAYOUT = "v1"  # bump when the entry format changes


def user_cache_dir() -> Path:
    """The platform's folder for a user's caches, with companion's name on it."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "companion" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "companion"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "companion"


class Cache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.root = self.folder / LAYOUT
        self.problem: str | None = None  # set when the cache could not be written; the build goes on without it
        self.hits = self.misses = 0

    def key(self, item: TranscriptInput, options: str) -> str:
        """`options`: the command's options that change a result (--encoding, --format)."""
        digest = hashlib.sha256(b"companion episode cache\0")
        name = PurePosixPath(item.path.replace("\\", "/")).name
        metadata = b"\x01" + item.metadata_text.encode("utf-8") if item.metadata_text is not None else b"\x00"
        for part in (code_fingerprint().encode(), options.encode(), name.encode("utf-8", "surrogateescape"), item.raw, metadata):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> bytes | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def discard(self, key: str) -> None:
        """Forget a damaged entry."""
        self.hits -= 1
        self.misses += 1
        try:
            os.unlink(self._path(key))
        except OSError:
            pass

    def put(self, key: str, data: bytes) -> None:
        if self.problem is not None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temp, path)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError as exc:
            self.problem = f"cannot write the cache in {self.folder} ({exc.strerror}); building without it"
