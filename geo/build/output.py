"""Deterministic writers for the build's outputs (same inputs -> byte-identical files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo._paths import sha256_file


def write_geoparquet(gdf, path: Path) -> str:
    """Write ``gdf`` as GeoParquet (WKB, zstd level 19, no index); return its SHA-256.

    Rows must already be sorted; nothing time-dependent is written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    gdf.to_parquet(tmp, index=False, compression="zstd", compression_level=19,
                   geometry_encoding="WKB", schema_version="1.0.0")
    tmp.replace(path)
    return sha256(path)


def write_json(obj: Any, path: Path) -> str:
    """Write ``obj`` as sorted, indented JSON with a final newline; return its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return sha256(path)


#: Hex SHA-256 of a file (the one implementation lives in geo._paths).
sha256 = sha256_file
