"""Reading the small hand-curated CSV tables of ``data/`` with an exact header.

Shared by the tables whose columns are fixed (``agreed_boundaries.csv``,
``coast_corrections.csv``): a missing file, a wrong header and empty fields are reported
the same way everywhere, naming the file, row and column.
"""

from __future__ import annotations

import csv
from pathlib import Path

from geo.errors import DataValidationError, RowError


def read_exact_csv(path: Path, columns: tuple[str, ...], what: str) -> list[dict[str, str]]:
    """Rows of the UTF-8 CSV ``path`` whose header must be exactly ``columns``.

    Raises ``FileNotFoundError`` (naming ``what``) if the file is missing and
    :class:`DataValidationError` if the header differs.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: {what} table is missing")
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise DataValidationError([RowError(path.name, 0, "header",
                                                f"expected columns {','.join(columns)}")])
        return list(reader)


def empty_fields(file: str, n: int, row: dict[str, str], columns: tuple[str, ...]
                 ) -> list[RowError]:
    """One :class:`RowError` per column of ``row`` (data row ``n``) that is empty."""
    return [RowError(file, n, col, "empty") for col in columns
            if not (row.get(col) or "").strip()]
