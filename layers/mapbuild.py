"""Assemble the interactive map: :func:`build_map` and :func:`save_map`.

The map holds the layers chosen (see :data:`layers.style.LAYER_TITLES`), a layer control
with readable names, a legend, a scale bar, a measuring tool, a full-screen button, a
title and a time control over the events. All of its data is inline, and so are
Leaflet and its plugins (vendored, see :mod:`layers.assets`): with ``tiles=None`` the
map needs no network at all; with web tiles only the tiles are fetched.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from geo.catalogue_select import select_events  # noqa: F401 - the map's selection
from geo.errors import LaunchmapError
from layers.context import MapContext, Progress, quiet
from layers.registry import NEEDS_ZONES, builder, parse_layers

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

    from geo.zones import ZoneSet

#: Web tiles used when none are named (a light base map; needs the internet).
DEFAULT_TILES = "OpenStreetMap"
#: Words that mean "no web tiles: draw the shipped land instead".
NO_TILES = ("none", "offline", "")
#: The layers the time control steps through (those with dated features).
TIMED_LAYERS = frozenset({"impacts", "tracks", "uncertainty"})


def stderr_progress(msg: str) -> None:
    """Progress printer for the command line (stderr)."""
    print(f"launchmap map: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- arguments
# The map selects its events with the catalogue's own filter, imported above
# (geo.catalogue_select.select_events: one implementation of the date / actor / system /
# zone / distance selection; bad values raise geo.errors.InvalidOptionError).


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

    ``layers``: see :func:`parse_layers`; each is drawn by its module's ``build(ctx)``
    (:mod:`layers.registry`) from one :class:`layers.context.MapContext`.
    ``perspective``: ``administering`` (default) or an ISO3 state whose view of the
    disputed features colours the zones; every popup lists the verdict of every view.
    ``tiles``: a folium/xyzservices tile name, or ``None``/``"none"`` for no web tiles
    (the shipped land is then the base map). ``zones``: a ZoneSet or source for
    :func:`geo.load_zones`. ``places``: the gazetteer frame (default
    :func:`geo.places`). ``rings``: range rings (default: the conventional range classes
    around the most used launch site). ``coverage``: missile-defence coverage polygons
    (default: from :mod:`geo.flight` when it provides them). ``zone_tolerance_deg``:
    simplification of the zones for display (degrees; default
    :data:`layers.display.ZONE_TOLERANCE_DEG`). Returns an
    :class:`layers.assets.OfflineMap`.
    """
    import folium
    from folium import plugins

    import geo
    from layers.assets import OfflineMap
    from layers.base import Panes, add_page_style
    from layers.extent import default_title, event_bounds, events_centre_lon
    from layers.page import EventList, LayerControl, PageHead, ViewControl
    from layers.style import Legend, Title, legend_html

    say = progress or quiet
    keys = parse_layers(layers)
    ev = geo.events() if events is None else events
    say(f"{len(ev)} events, layers: {', '.join(keys)}")

    if NEEDS_ZONES & set(keys):
        say("loading the zones")
    zs = geo.load_zones(zones) if NEEDS_ZONES & set(keys) else None
    persp = zs.check_perspective(perspective) if zs is not None else (perspective or
                                                                      "administering")
    no_tiles = tiles is None or str(tiles).strip().lower() in NO_TILES
    ctx = MapContext(events=ev, layers=keys, perspective=persp,
                     centre_lon=events_centre_lon(ev), zoneset=zs, places=places,
                     rings=rings, coverage=coverage, base_map=no_tiles,
                     zone_tolerance_deg=zone_tolerance_deg, progress=say)
    if "impacts" in keys:
        # the impact points are classified on a second thread while this one simplifies
        # the zones for display: the machine has two cores
        ctx = ctx.start_verdicts()

    m = OfflineMap(location=[35.0, ctx.centre_lon], zoom_start=4, tiles=None,
                   control_scale=True, world_copy_jump=False)
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

    groups = []
    for i, key in enumerate(keys, 1):
        say(f"drawing {key} ({i}/{len(keys)})")  # every stage says when it starts
        groups.extend(_elements(builder(key)(ctx.for_layer(key))))
    drawn: list[str] = []
    states: set[str] = set()
    for g in groups:
        g.add_to(m)
        drawn.append(g.launchmap_key)
        states |= set(getattr(g, "launchmap_states", ()))

    LayerControl(position="topright").add_to(m)  # a button in small windows
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
    map_title = title or default_title(ev, persp)
    Title(map_title).add_to(m)
    PageHead(map_title).add_to(m)
    if time_control and len(ev) and TIMED_LAYERS & set(drawn):
        from layers.timeline import TimeControl, event_times_ms

        TimeControl(event_times_ms(ev)).add_to(m)
    if "impacts" in drawn and len(ev):
        EventList().add_to(m)
    # the first view: fitted in the page around the controls' sizes (layers.page)
    b = event_bounds(ev, ctx.centre_lon, prefer_frame=True)
    b_all = event_bounds(ev, ctx.centre_lon)
    if b is not None:
        m.location = [(b[0][0] + b[1][0]) / 2.0, (b[0][1] + b[1][1]) / 2.0]
    by_key: dict[str, list[str]] = {}
    for g in groups:
        by_key.setdefault(g.launchmap_key, []).append(g.get_name())
    ViewControl(b, b_all, layer_groups=by_key).add_to(m)
    m.launchmap_info = {"layers": tuple(drawn), "perspective": persp, "events": len(ev),
                        "centre_lon": ctx.centre_lon,
                        "zones_source": None if zs is None else zs.source}
    return m


def _elements(built: object) -> list:
    """What a layer's ``build`` returned, as a list (``None`` is nothing, an iterable of
    elements is each of them)."""
    if built is None:
        return []
    if isinstance(built, (list, tuple)):
        return [e for e in built if e is not None]
    return [built]


def map_html(m: folium.Map) -> str:
    """The complete HTML page of a map."""
    return m.get_root().render()


def save_map(m: folium.Map, path: str | Path) -> Path:
    """Write the map's HTML page to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(map_html(m), encoding="utf-8")
    return path
