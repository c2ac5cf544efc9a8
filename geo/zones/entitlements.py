"""Reading ``entitlements.csv``: what a feature is entitled to, per perspective.

UNCLOS art. 121: an *island* has a territorial sea, a contiguous zone, an exclusive
economic zone and a continental shelf like other land; a *rock* that cannot sustain human
habitation or economic life of its own (art. 121(3)) has a territorial sea and a
contiguous zone only, no EEZ and no continental shelf. States disagree on which features
are rocks (Okinotorishima, Scarborough Shoal), so the entitlement, like the owner, is
part of a perspective.

The table (``label,perspective,entitlement,source``) lists only the views that are
recorded; :func:`entitlement_of` answers ``island`` for a label with no row, and a
perspective with no row of its own falls back to the label's ``administering`` row.

A leaf module like :mod:`geo.zones.sovereignty` (it imports only the table readers).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geo._paths import data_dir
from geo.errors import DataValidationError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The table's file name in the data folder.
ENTITLEMENTS_FILE = "entitlements.csv"
#: What a feature may be entitled to (UNCLOS art. 121(2) island, art. 121(3) rock).
ENTITLEMENTS = ("island", "rock")
#: The answer for a label or perspective the table does not record.
DEFAULT_ENTITLEMENT = "island"
#: The perspective every other view falls back to.
ADMINISTERING = "administering"

COLUMNS = ("label", "perspective", "entitlement", "source")


def read_entitlements(path: Path | str | None = None,
                      labels: set[str] | None = None) -> pd.DataFrame:
    """Read ``entitlements.csv`` strictly: a DataFrame with :data:`COLUMNS` as text.

    Rules (every bad row is reported, in one :class:`DataValidationError`): each
    ``label`` is a label of ``sovereignty.csv`` (``labels``: the allowed labels, default
    those of the shipped table); ``perspective`` is ``administering`` or an ISO 3166-1
    alpha-3 code; ``entitlement`` is one of :data:`ENTITLEMENTS`; ``source`` is not
    empty; a (label, perspective) pair appears once; no other columns.
    """
    import pandas as pd

    from geo._tables import ISO3_RE, Column, choice, read_table, suggestion

    path = Path(path) if path is not None else data_dir() / ENTITLEMENTS_FILE
    if labels is None:
        from geo.zones.sovereignty import read_sovereignty

        labels = set(read_sovereignty()["label"])
    allowed = sorted(labels)

    def label(value: str) -> str:
        if value not in labels:
            raise ValueError(f"{value!r} is not a label of sovereignty.csv"
                             + suggestion(value, allowed))
        return value

    def perspective(value: str) -> str:
        if value == ADMINISTERING or ISO3_RE.fullmatch(value):
            return value
        raise ValueError(f"{value!r} is neither {ADMINISTERING!r} nor an ISO 3166-1 "
                         "alpha-3 code")

    def unique_pairs(rows):
        seen: dict[tuple[str, str], int] = {}
        for r in rows:
            key = (r.text["label"], r.text["perspective"])
            if key in seen:
                yield (r.n, "perspective", f"{key[0]!r} under {key[1]!r} already listed in "
                                           f"row {seen[key]}")
            else:
                seen[key] = r.n

    columns = (Column("label", label), Column("perspective", perspective),
               Column("entitlement", choice(ENTITLEMENTS)), Column("source"))
    rows, errors = read_table(path, columns, what="entitlements", extra_columns=False,
                              allow_empty=True, table_checks=(unique_pairs,))
    if errors:
        raise DataValidationError(errors)
    return pd.DataFrame([[r.text[c] for c in COLUMNS] for r in rows],
                        columns=list(COLUMNS), dtype=str)


def entitlement_of(table: pd.DataFrame, label: str, perspective: str) -> str:
    """``island`` or ``rock``: what ``label`` is entitled to under ``perspective``.

    The row of (label, perspective) if the table has one, else the label's
    ``administering`` row, else :data:`DEFAULT_ENTITLEMENT` (``island``: every feature
    not listed generates every zone). ``perspective`` is ``administering`` or an ISO3
    code as in ``sovereignty.csv``; ``None`` means ``administering``.
    """
    persp = ADMINISTERING if perspective is None else str(perspective).strip()
    if persp.lower() == ADMINISTERING:
        persp = ADMINISTERING
    else:
        persp = persp.upper()
    rows = table[table["label"] == str(label)]
    if rows.empty:
        return DEFAULT_ENTITLEMENT
    by = dict(zip(rows["perspective"], rows["entitlement"], strict=True))
    return str(by.get(persp, by.get(ADMINISTERING, DEFAULT_ENTITLEMENT)))
