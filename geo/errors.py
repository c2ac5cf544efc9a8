"""Exceptions raised by launchmap.

Every error names the input that caused it and what was expected, so that the CLI can
print it as one clear line and scripts can catch a specific class.
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
