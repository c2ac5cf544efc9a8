"""Which module draws which layer: layer keys -> modules with ``build(ctx)``.

Every key of :data:`REGISTRY` is a layer :func:`layers.build_map` can draw, listed in
drawing order (bottom first; the same order as :data:`layers.style.LAYER_TITLES`). Its
module exposes ``build(ctx: layers.context.MapContext)``, which returns the folium
element(s) of the layer ``ctx.key`` or ``None`` when it has nothing to draw. Modules are
imported only when their layer is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from geo.errors import LaunchmapError
from layers.style import DEFAULT_LAYERS, LAYER_TITLES, ZONE_LAYER_ALIAS

if TYPE_CHECKING:  # pragma: no cover
    from layers.context import MapContext

#: Layer key -> module whose ``build(ctx)`` draws it, in drawing order.
REGISTRY: dict[str, str] = {
    "land": "layers.land",
    "eez": "layers.zones",
    "contiguous_zone": "layers.zones",
    "territorial_sea": "layers.zones",
    "archipelagic_waters": "layers.zones",
    "internal_waters": "layers.zones",
    "disputed": "layers.disputed",
    "disputed_land": "layers.disputed_land",
    "treaties": "layers.treaties",
    "declared": "layers.declared",
    "coverage": "layers.coverage",
    "rings": "layers.rings",
    "places": "layers.places",
    "tracks": "layers.tracks",
    "uncertainty": "layers.uncertainty",
    "sites": "layers.sites",
    "impacts": "layers.impacts",
}
#: The zone kinds drawn as layers (the ``zones`` word of :func:`parse_layers`).
ZONE_KINDS_DRAWN = ("eez", "contiguous_zone", "territorial_sea", "archipelagic_waters",
                    "internal_waters")
#: Layers that need the zone set loaded.
NEEDS_ZONES = frozenset({"land", *ZONE_KINDS_DRAWN, "disputed", "disputed_land",
                         "impacts"})


def parse_layers(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """Normalise a layer list (``"impacts,zones"`` or an iterable) into layer keys in
    drawing order. ``zones`` stands for the three zone kinds, ``all`` for every layer,
    ``None`` for :data:`~layers.style.DEFAULT_LAYERS`. Unknown names raise
    :class:`~geo.errors.LaunchmapError` listing the known ones."""
    if spec is None:
        return DEFAULT_LAYERS
    words = [w.strip().lower() for w in (spec.split(",") if isinstance(spec, str) else spec)]
    words = [w for w in words if w]
    chosen: set[str] = set()
    unknown = []
    for w in words:
        if w == "all":
            chosen |= set(LAYER_TITLES)
        elif w == ZONE_LAYER_ALIAS:
            chosen |= set(ZONE_KINDS_DRAWN)
        elif w in LAYER_TITLES:
            chosen.add(w)
        else:
            unknown.append(w)
    if unknown or not chosen:
        known = ", ".join(["all", ZONE_LAYER_ALIAS, *LAYER_TITLES])
        what = f"unknown layer(s) {', '.join(map(repr, unknown))}" if unknown else "no layer"
        raise LaunchmapError(f"{what}; choose from: {known}")
    return tuple(k for k in LAYER_TITLES if k in chosen)


def builder(key: str) -> Callable[[MapContext], Any]:
    """The ``build`` function of the module that draws layer ``key``."""
    try:
        module = REGISTRY[key]
    except KeyError:
        raise LaunchmapError(f"no module draws layer {key!r}; known: "
                             f"{', '.join(REGISTRY)}") from None
    return importlib.import_module(module).build
