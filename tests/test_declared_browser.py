"""The declared-areas layer in a real browser (headless Debian Chromium via Playwright).

``launchmap map --tiles none --layers land,declared --perspective JPN`` from the shipped
data: the page loads offline without errors, draws one hatched path per shipped area, and
a click on the area of the five missiles Japan reported in its EEZ opens its popup with
the notice, the validity window, the vertices as published and the overlap table under
Japan's view.
"""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, open_page

from geo.declared import declared_areas
from layers.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def areas_page_url(http_root):
    out = http_root.folder / "declared.html"
    assert main(["map", "--out", str(out), "--tiles", "none", "--perspective", "JPN",
                 "--layers", "land,declared"]) == 0
    return http_root.url("declared.html")


def test_declared_layer_renders_hatched_with_its_popup(browser, areas_page_url):
    page, log = open_page(browser, areas_page_url)
    page.wait_for_selector("path.lm-declared")
    assert log["errors"] == [] and log["external"] == [] and log["dialogs"] == []
    assert not [m for m in log["console"] if m[0] == "error"]
    assert page.locator("path.lm-declared").count() == len(declared_areas())
    fill = page.eval_on_selector("path.lm-decl-live-fire", "p => getComputedStyle(p).fill")
    assert "lm-decl-live-fire" in fill
    names = [n.strip() for n in
             page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert "Declared closure / danger areas (hatched by purpose)" in names
    # open the popup of 2022-08-04-pla-4 (east of Taiwan) by clicking the path whose
    # tooltip names it: hover each path until its tooltip says so
    paths = page.locator("path.lm-declared")
    for k in range(paths.count()):
        box = paths.nth(k).bounding_box()
        if not box or box["width"] < 4:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tip = page.locator(".leaflet-tooltip")
        if tip.count() and "south-west of Hateruma" in tip.last.inner_text():
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            break
    else:
        pytest.fail("no declared area's tooltip named the area south-west of Hateruma")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "2022-08-04-pla-4" in text and "Xinhua" in text
    assert "2022-08-04 04:00 to 2022-08-07 04:00 UTC" in text
    assert "22-56.00N 122-40.00E" in text
    assert "JPN view" in text and "eez" in text and "median line" in text
    assert "2022-08-04-chn-5" in text
    links = popup.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert links and all(h.startswith(("https://", "http://")) for h in links)
    page.wait_for_timeout(400)  # the popup's fade-in
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_declared_areas.png"))
    page.close()
