"""Disputed waters as named geometries, derived from the perspectives.

A zone row is disputed when the perspectives of the sovereignty table disagree on who
owns the feature it is measured from (``ZoneSet.is_disputed``): nothing is drawn by hand.
Because a label's median-line region does not depend on who owns it, the water whose
owner changes between perspectives is exactly the union of those rows. Each row comes
with its claimants, every recorded view and the name each claimant uses for the feature
(``sovereignty.csv`` column ``name_used``).

All geometries are WGS84 lon/lat (EPSG:4326).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.zones.schema import DEFAULT_PERSPECTIVE, ZONE_KINDS

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones.zoneset import ZoneSet


def names_used(zs: ZoneSet, label: str) -> dict[str, str]:
    """``{state: name}``: what each claimant calls the feature ``label`` (from the
    sovereignty table's ``name_used``; empty when the table has no such column)."""
    sov = zs.sovereignty
    if "name_used" not in sov.columns:
        return {}
    rows = sov[sov["label"].astype(str) == str(label)]
    out: dict[str, str] = {}
    for owner, name in rows[["owner", "name_used"]].astype(str).itertuples(index=False):
        if name.strip():
            out.setdefault(owner, name)
    return dict(sorted(out.items()))


def disputed_waters(source: ZoneSet | str | None = None,
                    kinds: tuple[str, ...] = ZONE_KINDS) -> gpd.GeoDataFrame:
    """Every disputed zone row as a named geometry (GeoDataFrame, EPSG:4326).

    Columns: ``label``, ``kind`` (of ``kinds``), ``name`` (the neutral name of the
    sovereignty table), ``claimants`` (sorted ISO3 list), ``views`` (``{perspective:
    owner}``), ``names_used`` (``{state: name}``), ``area_km2`` (geodesic), ``status``
    (the table's ``status`` text of the label: what is disputed, the 2016 award's findings
    for the Spratly features, "settled" for Hans Island), ``coverage`` and geometry.

    Every dispute of the sovereignty table is listed (:func:`recorded_disputes`): one
    whose waters the shipped zones do not hold (Crimea, the Falklands, ...) is one row
    with ``kind`` and geometry ``None``, ``area_km2`` NaN and a ``coverage`` that says
    "no zones shipped: outside the zones shipped with launchmap (...)". ``source`` is a
    zone set or anything :func:`geo.zones.load_zones` accepts.
    Raises ``ValueError`` for an unknown kind.
    """
    import geopandas as gpd

    from geo.geodesy import GEOD
    from geo.zones.load import load_zones

    bad = [k for k in kinds if k not in ZONE_KINDS]
    if bad:
        raise ValueError(f"unknown zone kind(s) {bad}; expected some of {ZONE_KINDS}")
    # the waters as the administering state draws them; a zone whose existence some views
    # deny (a rock's EEZ) is disputed too, by those views
    zs = load_zones(source).for_perspective(DEFAULT_PERSPECTIVE)
    neutral = {}
    if "name" in zs.sovereignty.columns:
        neutral = dict(zip(zs.sovereignty["label"].astype(str),
                           zs.sovereignty["name"].astype(str), strict=True))
    rows = []
    for i, (label, kind, geom) in enumerate(zip(zs.zones["label"].astype(str),
                                                zs.zones["kind"].astype(str),
                                                zs.zones.geometry, strict=True)):
        claimants = zs.row_claimants(i)  # the label's claimants and the views denying it
        if kind not in kinds or len(claimants) < 2 or geom is None or geom.is_empty:
            continue
        rows.append({"label": label, "kind": kind, "name": neutral.get(label, label),
                     "claimants": claimants, "views": zs.views(label),
                     "names_used": names_used(zs, label),
                     "area_km2": round(abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6, 1),
                     "geometry": geom})
    status = label_statuses(zs)
    for row in rows:
        row["status"] = status.get(row["label"]) or "disputed: the perspectives disagree on the owner"
        row["coverage"] = zs.coverage_name
    # disputes the table records whose waters the shipped zones do not hold: listed, with
    # no geometry, saying so
    shipped = {r["label"] for r in rows} | set(zs.zones["label"].astype(str))
    outside = f"no zones shipped: outside the zones shipped with launchmap ({zs.coverage_name})"
    for label in recorded_disputes(zs):
        if label in shipped:
            continue
        rows.append({"label": label, "kind": None, "name": neutral.get(label, label),
                     "claimants": zs.claimants(label), "views": zs.views(label),
                     "names_used": names_used(zs, label), "area_km2": float("nan"),
                     "geometry": None, "status": status.get(label) or "disputed",
                     "coverage": outside})
    cols = ["label", "kind", "name", "claimants", "views", "names_used", "area_km2", "status",
            "coverage", "geometry"]
    return gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")


def label_statuses(zs: ZoneSet) -> dict[str, str]:
    """``{label: status}`` from the sovereignty table's optional ``status`` column (the
    ``administering`` row's text first, else the label's first non-empty one)."""
    sov = zs.sovereignty
    if "status" not in sov.columns:
        return {}
    out: dict[str, str] = {}
    order = sov.assign(_admin=sov["perspective"].astype(str) != DEFAULT_PERSPECTIVE)
    for label, text in order.sort_values("_admin", kind="stable")[["label", "status"]] \
            .astype(str).itertuples(index=False):
        if text.strip() and text != "nan":
            out.setdefault(label, text.strip())
    return out


def recorded_disputes(zs: ZoneSet) -> list[str]:
    """Labels of the sovereignty table on which the views of two or more states are
    recorded (as perspectives or owners), sorted: the disputes (and settled disputes,
    e.g. Hans Island) the table documents, whether or not the shipped zones hold them."""
    sov = zs.sovereignty
    out = []
    for label, grp in sov.groupby(sov["label"].astype(str)):
        states = set(grp["owner"].astype(str)) | (set(grp["perspective"].astype(str))
                                                  - {DEFAULT_PERSPECTIVE})
        if len(states) >= 2:
            out.append(str(label))
    return sorted(out)
