"""Impact points: one marker per event, coloured by actor, with its popup and its date.

Input: a GeoDataFrame like :func:`geo.catalogue.events` (``impact_lon``/``impact_lat``,
WGS84 degrees). The popup puts the authority's words next to the zone launchmap computes
for the point under every perspective (:func:`geo.zones.verdicts.event_verdicts`); the
date drives the time control (:mod:`layers.timeline`). A row without a stated fall point
gets no marker; when launchmap derived an impact shape for it (``impact_shape``), the
layer draws that shape's dashed outline instead, with a popup saying how it was derived
(:mod:`layers.derived`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.geojson import GeoJsonLayer
from layers.popups import event_popup, event_tooltip, event_when
from layers.style import IMPACT_RADIUS_PX, IMPACT_STYLE, state_colour
from layers.timeline import event_times_ms

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet
    from layers.context import MapContext

_CLASS_SAFE = re.compile(r"[^a-z0-9_-]+")


def event_class(event_id: Any) -> str:
    """The CSS class that marks one event's impact marker (``lm-ev-<id>``)."""
    return "lm-ev-" + _CLASS_SAFE.sub("-", str(event_id).lower()).strip("-")


#: Up to this many events, each popup carries its trajectory profile (an inline SVG of
#: about 3 kB); above it the page would grow too much (``launchmap profile`` draws one).
PROFILE_LIMIT = 2000


def side_view(row: Mapping[str, Any]) -> str:
    """The inline SVG trajectory profile of an event row with a reported apogee and range
    (:mod:`geo.flight.profile`), ``""`` without them or when the model rejects them."""
    from geo.errors import BallisticInputError
    from geo.flight.profile import has_profile, row_profile
    from layers.profile_svg import profile_svg

    if not has_profile(row):
        return ""
    try:
        return profile_svg(row_profile(row, n=41))
    except BallisticInputError:
        return ""


def impacts_layer(events: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                  verdicts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                  perspective: str = "administering",
                  site_names: Mapping[str, str] | None = None,
                  place_names: Mapping[str, str] | None = None,
                  overflights: Mapping[str, str] | None = None,
                  claims: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                  show: bool | None = None, derived: bool = True,
                  zoneset: ZoneSet | None = None) -> LayerGroup:
    """Impact points coloured by actor, each with its popup (date, system, launch site,
    apogee/range/flight time and the trajectory profile (up to :data:`PROFILE_LIMIT`
    events), the authority's words, the computed verdict per perspective, sources) and its
    date for the time control. With ``derived``, the rows with a derived impact shape get
    its dashed outline (:func:`layers.derived.derived_outlines`; the zones of each shape
    under ``perspective`` are listed when a ``zoneset`` is given)."""
    verdicts = verdicts or {}
    site_names = site_names or {}
    place_names = place_names or {}
    lon = np.asarray(events["impact_lon"], dtype=float)
    lat = np.asarray(events["impact_lat"], dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    times = event_times_ms(events)
    # events reported at the same point (to 4 decimals) list each other
    keys = [f"{x:.4f},{y:.4f}" if k else "" for x, y, k in zip(lon, lat, ok, strict=True)]
    labels = [f"{event_when(r)} {r.get('system', '')}" for r in events.to_dict("records")]
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k:
            groups.setdefault(k, []).append(i)

    with_profiles = len(events) <= PROFILE_LIMIT
    props = []
    for i, row in enumerate(events.to_dict("records")):
        eid = str(row["id"])
        others = [labels[j] for j in groups.get(keys[i], []) if j != i]
        shared = len(groups.get(keys[i], ())) > 1
        at = "lm-at-" + _CLASS_SAFE.sub("-", keys[i]) if shared else ""
        day = row.get("date")
        props.append({
            "s": {"fillColor": state_colour(row.get("actor"))},
            "c": f"lm-impact {event_class(eid)} {at}".strip(),
            "t": int(times[i]),
            "ev": {"id": eid, "d": day.strftime("%Y-%m-%d") if hasattr(day, "strftime")
                   else str(day)[:10], "a": str(row.get("actor") or ""),
                   "s": str(row.get("system") or ""), "at": at},
            "tip": event_tooltip(row),
            "popup": event_popup(
                row, site_name=site_names.get(str(row.get("launch_site") or ""), ""),
                place_name=place_names.get(str(row.get("impact_place") or ""), ""),
                verdicts=verdicts.get(eid, ()), perspective=perspective, same_point=others,
                overflight=None if overflights is None else overflights.get(eid, ""),
                profile_svg=side_view(row) if with_profiles else "",
                claims=(claims or {}).get(eid)),
        })
    import shapely

    geoms = shapely.points(np.where(ok, lon, np.nan), np.where(ok, lat, np.nan))
    geoms = np.where(ok, geoms, None)
    fg = feature_group("impacts", show=show)
    GeoJsonLayer(geoms, props, centre_lon=centre_lon, base_style=IMPACT_STYLE,
                 pane="lm-points", class_name="lm-point", radius=IMPACT_RADIUS_PX,
                 name="ImpactPoints").add_to(fg)
    if derived:
        add_derived(fg, events, centre_lon=centre_lon, zoneset=zoneset,
                    perspective=perspective, site_names=site_names)
    return fg


def add_derived(fg: LayerGroup, events: gpd.GeoDataFrame, *, centre_lon: float | None,
                zoneset: ZoneSet | None, perspective: str,
                site_names: Mapping[str, str] | None) -> LayerGroup:
    """Add the dashed outlines of the derived impact shapes of ``events`` to ``fg`` (the
    impact points' group; see :mod:`layers.derived`); ``fg`` itself."""
    from layers.derived import derived_outlines

    outlines = derived_outlines(events, centre_lon=centre_lon, zoneset=zoneset,
                                perspective=perspective, site_names=site_names)
    if outlines is not None:
        outlines.add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup:
    """The map's impact points, with the verdicts of every perspective in the popups and
    the launch sites and reference places named from the gazetteer; clustered, with
    popups made in the browser, above :data:`layers.bigimpacts.CLUSTER_ABOVE` events. The
    derived impact shapes are drawn as dashed outlines in the same group (their zones are
    not computed for the map, see :mod:`layers.derived`)."""
    names = ctx.place_names()
    from layers.bigimpacts import CLUSTER_ABOVE, big_impacts_layer

    if len(ctx.events) > CLUSTER_ABOVE:
        ctx.say(f"{len(ctx.events):,} events: clustering the impact markers")
        fg = big_impacts_layer(ctx.events, centre_lon=ctx.centre_lon,
                               verdicts=ctx.verdicts(), perspective=ctx.perspective,
                               place_names=names)
        return add_derived(fg, ctx.events, centre_lon=ctx.centre_lon, zoneset=None,
                           perspective=ctx.perspective, site_names=names)
    from layers.popups import event_claims

    return impacts_layer(ctx.events, centre_lon=ctx.centre_lon, verdicts=ctx.verdicts(),
                         perspective=ctx.perspective, site_names=names, place_names=names,
                         claims=event_claims())
