"""The computed zone of many points under every perspective (for map popups and reports).

One vectorised :func:`geo.classify` call per perspective gives, for every point, the zone
(or land) that decides its answer under that view, with the same kind, state and status
as :func:`geo.where` (see :mod:`geo.zones.classify`). Each view is classified on its own:
which row decides can depend on the perspective (rows that apply only under some views,
and the order of the states, which is by the owner under the view), so the label picked
under one view is not reused for another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from geo.zones import ZoneSet


def event_verdicts(events: pd.DataFrame, zoneset: ZoneSet,
                   perspectives: tuple[str, ...] | None = None) -> dict[str, list[dict[str, Any]]]:
    """``{event id: [{perspective, kind, state, status, label, source}, ...]}`` for every
    event with an impact point (``impact_lon``/``impact_lat``, WGS84 degrees), one entry
    per perspective (default: every view the zone set records), the first view first.
    ``kind``/``state``/``label``/``status`` are those of :func:`geo.classify` under that
    view (``kind`` ``None`` on the high seas)."""
    import numpy as np

    import geo

    views = perspectives or zoneset.perspectives
    lon = np.asarray(events["impact_lon"], dtype=float)
    lat = np.asarray(events["impact_lat"], dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    ids = [str(i) for i, k in zip(events["id"], ok, strict=True) if k]
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    for v in views:
        res = geo.classify(lon=lon[ok], lat=lat[ok], perspective=v, source=zoneset,
                           errors="mark")
        source = res.attrs.get("source", "")
        persp = res.attrs.get("perspective", v)
        cols = [res[c].astype(object).where(res[c].notna(), None)  # categorical -> None
                for c in ("kind", "state", "label", "status")]
        for eid, kind, state, label, status in zip(ids, *cols, strict=True):
            out[eid].append({"perspective": persp, "kind": kind, "state": state,
                             "status": status, "label": label, "source": source})
    return out
