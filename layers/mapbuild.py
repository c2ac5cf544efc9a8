"""Assemble the interactive map: :func:`build_map` and :func:`save_map`.

The map holds the layers chosen (see :data:`layers.style.LAYER_TITLES`), a layer control
with readable names, a legend, a scale bar, a measuring tool, a full-screen button, a
title and a time control over the events. All of its data is inline, and so are
Leaflet and its plugins (vendored, see :mod:`layers.assets`): with ``tiles=None`` the
map needs no network at all; with web tiles only the tiles are fetched.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import LaunchmapError
from layers.style import DEFAULT_LAYERS, LAYER_TITLES, ZONE_LAYER_ALIAS

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

    from geo.zones.zoneset import ZoneSet

#: Web tiles used when none are named (a light base map; needs the internet).
DEFAULT_TILES = "OpenStreetMap"
#: Words that mean "no web tiles: draw the shipped land instead".
NO_TILES = ("none", "offline", "")
ZONE_KINDS_DRAWN = ("eez", "contiguous_zone", "territorial_sea")
#: Default centre of the range rings: the launch site most used by the events drawn.
Progress = Callable[[str], None]


def _quiet(_msg: str) -> None:
    return None


def stderr_progress(msg: str) -> None:
    """Progress printer for the command line (stderr)."""
    print(f"launchmap map: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- arguments
def parse_layers(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """Normalise a layer list (``"impacts,zones"`` or an iterable) into layer keys in
    drawing order. ``zones`` stands for the three zone kinds, ``all`` for every layer,
    ``None`` for :data:`~layers.style.DEFAULT_LAYERS`. Unknown names raise
    :class:`~geo.errors.LaunchmapError` listing the known ones."""
    if spec is None:
        return DEFAULT_LAYERS
    words = [w.strip().lower() for w in (spec.split(",") if isinstance(spec, str) else spec)]
    words = [w for w in words if w]
    chosen: set[str] = set()
    unknown = []
    for w in words:
        if w == "all":
            chosen |= set(LAYER_TITLES)
        elif w == ZONE_LAYER_ALIAS:
            chosen |= set(ZONE_KINDS_DRAWN)
        elif w in LAYER_TITLES:
            chosen.add(w)
        else:
            unknown.append(w)
    if unknown or not chosen:
        known = ", ".join(["all", ZONE_LAYER_ALIAS, *LAYER_TITLES])
        what = f"unknown layer(s) {', '.join(map(repr, unknown))}" if unknown else "no layer"
        raise LaunchmapError(f"{what}; choose from: {known}")
    return tuple(k for k in LAYER_TITLES if k in chosen)


def _as_date(value: Any, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise LaunchmapError(f"{what}: {value!r} is not a date; expected YYYY-MM-DD") from None


def select_events(events: gpd.GeoDataFrame, *, since: Any = None, until: Any = None,
                  actor: str | None = None, system: str | None = None) -> gpd.GeoDataFrame:
    """The events launched (UTC date) on or after ``since`` and on or before ``until``
    (dates, inclusive), by ``actor`` (ISO3, any case), whose ``system`` contains
    ``system`` (case-insensitive)."""
    import pandas as pd

    lo, hi = _as_date(since, "since"), _as_date(until, "until")
    if lo and hi and lo > hi:
        raise LaunchmapError(f"since {lo} is after until {hi}")
    keep = pd.Series(True, index=events.index)
    days = pd.to_datetime(events["date"]).dt.date
    if lo:
        keep &= days >= lo
    if hi:
        keep &= days <= hi
    if actor:
        keep &= events["actor"].astype(str).str.upper() == actor.strip().upper()
    if system:
        keep &= events["system"].astype(str).str.contains(system.strip(), case=False,
                                                          regex=False)
    return events[keep].reset_index(drop=True)


# ---------------------------------------------------------------------- helpers
def _names(places: gpd.GeoDataFrame | None) -> dict[str, str]:
    if places is None or not len(places):
        return {}
    return dict(zip(places["id"].astype(str), places["name"].astype(str), strict=True))


def _country_names() -> dict[str, str]:
    from geo._paths import data_path
    from geo.zones.schema import COUNTRIES_FILE

    path = data_path(COUNTRIES_FILE)
    if not path.exists():
        return {}
    import pandas as pd

    try:
        df = pd.read_parquet(path, columns=["iso3", "name"])
    except (ValueError, KeyError, OSError):
        return {}
    return dict(zip(df["iso3"].astype(str), df["name"].astype(str), strict=True))


def _most_used_site(events: gpd.GeoDataFrame) -> str | None:
    sites = events["launch_site"].astype(str) if "launch_site" in events else None
    if sites is None:
        return None
    sites = sites[sites.str.len() > 0]
    return None if sites.empty else str(sites.value_counts().index[0])


def _bounds(events: gpd.GeoDataFrame, centre_lon: float, *, prefer_frame: bool = False
            ) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the launch and impact points (display
    longitudes). With ``prefer_frame``, only the points inside the zones' frame count when
    there are any (so a few far-away events do not shrink the region of interest)."""
    import numpy as np

    from geo.zones.schema import ZONES_FRAME
    from layers.base import display_lon

    xs, ys = [], []
    for cx, cy in (("impact_lon", "impact_lat"), ("launch_lon", "launch_lat")):
        if cx in events and cy in events:
            x = np.asarray(events[cx], float)
            y = np.asarray(events[cy], float)
            ok = np.isfinite(x) & np.isfinite(y)
            xs.extend(display_lon(v, centre_lon) for v in x[ok])
            ys.extend(y[ok].tolist())
    if not xs:
        return None
    x, y = np.asarray(xs), np.asarray(ys)
    if prefer_frame:
        w, s, e, n = ZONES_FRAME
        lon360 = np.mod(x - w, 360.0) + w
        inside = (lon360 <= e) & (y >= s) & (y <= n)
        if inside.any():
            x, y = x[inside], y[inside]
    return [[float(y.min()), float(x.min())], [float(y.max()), float(x.max())]]


# ---------------------------------------------------------------------- the map
def build_map(events: gpd.GeoDataFrame | None = None, *, layers: str | Iterable[str] | None = None,
              perspective: str | None = None, tiles: str | None = DEFAULT_TILES,
              zones: ZoneSet | str | Path | None = None,
              places: gpd.GeoDataFrame | None = None,
              rings: gpd.GeoDataFrame | None = None,
              coverage: gpd.GeoDataFrame | None = None,
              title: str | None = None, time_control: bool = True,
              zone_tolerance_deg: float | None = None,
              progress: Progress | None = None) -> folium.Map:
    """Build the interactive map of ``events`` (default: the shipped catalogue).

    ``layers``: see :func:`parse_layers`. ``perspective``: ``administering`` (default)
    or an ISO3 state whose view of the disputed features colours the zones; every popup
    lists the verdict of every view. ``tiles``: a folium/xyzservices tile name, or
    ``None``/``"none"`` for no web tiles (the shipped land is then the base map).
    ``zones``: a ZoneSet or source for :func:`geo.zones.load_zones`. ``places``: the
    gazetteer frame (default :func:`geo.gazetteer.places`). ``rings``: range rings
    (default: the conventional range classes around the most used launch site).
    ``coverage``: missile-defence coverage polygons (default: from :mod:`geo.flight`
    when it provides them). Returns an :class:`layers.assets.OfflineMap`.
    """
    import folium
    from folium import plugins

    import geo
    from layers import display
    from layers.assets import OfflineMap
    from layers.base import Panes, add_page_style, centre_longitude
    from layers.style import Legend, Title, legend_html

    say = progress or _quiet
    keys = parse_layers(layers)
    ev = geo.events() if events is None else events
    say(f"{len(ev)} events, layers: {', '.join(keys)}")

    need_zones = bool({"eez", "contiguous_zone", "territorial_sea", "disputed", "land"} & set(keys)) \
        or "impacts" in keys
    zs = None
    if need_zones:
        from geo.zones import load_zones

        zs = load_zones(zones)
    persp = zs.check_perspective(perspective) if zs is not None else (perspective or
                                                                      "administering")
    verdicts_future = None
    if "impacts" in keys and zs is not None and len(ev):
        # classify the impact points (GEOS work that releases the GIL) on a second thread
        # while this one simplifies the zones for display: the machine has two cores
        from concurrent.futures import ThreadPoolExecutor

        from layers.verdicts import event_verdicts

        say("classifying impact points under every perspective")
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="launchmap-verdicts")
        verdicts_future = pool.submit(event_verdicts, ev, zs)
        pool.shutdown(wait=False)
    lons = [*ev.get("impact_lon", []), *ev.get("launch_lon", [])]
    centre_lon = centre_longitude(lons)
    no_tiles = tiles is None or str(tiles).strip().lower() in NO_TILES

    m = OfflineMap(location=[35.0, centre_lon], zoom_start=4, tiles=None, control_scale=True,
                   world_copy_jump=False)
    if not no_tiles:
        try:
            from layers.escape import esc

            folium.TileLayer(str(tiles), name=esc(f"Web tiles: {tiles} (online)")).add_to(m)
        except (ValueError, KeyError) as exc:
            raise LaunchmapError(f"unknown tiles {tiles!r} ({exc}); use a folium tile name "
                                 "such as 'OpenStreetMap' or 'Esri.WorldImagery', or 'none'") \
                from None
    add_page_style(m)
    Panes().add_to(m)

    if places is None and ({"places", "sites", "impacts"} & set(keys)):
        places = geo.places()
    names = _names(places)
    states: set[str] = set()
    groups: list[folium.FeatureGroup] = []
    disp = None
    for key in keys:
        if key == "land":
            if zs is None or zs.land is None:
                say("no land polygons in the zone source; land layer skipped")
                continue
            from layers.land import land_layer

            land = display.display_land(zs.land)
            groups.append(land_layer(land, centre_lon=centre_lon, show=True if no_tiles
                                     else False))
        elif key in ZONE_KINDS_DRAWN or key == "disputed":
            from layers.zones import disputed_layer, label_names, zone_layer

            if disp is None:
                disp = display.display_zones(zs, zone_tolerance_deg or
                                             display.ZONE_TOLERANCE_DEG)
                zone_names = label_names(zs, _country_names())
            if key == "disputed":
                groups.append(disputed_layer(disp, zoneset=zs, centre_lon=centre_lon,
                                             names=zone_names))
            else:
                owners = zs.owner_map(persp)
                states |= {owners.get(lab, lab) for lab in disp.loc[disp["kind"] == key,
                                                                    "label"].astype(str)}
                groups.append(zone_layer(disp, key, zoneset=zs, perspective=persp,
                                         centre_lon=centre_lon, names=zone_names))
        elif key == "treaties":
            from layers.treaties import shipped_boundaries, treaties_layer

            treaties = shipped_boundaries()
            if treaties:
                groups.append(treaties_layer(treaties, centre_lon=centre_lon))
        elif key == "coverage":
            cov = coverage if coverage is not None else _default_coverage(say)
            if cov is None or not len(cov):
                continue
            from layers.coverage import coverage_layer

            groups.append(coverage_layer(cov, centre_lon=centre_lon))
        elif key == "rings":
            rg = rings
            if rg is None:
                site = _most_used_site(ev)
                if site is None:
                    continue
                from layers.rings import default_rings

                rg = default_rings(site)
            from layers.rings import rings_layer

            groups.append(rings_layer(rg, centre_lon=centre_lon))
        elif key == "places":
            from layers.places import places_layer

            groups.append(places_layer(places, centre_lon=centre_lon))
        elif key == "tracks":
            from layers.tracks import event_track_frame, tracks_layer

            tr = event_track_frame(ev)
            groups.append(tracks_layer(tr, centre_lon=centre_lon))
        elif key == "uncertainty":
            from layers.impacts import uncertainty_layer

            groups.append(uncertainty_layer(ev, centre_lon=centre_lon))
        elif key == "sites":
            from layers.sites import sites_layer

            groups.append(sites_layer(ev, centre_lon=centre_lon, places=places))
        elif key == "impacts":
            from layers.impacts import impacts_layer

            verdicts = verdicts_future.result() if verdicts_future is not None else {}
            groups.append(impacts_layer(ev, centre_lon=centre_lon, verdicts=verdicts,
                                        perspective=persp, site_names=names,
                                        place_names=names))
    drawn = []
    for g in groups:
        g.add_to(m)
        drawn.append(g.launchmap_key)

    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                           secondary_length_unit="nauticalmiles",
                           primary_area_unit="sqkilometers", secondary_area_unit="hectares",
                           units={"nauticalmiles": {"factor": 1.0 / 1852.0,
                                                    "display": "nautical miles",
                                                    "decimals": 1},
                                  "sqkilometers": {"factor": 1e-6, "display": "km\u00b2",
                                                   "decimals": 0}}).add_to(m)
    plugins.Fullscreen(position="topleft").add_to(m)
    actors = set(ev["actor"].astype(str)) if "actor" in ev else set()
    Legend(legend_html(perspective=persp, layers=drawn, states=states, actors=actors)).add_to(m)
    Title(title or _default_title(ev, persp)).add_to(m)
    if time_control and len(ev) and {"impacts", "tracks", "uncertainty"} & set(drawn):
        from layers.impacts import event_times_ms
        from layers.timeline import TimeControl

        TimeControl(event_times_ms(ev)).add_to(m)
    b = _bounds(ev, centre_lon, prefer_frame=True)
    if b is not None:
        m.fit_bounds(b, padding=(30, 30))
    m.launchmap_info = {"layers": tuple(drawn), "perspective": persp, "events": len(ev),
                        "centre_lon": centre_lon,
                        "zones_source": None if zs is None else zs.source,
                        "simplification": None if disp is None else disp.attrs.get(
                            "simplification")}
    return m


def _default_title(ev: gpd.GeoDataFrame, persp: str) -> str:
    import pandas as pd

    if not len(ev):
        return "launchmap: no events selected"
    days = pd.to_datetime(ev["date"])
    return (f"launchmap: {len(ev)} launch records, {days.min():%Y-%m-%d} to "
            f"{days.max():%Y-%m-%d} (zones: {persp} view)")


def _default_coverage(say: Progress) -> gpd.GeoDataFrame | None:
    """THAAD at Seongju from :func:`geo.flight.coverage.thaad_coverage`: its footprints
    only (the per-country intersection is not drawn, so an empty country table is passed
    to skip that work). Columns for :func:`layers.coverage.coverage_layer`."""
    try:
        from geo.flight.coverage import thaad_coverage
    except ImportError:
        say("geo.flight provides no coverage; coverage layer skipped")
        return None
    import geopandas as gpd

    no_countries = gpd.GeoDataFrame({"iso3": [], "name": [], "sovereign": []}, geometry=[],
                                    crs="EPSG:4326")
    res = thaad_coverage(countries=no_countries)
    fp = res.footprints.copy()
    fp["label"] = [f"{n}: {k:,.0f} km ({s})" for n, k, s in
                   zip(fp["name"], fp["range_km"], fp["shape"], strict=True)]
    fp["system"] = fp["name"]
    fp["site"] = res.site.label
    fp["note"] = fp["range_note"]
    return fp.iloc[::-1].reset_index(drop=True)  # largest first, smaller ones on top


def map_html(m: folium.Map) -> str:
    """The complete HTML page of a map."""
    return m.get_root().render()


def save_map(m: folium.Map, path: str | Path) -> Path:
    """Write the map's HTML page to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(map_html(m), encoding="utf-8")
    return path
