"""geo.classify on a dask ``distributed`` LocalCluster: scaling from 1 to 2 workers and the
per-partition overhead, side by side in one run with the in-memory call.

Points: uniform over the theatre (lon 118..150, lat 20..50), written as a partitioned
Parquet dataset in a temporary directory. Each timed run reads the dataset, classifies it
lazily (``geo.classify(ddf)``: the default categorical DataFrame output) and reduces it on
the workers to the count per kind (so the timing is the classification, not shipping the
answers back). Cold runs (workers reading the zone set and its saved raster index once)
are reported apart. Per-partition overhead: the same points in many small partitions
against few large ones, ``(t_many - t_few) / (P_many - P_few)``.

    PYTHONPATH=. .venv/bin/python benchmarks/classify_dask_bench.py --n 20000000

Needs the ``dask`` extra. Prints min and median over ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def points(n: int, seed: int = 20) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(118, 150, n), "lat": rng.uniform(20, 50, n)})


def dataset(root: Path, pts: pd.DataFrame, parts: int) -> Path:
    """The same points as ``parts`` Parquet files, in order."""
    out = root / f"pts-{parts}"
    out.mkdir()
    per = -(-len(pts) // parts)
    for i in range(parts):
        pts.iloc[i * per:(i + 1) * per].to_parquet(out / f"part-{i:04d}.parquet", index=False)
    return out


def run_once(path: Path) -> tuple[float, pd.Series]:
    import dask.dataframe as dd

    import geo

    t = time.perf_counter()
    ddf = dd.read_parquet(str(path))
    counts = geo.classify(ddf)["kind"].value_counts(dropna=False).compute()
    return time.perf_counter() - t, counts


def timed(path: Path, repeats: int) -> tuple[float, list[float], pd.Series]:
    cold, counts = run_once(path)
    times = []
    for _ in range(repeats):
        t, c = run_once(path)
        assert c.sort_index().equals(counts.sort_index())
        times.append(t)
    return cold, times, counts


def fmt(times: list[float], n: int) -> str:
    lo, med = min(times), statistics.median(times)
    return f"min {lo:7.2f} s  median {med:7.2f} s  ({n / lo / 1e6:5.2f} M points/s at min)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=4_000_000, help="points (default 4M)")
    ap.add_argument("--parts", type=int, default=16, help="partitions of the main dataset")
    ap.add_argument("--many-parts", type=int, default=256,
                    help="partitions of the overhead dataset (same points)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    import geo

    print(f"N = {args.n:,} uniform points; {args.parts} and {args.many_parts} partitions; "
          f"{args.repeats} repeats")
    with tempfile.TemporaryDirectory() as tmp:
        whole = points(args.n)
        few = dataset(Path(tmp), whole, args.parts)
        many = dataset(Path(tmp), whole, args.many_parts)
        geo.classify(lon=whole.lon.to_numpy()[:1000], lat=whole.lat.to_numpy()[:1000])
        mem = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            ref = geo.classify(lon=whole.lon.to_numpy(), lat=whole.lat.to_numpy())
            mem.append(time.perf_counter() - t)
        ref_counts = ref["kind"].value_counts(dropna=False)
        del whole, ref
        print(f"in memory, one process       : {fmt(mem, args.n)}")

        results = {}
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster):
                cold, times, counts = timed(few, args.repeats)
                assert counts.sort_index().equals(ref_counts.sort_index()), "answers differ"
                results[workers] = times
                print(f"{workers} worker(s), {args.parts:4d} parts  : {fmt(times, args.n)}"
                      f"   cold first run {cold:.2f} s")
                if workers == 2:
                    cold_m, times_m, counts_m = timed(many, args.repeats)
                    assert counts_m.sort_index().equals(ref_counts.sort_index())
                    print(f"{workers} worker(s), {args.many_parts:4d} parts  : "
                          f"{fmt(times_m, args.n)}")
                    over = (min(times_m) - min(times)) / (args.many_parts - args.parts)
                    over_med = (statistics.median(times_m) - statistics.median(times)) \
                        / (args.many_parts - args.parts)
                    print(f"per-partition overhead (2 workers): min {over * 1e3:.1f} ms, "
                          f"median {over_med * 1e3:.1f} ms per partition")
        print(f"scaling 1 -> 2 workers: {min(results[1]) / min(results[2]):.2f}x at min, "
              f"{statistics.median(results[1]) / statistics.median(results[2]):.2f}x at "
              f"median; 2 workers vs in memory: {min(mem) / min(results[2]):.2f}x at min")


if __name__ == "__main__":
    main()
