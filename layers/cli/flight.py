"""``launchmap range-estimate`` and ``launchmap reach``: flight analysis on the command line.

``range-estimate --apogee KM --range KM [--time MIN]`` fits a Keplerian ballistic model to
a lofted test and prints the range on a minimum-energy trajectory;
``reach ORIGIN --range KM`` lists the countries (with the share of each) and the gazetteer
places within that geodesic range of a place or ``lat,lon`` point.
"""

from __future__ import annotations

import argparse

from layers.cli import _args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "range-estimate", help="estimate a missile's maximum range from a lofted test",
        description="Fit a Keplerian (vacuum, spherical non-rotating Earth) trajectory to the "
                    "reported apogee and ground range of a lofted test and print the "
                    "maximum range for the same burnout speed on a minimum-energy "
                    "trajectory, with every assumption.")
    p.add_argument("--apogee", type=_args.altitude_km, required=True, metavar="KM",
                   help="reported maximum altitude, km")
    p.add_argument("--range", dest="range_km", type=_args.distance_km, metavar="KM",
                   help="reported ground range, km (required unless --fit time)")
    p.add_argument("--time", dest="time_min", type=_args.minutes, metavar="MIN",
                   help="reported flight time, minutes (compared, or fitted with --fit time)")
    p.add_argument("--fit", choices=("range", "time"), default="range",
                   help="fit apogee with range (default) or with flight time")
    p.add_argument("--burnout-altitude", type=_args.height_km, default=0.0, metavar="KM",
                   help="burnout (and modelled re-entry) altitude, km (default 0)")
    p.add_argument("--rotation", nargs=2, type=_args.degrees, metavar=("LAT", "AZIMUTH"),
                   help="add Earth's rotation for a shot from latitude LAT along AZIMUTH "
                        "(degrees from north)")
    p.add_argument("--json", action="store_true", help="print the estimate as JSON")
    p.set_defaults(func=run_range_estimate)

    q = sub.add_parser(
        "reach", help="countries and places within a range of an origin",
        description="List the countries (Natural Earth 10m) inside the geodesic disc of "
                    "radius KM around ORIGIN with the fraction of each country's area "
                    "inside, and the gazetteer places within KM.")
    q.add_argument("origin", nargs="+",
                   help="a gazetteer place ('Sunan') or coordinates 'lat,lon' ('39.2,125.7')")
    q.add_argument("--range", dest="range_km", type=_args.distance_km, required=True, metavar="KM",
                   help="range, km")
    q.add_argument("--limit", type=_args.count, default=30, metavar="N",
                   help="print at most N places in text output (default 30; JSON has all)")
    q.add_argument("--json", action="store_true", help="print the answer as JSON")
    q.set_defaults(func=run_reach)


def run_range_estimate(args: argparse.Namespace) -> int:
    from geo.flight.ballistic import estimate_range

    rot = args.rotation
    est = estimate_range(
        args.apogee, args.range_km, args.time_min, fit=args.fit,
        burnout_altitude_km=args.burnout_altitude, rotation=rot is not None,
        launch_lat=rot[0] if rot else None, azimuth_deg=rot[1] if rot else None)
    if args.json:
        from geo.report import dumps, range_report

        print(dumps(range_report(est)))
        return 0
    print("inputs")
    print(f"  apogee            {est.apogee_km:,.0f} km")
    if est.range_km is not None:
        print(f"  ground range      {est.range_km:,.0f} km")
    if est.flight_time_min is not None:
        print(f"  flight time       {est.flight_time_min:g} min")
    print(f"  fitted to         apogee + {est.fit}")
    print(f"fit (Keplerian, burnout at {est.burnout_altitude_km:g} km)")
    print(f"  burnout speed     {est.burnout_speed_km_s:.3f} km/s")
    print(f"  flight-path angle {est.burnout_angle_deg:.2f}° ({est.trajectory})")
    if est.fit == "time":
        print(f"  implied range     {est.implied_range_km:,.0f} km")
    print(f"  free-flight time  {est.implied_flight_time_min:.1f} min", end="")
    if est.flight_time_residual_min is not None:
        print(f"  (reported - model: {est.flight_time_residual_min:+.1f} min)")
    else:
        print()
    if est.rotation:
        print(f"  Earth rotation    {est.rotation_speed_km_s:+.3f} km/s along the shot")
    print("maximum range (minimum-energy trajectory)")
    if est.global_reach:
        print(f"  any point on Earth (burnout speed {est.inertial_speed_km_s:.3f} km/s "
              "reaches circular speed)")
    else:
        print(f"  max range         {est.max_range_km:,.0f} km")
        print(f"  optimal angle     {est.optimal_angle_deg:.2f}°, apogee "
              f"{est.max_range_apogee_km:,.0f} km, free flight "
              f"{est.max_range_flight_time_min:.1f} min")
    print("assumptions")
    for a in est.assumptions:
        print(f"  - {a}")
    return 0


def run_reach(args: argparse.Namespace) -> int:
    from geo.flight.reach import reach

    origin = " ".join(args.origin)
    res = reach(origin, args.range_km)
    if args.json:
        from geo.report import dumps, reach_report

        print(dumps(reach_report(res)))
        return 0
    o = res.origin
    print(f"{_args.terminal_safe(o.label)} ({o.lat:.4f}, {o.lon:.4f}): within {res.range_km:,.0f} km")
    print(f"  countries ({len(res.countries)})")
    for r in res.countries.itertuples(index=False):
        print(f"    {r.iso3}  {r.name:<32} {100 * r.fraction:6.1f} %  "
              f"({r.area_inside_km2:,.0f} km²)")
    n = len(res.places)
    print(f"  places ({n})")
    for r in res.places.head(args.limit).itertuples(index=False):
        print(f"    {r.name:<36} {r.distance_km:9.1f} km")
    if n > args.limit:
        print(f"    ... {n - args.limit} more (use --json for all)")
    return 0
