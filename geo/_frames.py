"""A GeoDataFrame whose GeoJSON carries dates and times as ISO 8601 text.

geopandas hands the properties of ``to_json()``, ``to_geo_dict()`` and
``__geo_interface__`` (which folium reads) to :mod:`json` as they are, and the standard
encoder cannot write a ``Timestamp``: any datetime column makes them fail (geopandas issue
1906). :class:`DatedGeoDataFrame` writes each date, time or timestamp property as its
``isoformat()`` (``2017-08-28T20:58:00+00:00``) and leaves the columns themselves real
``datetime64`` values, which the GeoPackage, GeoJSON and GeoParquet writers store as dates.
Slicing, copying and the other pandas operations keep the class.

This module imports geopandas: import it only where a frame is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import geopandas as gpd


class DatedGeoDataFrame(gpd.GeoDataFrame):
    """A :class:`geopandas.GeoDataFrame` whose GeoJSON features give dates and times as
    ISO 8601 strings (missing ones as ``null`` under the default ``na="null"``)."""

    def iterfeatures(self, na: str = "null", show_bbox: bool = False,
                     drop_id: bool = False) -> Iterator[dict[str, Any]]:
        for feature in super().iterfeatures(na=na, show_bbox=show_bbox, drop_id=drop_id):
            props = feature["properties"]
            for key, value in props.items():
                if isinstance(value, (dt.date, dt.time)):  # datetime and Timestamp too
                    props[key] = value.isoformat()
            yield feature
