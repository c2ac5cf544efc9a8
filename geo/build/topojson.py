"""Decode TopoJSON (https://github.com/topojson/topojson-specification) into shapely geometry.

Only what Natural Earth's ``world-atlas`` files use: a quantized topology (``transform``
with ``scale`` and ``translate``, delta-encoded arcs), ``Polygon`` and ``MultiPolygon``
objects (``GeometryCollection`` members). Coordinates are lon/lat degrees, WGS84.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TopoFeature:
    """One decoded member of a TopoJSON geometry collection.

    ``id`` is the member's ``id`` (``None`` when absent), ``properties`` its properties
    dict and ``polygons`` a list of polygons, each a list of rings ((n, 2) lon/lat arrays,
    the first ring the exterior).
    """

    id: str | None
    properties: dict[str, Any]
    polygons: list[list[np.ndarray]]


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """Return every arc of ``topology`` as an (n, 2) float array of absolute lon/lat.

    Quantized topologies store each arc as integer deltas: the running sum gives the
    quantized position, which ``transform`` maps back to degrees
    (``x * scale + translate``). Unquantized topologies store absolute positions.
    """
    transform = topology.get("transform")
    arcs: list[np.ndarray] = []
    for raw in topology["arcs"]:
        pts = np.asarray(raw, dtype=float)[:, :2]
        if transform is not None:
            pts = np.cumsum(pts, axis=0)
            pts = pts * np.asarray(transform["scale"], float) + np.asarray(
                transform["translate"], float
            )
        arcs.append(pts)
    return arcs


def ring_coords(arc_indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Stitch a ring from arc indices; a negative index ``~i`` means arc ``i`` reversed.

    Consecutive arcs share their joining point, which is kept once.
    """
    parts: list[np.ndarray] = []
    for k, idx in enumerate(arc_indices):
        arc = arcs[~idx][::-1] if idx < 0 else arcs[idx]
        parts.append(arc if k == 0 else arc[1:])
    return np.concatenate(parts, axis=0)


def iter_features(topology: dict[str, Any], object_name: str) -> Iterator[TopoFeature]:
    """Yield the members of the geometry collection ``object_name`` as :class:`TopoFeature`.

    Raises ``KeyError`` naming the object if it is not in the topology and ``ValueError``
    for a geometry type other than Polygon, MultiPolygon or an empty (null) geometry.
    """
    objects = topology.get("objects", {})
    if object_name not in objects:
        raise KeyError(f"TopoJSON has no object {object_name!r}; it has {sorted(objects)}")
    arcs = decode_arcs(topology)
    obj = objects[object_name]
    members = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    for geom in members:
        kind = geom.get("type")
        if kind == "Polygon":
            polys = [geom["arcs"]]
        elif kind == "MultiPolygon":
            polys = geom["arcs"]
        elif kind is None:
            polys = []
        else:
            raise ValueError(f"TopoJSON object {object_name!r}: unsupported geometry {kind!r}")
        rings = [[ring_coords(r, arcs) for r in poly] for poly in polys]
        ident = geom.get("id")
        yield TopoFeature(None if ident is None else str(ident), dict(geom.get("properties") or {}),
                          rings)
