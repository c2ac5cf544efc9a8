"""Derived impact shapes on the interactive map: a dashed outline per row, no marker.

The map is built from a selection of the shipped catalogue (May-December 2019: a dozen
rows with a derived shape, one with a stated point, some with neither), as
``launchmap map`` builds it; the features are read back from the page's ``L.geoJSON``
data.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely

import geo
import layers
from geo.catalogue_derived import event_shape
from layers.derived import MIN_SHARE, OUTLINE_TOLERANCE_DEG, derived_outlines, derived_popup
from layers.mapbuild import map_html

#: ``L.geoJSON(<data>, {pane, className, interactive, style: ... Object.assign({}, <base>``
_LAYER = re.compile(r"L\.geoJSON\((\{\"type\":\"FeatureCollection\".*?\}), \{\s*pane: "
                    r"\"[^\"]*\",\s*className: \"([^\"]*)\",\s*interactive: \w+,\s*style: "
                    r"function \(f\) \{\s*return Object\.assign\(\{\}, (\{.*?\}), f",
                    flags=re.S)


def geojson_layers(html: str) -> list[tuple[str, dict, list[dict]]]:
    """``(class name, base style, features)`` of every ``L.geoJSON`` layer of a page."""
    return [(m.group(2), json.loads(m.group(3)), json.loads(m.group(1))["features"])
            for m in _LAYER.finditer(html)]


@pytest.fixture(scope="module")
def selection():
    ev = layers.select_events(geo.events(), since="2019-05-01", until="2019-12-31")
    derived = ev[ev["impact_shape"] != ""]
    # the selection holds both kinds of row, and rows with neither (no fall point)
    assert len(derived) >= 5 and ev["impact_lon"].notna().any()
    assert len(derived) + ev["impact_lon"].notna().sum() < len(ev)
    return ev


@pytest.fixture(scope="module")
def page(selection, shipped_zones):
    m = layers.build_map(selection, tiles="none", layers="impacts", zones=shipped_zones)
    return geojson_layers(map_html(m))


def test_one_dashed_outline_per_derived_row_and_no_marker(selection, page):
    derived = selection[selection["impact_shape"] != ""]
    outlines = [(style, f) for cls, style, feats in page if "lm-derived" in cls.split()
                for f in feats]
    assert len(outlines) == len(derived)
    for style, _ in outlines:
        assert style.get("dashArray") and style.get("fill") is False
    # each outline is its row's shape (matched by the id the popup ends with)
    by_id = {re.search(r"id ([^<]+)</div></div></div>$", f["properties"]["popup"]).group(1): f
             for _, f in outlines}
    assert set(by_id) == set(derived["id"])
    for row in derived.to_dict("records"):
        drawn = shapely.geometry.shape(by_id[row["id"]]["geometry"])
        wkt = shapely.from_wkt(row["impact_shape"])
        assert drawn.geom_type in ("Polygon", "MultiPolygon")
        # simplified for the page by at most OUTLINE_TOLERANCE_DEG (and rounded to 1e-4)
        assert shapely.hausdorff_distance(drawn, wkt) <= OUTLINE_TOLERANCE_DEG + 2e-4, row["id"]
        moved = drawn.symmetric_difference(wkt).area  # boundary moved <= tolerance: area
        assert moved <= wkt.length * (OUTLINE_TOLERANCE_DEG + 2e-4), row["id"]  # <= length*tol
    # impact markers: one per row with a point, none for a derived row
    markers = [f for cls, _, feats in page for f in feats
               if "lm-impact" in str(f["properties"].get("c", "")).split()]
    marker_ids = {f["properties"]["ev"]["id"] for f in markers}
    assert marker_ids == set(selection.loc[selection["impact_lon"].notna(), "id"])
    assert not marker_ids & set(derived["id"])


def test_popup_says_how_the_shape_was_derived(selection, page):
    derived = selection[selection["impact_shape"] != ""].set_index("id")
    sites = dict(zip(geo.places()["id"], geo.places()["name"], strict=True))
    feats = [f for cls, _, fs in page if "lm-derived" in cls.split() for f in fs]
    for f in feats:
        popup = f["properties"]["popup"]
        eid = re.search(r"id ([^<]+)</div></div></div>$", popup).group(1)
        row = derived.loc[eid]
        shape = event_shape(row.to_dict())
        assert "derived by launchmap" in popup and "not stated" in popup
        assert sites[row["launch_site"]] in popup
        assert f"about {row['range_km']:,.0f} km" in popup
        assert f"read as {shape.r_min_km:,.0f}-{shape.r_max_km:,.0f} km" in popup
        assert f"{shape.az_min_deg % 360:.2f}-" in popup
        assert f["properties"]["t"] == int(row["date"].value // 1_000_000)
        # the source's first link is in the popup, as a link
        url = re.search(r"https?://[^\s<>\"']+", row["source"]).group(0).rstrip(".,;:)]}")
        assert f'href="{url.replace("&", "&amp;")}"' in popup, eid
        # the map does not compute the zones over a shape (a time budget); it says so
        assert "not computed here" in popup and "zone_checks" in popup


def test_popup_lists_the_zones_over_the_shape_given_a_zone_set(selection, shipped_zones):
    """With a zone set, each popup lists the share of the shape's samples per zone; the
    state holding most samples leads the list (checked against :func:`geo.classify` of
    the same samples, the innermost zone of each). No point verdict is given."""
    derived = selection[selection["impact_shape"] != ""]
    outlines = derived_outlines(derived, zoneset=shipped_zones)
    assert len(outlines.properties) == len(derived)
    for row, props in zip(derived.to_dict("records"), outlines.properties, strict=True):
        popup = props["popup"]
        assert f"id {row['id']}<" in popup
        assert "not computed" not in popup and "verdict at that point" not in popup
        lon, lat = event_shape(row).samples(2048)
        cls = geo.classify(lon=lon, lat=lat, source=shipped_zones)
        states = cls["state"].astype(object).fillna("-").value_counts(normalize=True)
        listed = re.findall(r"<li>([A-Z]{3}) [^<]*?: (\d+)%</li>", popup)
        assert listed, row["id"]
        if states.iloc[0] - (states.iloc[1] if len(states) > 1 else 0) > 0.01:
            assert listed[0][0] == states.index[0], (row["id"], listed, states.head(3))
        assert all(int(p) >= round(100 * MIN_SHARE) for _, p in listed)


def test_hostile_text_of_a_derived_row_is_escaped(selection):
    row = selection[selection["impact_shape"] != ""].iloc[[0]].copy()
    row["impact_statement"] = '<img src=x onerror="alert(1)">fell'
    row["source"] = 'javascript:alert(2) https://example.org/"onmouseover="alert(3)"'
    row["launch_site"] = "<script>alert(4)</script>"  # unknown to the gazetteer
    row["notes"] = "</script><b>bold</b>"
    outlines = derived_outlines(row)
    popup = outlines.properties[0]["popup"]
    for raw in ("<img", "<script", "</script", "<b>bold", 'href="javascript'):
        assert raw not in popup, raw
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;fell" in popup
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in popup
    assert '<a href="https://example.org/"' in popup
    # no zone set given: the popup says the zones were not computed (no point verdict)
    assert "not computed" in popup
    assert derived_popup(row.iloc[0].to_dict(), None, zones=[]).count("no zone") == 1


def test_rows_without_a_shape_draw_nothing(selection):
    assert derived_outlines(selection[selection["impact_shape"] == ""]) is None
    assert derived_outlines(selection.drop(columns="impact_shape")) is None
    assert np.isnan(selection.loc[selection["impact_shape"] != "", "impact_lon"]).all()


@pytest.mark.browser
@pytest.mark.slow
def test_outlines_open_their_popup_and_follow_the_time_control(browser, http_root, selection,
                                                               shipped_zones):
    from browser_support import open_page

    derived = selection[selection["impact_shape"] != ""]
    m = layers.build_map(selection, tiles="none", layers="impacts", zones=shipped_zones)
    layers.save_map(m, http_root.folder / "derived.html")
    page, log = open_page(browser, http_root.url("derived.html"))
    page.wait_for_selector("path.lm-derived")
    assert page.locator("path.lm-derived").count() == len(derived)
    assert page.locator("path.lm-impact").count() == int(selection["impact_lon"].notna().sum())
    page.locator("path.lm-derived").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    assert "derived by launchmap" in popup.inner_text()
    # the time control shows the outlines of the days up to the one chosen
    labels = page.evaluate("window.launchmapTime.labels")
    page.evaluate("window.launchmapTime.set(0)")
    first = (derived["date"].dt.strftime("%Y-%m-%d") <= labels[0]).sum()
    assert page.locator("path.lm-derived").count() == first < len(derived)
    assert [m for m in log["console"] if m[0] == "error"] == [] and log["errors"] == []
    assert log["external"] == []
    page.close()
