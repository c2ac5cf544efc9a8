"""The generated map in a real browser (headless Debian Chromium through Playwright).

The HTML is made by ``launchmap map --tiles none`` from the shipped data and served from
127.0.0.1; the page must load with no console error and no request leaving localhost,
list its layers, open the 2022-11-18 popup, play the time control, and show hostile text
from a user CSV as text without running it. A screenshot goes to tests/artifacts/.
"""

from __future__ import annotations

import csv

import pytest
from browser_support import ARTIFACTS, browser, http_root, open_page  # noqa: F401

from geo._paths import data_path
from geo.catalogue import COLUMNS
from layers.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXPECTED_LAYERS = [
    "Land (shipped coastline, offline base map)",
    "Exclusive economic zones (200 nm) - view: administering",
    "Contiguous zones (24 nm) - view: administering",
    "Territorial seas (12 nm) - view: administering",
    "Internal waters (landward of straight baselines) - view: administering",
    "Disputed waters (all claimants)",
    "Treaty boundaries (agreed lines)",
    "Declared closure / danger areas (hatched by purpose)",
    "Missile-defence coverage",
    "Range rings",
    "Gazetteer places",
    "Ground tracks (geodesic)",
    "Impact uncertainty (1 sigma)",
    "Launch sites",
    "Impact points",
]

XSS = {
    "id": 'xss-1"><img src=x onerror=window.__xss=6>',
    "system": '<img src=x onerror="window.__xss=1;alert(1)">Hwasong<script>window.__xss=2;'
              'alert(2)</script>',
    "notes": "</script><script>window.__xss=3;alert(3)</script> ${window.__xss=4} `tick`",
    "source": 'javascript:window.__xss=5 https://example.org/"onmouseover="window.__xss=7"',
    "impact_statement": "<b onmouseover=alert(8)>fell</b> near Oshima-Oshima",
}


@pytest.fixture(scope="module")
def default_page_url(http_root):  # noqa: F811 - fixtures from browser_support
    out = http_root.folder / "default.html"
    assert main(["map", "--out", str(out), "--tiles", "none"]) == 0
    return http_root.url("default.html")


@pytest.fixture(scope="module")
def xss_page_url(http_root):  # noqa: F811 - fixtures from browser_support
    with open(data_path("events.csv"), encoding="utf-8", newline="") as fh:
        base = next(r for r in csv.DictReader(fh) if r["id"] == "2022-11-18-prk-1")
    row = dict(base, **XSS)
    path = http_root.folder / "xss.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore")
        w.writeheader()
        w.writerow(row)
    out = http_root.folder / "xss.html"
    assert main(["map", "--events", str(path), "--out", str(out), "--tiles", "none",
                 "--layers", "land,impacts,sites,tracks"]) == 0
    return http_root.url("xss.html")


@pytest.fixture(scope="module")
def custom_page_url(http_root):  # noqa: F811 - fixtures from browser_support
    """A plain folium.Map (offline assets) with three layers put on it by ``.add_to``."""
    import geo
    import layers
    from layers.assets import OfflineMap

    ev = layers.select_events(geo.events(), system="Hwasong-17")
    m = OfflineMap(location=[40.0, 135.0], zoom_start=5, tiles=None)
    layers.tracks_layer(layers.event_track_frame(ev)).add_to(m)
    layers.uncertainty_layer(ev).add_to(m)
    layers.impacts_layer(ev).add_to(m)
    layers.save_map(m, http_root.folder / "custom.html")
    return http_root.url("custom.html"), len(ev)


def _clean(log) -> None:
    errors = [m for m in log["console"] if m[0] == "error"]
    assert errors == [], errors
    assert log["errors"] == []
    assert log["external"] == [], log["external"]
    assert log["failed"] == []


def test_page_loads_offline_without_errors(browser, default_page_url):  # noqa: F811 - fixtures from browser_support
    page, log = open_page(browser, default_page_url)
    page.wait_for_selector(".leaflet-control-layers")
    page.wait_for_selector("path.lm-impact")
    _clean(log)
    for sel in (".leaflet-control-scale", ".leaflet-control-measure", ".lm-legend", ".lm-time",
                ".lm-title", "path.lm-land", "path.lm-eez", "path.lm-disputed",
                "path.lm-impact"):
        assert page.locator(sel).count() >= 1, sel
    assert page.locator("[class*='fullscreen']").count() >= 1
    # the hatch pattern fills the disputed waters
    fill = page.eval_on_selector("path.lm-disputed:not([fill='none'])",
                                 "p => getComputedStyle(p).fill")
    assert "lm-hatch" in fill
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_default.png"))
    page.close()


def test_layer_control_lists_the_layers(browser, default_page_url):  # noqa: F811 - fixtures from browser_support
    page, log = open_page(browser, default_page_url)
    names = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    names = [n.strip() for n in names]
    assert names == EXPECTED_LAYERS
    # switching a layer off removes its paths
    before = page.locator("path.lm-track").count()
    assert before > 0
    page.get_by_text("Ground tracks (geodesic)", exact=True).click()
    assert page.locator("path.lm-track").count() == 0
    _clean(log)
    page.close()


def test_time_control_and_the_2022_11_18_popup(browser, default_page_url):  # noqa: F811 - fixtures from browser_support
    page, log = open_page(browser, default_page_url)
    page.wait_for_selector(".lm-time input[type=range]")
    days = page.evaluate("window.launchmapTime.labels")
    assert days == sorted(days) and "2022-11-18" in days
    total = page.locator("path.lm-impact").count()
    # step the slider to 2022-11-18: later impacts disappear
    idx = days.index("2022-11-18")
    page.evaluate(f"""() => {{ const s = document.querySelector('.lm-time input');
                      s.value = {idx}; s.dispatchEvent(new Event('input')); }}""")
    assert "2022-11-18" in page.locator(".lm-time-label").inner_text()
    shown = page.locator("path.lm-impact").count()
    assert 0 < shown < total
    # the marker of that day is on top at its position: a real mouse click opens it
    marker = page.locator("path.lm-ev-2022-11-18-prk-1")
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Hwasong-17" in text and "Oshima-Oshima" in text
    assert "JPN MOD said:" in text and "verdict" in text
    links = popup.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert links and all(h.startswith(("https://", "http://")) for h in links)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_popup_2022-11-18.png"))
    # play runs through to the last day
    page.evaluate("window.launchmapTime.set(0)")
    assert page.locator("path.lm-impact").count() < shown
    page.evaluate("window.launchmapTime.play()")
    page.wait_for_function("window.launchmapTime.index() === window.launchmapTime.days.length - 1",
                           timeout=60_000)
    assert page.locator("path.lm-impact").count() == total
    _clean(log)
    page.close()


def test_hostile_text_is_shown_never_run(browser, xss_page_url):  # noqa: F811 - fixtures from browser_support
    page, log = open_page(browser, xss_page_url)
    marker = page.locator("path.lm-impact")
    assert marker.count() == 1
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert '<img src=x onerror="window.__xss=1;alert(1)">Hwasong<script>' in text
    assert "</script><script>window.__xss=3" in text and "${window.__xss=4}" in text
    assert '<b onmouseover=alert(8)>fell</b>' in text
    assert popup.locator("img, script, b[onmouseover]").count() == 0
    hrefs = popup.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(h.startswith("https://") for h in hrefs)
    popup.locator("a").first.hover()
    page.locator("path.lm-impact").hover()
    page.locator(".leaflet-tooltip").wait_for()  # the hover has been handled
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert log["dialogs"] == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_xss.png"))
    _clean(log)
    page.close()


def test_custom_map_from_single_layers_draws_without_errors(browser, custom_page_url):  # noqa: F811 - fixtures from browser_support
    url, n = custom_page_url
    page, log = open_page(browser, url)
    page.wait_for_selector("path.lm-impact")
    assert page.locator("path.lm-impact").count() == n
    assert page.locator("path.lm-track").count() >= 1
    assert page.locator("path.lm-uncertainty").count() == n
    # the layers made their panes on a map that had none
    z = page.evaluate("getComputedStyle(document.querySelector('.leaflet-lm-points-pane'))"
                      ".zIndex")
    assert z == "640"
    page.locator("path.lm-impact").first.dispatch_event("click")
    page.locator(".leaflet-popup-content").wait_for()
    _clean(log)
    page.close()
