"""The computed zone of many points under every perspective (for map popups and reports).

One vectorised :func:`geo.classify` call finds, for every point, the innermost zone (or
land) and its label; which zone that is does not depend on the perspective, only who owns
its label does, so the owner under each view comes from the zone set's owner table
(:meth:`ZoneSet.owner_map`) without classifying the points again.
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
    ``kind``/``label``/``status`` are those of :func:`geo.classify` (``kind`` ``None`` on
    the high seas); ``state`` is the label's owner under that view."""
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
    res = geo.classify(lon=lon[ok], lat=lat[ok], perspective=views[0], source=zoneset,
                       errors="mark")
    source = res.attrs.get("source", "")
    owners = {v: zoneset.owner_map(v) for v in views}
    for eid, kind, label, status in zip(ids, res["kind"], res["label"], res["status"],
                                        strict=True):
        for v in views:
            state = None if label is None else owners[v].get(str(label), str(label))
            out[eid].append({"perspective": v, "kind": kind, "state": state,
                             "status": status, "label": label, "source": source})
    return out
