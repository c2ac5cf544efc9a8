"""The ``layers`` package on the shipped data: escaping, display geometry, the map's HTML.

Browser behaviour (clicks, popups, the time control, no script from data running) is in
``test_browser.py``; the command line in ``test_map_cli.py``.
"""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
import layers
from geo.errors import LaunchmapError
from geo.geodesy import inverse
from layers.assets import ASSET_DIR, external_urls
from layers.escape import esc, js_json, linkify, safe_href
from layers.geojson import feature_collection, wrap_for_display

XSS_SYSTEM = '<img src=x onerror="window.__xss=1">Hwasong<script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def zs():
    from geo.zones import load_zones

    return load_zones()


@pytest.fixture(scope="module")
def events():
    return geo.events()


@pytest.fixture(scope="module")
def default_html(events, zs):
    m = layers.build_map(events, zones=zs, tiles="none")
    return layers.map_html(m), m


# ---------------------------------------------------------------------- escaping
def test_esc_escapes_markup_and_quotes():
    assert esc('<script>"x"&\'y\'') == "&lt;script&gt;&quot;x&quot;&amp;&#x27;y&#x27;"
    assert esc(None) == "" and esc(float("nan")) == ""


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "/relative/path", "ftp://example.org/x", "http://",
                                 'https://example.org/"onmouseover="x', "vbscript:msgbox(1)"])
def test_safe_href_refuses_everything_but_http_urls(url):
    assert safe_href(url) is None


def test_safe_href_keeps_http_urls_escaped():
    assert safe_href("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2"


def test_linkify_links_only_http_urls_and_escapes_the_rest():
    out = linkify('NHK <b>2016</b> http://www3.nhk.or.jp/news/a.html; javascript:alert(1) '
                  '(see https://example.org/x).')
    assert '<a href="http://www3.nhk.or.jp/news/a.html" target="_blank"' in out
    assert '<a href="https://example.org/x"' in out and "x</a>)." in out
    assert "&lt;b&gt;2016&lt;/b&gt;" in out
    assert "javascript:alert(1)" in out and 'href="javascript' not in out


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_text_never_holds_markup(s):
    out = esc(s)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert html_unescape(out) == s
    assert "</" not in js_json({"k": s}) and "<!--" not in js_json(s)
    assert json.loads(js_json(s)) == s


def html_unescape(s: str) -> str:
    import html

    return html.unescape(s)


# ---------------------------------------------------------------------- display geometry
def _max_jump(coords: list) -> float:
    arr = np.asarray(coords, float)
    return float(np.abs(np.diff(arr[:, 0])).max())


def test_ring_across_the_antimeridian_draws_as_one_piece():
    from geo.flight.rings import ring_geometry

    ring = ring_geometry((179.5, 0.0), 300.0)
    assert ring.geom_type == "MultiPolygon"  # geo cuts it at +/-180
    fc = json.loads(feature_collection(np.array([ring], dtype=object), [{}], centre_lon=150.0))
    geom = fc["features"][0]["geometry"]
    assert geom["type"] == "Polygon"  # joined again: no seam along 180
    ring_xy = geom["coordinates"][0]
    assert _max_jump(ring_xy) < 1.0  # no stripe across the world
    xs = [c[0] for c in ring_xy]
    assert min(xs) > 176.0 and max(xs) < 183.0


def test_track_across_the_antimeridian_is_continuous():
    from geo.flight.track import track

    tr = track((125.67, 39.22), (-170.0, 30.0))
    assert tr.geometry.geom_type == "MultiLineString"
    fc = json.loads(feature_collection(np.array([tr.geometry], dtype=object), [{}],
                                       centre_lon=150.0))
    geom = fc["features"][0]["geometry"]
    assert geom["type"] == "LineString"
    assert _max_jump(geom["coordinates"]) < 1.0
    assert geom["coordinates"][-1][0] == pytest.approx(190.0, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.floats(-179.9, 179.9), st.floats(-60, 60), st.floats(50, 3000),
       st.floats(-180, 180))
def test_wrapped_rings_never_jump(lon, lat, km, centre):
    from geo.flight.rings import ring_geometry

    ring = ring_geometry((lon, lat), km)
    out = wrap_for_display(np.array([ring], dtype=object), centre)[0]
    for part in shapely.get_parts(out):
        xy = np.asarray(part.exterior.coords)
        assert np.abs(np.diff(xy[:, 0])).max() < 30.0
        mid = (xy[:, 0].min() + xy[:, 0].max()) / 2
        assert centre - 180.0 - 1e-9 <= mid < centre + 180.0 + 1e-9


def test_uncertainty_outline_is_a_geodesic_circle_or_ellipse(events):
    from geo.ellipses import event_ellipses

    fell = events[events["impact_lon"].notna()]  # rows with a fall point
    # row 0 made a circle below; row 1 a row whose position has an along/across ellipse
    elliptic = fell[fell["impact_sigma_along_km"].notna() & fell["impact_azimuth_deg"].notna()]
    ev = pd.concat([fell.head(1), elliptic.head(1)]).copy()
    ev.loc[ev.index[0], ["impact_sigma_along_km", "impact_sigma_across_km"]] = np.nan
    outlines = event_ellipses(ev)
    # row 0: a circle of radius sigma (geodesic km)
    xy = np.asarray(outlines[0].exterior.coords)[:-1]
    r = ev.iloc[0]
    _, d = inverse(np.full(len(xy), r.impact_lon), np.full(len(xy), r.impact_lat), xy[:, 0],
                   xy[:, 1])
    assert np.allclose(d / 1000.0, r.impact_sigma_km, rtol=1e-6)
    # row 1: the ellipse; its vertex along the azimuth is sigma_along away, across is across
    r = ev.iloc[1]
    xy = np.asarray(outlines[1].exterior.coords)[:-1]
    az, d = inverse(np.full(len(xy), r.impact_lon), np.full(len(xy), r.impact_lat), xy[:, 0],
                    xy[:, 1])
    assert d[0] / 1000.0 == pytest.approx(r.impact_sigma_along_km, rel=1e-6)
    assert az[0] == pytest.approx(r.impact_azimuth_deg % 360.0, abs=1e-6)
    quarter = len(xy) // 4
    assert d[quarter] / 1000.0 == pytest.approx(r.impact_sigma_across_km, rel=1e-6)


def test_ellipse_vertices_are_geodesic_on_arrays_and_across_the_antimeridian():
    from geo.ellipses import ellipse_vertices, uncertainty_ellipses

    lon = np.array([179.9, 135.0])
    lat = np.array([10.0, 40.0])
    along, across, azim = np.array([300.0, 50.0]), np.array([100.0, 20.0]), \
        np.array([30.0, 100.0])
    x, y = ellipse_vertices(lon, lat, along, across, azim, n=8)
    assert x.shape == y.shape == (2, 8)
    az, d = inverse(np.repeat(lon, 8), np.repeat(lat, 8), x.ravel(), y.ravel())
    d = d.reshape(2, 8) / 1000.0
    assert d[:, 0] == pytest.approx(along, rel=1e-9)   # vertex 0: end of the along axis
    assert d[:, 2] == pytest.approx(across, rel=1e-9)  # vertex n/4: end of the across axis
    assert az.reshape(2, 8)[:, 0] == pytest.approx(azim, abs=1e-6)
    # the ring across the antimeridian stays continuous (its longitudes pass -180 or 180)
    assert x[0].max() - x[0].min() < 5.0 and (x[0].min() < -180.0 or x[0].max() > 180.0)
    # a circle where no axes are given, None where there is no position or no size
    out = uncertainty_ellipses([140.0, np.nan, 140.0], [35.0, 35.0, 35.0],
                               sigma_km=[25.0, 25.0, np.nan])
    assert out[1] is None and out[2] is None
    xy = np.asarray(out[0].exterior.coords)[:-1]
    _, r = inverse(np.full(len(xy), 140.0), np.full(len(xy), 35.0), xy[:, 0], xy[:, 1])
    assert np.allclose(r / 1000.0, 25.0, rtol=1e-9)


# ---------------------------------------------------------------------- display zones
def _gap_holes(geoms, reference) -> list:
    """Holes of the union of ``geoms`` that lie inside ``reference``: slivers opened
    between neighbours (a hole of the zones themselves, e.g. an island, is not inside)."""
    union = shapely.union_all(geoms)
    holes = [shapely.Polygon(h) for p in shapely.get_parts(union) for h in p.interiors]
    out = []
    for h in holes:
        # the open part of the hole (zones of this kind may lie inside it: the contiguous
        # zone around the Paracels' territorial sea holds islands of contiguous zone)
        opening = shapely.difference(h, union)
        if shapely.intersection(opening, reference).area > 0.5 * opening.area:
            out.append(h)
    return out


def test_display_zones_keep_neighbours_without_gap_or_overlap(zs):
    from layers.display import display_zones, fill_small_holes

    zs = zs.for_perspective("administering")  # the map draws one view's rows
    disp = display_zones(zs)
    naive_gaps = 0
    for kind in ("territorial_sea", "contiguous_zone", "eez"):
        full = zs.zones[zs.zones["kind"] == kind].geometry.values
        full = full[~shapely.is_empty(full)]
        filled = fill_small_holes(full)
        simple = disp[disp["kind"] == kind].geometry.values
        assert len(simple) == len(full)
        # far fewer vertices ...
        assert shapely.get_num_coordinates(simple).sum() < \
            0.3 * shapely.get_num_coordinates(full).sum()
        # ... no overlap between neighbours (sum of areas == area of the union; simplifying
        # each polygon on its own overlaps by ~1e-5 of the area here) ...
        union = shapely.union_all(simple)
        assert sum(shapely.area(simple)) - union.area < 1e-7 * union.area
        # ... and no sliver gap opened between them (on its own: 3 to 11 per kind)
        assert _gap_holes(simple, shapely.union_all(filled)) == []
        # ... and the simplifier was given (and gave) a valid coverage
        assert shapely.coverage_is_valid(simple), kind
        naive = shapely.simplify(filled, disp.attrs["tolerance_deg"])
        naive_gaps += len(_gap_holes(naive, shapely.union_all(filled)))
    assert naive_gaps > 0, "simplifying polygon by polygon should open gaps: check is void"


def test_node_coverage_makes_hair_disagreeing_neighbours_a_valid_coverage():
    """Two squares whose shared edge has a vertex on one side only, and a third that
    overlaps its neighbour by a hair: invalid as given, valid once re-noded, with the
    areas kept (the overlap goes to the first polygon)."""
    from layers.display import node_coverage

    a = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    b = shapely.Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (1, 0.5 + 1e-9)])
    c = shapely.Polygon([(0, 1 - 1e-7), (2, 1 - 1e-7), (2, 2), (0, 2)])
    geoms = np.array([a, b, c, None], dtype=object)
    assert not shapely.coverage_is_valid(geoms[:3])
    out = node_coverage(geoms)
    assert out[3] is None and shapely.coverage_is_valid(out[:3])
    assert shapely.area(out[:3]).sum() == pytest.approx(4.0, abs=1e-12)
    assert out[0].area == pytest.approx(1.0, abs=1e-12)  # c gives up its hair to a, b
    assert out[2].area == pytest.approx(2.0, abs=1e-12)  # it held 2 + 2e-7


def test_display_land_keeps_the_disputed_islets(zs):
    from layers.display import display_land

    land = display_land(zs.land)
    for label in ("senkaku", "takeshima"):
        assert (land["label"] == label).sum() >= 1


# ---------------------------------------------------------------------- the map
def test_default_map_is_offline_and_within_budget(default_html):
    html, m = default_html
    assert external_urls(html) == []
    # 6 MB: 165 launch records with their claims and profiles, the land beyond the zones'
    # frame and the zone regions the events' view reaches (the Baltic and Mediterranean
    # since they ship: 5.0 MB; 3.6 MB with three regions; 2.3 MB with 41 records and one)
    assert len(html.encode("utf-8")) <= 6_000_000
    assert "leaflet.js (vendored)" in html and "leaflet-measure.js (vendored)" in html
    assert "code.jquery.com" not in html and "bootstrap" not in html.split("<body>")[0]


def test_default_map_has_every_control(default_html):
    html, m = default_html
    assert "L.control.scale()" in html
    assert "L.Control.Measure" in html
    assert "L.control.fullscreen" in html
    assert "lm-legend" in html and "lm-time" in html
    assert "L.control.layers" in html


def test_default_map_lists_the_layers_with_readable_names(default_html):
    html, m = default_html
    info = m.launchmap_info
    assert set(info["layers"]) >= {"land", "eez", "contiguous_zone", "territorial_sea",
                                   "disputed", "tracks", "uncertainty", "sites", "impacts",
                                   "places", "rings"}
    for name in ("Impact points", "Launch sites", "Ground tracks (geodesic)",
                 "Disputed waters (all claimants)",
                 "Exclusive economic zones (200 nm) - view: administering"):
        assert json.dumps(name) in html


def test_popup_has_the_authority_words_the_verdicts_and_links(default_html, events):
    html, _ = default_html
    data = _layer_data(html, "lm-impact")
    feats = {"lm-ev-" + f["properties"]["ev"]["id"]: f for f in data}
    f = feats["lm-ev-2022-11-18-prk-1"]
    popup = f["properties"]["popup"]
    assert "Hwasong-17" in popup and "Oshima-Oshima" in popup
    assert "2022-11-18 01:14 UTC" in popup
    assert "6,000 km" in popup and "1,000 km" in popup and "69 min" in popup
    assert "JPN MOD said:" in popup
    assert "This tool&#x27;s verdict" in popup or "This tool's verdict" in popup
    assert "JPN EEZ" in popup
    assert '<a href="https://www.jiji.com/jc/article?k=2022111800409&amp;g=int"' in popup


def test_disputed_waters_name_every_claimant(default_html):
    html, _ = default_html
    feats = _layer_data(html, "lm-disputed")
    text = " ".join(f["properties"]["popup"] for f in feats)
    assert "Claimed by:</b> CHN, JPN, TWN" in text  # Senkaku / Diaoyu
    assert "Claimed by:</b> JPN, KOR" in text       # Takeshima / Dokdo
    assert "Claimed by:</b> JPN, RUS" in text       # southern Kurils


def test_perspective_changes_the_owner_colours(events, zs):
    from layers.style import state_colour

    def senkaku_ts_colour(p):
        html = layers.map_html(layers.build_map(events.head(2), zones=zs, tiles="none",
                                                layers="territorial_sea", perspective=p))
        for f in _layer_data(html, "lm-territorial_sea"):
            if "Senkaku" in f["properties"]["tip"]:
                return f["properties"]["s"]["fillColor"]
        raise AssertionError("no Senkaku territorial sea drawn")

    assert senkaku_ts_colour("administering") == state_colour("JPN")
    assert senkaku_ts_colour("CHN") == state_colour("CHN")
    assert senkaku_ts_colour("TWN") == state_colour("TWN")


def test_untrusted_strings_are_escaped_in_the_html(events, zs):
    ev = events[events["id"] == "2022-11-18-prk-1"].copy()
    ev["system"] = XSS_SYSTEM
    ev["notes"] = "</script><script>window.__xss=3</script> ${window.__xss=4} `tick`"
    ev["source"] = 'javascript:alert(1) https://example.org/"><img src=x onerror=alert(1)>'
    html = layers.map_html(layers.build_map(ev, zones=zs, tiles="none",
                                            layers="impacts,sites"))
    assert "<img src=x" not in html and "<script>window.__xss" not in html
    props = _layer_data(html, "lm-impact")[0]["properties"]
    # HTML strings (popup, tooltip) are escaped before they reach the page; the event
    # list's plain-text fields (``ev``) are JSON in a script (every "<" written as
    # \u003c) and are put in the page with textContent only (tests/test_browser.py)
    for key in ("popup", "tip"):
        assert "window.__xss=2</script" not in props[key]
    assert props["ev"]["s"] == XSS_SYSTEM
    assert "window.__xss=2</script" not in html  # no closing tag reaches a script
    popup = props["popup"]
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in popup
    assert 'href="javascript' not in popup
    assert '<a href="https://example.org/"' in popup


def test_layers_can_be_chosen_and_unknown_ones_are_refused(events, zs):
    m = layers.build_map(events, zones=zs, tiles="none", layers="impacts,zones")
    present = set(zs.for_perspective("administering").zones["kind"])
    drawn = tuple(k for k in ("eez", "contiguous_zone", "territorial_sea",
                              "archipelagic_waters", "internal_waters") if k in present)
    assert m.launchmap_info["layers"] == (*drawn, "impacts")
    with pytest.raises(LaunchmapError, match="unknown layer.*'nope'.*choose from"):
        layers.parse_layers("impacts,nope")


def test_every_layer_key_has_a_module_with_build():
    from layers.registry import REGISTRY, builder
    from layers.style import LAYER_TITLES

    assert list(REGISTRY) == list(LAYER_TITLES)  # same keys, same drawing order
    for key in REGISTRY:
        assert callable(builder(key)), key
    with pytest.raises(LaunchmapError, match="no module draws layer 'nope'"):
        builder("nope")


def test_custom_map_composed_with_add_to(tmp_path, events):
    import folium

    ev = layers.select_events(events, system="Hwasong-17")
    assert len(ev) >= 3
    m = folium.Map(location=[38.0, 170.0], zoom_start=5, tiles=None)
    layers.impacts_layer(ev).add_to(m)
    layers.uncertainty_layer(ev).add_to(m)
    layers.sites_layer(ev).add_to(m)
    folium.LayerControl().add_to(m)
    out = tmp_path / "custom.html"
    m.save(str(out))
    html = out.read_text(encoding="utf-8")
    impacts = _layer_data(html, "lm-impact")
    # rows without a stated fall point (impact_basis none) have no marker and no ellipse
    fell = ev[ev["impact_lon"].notna()]
    assert 0 < len(fell) < len(ev)
    assert {"lm-ev-" + f["properties"]["ev"]["id"] for f in impacts} == \
        {f"lm-ev-{i}" for i in fell["id"]}
    assert len(_layer_data(html, "lm-uncertainty")) == len(fell)
    assert len(_layer_data(html, "lm-site")) >= 1
    # the longitudes are written around the map's centre (170), not a hand-fed one
    xs = [f["geometry"]["coordinates"][0] for f in impacts]
    assert all(-10.0 <= x < 350.0 for x in xs)
    # the layers bring their panes and the page CSS to a plain folium.Map
    assert 'createPane("lm-points")' in html and "lm-popup" in html.split("<body>")[0]
    # on a map made without a location the layer centres on its own data
    m2 = folium.Map(tiles=None)
    layers.impacts_layer(ev).add_to(m2)
    xs2 = [f["geometry"]["coordinates"][0] for f in _layer_data(m2.get_root().render(),
                                                                "lm-impact")]
    assert xs2 == pytest.approx(list(fell["impact_lon"]), abs=1e-4)


def test_select_events_filters_by_date_actor_and_system(events):
    sel = layers.select_events(events, since="2022-01-01", until="2022-12-31", actor="prk")
    assert len(sel) and set(sel["actor"]) == {"PRK"}
    assert pd.to_datetime(sel["date"]).dt.year.eq(2022).all()
    hw = layers.select_events(events, system="hwasong-17")
    assert "2022-11-18-prk-1" in set(hw["id"])
    with pytest.raises(LaunchmapError, match="not a date"):
        layers.select_events(events, since="18/11/2022")


def test_static_pictures_are_written_offline(tmp_path, events, zs):
    png = layers.render_static(events, tmp_path / "m.png", zones=zs)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50_000
    svg = layers.render_static(events, tmp_path / "m.svg", zones=zs, layers="impacts,land")
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text


# ---------------------------------------------------------------------- vendored assets
def test_vendored_assets_match_their_manifest():
    manifest = json.loads((ASSET_DIR / "assets.json").read_text())
    assert {p["name"] for p in manifest["packages"]} == {"leaflet", "leaflet-measure",
                                                          "leaflet.fullscreen", "leaflet.markercluster"}
    for name, info in manifest["files"].items():
        data = (ASSET_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info["sha256"], name
        if name.endswith(".css"):
            refs = re.findall(r"url\(([^)]*)\)", data.decode())
            assert all(r.strip("'\"").startswith(("data:", "#")) for r in refs), name


# ---------------------------------------------------------------------- helpers
def _layer_data(html: str, css_class: str) -> list[dict]:
    """Features of the L.geoJSON layers whose class names include ``css_class``."""
    out = []
    for m in re.finditer(r"L\.geoJSON\((\{\"type\":\"FeatureCollection\".*?\}), \{\s*pane: "
                         r"\"[^\"]*\",\s*className: \"([^\"]*)\"", html, flags=re.S):
        data, cls = m.group(1), m.group(2)
        feats = json.loads(data)["features"]
        if css_class in cls.split():
            out.extend(feats)
        else:
            out.extend(f for f in feats if css_class in str(f["properties"].get("c", "")).split())
    return out


def test_treaty_layer_draws_the_agreed_line_with_its_treaty(default_html):
    html, m = default_html
    assert "treaties" in m.launchmap_info["layers"]
    feats = _layer_data(html, "lm-treaty")
    # one line per treaty of agreed_boundaries.csv: Beibu Gulf (2000), Korea Strait (1974)
    assert len(feats) == 2
    tonkin = next(f for f in feats if "Beibu Gulf" in f["properties"]["popup"])
    coords = np.asarray(tonkin["geometry"]["coordinates"])
    # Art. II point 1 (Beilun estuary) to point 21, densified along geodesics
    assert len(coords) > 100
    assert coords[0] == pytest.approx([108.1012, 21.4701], abs=1e-3)
    assert coords[-1] == pytest.approx([107.9667, 17.7833], abs=1e-3)
    popup = tonkin["properties"]["popup"]
    assert "Beibu Gulf" in popup and "CHN, VNM" in popup and "21 turning points" in popup
    korea = next(f for f in feats if f is not tonkin)["properties"]["popup"]
    assert "JPN, KOR" in korea and "35 turning points" in korea
    assert "Treaty boundary (agreed line)" in html  # legend


def test_treaty_popup_escapes_the_table():
    from geo.zones.agreed import AgreedBoundary
    from layers.treaties import treaties_layer

    b = AgreedBoundary("<b>x</b>", "AAA", "BBB", np.array([[140.0, 30.0], [141.0, 31.0]]),
                       np.array([[139.0, 29.0], [142.0, 29.0], [142.0, 32.0]]),
                       '<img src=x onerror="alert(1)">Treaty')
    import folium

    m = folium.Map()
    treaties_layer([b], centre_lon=140.0).add_to(m)
    html = m.get_root().render()
    assert "<img src=x" not in html
    (feat,) = _layer_data(html, "lm-treaty")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Treaty" in feat["properties"]["popup"]
    assert "&lt;b&gt;x&lt;/b&gt;" in feat["properties"]["tip"]


def test_state_colours_stay_apart_for_colour_blind_readers(events):
    """Every pair of the fixed state colours, and of the actors of the shipped catalogue,
    stays apart under normal, protan, deutan and tritan vision (Machado et al. 2009)."""
    from layers.palette import VISIONS, delta_e, min_distance
    from layers.style import STATE_COLOURS, state_colour

    d, vision, pair = min_distance(STATE_COLOURS.values())
    assert d >= 10.0, (d, vision, [list(STATE_COLOURS)[i] for i in pair])
    actors = sorted(set(events["actor"].astype(str)))
    assert len(actors) >= 2
    d, vision, pair = min_distance([state_colour(a) for a in actors])
    assert d >= 30.0, (d, vision, [actors[i] for i in pair])
    # the simulation itself: red and green, far apart normally, collapse for deutans
    rg = ["#d62728", "#2ca02c"]
    assert delta_e(rg, "normal")[0, 1] > 60 and delta_e(rg, "deuteranopia")[0, 1] < 15
    assert set(VISIONS) == {"normal", "protanopia", "deuteranopia", "tritanopia"}


def test_the_page_has_a_title_an_event_list_and_a_view_fitted_around_the_controls(
        events, zs):
    html = layers.map_html(layers.build_map(events, zones=zs, tiles="none",
                                            layers="impacts,tracks", title="A <b>map</b>"))
    assert "<title>A &lt;b&gt;map&lt;/b&gt;</title>" in html
    assert 'name="viewport"' in html
    assert "window.launchmapView" in html and "window.launchmapList" in html
    from layers.popups import event_popup

    row = events[events["id"] == "2022-11-18-prk-1"].iloc[0].to_dict()
    popup = event_popup(row)
    # verdict, position and claims first; the authority's words and sources after
    assert popup.index("verdict") < popup.index("Position used") < popup.index("said:") \
        < popup.index("Source")


def test_default_rings_are_the_events_systems_from_systems_csv(events):
    from geo.flight.systems import load_systems, match_system
    from layers.rings import reverse_rings, ring_popup, system_rings_for

    rings = system_rings_for(events)
    table = load_systems().set_index("id")
    named = {match_system(t) for t in events["system"].astype(str)} - {None}
    assert set(rings["system_id"]) <= named and "hwasong_17" in set(rings["system_id"])
    for row in rings.to_dict("records"):
        assert row["range_km"] == table.loc[row["system_id"], "range_km"]
        popup = ring_popup(row)
        assert esc(table.loc[row["system_id"], "name"]) in popup
        assert "Source (systems.csv)" in popup and "<a href=\"http" in popup
    # each ring is around the launch site its system's events use most
    hs17 = events[events["system"].astype(str).map(match_system) == "hwasong_17"]
    site = geo.find_place(hs17["launch_site"].astype(str).value_counts().index[0])
    centre = rings.set_index("system_id").loc["hwasong_17"]
    assert (centre["site_lon"], centre["site_lat"]) == pytest.approx((site.lon, site.lat))
    # reverse rings: around the impact, the event's own system by default
    rev = reverse_rings(events, "2022-11-18-prk-1")
    row = events[events["id"] == "2022-11-18-prk-1"].iloc[0]
    assert list(rev["system_id"]) == ["hwasong_17"]
    assert (rev["site_lon"].iat[0], rev["site_lat"].iat[0]) == (row["impact_lon"],
                                                               row["impact_lat"])
    launch = shapely.Point(row["launch_lon"], row["launch_lat"])
    assert rev.geometry.iat[0].contains(launch)  # the real launch site lies inside
    short = reverse_rings(events, "2022-11-18-prk-1", ["hwasong_11"])
    assert not short.geometry.iat[0].contains(launch)  # 690 km cannot reach 1,000 km
    with pytest.raises(LaunchmapError, match="no event with id 'nope'"):
        reverse_rings(events, "nope")



def test_big_input_is_clustered_compact_and_offline(events, zs):
    from layers.bigimpacts import CLUSTER_ABOVE, DECIMATED_TO

    n = CLUSTER_ABOVE + 1
    events = events[events["impact_lon"].notna()]  # every big-map event has a marker
    reps = -(-n // len(events))
    big = pd.concat([events] * reps, ignore_index=True).iloc[:n].copy()
    big["id"] = [f"{i}-x{k}" for k, i in enumerate(big["id"])]
    small = layers.map_html(layers.build_map(events, zones=zs, tiles="none",
                                             layers="impacts,tracks"))
    html = layers.map_html(layers.build_map(big, zones=zs, tiles="none",
                                            layers="impacts,tracks"))
    assert "L.markerClusterGroup" in html and "L.markerClusterGroup" not in small
    assert external_urls(html) == []
    assert len(_layer_data(html, "lm-track")) == DECIMATED_TO
    assert f"{DECIMATED_TO:,} of {n:,} drawn" in html
    # per event: a few hundred bytes (columns, and here the 1,000 decimated tracks too),
    # not a popup of several kB
    per_event = (len(html) - len(small)) / (n - len(events))
    assert per_event < 600, per_event


def test_offline_land_reaches_the_events_beyond_the_zones_frame(events, zs):
    from layers.land import world_beyond_frame

    far = events[events["actor"].isin(["UKR", "RUS"])]
    assert len(far)
    world = world_beyond_frame(events)
    assert world is not None and "UKR" in set(world["iso3"])
    # every far launch or impact point that lies on land lies on a drawn country
    countries = geo.countries()
    for cx, cy in (("impact_lon", "impact_lat"), ("launch_lon", "launch_lat")):
        pts = shapely.points(far[cx].astype(float), far[cy].astype(float))
        for p in pts[~shapely.is_missing(pts) & ~shapely.is_empty(pts)]:
            if countries.contains(p).any():
                assert world.buffer(0.15).contains(p).any()
    assert world_beyond_frame(events[events["id"] == "2022-11-18-prk-1"]) is None
    html = layers.map_html(layers.build_map(events, zones=zs, tiles="none",
                                            layers="land,impacts"))
    assert "lm-world" in html


def test_play_steps_faster_for_long_catalogues_but_never_takes_longer_than_its_budget():
    from layers.timeline import PLAY_TOTAL_MS, play_step_ms

    assert play_step_ms(10) == 900
    assert play_step_ms(150) * 150 <= PLAY_TOTAL_MS
    assert play_step_ms(100_000) == 60
    steps = [play_step_ms(n) for n in range(1, 2000)]
    assert steps == sorted(steps, reverse=True)
