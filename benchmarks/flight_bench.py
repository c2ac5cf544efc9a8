"""Benchmark the flight analysis on the shipped data.

Times (wall clock, this machine):

* ``overflight`` for every catalogue event with a launch and an impact point, and for 200
  random tracks (fixed seed) across the theatre 110-170 E, 20-50 N, up to ~5,000 km long;
* ``overflight_table`` for the whole catalogue (overflight + closest approach);
* ``range_ring`` for 500 random centres and radii (fixed seed), anywhere on Earth;
* ``reach`` and ``thaad_coverage`` (country intersections with geodesic areas).

The first call of each pays for loading and indexing the land/countries once per process;
that is timed separately. Run from the repository root::

    python benchmarks/flight_bench.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(label: str, fn, n: int = 1):
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    per = f" ({1000 * dt / n:.1f} ms each)" if n > 1 else ""
    print(f"{label:<48} {dt:8.2f} s{per}", flush=True)
    return out


def main() -> int:
    from geo.catalogue import events
    from geo.flight.coverage import thaad_coverage
    from geo.flight.overflight import overflight
    from geo.flight.reach import reach
    from geo.flight.rings import ring_polygon
    from geo.flight.tables import overflight_table
    from geo.land import countries, shipped_land

    ev = events()
    timed("load + index land.parquet", shipped_land)
    timed("load countries.parquet", countries)
    both = ev.dropna(subset=["launch_lon", "impact_lon"])
    pairs = list(zip(both["launch_lon"], both["launch_lat"], both["impact_lon"],
                     both["impact_lat"], strict=True))
    timed(f"overflight, {len(pairs)} catalogue events",
          lambda: [overflight((a, b), (c, d)) for a, b, c, d in pairs], len(pairs))
    rng = np.random.default_rng(42)
    rnd = np.column_stack([rng.uniform(110, 170, 200), rng.uniform(20, 50, 200),
                           rng.uniform(110, 170, 200), rng.uniform(20, 50, 200)])
    timed("overflight, 200 random theatre tracks",
          lambda: [overflight((a, b), (c, d)) for a, b, c, d in rnd], 200)
    timed("overflight_table (whole catalogue)", lambda: overflight_table(ev))
    cen = np.column_stack([rng.uniform(-180, 180, 500), rng.uniform(-89, 89, 500),
                           rng.uniform(10, 19_000, 500)])
    timed("range_ring, 500 random rings", lambda: [ring_polygon(*c) for c in cen], 500)
    timed("reach Sunan 1,500 km (first: country areas)", lambda: reach("Sunan", 1500))
    timed("reach Sunan 13,000 km", lambda: reach("Sunan", 13000))
    timed("thaad_coverage (4 footprints)", thaad_coverage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
