"""``launchmap classify IN OUT --workers N`` / ``--scheduler ADDRESS``: a partitioned
Parquet dataset (a directory of Parquet files, or one file) classified on a dask
``distributed`` cluster, written as a directory of Parquet files (``part.<i>.parquet``, one
per input partition, in input order).

``--workers N`` starts a LocalCluster of N worker processes (one thread each) on this
machine; ``--scheduler tcp://host:8786`` uses an existing cluster (its workers must have
launchmap installed and see IN and OUT at the same paths). The answers are the lazy
:func:`geo.classify` of :mod:`geo.zones.classify_dask`, so they equal the in-memory ones.
Columns as the streaming command writes them: the input columns, per perspective
``kind``, ``state``, ``label``, ``status`` (prefixed ``<P>_`` for several views) and
``error``. Progress (partitions and rows done) and bad rows go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ANSWERS = ("kind", "state", "label", "status")
_SHOW_BAD = 50


def _write_part(part, answers, path: str, geo_meta: bytes | None):
    """Write one partition (input columns + answer columns as text) to ``path``; return
    ``(rows, [(row in partition, reason), ...] of the first bad rows, bad count)``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(part, preserve_index=False)
    for name in answers.columns:
        col = answers[name]
        arr = pa.array(col.astype(object).where(col.notna(), None), type=pa.string())
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, arr)
    if geo_meta is not None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               b"geo": geo_meta})
    pq.write_table(table, path)
    err = answers["error"]
    bad = err.notna().to_numpy().nonzero()[0]
    return len(part), [(int(i), str(err.iat[i])) for i in bad[:_SHOW_BAD]], len(bad)


def _answers(frames: list, views: list[str]):
    """One partition's answer columns (text) for every view, plus ``error``."""
    import pandas as pd

    cols = {}
    for v, res in zip(views, frames):
        prefix = "" if len(views) == 1 else f"{v}_"
        for c in ANSWERS:
            cols[prefix + c] = res[c]
    cols["error"] = frames[-1]["error"]
    return pd.DataFrame(cols, index=frames[-1].index)


def run_cluster(args: argparse.Namespace, views: list[str]) -> int:
    """Classify the Parquet dataset ``args.input`` on a cluster (see the module docstring)."""
    from geo.errors import InvalidOptionError
    from geo.zones.classify_dask import require_dask

    require_dask(distributed=True)
    import dask
    import dask.dataframe as dd
    import pyarrow.parquet as pq
    from distributed import Client, LocalCluster, as_completed

    import geo

    src = Path(args.input)
    files = sorted(src.rglob("*.parquet")) if src.is_dir() else [src]
    if not files:
        raise InvalidOptionError(f"input {args.input!r}: a directory with no .parquet files")
    if src.suffix.lower() == ".csv":
        raise InvalidOptionError("--workers/--scheduler read Parquet datasets (a directory or "
                                 f".parquet file), got {args.input!r}")
    if args.geometry_col:
        raise InvalidOptionError("--workers/--scheduler take --lon-col/--lat-col (GeoParquet "
                                 "geometry columns: use the streaming command)")
    out = Path(args.output)
    if out.suffix.lower() == ".csv":
        raise InvalidOptionError("--workers/--scheduler write a Parquet dataset (a directory), "
                                 f"got {args.output!r}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidOptionError(f"output {args.output!r} exists and is not an empty directory")
    names = pq.read_schema(files[0]).names
    missing = [c for c in (args.lon_col, args.lat_col) if c not in names]
    if missing:
        raise InvalidOptionError(f"{args.input}: no column {', '.join(map(repr, missing))} "
                                 f"(columns: {', '.join(names[:30])})")
    geo_meta = (pq.read_schema(files[0]).metadata or {}).get(b"geo")

    if args.scheduler:
        cluster = None
        client = Client(args.scheduler)
    else:
        if args.workers < 1:
            raise InvalidOptionError(f"--workers must be at least 1, got {args.workers}")
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                               dashboard_address=None, processes=True)
        client = Client(cluster)
    try:
        ddf = dd.read_parquet(str(src))
        n = ddf.npartitions
        print(f"{n} partition(s) on {len(client.scheduler_info()['workers'])} worker(s) "
              f"at {client.scheduler.address}", file=sys.stderr, flush=True)
        frames = [geo.classify(ddf, lon=args.lon_col, lat=args.lat_col, perspective=v,
                               errors="mark") for v in views]
        out.mkdir(parents=True, exist_ok=True)
        parts = ddf.to_delayed()
        per_view = [f.to_delayed() for f in frames]
        write = dask.delayed(_write_part, pure=False)
        answer = dask.delayed(_answers, pure=True)
        tasks = [write(parts[i], answer([pv[i] for pv in per_view], views),
                       str((out / f"part.{i}.parquet").resolve()), geo_meta)
                 for i in range(n)]
        futures = client.compute(tasks)
        order = {f.key: i for i, f in enumerate(futures)}
        done_parts = rows = bad_total = 0
        bad_rows: list[tuple[int, int, str]] = []
        for fut in as_completed(futures):
            k, bad, nbad = fut.result()
            i = order[fut.key]
            bad_rows.extend((i, r, why) for r, why in bad)
            bad_total += nbad
            rows += k
            done_parts += 1
            print(f"classified {done_parts}/{n} partitions, {rows:,} rows", file=sys.stderr,
                  flush=True)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    shown = sorted(bad_rows)[:_SHOW_BAD]
    for i, r, why in shown:
        print(f"partition {i} row {r + 1}: {why}", file=sys.stderr)
    if bad_total > len(shown):
        print(f"... {bad_total - len(shown):,} more bad rows (marked in the error column)",
              file=sys.stderr)
    print(f"wrote {rows:,} rows ({bad_total:,} bad, kept and marked) in {n} part(s) to "
          f"{args.output}")
    return 0
