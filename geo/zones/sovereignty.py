"""Reading ``sovereignty.csv``: who owns each disputed feature under each perspective.

A leaf module (it imports only the table reader), so that the zone model, the loaders
and the land model can all read the table without importing one another.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geo._paths import data_dir
from geo.errors import DataValidationError
from geo.zones.schema import SOVEREIGNTY_FILE

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def read_sovereignty(path: Path | str | None = None) -> pd.DataFrame:
    """Read ``sovereignty.csv`` (label, name, perspective, owner, name_used, source).

    Every column of the file is kept as text. Raises :class:`DataValidationError` naming
    every bad row (a missing column, an empty label or perspective, an owner that is not
    an ISO3 code); the rules across rows are checked by :class:`ZoneSet`.
    """
    import pandas as pd

    from geo._tables import Column, iso3, read_table

    path = Path(path) if path is not None else data_dir() / SOVEREIGNTY_FILE
    columns = (Column("label"), Column("perspective"), Column("owner", iso3),
               *(Column(c, required=False, blank=True) for c in ("name", "name_used", "source")))
    rows, errors = read_table(path, columns, what="sovereignty", allow_empty=True)
    if errors:
        raise DataValidationError(errors)
    header = list(rows[0].text) if rows else [c.name for c in columns]
    return pd.DataFrame([r.text for r in rows], columns=header, dtype=str)
