"""What every layer builder is given: :class:`MapContext`.

:func:`layers.mapbuild.build_map` makes one context for the map (the events, the zone set
and perspective, the display centre, the inputs a caller handed in, the progress
callback) and hands it to each layer module's ``build(ctx)`` with ``key`` set to the
layer being drawn (see :mod:`layers.registry`). Values several layers need (the
gazetteer, the display copy of the zones, the verdicts of the impact points) are computed
once per map through :meth:`MapContext.shared`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from geo._cache import Memo

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet

T = TypeVar("T")
#: A progress callback: called with one line of text per step.
Progress = Callable[[str], None]


def quiet(_msg: str) -> None:
    """A progress callback that says nothing."""
    return None


@dataclasses.dataclass(frozen=True)
class MapContext:
    """The inputs of one map, shared by its layer builders.

    ``key``: the layer being built (a key of :data:`layers.registry.REGISTRY`);
    ``layers``: every layer requested, in drawing order; ``events``: the events drawn
    (a frame like :func:`geo.catalogue.events`); ``perspective``: the view that colours
    the zones; ``centre_lon``: the display centre (degrees); ``zoneset``: the zones
    (``None`` when no layer needs them); ``places``, ``rings``, ``coverage``: frames the
    caller gave (``None``: each layer takes its default); ``base_map``: no web tiles, so
    the land is the base map and starts visible; ``zone_tolerance_deg``: simplification
    of the zones' display copy (degrees, ``None`` for the default); ``progress``: the
    progress callback; ``verdicts_future``: the verdicts of the impact points being
    computed on a second thread (see :meth:`start_verdicts`).
    """

    events: gpd.GeoDataFrame
    layers: tuple[str, ...]
    perspective: str
    centre_lon: float
    key: str = ""
    zoneset: ZoneSet | None = None
    places: gpd.GeoDataFrame | None = None
    rings: gpd.GeoDataFrame | None = None
    coverage: gpd.GeoDataFrame | None = None
    base_map: bool = False
    zone_tolerance_deg: float | None = None
    progress: Progress = quiet
    verdicts_future: Future | None = None
    memo: Memo = dataclasses.field(default_factory=Memo, repr=False, compare=False)

    def for_layer(self, key: str) -> MapContext:
        """This context with ``key`` set (the shared values stay shared)."""
        return dataclasses.replace(self, key=key)

    def say(self, msg: str) -> None:
        """Report progress."""
        self.progress(msg)

    def shared(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, once per map for ``name`` (thread-safe)."""
        return self.memo.get(name, compute)

    def gazetteer(self) -> gpd.GeoDataFrame:
        """The places frame the caller gave, else :func:`geo.places` (read once)."""
        if self.places is not None:
            return self.places

        def read() -> gpd.GeoDataFrame:
            import geo

            return geo.places()

        return self.shared("gazetteer", read)

    def place_names(self) -> dict[str, str]:
        """``{place id: name}`` of :meth:`gazetteer`."""
        def names() -> dict[str, str]:
            places = self.gazetteer()
            if places is None or not len(places):
                return {}
            return dict(zip(places["id"].astype(str), places["name"].astype(str),
                            strict=True))

        return self.shared("place_names", names)

    def start_verdicts(self) -> MapContext:
        """This context with the verdicts of the impact points being computed on a second
        thread (:func:`point_verdicts`), so that the GEOS work (which releases the GIL)
        overlaps the display simplification of the zones on this one. The popups of a
        clustered map (more than :data:`layers.bigimpacts.CLUSTER_ABOVE` events) show the
        map's perspective only, so only that view is computed; smaller maps list every
        view. Without a zone set or events it is returned as it is."""
        if self.zoneset is None or not len(self.events):
            return self
        from concurrent.futures import ThreadPoolExecutor

        from layers.bigimpacts import CLUSTER_ABOVE

        views = (self.perspective,) if len(self.events) > CLUSTER_ABOVE else None
        self.say(f"classifying impact points under {'the ' + self.perspective if views else 'every'}"
                 " perspective")
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="launchmap-verdicts")
        future = pool.submit(point_verdicts, self.events, self.zoneset, views)
        pool.shutdown(wait=False)
        return dataclasses.replace(self, verdicts_future=future)

    def verdicts(self) -> Mapping[str, list[dict[str, Any]]]:
        """``{event id: [verdict per perspective, ...]}`` from :meth:`start_verdicts`;
        empty when they were not started (no zone set or no events)."""
        return {} if self.verdicts_future is None else self.verdicts_future.result()


def point_verdicts(events: gpd.GeoDataFrame, zoneset: ZoneSet,
                   perspectives: tuple[str, ...] | None = None
                   ) -> dict[str, list[dict[str, Any]]]:
    """``{event id: [verdict per perspective, ...]}`` as
    :func:`geo.zones.verdicts.event_verdicts` gives them, computed once per distinct
    impact point (events reported at the same lon/lat share one answer list; the
    catalogue repeats points for salvos and for co-located reports)."""
    import numpy as np
    import pandas as pd

    from geo.zones.verdicts import event_verdicts

    lon = np.asarray(events["impact_lon"], dtype=float)
    lat = np.asarray(events["impact_lat"], dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return {}
    pts = pd.DataFrame({"impact_lon": lon[ok], "impact_lat": lat[ok]})
    codes, uniq = pd.factorize(pd.MultiIndex.from_frame(pts))
    distinct = pd.DataFrame({"id": np.arange(len(uniq)).astype(str),
                             "impact_lon": uniq.get_level_values(0).to_numpy(float),
                             "impact_lat": uniq.get_level_values(1).to_numpy(float)})
    answers = event_verdicts(distinct, zoneset, perspectives)
    by_code = [answers[str(k)] for k in range(len(uniq))]
    ids = events["id"].astype(str).to_numpy()[ok]
    return {eid: by_code[c] for eid, c in zip(ids, codes, strict=True)}
