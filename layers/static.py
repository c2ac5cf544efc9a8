"""A static picture of the map for reports: PNG or SVG through matplotlib (Agg), offline.

Same data, colours and display copies as the HTML map (land, with the Natural Earth
countries and their borders outside the shipped coast's frames, disputed land hatched, zones
of one perspective,
disputed waters hatched, range rings, coverage, tracks, uncertainty, launch sites,
impact points) in a plain lon/lat frame (WGS84 degrees on both axes, the y axis scaled
by 1/cos(latitude) at the centre so shapes look right), with a legend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import InvalidOptionError
from geo.types import StaticFormat
from layers.style import (
    DISPUTED_COLOUR,
    KIND_LABELS,
    LAND_STYLE,
    RING_STYLE,
    SEA_COLOUR,
    ZONE_STYLE,
    state_colour,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet

#: Pixels of the picture per simplification step of the Natural Earth land (so the
#: simplification stays below what the eye sees at the picture's scale).
STATIC_TOLERANCE_PX = 1.0


def static_tolerance_deg(width_deg: float, size_in: tuple[float, float], dpi: int) -> float:
    """Simplification (degrees) of the Natural Earth land in a picture ``width_deg``
    degrees of longitude wide drawn ``size_in`` inches at ``dpi``: about
    :data:`STATIC_TOLERANCE_PX` pixel, kept within 0.005-0.1 degrees."""
    px = max(size_in[0] * dpi * 0.7, 1.0)  # the axes take about 70 % of the width
    return float(min(max(width_deg / px * STATIC_TOLERANCE_PX, 0.005), 0.1))


def _wrap(text: str, width: int = 70) -> str:
    """``text`` broken into lines of at most ``width`` characters (legend labels)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


#: Margin (degrees) of the box every drawn shape is cut to around the picture's frame:
#: shapes far outside it would only add bytes to an SVG (the clip edges stay unseen).
CLIP_MARGIN_DEG = 2.0


def _shown(geoms, centre_lon: float,
           clip: tuple[float, float, float, float] | None = None):
    """``geoms`` (WGS84) at display longitudes around ``centre_lon``, cut to ``clip``
    ((west, south, east, north) display degrees) when given; a GeoSeries."""
    import geopandas as gpd
    import shapely

    from layers.geojson import wrap_for_display

    out = wrap_for_display(np.asarray(geoms, dtype=object), centre_lon)
    if clip is not None:
        ok = ~shapely.is_missing(out)
        out[ok] = shapely.clip_by_rect(out[ok], *clip)
    return gpd.GeoSeries(out)


def render_static(events: gpd.GeoDataFrame | None, out: str | Path, *,
                  fmt: StaticFormat | None = None,
                  layers: str | Iterable[str] | None = None, perspective: str | None = None,
                  zones: ZoneSet | str | Path | None = None, title: str | None = None,
                  dpi: int = 150, size_in: tuple[float, float] = (11.0, 8.5),
                  progress: Any = None) -> Path:
    """Draw the map of ``events`` (default: the shipped catalogue) to ``out`` as PNG or
    SVG (``fmt``, else from the suffix). Returns the path written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shapely
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    import geo
    from layers import display
    from layers.extent import default_title, events_centre_lon, outside_count, picture_extent
    from layers.land import countries_in_view, lon_boxes, merged_display_land
    from layers.registry import ZONE_KINDS_DRAWN, parse_layers

    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".") or "png").lower()
    if fmt not in ("png", "svg"):
        raise InvalidOptionError(f"static format must be png or svg, got {fmt!r}")
    say = progress or (lambda _m: None)
    keys = set(parse_layers(layers))
    ev = geo.events() if events is None else events
    zs = geo.load_zones(zones)
    persp = zs.check_perspective(perspective)
    centre = events_centre_lon(ev)
    x0, y0, x1, y1 = picture_extent(ev, centre)

    fig, ax = plt.subplots(figsize=size_in, dpi=dpi)
    ax.set_facecolor(SEA_COLOUR)
    handles: list[Any] = []
    view = lon_boxes(x0, y0, x1, y1)
    frame_box = shapely.box(x0, y0, x1, y1)
    m = CLIP_MARGIN_DEG
    clip = (x0 - m, y0 - m, x1 + m, y1 + m)
    if "land" in keys and zs.land is not None:
        say("drawing land")
        land = merged_display_land(zs.land)
        _shown(land.geometry.values, centre, clip).plot(
            ax=ax, color=LAND_STYLE["fillColor"], edgecolor=LAND_STYLE["color"],
            linewidth=0.3, zorder=5.5)  # above the zones, as on the HTML map
        handles.append(Patch(facecolor=LAND_STYLE["fillColor"], edgecolor=LAND_STYLE["color"],
                             label="Land (shipped coastline)"))
        # outside the shipped coast's frames: Natural Earth countries with their borders
        world = countries_in_view(view, zs.cut_frames,
                                  tolerance_deg=static_tolerance_deg(x1 - x0, size_in, dpi))
        if len(world):
            _shown(world.geometry.values, centre, clip).plot(
                ax=ax, color=LAND_STYLE["fillColor"], edgecolor=LAND_STYLE["color"],
                linewidth=0.4, zorder=5.5)
            handles.append(Patch(facecolor=LAND_STYLE["fillColor"], edgecolor="#555555",
                                 label="Land and borders (Natural Earth 10m)"))
    if "disputed_land" in keys:
        from layers.disputed_land import disputed_land

        dl = disputed_land(zs, view)
        if len(dl):
            say("drawing disputed land")
            _shown(dl.geometry.values, centre, clip).plot(
                ax=ax, facecolor="none", edgecolor=DISPUTED_COLOUR, hatch="xxxx",
                linewidth=0.8, linestyle="--", zorder=5.7)
            claims = "; ".join(f"{n}: {c}" for n, c in zip(dl["name"], dl["claimants"],
                                                          strict=True))
            handles.append(Patch(facecolor="none", edgecolor=DISPUTED_COLOUR, hatch="xxxx",
                                 label=_wrap(f"Disputed land, claimed by: {claims}")))
    disp = None
    zone_kinds = [k for k in ZONE_KINDS_DRAWN if k in keys]
    if zone_kinds or "disputed" in keys:
        say("drawing zones")
        disp = display.display_zones(zs)
        owners = zs.owner_map(persp)
        states = set()
        for z, kind in enumerate(zone_kinds):
            rows = disp[disp["kind"] == kind]
            cols = [state_colour(owners.get(lab, lab)) for lab in rows["label"].astype(str)]
            shown = _shown(rows.geometry.values, centre, clip)
            # the legend names the owners of the zones in the picture only
            seen = np.asarray(shown.intersects(frame_box), bool)
            states |= {owners.get(lab, lab) for lab in rows["label"].astype(str)[seen]}
            st = ZONE_STYLE[kind]
            shown.plot(
                ax=ax, color=cols, alpha=st["fillOpacity"] + 0.05, edgecolor=cols,
                linewidth=0.4, zorder=2 + z)
            handles.append(Patch(facecolor="#777777", alpha=st["fillOpacity"] + 0.1,
                                 label=f"{KIND_LABELS[kind]} ({persp} view)"))
        if "disputed" in keys:
            sel = np.asarray([zs.is_disputed(lab) for lab in disp["label"].astype(str)], bool)
            rows = disp[sel & (disp["kind"] == "eez").to_numpy()]
            if len(rows):
                _shown(rows.geometry.values, centre, clip).plot(
                    ax=ax, facecolor="none", edgecolor=DISPUTED_COLOUR, hatch="////",
                    linewidth=0.8, linestyle="--", zorder=6)
            handles.append(Patch(facecolor="none", edgecolor=DISPUTED_COLOUR, hatch="////",
                                 label="Disputed waters (more than one claimant)"))
        for s in sorted(states):
            handles.append(Patch(facecolor=state_colour(s), alpha=0.5, label=f"Zone of {s}"))
    if "rings" in keys and len(ev):
        from layers.rings import default_rings, most_used_site

        site = most_used_site(ev)
        if site:

            rg = default_rings(site)
            _shown(rg.geometry.values, centre, clip).boundary.plot(
                ax=ax, color=RING_STYLE["color"], linewidth=0.9, linestyle="--", zorder=7)
            handles.append(Line2D([], [], color=RING_STYLE["color"], linestyle="--",
                                  label=f"Range rings from {rg['center'].iloc[0]}"))
    if "tracks" in keys and len(ev):
        from layers.tracks import event_track_frame

        tr = event_track_frame(ev)
        if len(tr):
            _shown(tr.geometry.values, centre, clip).plot(
                ax=ax, color=[state_colour(a) for a in tr["actor"]], linewidth=0.9,
                alpha=0.8, zorder=8)
            handles.append(Line2D([], [], color="#777777", label="Ground track (geodesic)"))
    if "uncertainty" in keys and len(ev):
        from geo.ellipses import event_ellipses

        outl = event_ellipses(ev)
        ok = np.asarray([g is not None for g in outl])
        if ok.any():
            _shown(outl[ok], centre, clip).plot(
                ax=ax, facecolor="none", edgecolor=[state_colour(a) for a in ev["actor"][ok]],
                linewidth=0.6, linestyle=":", zorder=9)
            handles.append(Patch(facecolor="none", edgecolor="#555555", linestyle=":",
                                 label="Impact uncertainty (1 sigma)"))
    if "sites" in keys and len(ev):
        _scatter_events(ax, ev, "launch", centre, marker="^", s=40, edgecolors="white", zorder=10)
        handles.append(Line2D([], [], marker="^", color="w", markerfacecolor="#777777",
                              markersize=8, label="Launch site"))
    if "impacts" in keys and len(ev):
        _scatter_events(ax, ev, "impact", centre, marker="o", s=28, edgecolors="#202020",
                        zorder=11)
        handles.append(Line2D([], [], marker="o", color="w", markerfacecolor="#777777",
                              markeredgecolor="#202020", markersize=7,
                              label="Impact point (reported)"))
    for a in sorted(set(ev["actor"].astype(str))) if len(ev) else []:
        handles.append(Line2D([], [], marker="o", color="w", markerfacecolor=state_colour(a),
                              markersize=7, label=f"Launches by {a}"))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    outside = outside_count(ev, centre, (x0, y0, x1, y1))
    if outside:
        ax.text(0.99, 0.99, f"{outside} launch record(s) lie outside this frame",
                transform=ax.transAxes, ha="right", va="top", fontsize=7,
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "#999999"})
    mid = math.radians((y0 + y1) / 2.0)
    ax.set_aspect(1.0 / max(math.cos(mid), 0.1))
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    ax.set_title(title or default_title(ev, persp), fontsize=10)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7,
              framealpha=0.95, borderaxespad=0.0)
    ax.annotate(f"Zones: {zs.source}", xy=(0.0, 0.0), xycoords="axes fraction",
                xytext=(0, -30), textcoords="offset points", ha="left", va="top",
                fontsize=6, color="#555555")
    fig.savefig(out, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return out


def _scatter_events(ax, ev, which: str, centre: float, **style) -> None:
    """Scatter the ``<which>_lon``/``<which>_lat`` points of ``ev`` (launch or impact),
    coloured by actor, at display longitudes around ``centre``; rows without a position
    are skipped."""
    from layers.extent import display_lon

    lon = np.asarray(ev[f"{which}_lon"], float)
    lat = np.asarray(ev[f"{which}_lat"], float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    ax.scatter(display_lon(lon[ok], centre), lat[ok],
               c=[state_colour(a) for a in ev["actor"][ok]], linewidths=0.8, **style)
