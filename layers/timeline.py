"""The time control: a slider over the event dates and a play button.

Every feature drawn with a time (``t``, the UTC launch date in ms since 1970; impacts,
their uncertainty and their tracks) registers itself in ``window.launchmapTimed`` (see
:class:`layers.geojson.GeoJsonLayer`). The control shows the features dated on or before
the selected day, enlarges the markers of that day, and plays the days in order. A
feature that holds for a while (a declared area: ``t`` its first valid day, ``te`` its
last) shows in a window mode while its validity meets the window, and in the cumulative
mode is drawn faded once the selected day is past its end. It needs
no library beyond Leaflet (the same job as folium's TimestampedGeoJson, without its
jQuery / moment / TimeDimension dependencies, so the map stays offline and small).
``window.launchmapTime`` exposes ``set(index)``, ``setWindow(days)``, ``count()``,
``play()``, ``stop()``, ``playing()``, ``days`` and ``labels`` for scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from branca.element import MacroElement
from folium.template import Template

from layers.escape import js_json

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def event_times_ms(events: pd.DataFrame) -> np.ndarray:
    """UTC launch date (column ``date``) of each event as milliseconds since 1970
    (midnight), for the time control; the control steps day by day. An empty frame
    gives an empty array."""
    import pandas as pd

    if not len(events):
        return np.zeros(0, np.int64)
    days = pd.to_datetime(events["date"]).dt.tz_localize(None).dt.normalize()
    return days.astype("datetime64[ms]").astype("int64").to_numpy()


#: The window modes of the time control: (days, label); 0 is the cumulative mode.
WINDOWS = ((0, "All"), (7, "Last 7 days"), (30, "Last 30 days"), (91, "Last 3 months"),
           (365, "Last 12 months"))


#: Longest time a full play of the slider takes with the default step (milliseconds).
PLAY_TOTAL_MS = 30_000


def play_step_ms(n_days: int) -> int:
    """Milliseconds per day when playing ``n_days`` days: 900 ms, shortened so that the
    whole run takes at most :data:`PLAY_TOTAL_MS`, never below 60 ms."""
    if n_days <= 0:
        return 900
    return int(max(60, min(900, PLAY_TOTAL_MS // n_days)))


class TimeControl(MacroElement):
    """Leaflet control (bottom left) driving the timed features of the map: a play/pause
    button, the slider over the event days and the mode (cumulative, or a window of the
    last N days up to the slider's day, see :data:`WINDOWS`). Each change dispatches a
    ``launchmap:time`` event on ``document``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var days = {{ this.days_json }};
            var labels = {{ this.labels_json }};
            var counts = {{ this.counts_json }};
            var total = counts.length ? counts[counts.length - 1] : 0;
            var ctl = L.control({position: "bottomleft"});
            var windows = {{ this.windows_json }};
            var slider, label, button, mode, timer = null, win = 0;
            var DAY = 86400000;
            function count(i) {
                if (!win) { return counts[i]; }
                var n = 0;
                for (var j = i; j >= 0 && days[j] > days[i] - win; j--) {
                    n += counts[j] - (j ? counts[j - 1] : 0);
                }
                return n;
            }
            function apply(i) {
                i = Math.max(0, Math.min(days.length - 1, i | 0));
                var cur = days[i];
                (window.launchmapTimed || []).forEach(function (it) {
                    var te = it.te === undefined ? it.t : it.te;
                    var show = it.t <= cur && (!win || te > cur - win);
                    var has = it.group.hasLayer(it.layer);
                    if (show && !has) { it.group.addLayer(it.layer); }
                    if (!show && has) { it.group.removeLayer(it.layer); }
                    if (te !== it.t && it.layer.setStyle) {
                        // a feature with a validity window: faded once it has expired
                        if (it.f0 === undefined) {
                            it.f0 = it.layer.options.fillOpacity;
                            it.o0 = it.layer.options.opacity;
                        }
                        var live = te >= cur;
                        it.layer.setStyle({fillOpacity: live ? it.f0 : it.f0 * 0.35,
                                           opacity: live ? it.o0 : it.o0 * 0.45});
                        it.expired = !live;
                    }
                    if (it.layer.setRadius) {
                        if (it.r0 === undefined) { it.r0 = it.layer.getRadius(); }
                        it.layer.setRadius(it.t === cur && i < days.length - 1 ?
                                           it.r0 * 1.7 : it.r0);
                    }
                });
                // layers holding many markers filter them at once (layers.bigimpacts)
                (window.launchmapTimedBulk || []).forEach(function (fn) { fn(cur, win); });
                slider.value = i;
                label.textContent = (win ? windows.filter(function (w) {
                    return w[0] * DAY === win; })[0][1] + " to " : "up to ") + labels[i] +
                    " \\u2014 " + count(i) + " of " + total + " records";
                ctl.index = i;
                document.dispatchEvent(new CustomEvent("launchmap:time"));
            }
            function stop() {
                if (timer) { clearInterval(timer); timer = null; }
                button.textContent = "\\u25B6";
                button.title = "Play the events in date order";
            }
            function play() {
                if (timer) { stop(); return; }
                if (ctl.index >= days.length - 1) { apply(0); }
                button.textContent = "\\u275A\\u275A";
                button.title = "Pause";
                timer = setInterval(function () {
                    if (ctl.index >= days.length - 1) { stop(); return; }
                    apply(ctl.index + 1);
                }, {{ this.step_ms }});
            }
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", "lm-time leaflet-control");
                button = L.DomUtil.create("button", "lm-play", div);
                button.type = "button";
                button.setAttribute("aria-label", "Play or pause");
                slider = L.DomUtil.create("input", "lm-slider", div);
                slider.type = "range";
                slider.min = 0;
                slider.max = Math.max(days.length - 1, 0);
                slider.step = 1;
                slider.setAttribute("aria-label", "Show the events up to this date");
                mode = L.DomUtil.create("select", "lm-time-mode", div);
                mode.setAttribute("aria-label", "Which events the slider shows");
                windows.forEach(function (w) {
                    var op = document.createElement("option");
                    op.value = w[0];
                    op.textContent = w[0] ? w[1] + " to the date" : "All up to the date";
                    mode.appendChild(op);
                });
                label = L.DomUtil.create("span", "lm-time-label", div);
                L.DomEvent.on(mode, "change", function () {
                    win = parseInt(mode.value, 10) * DAY; apply(ctl.index);
                });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                L.DomEvent.on(slider, "input change", function () {
                    stop(); apply(parseInt(slider.value, 10));
                });
                L.DomEvent.on(button, "click", play);
                return div;
            };
            ctl.addTo(map);
            stop();
            if (days.length) { apply(days.length - 1); }
            window.launchmapTime = {set: function (i) { stop(); apply(i); }, play: play,
                                    stop: stop, days: days, labels: labels,
                                    setWindow: function (d) {
                                        win = (d | 0) * DAY; mode.value = String(d | 0);
                                        apply(ctl.index);
                                    },
                                    count: function () { return count(ctl.index); },
                                    playing: function () { return timer !== null; },
                                    index: function () { return ctl.index; }};
        })();
        {% endmacro %}
    """)

    def __init__(self, times_ms: Sequence[int], *, step_ms: int | None = None) -> None:
        super().__init__()
        self._name = "TimeControl"
        t = np.asarray(list(times_ms), dtype=np.int64)
        days, counts = np.unique(t, return_counts=True)
        labels = [str(np.datetime64(int(d), "ms").astype("datetime64[D]")) for d in days]
        self.days_json = js_json([int(d) for d in days])
        self.labels_json = js_json(labels)
        self.counts_json = js_json([int(c) for c in np.cumsum(counts)])
        # play shows each day for 0.9 s, but a whole run never takes more than about
        # PLAY_TOTAL_MS: a catalogue of hundreds of launch days steps faster (down to 60 ms)
        self.step_ms = int(step_ms) if step_ms is not None else play_step_ms(len(days))
        self.windows_json = js_json([[int(d), label] for d, label in WINDOWS])
