"""The zone each event's authority reported against the zone computed at its impact.

``reported_zone`` (``inside:JPN:eez``, ``outside:KOR:territorial_sea``, ``land:UKR``) is
the authority's verdict; :func:`zone_checks` asks :func:`geo.where` for the same zone at
the catalogue's impact point, under the reporting state's own perspective and with the
impact's uncertainty (``impact_sigma_km``), and says whether they agree. Where they do
not, ``zone_explanation`` (a column of ``events.csv``) records why the authority's words
and its verdict cannot both hold at one point of the computed zones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Columns of :func:`zone_checks`, in order.
CHECK_COLUMNS = ("id", "reported_zone", "relation", "state", "kind", "p", "computed",
                 "agree", "zone_explanation")


def parse_zone(zone: str) -> tuple[str, str, str]:
    """``"inside:JPN:eez"`` -> ``("inside", "JPN", "eez")``; ``"land:UKR"`` ->
    ``("land", "UKR", "land")``. Raises ValueError for anything else."""
    parts = zone.split(":")
    if len(parts) == 2 and parts[0] == "land":
        return "land", parts[1], "land"
    if len(parts) == 3 and parts[0] in ("inside", "outside"):
        return parts[0], parts[1], parts[2]
    raise ValueError(f"{zone!r} is not inside|outside:<ISO3>:<kind> or land:<ISO3>")


def zone_checks(events: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """One row per event with a ``reported_zone`` and an impact point: the reported
    ``relation`` (inside / outside / land), ``state`` and ``kind``; ``p``, the probability
    that the impact (a Gaussian of ``impact_sigma_km``, WGS84) lies in that zone of that
    state under that state's perspective (for ``land``: on that state's land); ``computed``
    (``inside``/``outside`` or ``land``/``sea``, by ``p >= threshold``); ``agree``; and the
    row's ``zone_explanation``. Columns :data:`CHECK_COLUMNS`."""
    import math

    import pandas as pd

    from geo.zones.where import where

    recs = []
    for ev in events.to_dict("records"):
        zone = ev.get("reported_zone") or ""
        lon, lat = ev.get("impact_lon"), ev.get("impact_lat")
        if not zone or lon is None or lat is None or math.isnan(lon) or math.isnan(lat):
            continue
        relation, state, kind = parse_zone(zone)
        sigma = float(ev.get("impact_sigma_km") or 0.0)
        ans = where(float(lon), float(lat), perspective=state, sigma_km=sigma)
        if kind == "land":
            p = float(ans.land_probability or 0.0) if ans.on_land == state else 0.0
            computed = "land" if p >= threshold else "sea"
        else:
            p = float(sum(z.probability or 0.0 for z in ans.zones
                          if z.kind == kind and z.state == state))
            computed = "inside" if p >= threshold else "outside"
        recs.append({"id": ev["id"], "reported_zone": zone, "relation": relation,
                     "state": state, "kind": kind, "p": round(p, 3), "computed": computed,
                     "agree": computed == relation,
                     "zone_explanation": ev.get("zone_explanation") or ""})
    return pd.DataFrame(recs, columns=list(CHECK_COLUMNS))
