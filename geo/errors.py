"""Every exception launchmap raises, in one hierarchy under :class:`LaunchmapError`.

Every error names the input that caused it and what was expected, so that the CLI can
print it as one clear line (exit status 2) and scripts can catch a specific class::

    LaunchmapError
    +-- UnknownPlaceError (KeyError)          a place not in the gazetteer
    +-- UnknownSystemError (KeyError)         a weapon system not in systems.csv
    +-- LocationParseError (ValueError)       a statement or coordinate text not understood
    +-- InvalidCoordinateError (ValueError)   latitude/longitude out of range or not finite
    +-- InvalidSigmaError (ValueError)        a negative or non-finite uncertainty
    +-- UnknownPerspectiveError (ValueError)  a sovereignty view the zone set does not know
    +-- BallisticInputError (ValueError)      inputs a Keplerian fit cannot represent
    +-- InvalidOptionError (ValueError)       an option value outside its allowed set/range
    +-- MarineRegionsFormatError (ValueError) a file that is not a Marine Regions zone file
    +-- DataValidationError (ValueError)      rows of a table that break its schema
    +-- AssetError (RuntimeError)             a vendored map asset is missing
    +-- MissingExtraError (ImportError)       an optional extra (e.g. dask) not installed

:class:`RowError` is not an exception: it is one rejected row of a batch input, and a
:class:`DataValidationError` carries every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class LaunchmapError(Exception):
    """Base class of every error launchmap raises for bad input or bad data."""


class UnknownPlaceError(LaunchmapError, KeyError):
    """A place name is not in the gazetteer; ``suggestions`` holds the closest known names."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"unknown place {name!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return self.args[0]


class LocationParseError(LaunchmapError, ValueError):
    """A relative-location or coordinate text could not be understood."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot read location {text!r}: {reason}")


class InvalidCoordinateError(LaunchmapError, ValueError):
    """A latitude or longitude is outside its valid range or not a finite number."""


class InvalidSigmaError(LaunchmapError, ValueError):
    """A position uncertainty (sigma, km) is negative or not a finite number."""


class UnknownPerspectiveError(LaunchmapError, ValueError):
    """A perspective is neither ``administering`` nor an ISO 3166-1 alpha-3 code the zone
    set knows."""


class BallisticInputError(LaunchmapError, ValueError):
    """Inputs a Keplerian lofted-test fit cannot represent (names the input and why)."""


class InvalidOptionError(LaunchmapError, ValueError):
    """An option value is outside its allowed set or range (names the option and what was
    expected)."""


class MarineRegionsFormatError(LaunchmapError, ValueError):
    """A file is not a Marine Regions zone file: no polygon layer, or a column is missing."""


class UnknownSystemError(LaunchmapError, KeyError):
    """A system id or name is not in ``systems.csv``."""

    def __init__(self, name: str, known: list[str],
                 suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        hint = ("; did you mean " + ", ".join(map(repr, self.suggestions)) + "?"
                if self.suggestions else "")
        super().__init__(f"unknown system {name!r}{hint}; known ids: {', '.join(known)}")

    def __str__(self) -> str:
        return self.args[0]


class AssetError(LaunchmapError, RuntimeError):
    """A vendored map asset file is missing (rebuild with ``python -m layers.build_assets``)."""


class MissingExtraError(LaunchmapError, ImportError):
    """An optional dependency is not installed; the message names the pip extra
    (e.g. ``pip install 'launchmap[dask]'``)."""


@dataclass(frozen=True)
class RowError:
    """One rejected row of a batch input: file, 1-based data row, field and reason."""

    file: str
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}: {self.field}: {self.reason}"


@dataclass
class DataValidationError(LaunchmapError, ValueError):
    """A data file holds rows that break its schema; ``errors`` lists every one of them."""

    errors: list[RowError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{len(self.errors)} invalid row(s)"
        return head + ":\n" + "\n".join(f"  {e}" for e in self.errors)


__all__ = [
    "AssetError",
    "BallisticInputError",
    "DataValidationError",
    "InvalidCoordinateError",
    "InvalidOptionError",
    "InvalidSigmaError",
    "LaunchmapError",
    "LocationParseError",
    "MarineRegionsFormatError",
    "MissingExtraError",
    "RowError",
    "UnknownPerspectiveError",
    "UnknownPlaceError",
    "UnknownSystemError",
]
