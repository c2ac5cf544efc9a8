"""One declarative reader for every CSV table: the ``data/*.csv`` tables and user CSVs.

A table is declared as a tuple of :class:`Column` (name, whether the header must have it,
whether a field may be empty, a parser and a default) plus optional checks; the reader
returns the good rows and one :class:`~geo.errors.RowError` per problem, so that a batch
loader can report every rejected row and never drop one silently::

    rows, errors = read_table(path, (Column("id", pattern(ID_RE, "a snake_case id")),
                                     Column("lat", number(-90, 90))), id_column="id")

What the reader handles the same way for every table:

* encodings: UTF-8 with or without a byte-order mark by default, any Python codec by name
  (``encoding="shift_jis"``, ``"cp1252"``); a file that does not decode is one
  :class:`~geo.errors.DataValidationError` naming the file, the byte offset and the
  encoding tried;
* CRLF, LF or CR line ends; blank lines are skipped;
* a zero-byte file, a header without data rows (unless ``allow_empty``), a header that
  lacks a required column (named, with "did you mean") or repeats one: one clear error;
* a field longer than the csv module's limit, a row with too few or too many fields, an
  empty required field, a value the column's parser refuses, a repeated id: a row error,
  and the other rows still load.

Parsers are plain callables ``text -> value`` that raise ``ValueError(reason)``; the
reason becomes the row error's text.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import errno
import io
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import DataValidationError, InvalidOptionError, RowError

Parser = Callable[[str], Any]
#: A per-row check: given a parsed row, yields ``(field, reason)`` for every problem.
Check = Callable[["Row"], Iterable[tuple[str, str]]]
#: A check across rows: given every row of the right width (good or not, see
#: :attr:`Row.ok`), yields ``(row number, field, reason)``; row 0 is the whole table.
TableCheck = Callable[[list["Row"]], Iterable[tuple[int, str, str]]]

_MISSING = object()


# ---------------------------------------------------------------------- did you mean
def did_you_mean(value: str, choices: Iterable[str], *, n: int = 3,
                 cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` of ``choices`` closest to ``value`` (case-insensitive, difflib ratio
    at least ``cutoff``), closest first; spelled as in ``choices``."""
    by_key: dict[str, str] = {}
    for c in choices:
        by_key.setdefault(str(c).strip().casefold(), str(c))
    keys = difflib.get_close_matches(str(value).strip().casefold(), list(by_key), n=n,
                                     cutoff=cutoff)
    return [by_key[k] for k in keys]


def suggestion(value: str, choices: Iterable[str], **kw: Any) -> str:
    """``"; did you mean 'a', 'b'?"`` for the closest of ``choices``, or ``""``."""
    close = did_you_mean(value, choices, **kw)
    return "; did you mean " + ", ".join(map(repr, close)) + "?" if close else ""


# ---------------------------------------------------------------------- parsers
def text(value: str) -> str:
    """The field as written (already stripped of surrounding blanks)."""
    return value


def _fmt(x: float) -> str:
    return f"{x:g}"


def number(lo: float = -math.inf, hi: float = math.inf, *,
           above: bool = False) -> Parser:
    """A finite float in ``[lo, hi]`` (``(lo, hi]`` with ``above=True``)."""
    def parse(value: str) -> float:
        try:
            v = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not math.isfinite(v):
            raise ValueError(f"{value!r} is not a finite number")
        if (v <= lo if above else v < lo) or v > hi:
            left = "(" if above else "["
            raise ValueError(f"{_fmt(v)} is outside {left}{_fmt(lo)}, {_fmt(hi)}]")
        return v
    return parse


def integer(lo: int | None = None, hi: int | None = None) -> Parser:
    """A whole number (digits, optional sign) in ``[lo, hi]``."""
    def parse(value: str) -> int:
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise ValueError(f"{value!r} is not a whole number"
                             + (f" >= {lo}" if lo is not None else ""))
        v = int(value)
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            raise ValueError(f"{v} is outside [{'' if lo is None else lo}, "
                             f"{'' if hi is None else hi}]")
        return v
    return parse


def iso_date(lo: dt.date | None = None,
             hi: dt.date | Callable[[], dt.date] | None = None) -> Parser:
    """An ISO 8601 calendar date ``YYYY-MM-DD`` in ``[lo, hi]`` (``hi`` may be a callable
    such as ``datetime.date.today``, evaluated per file)."""
    def parse(value: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
        top = hi() if callable(hi) else hi
        if (lo is not None and day < lo) or (top is not None and day > top):
            raise ValueError(f"{day} is outside {lo or ''}..{top or ''}")
        return day
    return parse


def pattern(regex: str | re.Pattern[str], what: str) -> Parser:
    """The field itself if it matches ``regex`` entirely; ``what`` describes the form."""
    rx = re.compile(regex)

    def parse(value: str) -> str:
        if not rx.fullmatch(value):
            raise ValueError(f"{value!r} is not {what}")
        return value
    return parse


ISO3_RE = re.compile(r"[A-Z]{3}")
iso3 = pattern(ISO3_RE, "an ISO 3166-1 alpha-3 code")


def choice(values: Collection[str]) -> Parser:
    """One of ``values`` (exact spelling), with a "did you mean" for a near miss."""
    allowed = tuple(values)

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}"
                             + suggestion(value, allowed))
        return value
    return parse


def listed(item: Parser = text, sep: str = "|") -> Parser:
    """A ``sep``-joined list (empty items dropped), each item read by ``item``; a tuple."""
    def parse(value: str) -> tuple:
        return tuple(item(p.strip()) for p in value.split(sep) if p.strip())
    return parse


# ---------------------------------------------------------------------- columns and rows
@dataclass(frozen=True)
class Column:
    """One declared column of a table.

    ``required``: the header must have it (else the file is refused); an optional column
    missing from the header reads as ``default`` in every row. ``blank``: the field may
    be empty, and then reads as ``default`` without calling ``parse``.
    """

    name: str
    parse: Parser = text
    required: bool = True
    blank: bool = False
    default: Any = ""


class Row(dict):
    """One data row: parsed values by column name (a dict), plus ``n`` (1-based data
    row), ``text`` (the stripped fields as written, every header column, in header
    order, declared columns missing from the header as ``""``) and ``ok`` (no problem
    found)."""

    __slots__ = ("n", "text", "ok")

    def __init__(self, n: int, text: dict[str, str]) -> None:
        super().__init__()
        self.n = n
        self.text = text
        self.ok = True


# ---------------------------------------------------------------------- reading
def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    enc = encoding or "utf-8-sig"
    try:
        "".encode(enc)
    except LookupError:
        raise InvalidOptionError(f"encoding {encoding!r} is not a known text encoding "
                                 "(e.g. utf-8, shift_jis, cp1252)") from None
    try:
        out = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.end].hex(" ")
        hint = ("" if encoding else
                "; give the file's encoding (encoding=..., --encoding on the command line, "
                "e.g. shift_jis or cp1252)")
        raise DataValidationError([RowError(
            str(path), 0, "encoding",
            f"cannot decode byte(s) {bad} at byte offset {exc.start} (line {line}) as "
            f"{encoding or 'UTF-8'}{hint}")]) from None
    return out[1:] if out.startswith("\ufeff") else out


class _Lines:
    """Physical lines of a text (line ends kept), remembering those taken since
    :meth:`mark` so that a record the csv module refused can be skipped whole."""

    def __init__(self, content: str) -> None:
        self._it = iter(io.StringIO(content, newline=""))
        self.taken: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.taken.append(line)
        return line

    def mark(self) -> None:
        self.taken.clear()

    def skip_open_quote(self) -> None:
        """After a refused record, skip the lines of a quoted field left open."""
        quotes = sum(line.count('"') for line in self.taken)
        while quotes % 2:
            try:
                quotes += next(self).count('"')
            except StopIteration:
                return


def _records(content: str) -> Iterator[tuple[list[str] | None, str]]:
    """``(fields, "")`` per non-blank record, or ``(None, reason)`` for one the csv
    module refused (a field over its size limit)."""
    lines = _Lines(content)
    reader = csv.reader(lines)
    while True:
        lines.mark()
        try:
            rec = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lines.skip_open_quote()
            reason = str(exc)
            if "field limit" in reason:
                reason = (f"a field is longer than the csv limit of "
                          f"{csv.field_size_limit()} characters")
            yield None, reason
            continue
        if rec:
            yield rec, ""


def _header_errors(file: str, header: list[str], columns: Sequence[Column],
                   extra_columns: bool) -> list[RowError]:
    names = [c.name for c in columns]
    errors = []
    seen: set[str] = set()
    for h in header:
        if h in seen:
            errors.append(RowError(file, 0, h or "header", "column appears twice in the header"))
        seen.add(h)
    unknown = [h for h in header if h not in names]
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        hints = [f"{m!r} (did you mean {', '.join(map(repr, close))}?)" if
                 (close := did_you_mean(m, unknown, n=1)) else repr(m) for m in missing]
        errors.append(RowError(file, 0, ",".join(missing),
                               f"missing column(s) {', '.join(hints)}; expected columns "
                               f"{','.join(names)}"))
    if unknown and not extra_columns:
        hints = [f"{u!r}" + suggestion(u, names) for u in unknown]
        errors.append(RowError(file, 0, "header",
                               f"unknown column(s) {', '.join(hints)}; expected columns "
                               f"{','.join(names)}"))
    return errors


def read_table(path: str | Path, columns: Sequence[Column], checks: Sequence[Check] = (),
               *, encoding: str | None = None, id_column: str | None = None,
               what: str = "table", table_checks: Sequence[TableCheck] = (),
               extra_columns: bool = True, allow_empty: bool = False
               ) -> tuple[list[Row], list[RowError]]:
    """Read the CSV ``path`` declared by ``columns``: ``(good rows, row errors)``.

    Every data row with a problem is left out of the good rows and named by at least one
    :class:`RowError` (file, 1-based data row, field, reason); the others are returned as
    :class:`Row` in file order. A row's fields are stripped, checked against their
    :class:`Column` (empty, parser), then, if they all pass, by each of ``checks``;
    ``id_column`` rejects a repeated value of that column; ``table_checks`` then look
    across rows. ``encoding``: ``None`` for UTF-8 with or without BOM, else a Python
    codec name. ``extra_columns=False`` refuses header columns not declared. ``what``
    names the table in the missing-file message.

    Raises ``FileNotFoundError`` if the file is missing, :class:`InvalidOptionError` for
    an unknown encoding and :class:`DataValidationError` (one error naming the file) for
    a file that does not decode, is empty, has a bad header or (unless ``allow_empty``)
    has no data rows.
    """
    path = Path(path)
    file = str(path)
    if not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(f"{path}: is a folder, not a {what} CSV file")
        raise FileNotFoundError(errno.ENOENT, f"No such file: the {what} CSV is missing", file)
    data = path.read_bytes()
    if not data.strip():
        raise DataValidationError([RowError(file, 0, "header", (
            "the file is empty" if not data else "the file holds only blank space")
            + f"; expected a header line with the columns {','.join(c.name for c in columns)}")])
    records = _records(_decode(path, data, encoding))
    first, reason = next(records, (None, "no header line"))
    if first is None:
        raise DataValidationError([RowError(file, 0, "header", f"cannot read the header: {reason}")])
    header = [h.strip() for h in first]
    bad_header = _header_errors(file, header, columns, extra_columns)
    if bad_header:
        raise DataValidationError(bad_header)

    errors: list[RowError] = []
    rows: list[Row] = []
    first_row_of: dict[str, int] = {}
    n = 0
    for n, (fields, reason) in enumerate(records, start=1):
        if fields is None:
            errors.append(RowError(file, n, "*", reason))
            continue
        if len(fields) != len(header):
            errors.append(RowError(file, n, "*", f"{len(fields)} fields, expected "
                                                 f"{len(header)} ({','.join(header)})"))
            continue
        texts = {h: f.strip() for h, f in zip(header, fields, strict=True)}
        for c in columns:
            texts.setdefault(c.name, "")
        row = Row(n, texts)
        problems: list[tuple[str, str]] = []
        for c in columns:
            value = texts[c.name]
            if not value:
                if c.blank or (not c.required and c.name not in header):
                    row[c.name] = c.default
                else:
                    problems.append((c.name, "empty"))
                continue
            try:
                row[c.name] = c.parse(value)
            except ValueError as exc:
                problems.append((c.name, str(exc)))
        if not problems:  # the checks see only rows whose every field parsed
            for check in checks:
                problems.extend(check(row))
        if id_column is not None and (key := texts.get(id_column, "")):
            if key in first_row_of:
                problems.append((id_column, f"{key!r} already listed in row "
                                            f"{first_row_of[key]}: each {id_column} must be "
                                            "unique"))
            else:
                first_row_of[key] = n
        errors.extend(RowError(file, n, f, r) for f, r in problems)
        row.ok = not problems
        rows.append(row)
    if n == 0 and not allow_empty:
        raise DataValidationError([RowError(file, 0, "*", "the file has a header but no "
                                                          "data rows")])
    rejected: set[int] = set()
    for table_check in table_checks:
        for rn, f, r in table_check(rows):
            errors.append(RowError(file, rn, f, r))
            rejected.add(rn)
    return [r for r in rows if r.ok and r.n not in rejected], errors



def resolve_rows(path: str | Path, rows: Iterable[Row], errors: list[RowError],
                 resolve: Callable[[Row], tuple[Any, Iterable[tuple[str, str]]]], *,
                 strict: bool = False) -> tuple[list[Any], list[RowError]]:
    """Resolve every good row of a table: ``(resolved, errors)``.

    ``resolve(row)`` returns ``(value, problems)``: the row's resolved value (None when
    it is rejected) and ``(field, reason)`` for each problem. Every problem becomes a
    :class:`~geo.errors.RowError` of ``path`` added to ``errors`` (those of
    :func:`read_table`); the errors come back sorted by row, and with ``strict=True`` any
    error raises :class:`~geo.errors.DataValidationError` with all of them."""
    file = str(path)
    errors = list(errors)
    good: list[Any] = []
    for row in rows:
        value, problems = resolve(row)
        errors.extend(RowError(file, row.n, f, why) for f, why in problems)
        if value is not None:
            good.append(value)
    errors.sort(key=lambda e: e.row)
    if strict and errors:
        raise DataValidationError(errors)
    return good, errors
