"""The generated map in a real browser (headless Debian Chromium through Playwright).

The HTML is made by ``launchmap map --tiles none`` from the shipped data and served from
127.0.0.1; the page must load with no console error and no request leaving localhost,
list its layers, open the 2022-11-18 popup, play the time control, and show hostile text
from a user CSV as text without running it. A screenshot goes to tests/artifacts/.
"""

from __future__ import annotations

import csv

import pytest
from browser_support import ARTIFACTS, open_page

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
    "Disputed land (all claimants)",
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
def default_page_url(http_root):
    out = http_root.folder / "default.html"
    assert main(["map", "--out", str(out), "--tiles", "none"]) == 0
    return http_root.url("default.html")


@pytest.fixture(scope="module")
def xss_page_url(http_root):
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
def custom_page_url(http_root):
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
    # rows without a stated fall point draw no marker and no ellipse
    return http_root.url("custom.html"), int(ev["impact_lon"].notna().sum())


def shipped_events():
    """The shipped catalogue as the default map draws it (every row; ``impact_lon`` is
    null for the rows without a stated fall point)."""
    import geo

    return geo.events()


def click_event(page, event_id: str):
    """Click the centre of an event's marker with the mouse; when the markers there
    overlap, choose the event in the list that opens. Returns the event's popup."""
    marker = page.locator(f"path.lm-ev-{event_id}")
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content").last  # a closing one fades for 0.2 s
    popup.wait_for()
    if popup.locator(".lm-pick").count():
        popup.locator(f".lm-pick button[data-event='{event_id}']").click()
        page.wait_for_function(
            "id => { const c = [...document.querySelectorAll('.leaflet-popup-content')].pop();"
            " return c && !c.querySelector('.lm-pick') && c.innerText.includes('id ' + id); }",
            arg=event_id)
    return page.locator(".leaflet-popup-content").last


def _clean(log) -> None:
    errors = [m for m in log["console"] if m[0] == "error"]
    assert errors == [], errors
    assert log["errors"] == []
    assert log["external"] == [], log["external"]
    assert log["failed"] == []


def test_page_loads_offline_without_errors(browser, default_page_url):
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


def test_layer_control_lists_the_layers(browser, default_page_url):
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


def test_time_control_and_the_2022_11_18_popup(browser, default_page_url):
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
    # a real mouse click on the marker of that day opens its popup (through the list
    # of overlapping markers when others of the days before lie under the pointer)
    popup = click_event(page, "2022-11-18-prk-1")
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


def test_hostile_text_is_shown_never_run(browser, xss_page_url):
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


def test_custom_map_from_single_layers_draws_without_errors(browser, custom_page_url):
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


# ---------------------------------------------------------------------- seen as people use it
SIZES = [(1600, 1000), (1920, 1080), (390, 844)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]

#: For every impact marker: the element at its centre, and whether it is the marker itself
#: or a marker whose click lists it (overlapping markers; see layers/page.py).
UNCOVERED = """() => {
  const map = Object.values(window).find(v => v && v._container && v.getZoom);
  const out = [];
  for (const it of window.launchmapEvents) {
    if (!it.group.hasLayer(it.layer) || !map.getBounds().contains(it.layer.getLatLng()))
      continue;
    const r = it.layer._path.getBoundingClientRect();
    const x = r.x + r.width / 2, y = r.y + r.height / 2;
    const e = document.elementFromPoint(x, y);
    const top = window.launchmapEvents.find(o => o.layer._path === e);
    let ok = !!top;
    if (top && top !== it) {
      const a = map.latLngToLayerPoint(top.layer.getLatLng());
      const b = map.latLngToLayerPoint(it.layer.getLatLng());
      ok = (top.at && top.at === it.at) ||
           a.distanceTo(b) <= top.layer.getRadius() + it.layer.getRadius();
    }
    if (!ok) out.push([it.id, e ? String(e.className.baseVal ?? e.className) : null]);
  }
  return out;
}"""


def _ready(page) -> None:
    page.wait_for_function("window.launchmapView && window.launchmapView.fitted")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_nothing_covers_a_marker_and_outside_events_are_counted(browser, default_page_url,
                                                                size):
    w, h = size
    page, log = open_page(browser, default_page_url, width=w, height=h)
    _ready(page)
    assert page.title().startswith(f"launchmap: {len(shipped_events())} launch records")
    assert page.locator("meta[name=viewport]").count() == 1
    assert page.locator("meta[name=viewport]").get_attribute("content").startswith(
        "width=device-width")
    covered = page.evaluate(UNCOVERED)
    assert covered == [], covered
    o = page.evaluate("window.launchmapView.outside()")
    shown = page.locator("path.lm-impact").count()
    assert o["shown"] == shown
    note = page.locator(".lm-outside").inner_text()
    if o["outside"]:
        assert f"{o['outside']} of {shown} events outside this view" in note
        page.get_by_role("button", name="Zoom to all").click()
        page.wait_for_function("window.launchmapView.outside().outside === 0")
        assert page.locator(".lm-outside").inner_text().startswith(f"All {shown} events")
        assert page.evaluate(UNCOVERED) == []
    else:
        assert note.startswith(f"All {shown} events in view")
    # on a phone the layer list, the legend and the event list start collapsed
    small = w <= 700
    expanded = page.locator(".leaflet-control-layers-expanded").count() == 1
    assert expanded is not small
    assert page.evaluate("document.querySelector('details.lm-legend').open") is not small
    assert page.evaluate("document.querySelector('details.lm-events').open") is False
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map_{w}x{h}.png"))
    _clean(log)
    page.close()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_the_three_co_located_icbms_each_open_their_own_popup(browser, default_page_url,
                                                               size):
    w, h = size
    page, log = open_page(browser, default_page_url, width=w, height=h)
    _ready(page)
    same = ["2022-11-18-prk-1", "2023-02-18-prk-1", "2023-03-15-prk-1"]
    m = page.locator("path.lm-ev-2022-11-18-prk-1").bounding_box()
    page.mouse.click(m["x"] + m["width"] / 2, m["y"] + m["height"] / 2)
    page.locator(".lm-pick").wait_for()
    listed = page.locator(".lm-pick button").evaluate_all(
        "bs => bs.map(b => b.getAttribute('data-event'))")
    assert set(same) <= set(listed)
    assert len(listed) == len(set(listed))
    for eid in same:
        popup = click_event(page, eid)
        assert f"id {eid}" in popup.inner_text()
        popup.locator("xpath=../..").locator(".leaflet-popup-close-button").click()
        page.wait_for_function("!document.querySelector('.leaflet-popup')")
    # the time control filters the list: on 2023-02-18 the 2023-03-15 ICBM is not there
    days = page.evaluate("window.launchmapTime.labels")
    page.evaluate(f"window.launchmapTime.set({days.index('2023-02-18')})")
    m = page.locator("path.lm-ev-2023-02-18-prk-1").bounding_box()  # popups panned the map
    page.mouse.click(m["x"] + m["width"] / 2, m["y"] + m["height"] / 2)
    page.locator(".leaflet-popup-content").last.wait_for()
    if page.locator(".lm-pick").count():
        listed = page.locator(".lm-pick button").evaluate_all(
            "bs => bs.map(b => b.getAttribute('data-event'))")
        assert "2023-03-15-prk-1" not in listed and "2023-02-18-prk-1" in listed
    else:
        assert "id 2023-02-18-prk-1" in page.locator(".leaflet-popup-content").last.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map_colocated_{w}x{h}.png"))
    _clean(log)
    page.close()


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_event_list_searches_sorts_and_flies_to_the_popup(browser, default_page_url,
                                                          size):
    w, h = size
    page, log = open_page(browser, default_page_url, width=w, height=h)
    _ready(page)
    page.locator("details.lm-events > summary").click()
    n = page.locator(".lm-events-item").count()
    fell = int(shipped_events()["impact_lon"].notna().sum())
    assert n == page.locator("path.lm-impact").count() == fell
    dates = page.locator(".lm-events-item").all_inner_texts()
    assert dates == sorted(dates)  # by date first
    page.locator(".lm-events-sort").select_option("actor")
    in_order = ("i => [...document.querySelectorAll('.lm-events-item')]"
                ".map(b => b.textContent.split(' \\u00b7 ')[i])"
                ".every((v, k, a) => k === 0 || a[k - 1].localeCompare(v) <= 0)")
    assert page.evaluate(in_order, 1)  # actors in order
    page.locator(".lm-events-sort").select_option("system")
    assert page.evaluate(in_order, 2)  # systems in order
    page.locator(".lm-events-search").fill("hwasong-17")
    items = page.locator(".lm-events-item")
    texts = items.all_inner_texts()
    assert texts and all("Hwasong-17" in t for t in texts)
    page.locator(".lm-events-item[data-event='2022-11-18-prk-1']").click()
    page.wait_for_function("() => { const c = [...document.querySelectorAll('.leaflet-popup-content')].pop();"
                           " return c && c.innerText.includes('id 2022-11-18-prk-1'); }")
    popup = page.locator(".leaflet-popup-content").last
    # the popup fits its box: nothing wider than the window or the popup
    fits = popup.evaluate("c => [c.scrollWidth <= c.clientWidth + 1, "
                          "c.getBoundingClientRect().right <= window.innerWidth]")
    assert fits == [True, True]
    # the flight from the side: lofted and minimum-energy arcs, inside the popup's box
    svg = popup.locator("svg.lm-profile-svg")
    assert svg.locator("polyline").count() == 2
    inside = svg.evaluate("s => { const a = s.getBoundingClientRect(), b = s.closest("
                          "'.leaflet-popup-content').getBoundingClientRect();"
                          " return a.left >= b.left - 1 && a.right <= b.right + 1; }")
    assert inside
    text = popup.inner_text()
    assert text.index("verdict") < text.index("Position used") < text.index("JPN MOD said:")
    assert text.index("JPN MOD said:") < text.index("Source")
    # the time control filters the list
    page.evaluate("window.launchmapTime.set(0)")
    page.locator(".lm-events-search").fill("")
    assert page.locator(".lm-events-item").count() == page.locator("path.lm-impact").count() < n
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map_list_{w}x{h}.png"))
    _clean(log)
    page.close()


def test_time_window_mode_and_play_pause(browser, default_page_url):
    page, log = open_page(browser, default_page_url)
    _ready(page)
    days = page.evaluate("window.launchmapTime.labels")
    i = days.index("2022-11-18")
    page.evaluate(f"window.launchmapTime.set({i})")
    cumulative = page.locator("path.lm-impact").count()
    page.locator(".lm-time-mode").select_option("30")
    windowed = page.locator("path.lm-impact").count()
    assert 0 < windowed < cumulative
    # the control counts every launch of the window, with or without a stated fall point
    import pandas as pd

    dates = pd.to_datetime(shipped_events()["date"]).dt.tz_localize(None).dt.normalize()
    day = pd.Timestamp("2022-11-18")
    launches = int(((dates <= day) & (dates > day - pd.Timedelta(days=30))).sum())
    assert page.evaluate("window.launchmapTime.count()") == launches >= windowed
    assert "Last 30 days to 2022-11-18" in page.locator(".lm-time-label").inner_text()
    # the window is the 30 days up to the slider's day
    expected = page.evaluate("""i => { const d = window.launchmapTime.days[i];
        return window.launchmapEvents.filter(e => e.t <= d && e.t > d - 30 * 864e5).length; }""",
                             i)
    assert windowed == expected
    page.locator(".lm-play").click()
    page.wait_for_function("window.launchmapTime.playing()")
    page.wait_for_function(f"window.launchmapTime.index() > {i}")
    page.locator(".lm-play").click()
    assert page.evaluate("window.launchmapTime.playing()") is False
    _clean(log)
    page.close()


def test_declared_areas_follow_their_validity_on_the_time_control(browser, default_page_url):
    """A declared area is on the slider from its first to its last valid day: shown in a
    window mode while its validity meets the window, faded in the cumulative mode once
    the day is past its end (the 2022-08-04 PLA areas held to 2022-08-07)."""
    page, log = open_page(browser, default_page_url)
    _ready(page)
    areas = page.evaluate("""() => (window.launchmapTimed || []).filter(it => it.te > it.t)
        .map(it => [it.t, it.te])""")
    assert areas, "no declared area carries its validity end"
    days = page.evaluate("window.launchmapTime.labels")
    ms = page.evaluate("window.launchmapTime.days")
    start = ms[days.index("2022-08-04")]
    mine = [te for t, te in areas if t == start]
    assert mine and all(te - start == 3 * 86400000 for te in mine)  # 08-04 to 08-07
    later = next(i for i, d in enumerate(ms) if d > max(mine) + 7 * 86400000)

    def state(i: int, window: str) -> list[list]:
        page.locator(".lm-time-mode").select_option(window)
        page.evaluate(f"window.launchmapTime.set({i})")
        return page.evaluate(f"""() => window.launchmapTimed.filter(it => it.t === {start}
            && it.te > it.t).map(it => [it.group.hasLayer(it.layer), !!it.expired])""")

    assert state(days.index("2022-08-04"), "7") == [[True, False]] * len(mine)
    assert state(later, "7") == [[False, True]] * len(mine)  # the window has passed it
    assert state(later, "0") == [[True, True]] * len(mine)  # kept, faded
    opacity = page.evaluate(f"""() => window.launchmapTimed.filter(it => it.t === {start}
        && it.te > it.t).map(it => [it.layer.options.fillOpacity, it.f0])""")
    assert all(now < base for now, base in opacity)
    _clean(log)
    page.close()


def test_controls_are_reachable_by_keyboard_and_the_legend_follows_the_layers(
        browser, default_page_url):
    page, log = open_page(browser, default_page_url, width=390, height=844)
    _ready(page)
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("""() => { const e = document.activeElement;
            return (e.className && String(e.className)) || e.tagName; }"""))
    flat = " ".join(seen)
    for cls in ("leaflet-control-layers-toggle", "lm-play", "lm-slider", "lm-time-mode",
                "lm-zoom-all", "SUMMARY", "leaflet-control-zoom-in"):
        assert cls in flat, (cls, seen)
    # the event list opens from the keyboard
    page.locator("details.lm-events > summary").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.lm-events').open")
    page.locator(".lm-events-item").first.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").last.wait_for()
    # legend rows follow the layers switched on, and printing opens the legend
    _clean(log)
    page.close()
    page, log = open_page(browser, default_page_url, width=1600, height=1000)
    _ready(page)
    row = page.locator(".lm-legend [data-layers='tracks']")
    assert page.evaluate("document.querySelector(\".lm-legend [data-layers='tracks']\")"
                         ".style.display") == ""
    page.get_by_text("Ground tracks (geodesic)", exact=True).click()
    assert row.evaluate("r => r.style.display") == "none"
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("document.querySelector('details.lm-legend').open")
    _clean(log)
    page.close()


def test_event_list_shows_hostile_text_as_text(browser, xss_page_url):
    page, log = open_page(browser, xss_page_url)
    _ready(page)
    page.locator("details.lm-events > summary").click()
    item = page.locator(".lm-events-item")
    assert item.count() == 1
    assert '<script>window.__xss=2;' in item.inner_text()
    assert page.locator(".lm-events img, .lm-events script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    _clean(log)
    page.close()


# ---------------------------------------------------------------------- big inputs
@pytest.fixture(scope="module")
def big_page_url(http_root):
    """5,000 events: the shipped rows repeated, ids made unique, impacts moved a little."""
    import numpy as np

    from layers.bigimpacts import CLUSTER_ABOVE

    with open(data_path("events.csv"), encoding="utf-8", newline="") as fh:
        # the rows with a fall point (not `none`, nor a `derived` shape without one):
        # every one of the big map's events has a marker
        base = [r for r in csv.DictReader(fh) if r["impact_basis"] not in ("none", "derived")]
    rng = np.random.default_rng(5)
    rows = []
    n = CLUSTER_ABOVE + 2000
    for i in range(n):
        r = dict(base[i % len(base)])
        r["id"] = f"{r['id']}-b{i}"
        if r["impact_lon"] and i >= len(base):
            r["impact_lon"] = f"{float(r['impact_lon']) + rng.uniform(-0.5, 0.5):.4f}"
            r["impact_lat"] = f"{float(r['impact_lat']) + rng.uniform(-0.5, 0.5):.4f}"
        rows.append(r)
    path = http_root.folder / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    out = http_root.folder / "big.html"
    assert main(["map", "--events", str(path), "--out", str(out), "--tiles", "none"]) == 0
    return http_root.url("big.html"), n


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_big_input_clusters_and_every_event_stays_reachable(browser, big_page_url,
                                                            size):
    url, n = big_page_url
    w, h = size
    page, log = open_page(browser, url, width=w, height=h)
    _ready(page)
    page.wait_for_function("window.launchmapCluster && window.launchmapClusterReady")
    assert page.evaluate("window.launchmapEvents.length") == n
    assert page.locator(".marker-cluster").count() >= 1
    names = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any(f"Impact points ({n:,}, clustered)" in t for t in names)
    assert any("1,000 of" in t and "Ground tracks" in t for t in names)
    assert page.locator("path.lm-track").count() == 1000
    # the list reaches an event inside a cluster: zoom in, spiderfy if needed, open popup
    page.locator("details.lm-events > summary").click()
    eid = page.evaluate("window.launchmapEvents.map(e => e.id)"
                        ".filter(i => i.startsWith('2022-11-18-prk-1-b')).pop()")
    page.locator(".lm-events-search").fill(eid)
    page.locator(f".lm-events-item[data-event='{eid}']").click()
    page.wait_for_function(
        "id => { const c = [...document.querySelectorAll('.leaflet-popup-content')].pop();"
        " return c && c.innerText.includes('id ' + id); }", arg=eid, timeout=60_000)
    text = page.locator(".leaflet-popup-content").last.inner_text()
    assert text.index("verdict") < text.index("Position used") < text.index("said:")
    links = page.locator(".leaflet-popup-content a").last.evaluate("a => a.href")
    assert links.startswith(("https://", "http://"))
    # the time control filters the clustered markers and the list together
    page.locator(".lm-events-search").fill("")
    page.evaluate("window.launchmapTime.set(0)")
    page.wait_for_function("window.launchmapClusterReady")
    shown = page.evaluate("window.launchmapEvents.filter(e => e.shown).length")
    assert 0 < shown < n
    assert page.evaluate("window.launchmapList.items().length") == shown
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map_big_{w}x{h}.png"))
    _clean(log)
    page.close()
