"""One process-wide cache for values read from files or derived from objects.

Every data file launchmap reads (zones, land, countries, the CSV tables) is read through
:func:`cached_file`: once per process and file version (resolved path, modification time
and size), thread-safe, and a second thread asking for the same file waits for the first
instead of reading it again. :class:`Memo` does the same for values computed from an
in-memory object (a display copy of a zone set, an area index of a countries frame).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """A thread-safe ``key -> value`` cache whose values are computed once.

    ``get(key, compute)`` returns the cached value or calls ``compute()`` exactly once per
    key, even when several threads ask at the same time (each key has its own lock, so
    computing one value never blocks reading another). ``maxsize`` bounds the number of
    entries (oldest dropped first); ``None`` keeps everything.
    """

    def __init__(self, maxsize: int | None = None) -> None:
        self._values: dict[Hashable, Any] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.maxsize = maxsize

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for ``key``, computed by ``compute()`` on first use."""
        with self._lock:
            if key in self._values:
                return self._values[key]
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = compute()
            with self._lock:
                self._values[key] = value
                self._locks.pop(key, None)
                if self.maxsize is not None:
                    while len(self._values) > self.maxsize:
                        self._values.pop(next(iter(self._values)))
            return value

    def clear(self) -> None:
        """Forget every cached value."""
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


_FILES = Memo()


def file_key(path: str | Path) -> tuple[str, int, int]:
    """``(resolved path, mtime_ns, size)``: a key that changes whenever the file does."""
    p = Path(path).resolve()
    st = p.stat()
    return str(p), st.st_mtime_ns, st.st_size


def cached_file(path: str | Path, load: Callable[[Path], T], *, what: str,
                kind: str = "") -> T:
    """``load(path)``, once per process and file version.

    ``what`` names the file for the error message: a missing file raises
    ``FileNotFoundError`` saying which data is missing and how to rebuild it. ``kind``
    separates two different readings of the same file (e.g. a table read whole and read
    as an index). Callers that hand out mutable values (DataFrames) should return a copy.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(
            f"{p} not found: the {what} file is missing (shipped data lives in data/; see "
            "data/SOURCES.md for the command that rebuilds it)"
        )
    return _FILES.get((kind, *file_key(p)), lambda: load(p))


def clear_file_cache() -> None:
    """Forget every file read through :func:`cached_file` (tests that rewrite files)."""
    _FILES.clear()
