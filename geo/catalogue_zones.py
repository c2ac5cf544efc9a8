"""The zone each event's authority reported against the zone computed at its impact.

``reported_zone`` (``inside:JPN:eez``, ``outside:KOR:territorial_sea``, ``land:UKR``) is
the authority's verdict; :func:`zone_checks` asks :func:`geo.where` for the same zone,
under the reporting state's own perspective, and says whether they agree. Where they do
not, ``zone_explanation`` (a column of ``events.csv``) records why the authority's words
and its verdict cannot both hold at one point of the computed zones.

Two kinds of row are checked, and the ``basis`` column says which:

``point``
    a row with an impact point: ``p`` is the probability that the impact (a Gaussian of
    ``impact_sigma_km`` around the point, WGS84) lies in the zone, and ``computed`` is
    decided by ``p >= threshold``.
``derived shape``
    a row without a stated fall point whose impact shape launchmap derived from the launch
    site, the range and the stated direction (``impact_shape``,
    :mod:`geo.catalogue_derived`). No point verdict is made for it: ``p`` is the share of
    the shape's samples in the zone, and ``computed`` is ``inside`` only when every
    sample is inside, ``outside`` only when none is, and ``undetermined`` (``agree``
    missing, ``pd.NA``) when the shape meets both sides: the statement alone does not
    decide the zone.

For both, ``zones`` lists every zone the position's samples fall in under that view, with
the share of samples in each (:func:`zone_shares`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from geo.zones.where import WhereAnswer

#: Columns of :func:`zone_checks`, in order.
CHECK_COLUMNS = ("id", "reported_zone", "relation", "state", "kind", "p", "computed",
                 "agree", "zone_explanation", "basis", "zones")
#: ``basis`` of a row checked at its impact point, and of one checked over its derived shape.
POINT_BASIS = "point"
SHAPE_BASIS = "derived shape"
#: ``computed`` of a derived shape that lies partly in the zone and partly outside it.
UNDETERMINED = "undetermined"


def parse_zone(zone: str) -> tuple[str, str, str]:
    """``"inside:JPN:eez"`` -> ``("inside", "JPN", "eez")``; ``"land:UKR"`` ->
    ``("land", "UKR", "land")``. Raises ValueError for anything else."""
    parts = zone.split(":")
    if len(parts) == 2 and parts[0] == "land":
        return "land", parts[1], "land"
    if len(parts) == 3 and parts[0] in ("inside", "outside"):
        return parts[0], parts[1], parts[2]
    raise ValueError(f"{zone!r} is not inside|outside:<ISO3>:<kind> or land:<ISO3>")


def zone_shares(ans: WhereAnswer) -> str:
    """The zones of one :func:`geo.where` answer with the share of samples in each, most
    first: ``"eez JPN 0.702; eez RUS 0.298"`` (``"land PRK 0.100"`` for land, ``"none"``
    when no zone and no land holds any sample). Shares overlap where zones nest (a
    territorial sea lies inside its state's 200 nm); they do not add up to 1."""
    parts = [(float(z.probability or 0.0), f"{z.kind} {z.state}") for z in ans.zones]
    if ans.land_probability:
        parts.append((float(ans.land_probability), f"land {ans.on_land or '?'}"))
    parts = [p for p in parts if p[0] > 0]
    parts.sort(key=lambda p: (-p[0], p[1]))
    return "; ".join(f"{name} {p:.3f}" for p, name in parts) or "none"


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def zone_checks(events: pd.DataFrame, *, threshold: float = 0.5,
                shapes: bool = True) -> pd.DataFrame:
    """One row per event with a ``reported_zone`` and an impact point or (with
    ``shapes``) a derived impact shape (see the module docstring): the reported
    ``relation`` (inside / outside / land), ``state`` and ``kind``; ``p``, the probability
    that the impact lies in that zone of that state under that state's perspective (for
    ``land``: on that state's land), over the Gaussian of ``impact_sigma_km`` (km) around
    the point or over the derived shape's samples; ``computed`` (``inside``/``outside``
    or ``land``/``sea``; for a point by ``p >= threshold``, for a shape only when all or
    none of it is in the zone, else :data:`UNDETERMINED`); ``agree`` (nullable boolean:
    missing when undetermined); the row's ``zone_explanation``; ``basis``
    (:data:`POINT_BASIS` or :data:`SHAPE_BASIS`) and ``zones`` (:func:`zone_shares`).
    Columns :data:`CHECK_COLUMNS`. A derived row whose shape cannot be built raises
    ValueError naming the row."""
    import pandas as pd

    from geo.zones.where import where

    recs = []
    for ev in events.to_dict("records"):
        zone = ev.get("reported_zone") or ""
        if not zone:
            continue
        lon, lat = ev.get("impact_lon"), ev.get("impact_lat")
        has_point = not (_missing(lon) or _missing(lat))
        has_shape = bool(ev.get("impact_shape")) and bool(ev.get("impact_direction"))
        if not has_point and not (shapes and has_shape):
            continue
        relation, state, kind = parse_zone(zone)
        # (coast distances are not needed here: coast_within_km=0 skips them)
        if has_point:
            basis = POINT_BASIS
            sigma = float(ev.get("impact_sigma_km") or 0.0)
            ans = where(float(lon), float(lat), perspective=state, sigma_km=sigma,
                        coast_within_km=0.0)
        else:
            from geo.catalogue_derived import event_shape

            basis = SHAPE_BASIS
            try:
                shape = event_shape(ev)
            except ValueError as exc:
                raise ValueError(f"event {ev.get('id')!r}: {exc}") from None
            ans = where(*shape.centre, perspective=state, shape=shape, coast_within_km=0.0)
        if kind == "land":
            land_p = float(ans.land_probability or 0.0)
            p = land_p if ans.on_land == state else 0.0
            if basis == POINT_BASIS:
                computed = "land" if p >= threshold else "sea"
            else:  # (the shipped shapes are sea only: no sample on any land)
                computed = "sea" if land_p <= 0.0 else "land" if p >= 1.0 else UNDETERMINED
        else:
            p = float(sum(z.probability or 0.0 for z in ans.zones
                          if z.kind == kind and z.state == state))
            if basis == POINT_BASIS:
                computed = "inside" if p >= threshold else "outside"
            else:
                computed = "inside" if p >= 1.0 else "outside" if p <= 0.0 else UNDETERMINED
        agree = pd.NA if computed == UNDETERMINED else computed == relation
        recs.append({"id": ev["id"], "reported_zone": zone, "relation": relation,
                     "state": state, "kind": kind, "p": round(p, 3), "computed": computed,
                     "agree": agree, "zone_explanation": ev.get("zone_explanation") or "",
                     "basis": basis, "zones": zone_shares(ans)})
    out = pd.DataFrame(recs, columns=list(CHECK_COLUMNS))
    out["agree"] = out["agree"].astype("boolean")
    return out
