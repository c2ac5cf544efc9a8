"""``launchmap classify IN OUT``: the zone of every point of a CSV, Parquet or GeoParquet
file, streamed in chunks (memory bounded by ``--chunk-rows``, not by the file).

Points come from two coordinate columns (``--lon-col`` / ``--lat-col``, WGS84 degrees) or
from a point geometry column (``--geometry-col``; GeoArrow-encoded points are read as
their x/y arrays without decoding WKB, WKB points are decoded). The output holds every
input column and, per ``--perspective``, the answer columns of :func:`geo.classify`
(``kind``, ``state``, ``label``, ``status``; prefixed ``<P>_`` when several views are
asked for), plus ``error``: empty for a good row, else why its coordinates were rejected
(missing, not finite, out of range). Bad rows stay in the output; stderr lists them by
row number (1 = first data row). Progress goes to stderr after every chunk.
``--workers N`` / ``--scheduler ADDRESS``: a partitioned Parquet dataset on a dask cluster
(:mod:`layers.cli.classify_cluster`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ANSWERS = ("kind", "state", "label", "status")
_SHOW_BAD = 50


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "classify", help="the zone of every point of a CSV / Parquet / GeoParquet file",
        description="Classify every point of IN (CSV, Parquet or GeoParquet) into its "
                    "innermost zone and write OUT (CSV or Parquet, from its suffix) with the "
                    "input columns plus kind, state, label, status per perspective and an "
                    "error column. Streams in chunks; bad rows are kept and marked.")
    p.add_argument("input", metavar="IN", help="input .csv, .parquet or .geoparquet")
    p.add_argument("output", metavar="OUT", help="output .csv or .parquet")
    p.add_argument("--lon-col", default=None, help="longitude column (default: lon)")
    p.add_argument("--lat-col", default=None, help="latitude column (default: lat)")
    p.add_argument("--geometry-col", default=None,
                   help="point geometry column (GeoArrow or WKB) instead of lon/lat columns")
    p.add_argument("--perspective", metavar="P", action="append",
                   help="'administering' (default) or an ISO3 view; repeat for several")
    p.add_argument("--chunk-rows", type=int, default=1_000_000,
                   help="rows read and classified at a time (default 1,000,000)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="classify a partitioned Parquet dataset (a directory) on a local "
                        "dask cluster of N worker processes; OUT is a directory")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="the same on an existing dask.distributed cluster "
                        "(e.g. tcp://host:8786); needs the 'dask' extra")
    p.set_defaults(func=run)


def _fmt(path: str, what: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".geoparquet", ".pq"):
        return "parquet"
    from geo.errors import InvalidOptionError

    raise InvalidOptionError(f"{what} {path!r}: expected a .csv, .parquet or .geoparquet file")


def _chunks(path: str, fmt: str, rows: int, columns_needed: list[str]):
    """Yield ``(pyarrow.Table, total rows or None)`` chunks of the input."""
    import pyarrow as pa

    if fmt == "parquet":
        import pyarrow.parquet as pq

        f = pq.ParquetFile(path)
        names = f.schema_arrow.names
        _check_columns(path, names, columns_needed)
        for batch in f.iter_batches(batch_size=rows):
            yield pa.Table.from_batches([batch]), f.metadata.num_rows
        return
    import pyarrow.csv as pcsv

    reader = pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=1 << 24))
    _check_columns(path, reader.schema.names, columns_needed)
    pending: list = []
    n = 0
    for batch in reader:
        pending.append(batch)
        n += batch.num_rows
        if n >= rows:
            yield pa.Table.from_batches(pending), None
            pending, n = [], 0
    if pending:
        yield pa.Table.from_batches(pending), None


def _check_columns(path: str, names: list[str], needed: list[str]) -> None:
    from geo.errors import InvalidOptionError

    missing = [c for c in needed if c not in names]
    if missing:
        raise InvalidOptionError(f"{path}: no column {', '.join(map(repr, missing))} "
                                 f"(columns: {', '.join(names[:30])})")


def _coordinates(table, args):
    """(lon, lat) float arrays of one chunk (NaN where missing or not a number)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def as_float(col):
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_floating(col.type) or pa.types.is_integer(col.type):
            return np.asarray(pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False), float)
        import pandas as pd  # text that is not a number -> NaN (reported as a bad row)

        return pd.to_numeric(pd.Series(col.to_pylist(), dtype=object),
                             errors="coerce").to_numpy(dtype=float)

    if args.geometry_col:
        col = table.column(args.geometry_col).combine_chunks()
        if pa.types.is_struct(col.type):  # GeoArrow point: x and y arrays as they are
            x = np.asarray(col.field("x").to_numpy(zero_copy_only=False), float)
            y = np.asarray(col.field("y").to_numpy(zero_copy_only=False), float)
            if col.null_count:
                valid = np.asarray(col.is_valid().to_numpy(zero_copy_only=False))
                x[~valid], y[~valid] = np.nan, np.nan
            return x, y
        import shapely

        geoms = shapely.from_wkb(np.asarray(col.to_numpy(zero_copy_only=False), dtype=object),
                                 on_invalid="ignore")
        ok = ~shapely.is_missing(geoms) & (shapely.get_type_id(geoms) == 0)
        ok[ok] &= ~shapely.is_empty(geoms[ok])
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        x[ok], y[ok] = shapely.get_x(geoms[ok]), shapely.get_y(geoms[ok])
        return x, y
    return as_float(table.column(args.lon_col)), as_float(table.column(args.lat_col))


def run(args: argparse.Namespace) -> int:
    import numpy as np
    import pyarrow as pa

    import geo
    from geo.errors import InvalidOptionError
    from geo.zones.load import load_zones
    from layers.cli import _args

    if args.geometry_col and (args.lon_col or args.lat_col):
        raise InvalidOptionError("give either --geometry-col or --lon-col/--lat-col, not both")
    if args.chunk_rows < 1:
        raise InvalidOptionError(f"--chunk-rows must be at least 1, got {args.chunk_rows}")
    if not args.geometry_col:
        args.lon_col, args.lat_col = args.lon_col or "lon", args.lat_col or "lat"
    if args.workers is not None or args.scheduler:  # a dask cluster, partition by partition
        if args.workers is not None and args.scheduler:
            raise InvalidOptionError("give either --workers or --scheduler, not both")
        if not Path(args.input).exists():
            raise FileNotFoundError(f"input {args.input!r} does not exist")
        from layers.cli.classify_cluster import run_cluster

        zs = load_zones(None)
        return run_cluster(args, [zs.check_perspective(_args.perspective(p))
                                  for p in (args.perspective or [None])])
    in_fmt, out_fmt = _fmt(args.input, "input"), _fmt(args.output, "output")
    if not Path(args.input).exists():
        raise FileNotFoundError(f"input {args.input!r} does not exist")
    zs = load_zones(None)
    views = [zs.check_perspective(_args.perspective(p)) for p in (args.perspective or [None])]
    needed = [args.geometry_col] if args.geometry_col else [args.lon_col, args.lat_col]

    writer = None
    done = bad_total = 0
    shown = 0
    out_path = Path(args.output)
    try:
        for table, total in _chunks(args.input, in_fmt, args.chunk_rows, needed):
            lon, lat = _coordinates(table, args)
            extra: dict[str, pa.Array] = {}
            error = None
            for v in views:
                res = geo.classify(lon=lon, lat=lat, perspective=v, errors="mark")
                prefix = "" if len(views) == 1 else f"{v}_"
                for c in ANSWERS:
                    extra[prefix + c] = pa.array(res[c].astype(object).where(res[c].notna(),
                                                                             None),
                                                 type=pa.string())
                error = res["error"]
            bad = np.flatnonzero(error.notna().to_numpy())
            for i in bad:
                if shown < _SHOW_BAD:
                    print(f"row {done + i + 1}: {error.iat[i]}", file=sys.stderr)
                    shown += 1
            bad_total += len(bad)
            extra["error"] = pa.array(error.astype(object).where(error.notna(), None),
                                      type=pa.string())
            for name, arr in extra.items():
                if name in table.column_names:
                    table = table.drop_columns([name])
                table = table.append_column(name, arr)
            writer = _write(writer, table, out_path, out_fmt, args.input, in_fmt)
            done += table.num_rows
            pct = f" ({100 * done / total:.0f} %)" if total else ""
            print(f"classified {done:,} rows{pct}", file=sys.stderr, flush=True)
    finally:
        if writer is not None:
            (writer[0] if isinstance(writer, tuple) else writer).close()
    if bad_total > shown:
        print(f"... {bad_total - shown:,} more bad rows (marked in the error column)",
              file=sys.stderr)
    print(f"wrote {done:,} rows ({bad_total:,} bad, kept and marked) to {args.output}")
    return 0


def _write(writer, table, out_path: Path, fmt: str, in_path: str, in_fmt: str):
    """Append one chunk; opens the writer on the first (a Parquet input's ``geo``
    metadata is kept, so GeoParquet stays GeoParquet)."""
    if fmt == "csv":
        import pyarrow.csv as pcsv

        if writer is None:
            writer = pcsv.CSVWriter(str(out_path), table.schema)
        writer.write_table(table)
        return writer
    import pyarrow.parquet as pq

    if writer is None:
        schema = table.schema
        if in_fmt == "parquet":
            meta = pq.read_schema(in_path).metadata or {}
            if b"geo" in meta:
                schema = schema.with_metadata({b"geo": meta[b"geo"]})
        writer = (pq.ParquetWriter(str(out_path), schema), schema)
    pw, schema = writer
    pw.write_table(table.cast(schema) if not table.schema.equals(schema) else table)
    return writer
