"""The offline base map (``--tiles none``) and the PNG/SVG picture draw land and borders
wherever an event or a zone is drawn, and hatch the disputed land (Crimea) naming its
claimants. Everything is checked on the shipped data: the seed's 2022-11-15 events
(the strike on Kyiv and the fall at Przewodów), the shipped zones and Natural Earth."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely

import geo
import layers
from layers.extent import display_lon, events_centre_lon

DAY = "2022-11-15"


@pytest.fixture(scope="module")
def zs():
    return geo.load_zones()


@pytest.fixture(scope="module")
def day_events():
    ev = geo.events()
    day = ev[ev["date"].astype(str) == DAY]
    assert len(day) == 2, "the seed holds two launch records of 2022-11-15"
    return day


@pytest.fixture(scope="module")
def day_html(day_events, zs):
    m = layers.build_map(day_events, zones=zs, tiles="none",
                         layers="land,eez,disputed,disputed_land,impacts")
    return layers.map_html(m)


def _features(html: str, css_class: str) -> list[dict]:
    """Features of the page's L.geoJSON layers whose class names include ``css_class``,
    each with the layer's base style under ``_style``."""
    out = []
    pat = (r"L\.geoJSON\((\{\"type\":\"FeatureCollection\".*?\}), \{\s*pane: "
           r"\"[^\"]*\",\s*className: \"([^\"]*)\"")
    for m in re.finditer(pat, html, flags=re.S):
        if css_class in m.group(2).split():
            out.extend(json.loads(m.group(1))["features"])
    return out


def _place(name_id: str) -> tuple[float, float]:
    p = geo.places()
    row = p[p["id"] == name_id]
    assert len(row) == 1, name_id
    return float(row["lon"].iloc[0]), float(row["lat"].iloc[0])


def _painted(features: list[dict], x, y) -> np.ndarray:
    """Whether the browser fills the points (x, y) (display lon/lat arrays) with one of
    ``features``: Leaflet draws each feature as one SVG path with the even-odd fill rule,
    so a point is filled when an odd number of one feature's rings hold it."""
    pts = shapely.points(np.atleast_1d(np.asarray(x, float)), np.atleast_1d(np.asarray(y, float)))
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    parts, feat = shapely.get_parts(geoms, return_index=True)
    rings, part = shapely.get_rings(parts, return_index=True)
    polys = shapely.polygons(rings)
    p_idx, r_idx = shapely.STRtree(polys).query(pts, predicate="within")
    counts: dict[tuple[int, int], int] = {}
    for p, f in zip(p_idx, feat[part[r_idx]], strict=True):
        counts[(int(p), int(f))] = counts.get((int(p), int(f)), 0) + 1
    filled = np.zeros(len(pts), bool)
    for (p, _f), c in counts.items():
        if c % 2 == 1:
            filled[p] = True
    return filled


def test_land_covers_kyiv_przewodow_and_the_black_sea_coast(day_html, day_events, zs):
    land = _features(day_html, "lm-land")
    assert land
    centre = events_centre_lon(day_events)
    for place in ("kyiv", "przewodow"):
        lon, lat = _place(place)
        assert _painted(land, display_lon(lon, centre), lat)[0], place
    # every point on land (Natural Earth) of a grid over the Black Sea region's zone frame
    # grown by 5 degrees is painted as land (0.1 degree from a coast may fall either way)
    name, (w, s, e, n), _ = next(r for r in zs.regions if r[0] == "black_sea")
    countries = np.asarray(geo.countries().geometry.values, dtype=object)
    # (the grid is offset so that no point lies on a frame's edge, where land is cut)
    xs, ys = np.meshgrid(np.arange(w - 5, e + 5, 0.5) + 0.237,
                         np.arange(s - 5, n + 5, 0.5) + 0.137)
    pts = shapely.points(xs.ravel(), ys.ravel())
    inside = np.unique(shapely.STRtree(countries).query(pts, predicate="within")[0])
    coast = np.unique(shapely.STRtree(shapely.boundary(countries)).query(
        pts, predicate="dwithin", distance=0.1)[0])
    on_land = pts[np.setdiff1d(inside, coast)]
    assert len(on_land) > 300
    xy = shapely.get_coordinates(on_land)
    painted = _painted(land, display_lon(xy[:, 0], centre), xy[:, 1])
    blank = [tuple(v) for v in xy[~painted]]
    assert blank == [], f"{len(blank)} land points of the {name} view drawn as sea: {blank[:5]}"


def test_black_sea_zones_are_drawn_with_land_around_them(day_html, zs):
    eez = _features(day_html, "lm-zone")
    name, frame, _ = next(r for r in zs.regions if r[0] == "black_sea")
    box = shapely.box(*frame)
    black_sea = [f for f in eez if shapely.geometry.shape(f["geometry"]).intersects(box)]
    assert len(black_sea) >= 5, f"{name} zones missing from the page"
    # the land drawn reaches past the region's frame on every side (no blank sea there)
    # (make_valid: the page's rounded coordinates may pinch a display polygon, e.g. in the
    # Stockholm archipelago; only the extent matters here)
    land = shapely.union_all(shapely.make_valid([shapely.geometry.shape(f["geometry"])
                                                 for f in _features(day_html, "lm-land")]))
    w, s, e, n = frame
    lw, ls, le, ln = land.intersection(shapely.box(w - 20, s - 20, e + 20, n + 20)).bounds
    assert lw < w - 5 and ls < s - 5 and le > e + 5 and ln > n + 5


def test_crimea_is_hatched_and_names_its_claimants(day_html, zs):
    feats = _features(day_html, "lm-disputed-land")
    crimea = [f for f in feats if "Crimea" in f["properties"].get("popup", "")]
    assert len(crimea) == 1
    popup = crimea[0]["properties"]["popup"]
    for claimant in zs.claimants("crimea"):
        assert claimant in popup
    assert len(zs.claimants("crimea")) >= 2
    # its shape holds the Crimean land of the shipped coast
    land = zs.land[zs.land["label"] == "crimea"]
    inside = shapely.point_on_surface(shapely.union_all(land.geometry.values))
    assert shapely.geometry.shape(crimea[0]["geometry"]).buffer(0.05).contains(inside)
    # hatched: the layer fills with the page's SVG pattern, which the page defines
    layer = re.search(r'"fillColor": ?"url\(#(lm-hatch)\)"', day_html)
    assert layer and f'<pattern id="{layer.group(1)}"' in day_html
    # text reaching the page is escaped (the Cyrillic names pass, markup would not)
    assert "<script" not in popup


def test_disputed_land_text_is_escaped(zs):
    import geopandas as gpd

    from layers.disputed_land import disputed_land, disputed_land_layer

    frame = disputed_land(zs, [(32.4, 44.3, 36.7, 46.3)])
    assert list(frame["label"]) == ["crimea"]
    evil = frame.assign(name='<img src=x onerror="alert(1)">')
    m = layers.build_map(geo.events().iloc[:0], zones=zs, tiles="none", layers="land")
    disputed_land_layer(gpd.GeoDataFrame(evil, crs=4326), zoneset=zs).add_to(m)
    (feat,) = _features(layers.map_html(m), "lm-disputed-land")
    for key in ("popup", "tip"):
        text = feat["properties"][key]
        assert "<img" not in text and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text


def test_png_has_land_at_poland(tmp_path, day_events, zs, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt

    from layers.static import render_static
    from layers.style import LAND_STYLE, SEA_COLOUR

    seen = []
    close = plt.close

    def keep(fig=None):
        # savefig(bbox_inches="tight", pad_inches=0.15) cropped the figure to this box
        # (inches); the axes transform is read before the figure is closed
        bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.15)
        ax = fig.axes[0]
        seen.append((ax.transData.frozen(), bbox, fig.dpi, ax.get_xlim(), ax.get_ylim()))
        close(fig)

    monkeypatch.setattr(plt, "close", keep)
    out = render_static(day_events, tmp_path / "day.png", zones=zs, dpi=100)
    trans, bbox, dpi, (x0, x1), (y0, y1) = seen[-1]
    img = mpimg.imread(out)[:, :, :3]

    def pixel(lon: float, lat: float) -> np.ndarray:
        xd, yd = trans.transform((lon, lat))
        col = int(round(xd - bbox.x0 * dpi))
        row = int(round(bbox.y1 * dpi - yd))
        assert 0 <= row < img.shape[0] and 0 <= col < img.shape[1]
        return img[row, col]

    def rgb(hex_colour: str) -> np.ndarray:
        return np.asarray(matplotlib.colors.to_rgb(hex_colour))

    # Poland north of the Black Sea land's frame (Natural Earth) and at Przewodów (GSHHG)
    top = next(r[2] for r in zs.regions if r[0] == "black_sea")[3]
    pol = geo.countries()
    pol = pol[pol["iso3"] == "POL"].geometry.iloc[0]
    north = shapely.intersection(pol, shapely.box(x0, top + 0.3, x1, y1)).buffer(-0.2)
    assert not north.is_empty, "the picture should show Poland north of 52 N"
    for lon, lat in (shapely.get_coordinates(north.point_on_surface())[0],
                     _place("przewodow")):
        lon = float(display_lon(lon, events_centre_lon(day_events)))
        assert np.abs(pixel(lon, lat) - rgb(SEA_COLOUR)).max() > 0.05, (lon, lat)
    assert np.abs(pixel(*shapely.get_coordinates(north.point_on_surface())[0])
                  - rgb(LAND_STYLE["fillColor"])).max() < 0.05
    # the transform is right: the Caspian Sea (east of the Black Sea land's frame, no
    # zones, no country) is sea-coloured
    east = next(r for r in zs.regions if r[0] == "black_sea")[2][2]
    box = shapely.box(east + 0.3, 40.0, x1, 45.0)
    near = geo.countries()
    near = near[near.intersects(box)]
    caspian = box.difference(shapely.union_all(near.geometry.values).buffer(0.3))
    caspian = max(shapely.get_parts(caspian), key=lambda g: g.area)
    assert np.abs(pixel(*shapely.get_coordinates(caspian.point_on_surface())[0])
                  - rgb(SEA_COLOUR)).max() < 0.05


def test_land_of_the_default_map_stays_small(zs):
    """The land and disputed land of the default map (every shipped event) in bytes: the
    whole default page has a 6 MB budget (tests/test_layers.py) of which the base map
    may take 1.5 MB."""
    m = layers.build_map(geo.events(), zones=zs, tiles="none", layers="land,disputed_land")
    bare = layers.build_map(geo.events().iloc[:0], zones=zs, tiles="none", layers="impacts")
    size = len(layers.map_html(m).encode()) - len(layers.map_html(bare).encode())
    assert 0 < size <= 1_500_000, size


def test_lon_boxes_split_at_the_antimeridian_and_refuse_non_boxes():
    from layers.land import lon_boxes

    assert lon_boxes(20.0, 40.0, 30.0, 50.0) == [(20.0, 40.0, 30.0, 50.0)]
    # the NW Pacific land frame runs past 180: two boxes in [-180, 180]
    assert lon_boxes(100.0, 11.5, 200.0, 66.0) == [(100.0, 11.5, 180.0, 66.0),
                                                   (-180.0, 11.5, -160.0, 66.0)]
    assert lon_boxes(-200.0, -95.0, -170.0, 10.0) == [(160.0, -90.0, 180.0, 10.0),
                                                      (-180.0, -90.0, -170.0, 10.0)]
    assert lon_boxes(0.0, 0.0, 400.0, 1.0) == [(-180.0, 0.0, 180.0, 1.0)]
    with pytest.raises(ValueError, match="not a box"):
        lon_boxes(10.0, 5.0, 0.0, 6.0)
