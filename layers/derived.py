"""Derived impact shapes: a dashed outline per row whose fall point was not stated.

A catalogue row with ``impact_basis`` ``derived`` and ``impact_direction`` set has no
fall point: launchmap derived an impact *shape* from the launch site, the reported range
and the stated direction (:mod:`geo.catalogue_derived`; ``impact_shape``, WKT in WGS84
lon/lat). Such a row gets no impact marker; :mod:`layers.impacts` draws its outline in
the impact points' layer instead (:func:`derived_outlines`): dashed and unfilled, in the
actor's colour, with a popup that says the shape is derived and how (launch site, range
and the distances it was read as, direction and the azimuths it was read as, the
sea-only rule), the reported zone, the authority's words and the sources. Given a zone
set (:func:`derived_outlines`' ``zoneset``), the popup also lists which zones the shape's
sea samples fall in (a share per zone, never a point verdict); the map leaves that out,
since one :func:`geo.where` over a shape's 2,048 samples costs about 0.15 s a row and the
map has a time budget (``benchmarks/map_bench.py``): the popup names
:func:`geo.catalogue_zones.zone_checks`, which gives them.

Every text from the data is HTML-escaped here (:mod:`layers.escape`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from layers.escape import esc, text
from layers.geojson import GeoJsonLayer
from layers.popups import (
    event_tooltip,
    event_when,
    fmt_latlon,
    reported_zone_text,
    sources_open,
)
from layers.style import DERIVED_STYLE, KIND_SHORT, state_colour
from layers.timeline import event_times_ms

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.statements.shapes import AnnulusSector
    from geo.zones import ZoneSet

#: Up to this many derived rows, each popup lists the zones of its shape (one
#: :func:`geo.where` over the shape's samples per row, about 0.1 s each); above it the
#: popups say the zones were not computed.
VERDICT_LIMIT = 500
#: Zone shares below this fraction are left out of a popup's list.
MIN_SHARE = 0.005
#: The outlines are simplified to this tolerance (degrees, about 1 km) for the page: the
#: shapes' own edges are uncertain by tens of km (the range's rounding unit), and the
#: outlines of the shipped catalogue shrink from 239 kB to 51 kB.
OUTLINE_TOLERANCE_DEG = 0.01

_COMPASS_WORDS = {"N": "north", "NNE": "north-north-east", "NE": "north-east",
                  "ENE": "east-north-east", "E": "east", "ESE": "east-south-east",
                  "SE": "south-east", "SSE": "south-south-east", "S": "south",
                  "SSW": "south-south-west", "SW": "south-west", "WSW": "west-south-west",
                  "W": "west", "WNW": "west-north-west", "NW": "north-west",
                  "NNW": "north-north-west"}
_SEA_WORDS = {"east_sea": "into the East Sea / Sea of Japan",
              "yellow_sea": "toward the Yellow Sea / West Sea"}


def derived_rows(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rows of ``events`` (a frame like :func:`geo.catalogue.events`) that carry a
    derived impact shape (``impact_shape`` not empty); none when the column is absent."""
    if "impact_shape" not in events:
        return events.iloc[0:0]
    wkt = events["impact_shape"].fillna("").astype(str).str.strip()
    return events[wkt != ""]


def direction_text(direction: Any) -> str:
    """``"NE"`` -> ``"north-east (NE)"``; ``"east_sea"`` -> ``"into the East Sea / Sea of
    Japan"``; anything else as written."""
    d = text(direction).strip()
    if d in _COMPASS_WORDS:
        return f"{_COMPASS_WORDS[d]} ({d})"
    return _SEA_WORDS.get(d, d)


def how_derived(row: Mapping[str, Any], shape: AnnulusSector | None, *,
                site_name: str = "") -> list[tuple[str, str]]:
    """``(label, plain text)`` pairs saying how a row's shape was derived: the launch
    site (name and WGS84 position), the range as reported and the ground distances (km)
    it was read as, the direction and the azimuths (degrees clockwise from true north),
    and the rule (sea only, land not cut out of the outline)."""
    site = site_name or text(row.get("launch_site"))
    pos = fmt_latlon(row.get("launch_lon"), row.get("launch_lat"))
    out = [("Launch site", f"{site} ({pos})" if site and pos else site or pos)]
    rng = row.get("range_km")
    rng_s = "" if text(rng) == "" else f"about {float(rng):,.0f} km"
    direction = direction_text(row.get("impact_direction"))
    if shape is not None:
        rng_s += f", read as {shape.r_min_km:,.0f}-{shape.r_max_km:,.0f} km from the site"
        az_min, az_max = shape.az_min_deg % 360.0, (shape.az_max_deg % 360.0) or 360.0
        direction += f", read as azimuths {az_min:.2f}-{az_max:.2f} deg from the site"
        if shape.origin_sigma_km > 0:
            out[0] = (out[0][0], out[0][1] + f", blurred by its extent "
                                             f"(+/- {shape.origin_sigma_km:.0f} km, 1 sigma)")
    out += [("Range", rng_s), ("Direction", direction),
            ("Rule", "only the sea part counts (the statement says it fell into the sea); "
                     "the outline does not cut out the land inside it")]
    return [(k, v) for k, v in out if v]


def shape_zones_text(ans: Any) -> list[str]:
    """The zones of one :func:`geo.where` answer over a shape, as plain text lines with
    the share of samples in each, most first (``"JPN EEZ: 62%"``); ``[]`` when the
    samples hold no zone (high seas or outside the zone set)."""
    items = [(float(z.probability or 0.0), f"{z.state} {KIND_SHORT.get(z.kind, z.kind)}"
              + (f" ({z.status})" if z.status == "disputed" else ""))
             for z in ans.zones]
    items = [it for it in items if it[0] >= MIN_SHARE]
    items.sort(key=lambda it: (-it[0], it[1]))
    return [f"{name}: {100.0 * p:.0f}%" for p, name in items]


def derived_popup(row: Mapping[str, Any], shape: AnnulusSector | None, *,
                  site_name: str = "", zones: list[str] | None = None,
                  perspective: str = "administering") -> str:
    """Popup HTML of one derived shape (every value escaped): that it is derived, not
    stated, and how (:func:`how_derived`); the zones its samples fall in under
    ``perspective`` (``zones`` from :func:`shape_zones_text`; ``None``: not computed,
    and the popup says where they are);
    the reported zone; the authority's words, notes and sources."""
    parts = [f'<div class="lm-popup lm-derived-popup"><h4>{esc(event_when(row))} &middot; '
             f'{esc(row.get("system"))}</h4>',
             "<div><b>Impact position: not stated.</b> The dashed outline is an impact "
             "shape <b>derived by launchmap</b> from the launch site, the reported range "
             "and the stated direction; it is not a position the authority gave.</div>",
             '<table class="lm-derived-how">']
    for label, value in how_derived(row, shape, site_name=site_name):
        parts.append(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>")
    parts.append("</table>")
    head = (f"<div><b>This tool's zones over the shape</b> ({esc(perspective)} view; share of "
            "the shape's sea samples):</div>")
    if zones is None:
        parts.append("<div><b>This tool's zones over the shape:</b> not computed here "
                     '<span class="lm-small">(a share of the shape\'s samples per zone, never a '
                     "point verdict: geo.catalogue_zones.zone_checks)</span></div>")
    elif zones:
        parts.append(head + "<ul>" + "".join(f"<li>{esc(z)}</li>" for z in zones) + "</ul>")
    else:
        parts.append(head + "<div>no zone (high seas, or outside the zones shipped)</div>")
    reported = reported_zone_text(row.get("reported_zone"))
    if reported:
        parts.append(f"<div><b>Reported zone:</b> {esc(reported)}</div>")
    parts.append(sources_open(row))
    parts.append(f'<div class="lm-small">id {esc(row.get("id"))}</div></div></div>')
    return "".join(parts)


def _shape_of(row: Mapping[str, Any]) -> AnnulusSector | None:
    """The row's derived shape (:func:`geo.catalogue_derived.event_shape`), or None when
    the row lacks what it needs (a frame read back from a file may have the outline
    only)."""
    from geo.catalogue_derived import event_shape
    from geo.errors import LaunchmapError

    try:
        return event_shape(row)
    except (ValueError, LaunchmapError):
        return None


def derived_outlines(events: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                     zoneset: ZoneSet | None = None, perspective: str = "administering",
                     site_names: Mapping[str, str] | None = None) -> GeoJsonLayer | None:
    """The dashed outline of every derived impact shape of ``events`` (a frame like
    :func:`geo.catalogue.events`), coloured by actor, with its popup (see the module
    docstring) and its date for the time control, as one layer to add to a feature group
    (:func:`layers.impacts.impacts_layer` adds it to the impact points'); ``None`` when no
    row has a shape. ``zoneset``: the zones the popups list, under ``perspective``, up to
    :data:`VERDICT_LIMIT` rows (``None``: the popups say the zones were not computed)."""
    import shapely

    rows = derived_rows(events)
    if not len(rows):
        return None
    from geo.zones.where import where

    site_names = site_names or {}
    times = event_times_ms(rows)
    with_zones = zoneset is not None and len(rows) <= VERDICT_LIMIT
    geoms, props = [], []
    for i, row in enumerate(rows.to_dict("records")):
        shape = _shape_of(row)
        zones = None
        if shape is not None and with_zones:
            ans = where(*shape.centre, perspective=perspective, shape=shape, source=zoneset,
                        coast_within_km=0.0)
            zones = shape_zones_text(ans)
        geoms.append(shapely.simplify(shapely.from_wkt(str(row["impact_shape"])),
                                      OUTLINE_TOLERANCE_DEG, preserve_topology=True))
        props.append({
            "s": {"color": state_colour(row.get("actor"))},
            "t": int(times[i]),
            "tip": event_tooltip(row) + " &middot; derived impact shape (no stated fall point)",
            "popup": derived_popup(row, shape, zones=zones, perspective=perspective,
                                   site_name=site_names.get(text(row.get("launch_site")), "")),
        })
    return GeoJsonLayer(geoms, props, centre_lon=centre_lon, base_style=DERIVED_STYLE,
                        pane="lm-areas", class_name="lm-derived", name="DerivedImpactShapes")
