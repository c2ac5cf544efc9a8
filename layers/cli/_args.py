"""Checks shared by the command-line options: every bad value becomes one clear line.

``type=`` callables for argparse raise :class:`argparse.ArgumentTypeError` (argparse then
prints ``launchmap CMD: error: argument --x: ...`` and exits 2); checks that need data
(the perspectives a zone set records) raise a :mod:`geo.errors` class, which
:func:`layers.cli.main` prints as one line with exit status 2. :func:`terminal_safe`
escapes control characters in anything that came from the user before it is printed.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

#: Shortest distance or altitude accepted, km (one metre: below it nothing is resolved).
MIN_KM = 0.001
#: Longest ground distance accepted, km: the equatorial circumference (a range ring wider
#: than half of it already covers the whole Earth).
MAX_GROUND_KM = 40_075.0
#: Highest altitude accepted, km: about Earth's sphere of gravitational influence
#: (~925,000 km); beyond it an Earth-centred Keplerian orbit models nothing.
MAX_ALTITUDE_KM = 1_000_000.0
#: How much of a bad value an error message repeats.
ECHO_CHARS = 40

#: Exit statuses besides 0 (success): a selection matched nothing (said on stderr,
#: nothing written); a user error (one line on stderr).
EXIT_NO_MATCH, EXIT_USER_ERROR = 1, 2

# C0 controls, DEL and C1 controls, which a terminal acts on (ESC starts a control
# sequence), and the surrogates U+DC80-U+DCFF by which Python carries the undecodable bytes
# of a command-line argument (a raw 0x9B byte is a C1 CSI to an 8-bit terminal).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\udc80-\udcff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00 if code >= 0xDC80 else code:02x}"


def terminal_safe(text: object) -> str:
    """``str(text)`` with every C0/C1 control character, DEL and undecodable byte written
    as ``\\xNN``."""
    return _CONTROL.sub(_escaped, str(text))


def echo(text: str) -> str:
    """A user's value as an error message repeats it: quoted, control characters escaped,
    cut to :data:`ECHO_CHARS` characters (a number with hundreds of digits stays one line)."""
    shown = text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1] + "…"
    return terminal_safe(repr(shown))


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``PROG: error: MESSAGE (see PROG --help)``
    on stderr and exit status 2, instead of the usage block followed by the message."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {terminal_safe(message)} (see '{self.prog} --help')\n")


def number(unit: str, *, low: float, high: float | None = None,
           low_open: bool = False) -> Callable[[str], float]:
    """An argparse ``type`` reading a finite float in ``[low, high]`` (``(low, high]`` when
    ``low_open``); ``unit`` names the unit in the error message (``km``, ``min``, ...)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number of {unit}, got {echo(text)}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(
                f"expected a finite number of {unit}, got {echo(text)}")
        too_low = value <= low if low_open else value < low
        if too_low or (high is not None and value > high):
            lo = f"> {low:g}" if low_open else f">= {low:g}"
            hi = f" and <= {high:,g}" if high is not None else ""
            raise argparse.ArgumentTypeError(f"must be {lo}{hi} {unit}, got {echo(text)}")
        return value

    parse.__name__ = f"number of {unit}"
    return parse


#: A ground distance, km: a range or a ring radius.
distance_km = number("km", low=MIN_KM, high=MAX_GROUND_KM)
#: An altitude above the surface that must be positive (an apogee), km.
altitude_km = number("km", low=MIN_KM, high=MAX_ALTITUDE_KM)
#: An altitude that may be zero (burnout at the surface), km.
height_km = number("km", low=0.0, high=MAX_ALTITUDE_KM)
#: A duration, minutes.
minutes = number("min", low=0.0, low_open=True)
#: An angle, degrees (latitude ranges are checked by the function that takes them).
degrees = number("degrees", low=-math.inf)


def flight_range(text: str):
    """An argparse ``type`` reading a flight's reported range (``1000``, ``'900-1100 km'``,
    ``'over 250 km'``) as a :class:`geo.statements.numbers.Distance`."""
    from geo.errors import LaunchmapError
    from geo.statements.numbers import flight_range as read

    try:
        return read(text)
    except LaunchmapError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (got {echo(text)})") from None


def iso_day(text: str) -> str:
    """An argparse ``type`` reading a calendar date ``YYYY-MM-DD`` (returned as written)."""
    import datetime as dt

    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {echo(text)}") from None
    return text.strip()


def count(text: str) -> int:
    """An argparse ``type`` reading a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {echo(text)}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {echo(text)}")
    return value


def output_file(out: str | None, fmt: str | None, formats: Sequence[str], *,
                stem: str) -> tuple[Path, str]:
    """The output path and its format from ``--out`` and ``--format``.

    The format is ``--format`` when given, else ``--out``'s suffix, else ``formats[0]``.
    An :class:`~geo.errors.InvalidOptionError` when ``--format`` contradicts a suffix that
    names another of ``formats`` (``--out x.png --format svg``), or when the suffix names
    none of them and no ``--format`` says what to write (``--out x.pdf``). Without ``--out``
    the file is ``STEM.FORMAT`` in the working folder.
    """
    from geo.errors import InvalidOptionError

    if out is None:
        fmt = fmt or formats[0]
        return Path(f"{stem}.{fmt}"), fmt
    path = Path(out)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in formats:
        if fmt and fmt != suffix:
            raise InvalidOptionError(
                f"--format {fmt} contradicts --out {echo(out)} (a .{suffix} file)")
        return path, suffix
    if suffix and not fmt:
        raise InvalidOptionError(
            f"--out {echo(out)}: unknown suffix {echo(path.suffix)}; use "
            + ", ".join(f".{f}" for f in formats) + " or say which with --format")
    return path, fmt or formats[0]


def perspective(value: str | None) -> str | None:
    """Check ``--perspective`` against the views the shipped zone set records.

    Returns ``None`` (no option given), ``"administering"`` or the upper-cased ISO3 code of
    a recorded view; anything else is an :class:`~geo.errors.UnknownPerspectiveError`
    naming the recorded views and the closest one. Loads the zone set (cached).
    """
    if value is None:
        return None
    import geo
    from geo._tables import suggestion
    from geo.errors import UnknownPerspectiveError

    known = geo.load_zones().perspectives
    for p in known:
        if value.strip().upper() == p.upper():
            return p
    raise UnknownPerspectiveError(
        f"unknown perspective {echo(value)}; the zone set records: {', '.join(known)}"
        + suggestion(value.strip(), known, n=1, cutoff=0.5))
