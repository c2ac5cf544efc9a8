"""Popup and tooltip HTML for events, sites and places. Every value is escaped here.

The popups show what the authority said in its own words next to what launchmap computes,
so a reader can compare them; the sources are links (http/https only).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from geo.geodesy import normalize_lon
from layers.escape import esc, linkify, text
from layers.style import KIND_SHORT


def _num(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def fmt_km(value: Any) -> str:
    """``'1,000 km'`` for a number of km, ``''`` when missing."""
    v = _num(value)
    return "" if v is None else f"{v:,.0f} km"


def fmt_latlon(lon: Any, lat: Any) -> str:
    """``'41.4856 N, 136.9727 E'`` (4 decimals), ``''`` when missing."""
    x, y = _num(lon), _num(lat)
    if x is None or y is None:
        return ""
    x = normalize_lon(x)
    return f"{abs(y):.4f} {'N' if y >= 0 else 'S'}, {abs(x):.4f} {'E' if x >= 0 else 'W'}"


def event_when(row: Mapping[str, Any]) -> str:
    """``'2022-11-18 01:14 UTC'`` (or the date alone when the time is unknown)."""
    day = row.get("date")
    day_s = day.strftime("%Y-%m-%d") if hasattr(day, "strftime") else text(day)[:10]
    t = text(row.get("time_utc")).strip()
    return f"{day_s} {t} UTC" if t else f"{day_s} (time not reported)"


def describe_zone(kind: Any, state: Any, status: Any) -> str:
    """Plain text of one computed answer, e.g. ``'JPN EEZ (median line)'``."""
    k = text(kind)
    if not k:
        return "high seas (no zone in the zone set)"
    if k == "land":
        s = f"on land ({text(state)})"
        return s + (" (disputed)" if text(status) == "disputed" else "")
    out = f"{text(state)} {KIND_SHORT.get(k, k)}"
    st = text(status)
    return out + (f" ({st})" if st else "")


def verdict_html(verdicts: Sequence[Mapping[str, Any]], perspective: str) -> str:
    """The computed verdict for every perspective, the chosen one first; identical
    answers are written once ("same in all N views")."""
    if not verdicts:
        return "<div><b>This tool's verdict:</b> not computed (no impact point)</div>"
    by_view = {text(v["perspective"]): describe_zone(v.get("kind"), v.get("state"),
                                                     v.get("status")) for v in verdicts}
    source = text(verdicts[0].get("source"))
    src = f'<div class="lm-small">Zones: {esc(source)}</div>' if source else ""
    distinct = set(by_view.values())
    head = "<div><b>This tool's verdict at that point:</b> "
    if len(distinct) == 1:
        only = next(iter(distinct))
        return (f"{head}{esc(only)} <span class=\"lm-small\">(same in all "
                f"{len(by_view)} views)</span></div>{src}")
    order = sorted(by_view, key=lambda p: (p != perspective, p != "administering", p))
    items = "".join(
        f"<li>{'<b>' if p == perspective else ''}{esc(p)} view{'</b>' if p == perspective else ''}"
        f": {esc(by_view[p])}</li>" for p in order
    )
    return f"{head}</div><ul>{items}</ul>{src}"


def reported_zone_text(code: Any) -> str:
    """``'inside:JPN:eez'`` -> ``'inside JPN EEZ'``; ``'land:POL'`` -> ``'on land (POL)'``."""
    raw = text(code).strip()
    if not raw:
        return ""
    parts = raw.split(":")
    if parts[0] == "land" and len(parts) == 2:
        return f"on land ({parts[1]})"
    if len(parts) == 3:
        return f"{parts[0]} {parts[1]} {KIND_SHORT.get(parts[2], parts[2])}"
    return raw


def claims_section(row: Mapping[str, Any],
                   claims: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The claims made about an event, as popup HTML (escaped).

    ``claims``: the event's claims as the catalogue gives them (dicts with ``field``,
    ``value``, ``authority``, ``stated_at``, ``status``, ``source``, ``preferred``; see
    :func:`event_claims`). When there are some and :mod:`layers.claims` (the catalogue's
    claims list) is installed, its ``claims_html(claims)`` draws them; otherwise the
    section holds the claims the row itself carries (reported zone, reported
    overflight)."""
    if claims:
        try:
            from layers.claims import claims_html
        except ImportError:  # the catalogue's claims list is not there
            claims_html = None
        if claims_html is not None:
            html = str(claims_html(claims) or "")
            if html:
                return html
    out = []
    for label, value in (("Reported zone", reported_zone_text(row.get("reported_zone"))),
                         ("Reported overflight", text(row.get("overflight_reported")))):
        if value:
            out.append(f"<div><b>{esc(label)}:</b> {esc(value)}</div>")
    return "".join(out)


def event_claims() -> Mapping[str, Sequence[Mapping[str, Any]]]:
    """``{event id: [claim, ...]}`` of the shipped catalogue's claims
    (``geo.catalogue_claims.claims_by_event(geo.event_claims())``), ``{}`` when this
    installation has no claims table."""
    try:
        import geo
        from geo.catalogue_claims import claims_by_event

        return claims_by_event(geo.event_claims())
    except (ImportError, AttributeError):
        return {}


def event_popup(row: Mapping[str, Any], *, site_name: str = "", place_name: str = "",
                verdicts: Sequence[Mapping[str, Any]] = (), perspective: str = "administering",
                same_point: Sequence[str] = (), overflight: str | None = None,
                profile_svg: str = "",
                claims: Sequence[Mapping[str, Any]] | None = None) -> str:
    """Popup HTML of one event (a row of :func:`geo.catalogue.events`).

    Order: what a reader looks for first (this tool's verdict, the position it used, the
    ``claims``, see :func:`claims_section`), then the flight's facts (and its side view,
    ``profile_svg``, an inline SVG made by :mod:`layers.profile_svg`), then the
    authority's full words, notes and sources."""
    rows: list[tuple[str, str]] = []

    def add(label: str, value: str) -> None:
        if value:
            rows.append((label, value))

    add("Date, time", esc(event_when(row)))
    if text(row.get("date_local")):
        add("Local date", esc(f"{text(row.get('date_local'))} ({text(row.get('reporting_authority'))})"))
    add("Actor", esc(row.get("actor")))
    add("System", esc(row.get("system")))
    count = _num(row.get("count"))
    if count is not None and count > 1:
        add("Missiles", esc(f"{count:.0f}"))
    site = site_name or text(row.get("launch_site"))
    where = fmt_latlon(row.get("launch_lon"), row.get("launch_lat"))
    add("Launch site", esc(f"{site} ({where})" if site and where else site or where))
    add("Apogee", esc(fmt_km(row.get("apogee_km"))))
    add("Range", esc(fmt_km(row.get("range_km"))))
    ft = _num(row.get("flight_time_min"))
    add("Flight time", esc("" if ft is None else f"{ft:.0f} min"))
    table = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)

    parts = [f'<div class="lm-popup"><h4>{esc(event_when(row))} &middot; {esc(row.get("system"))}</h4>']

    # first: the verdict, the position it was computed at, the claims
    parts.append(verdict_html(verdicts, perspective))
    pos = fmt_latlon(row.get("impact_lon"), row.get("impact_lat"))
    if pos:
        sigma = _num(row.get("impact_sigma_km"))
        query = text(row.get("impact_query"))
        ref = f" (from {place_name})" if place_name else ""
        parts.append(
            "<div><b>Position used:</b> "
            + esc(f"{query} -> " if query else "") + esc(pos)
            + esc(f" +/- {sigma:.0f} km (1 sigma)" if sigma else "") + esc(ref) + "</div>"
        )
    said = claims_section(row, claims)
    if said:
        parts.append(f'<div class="lm-claims">{said}</div>')
    if overflight is not None:
        parts.append(f"<div><b>Computed overflight (geodesic track):</b> {esc(overflight or 'none')}</div>")
    # then: the flight
    parts.append(f'<div class="lm-section"><table>{table}</table></div>')
    if profile_svg:
        parts.append(f'<div class="lm-profile">{profile_svg}</div>')
    # after: the authority's full words and the sources
    parts.append(sources_open(row))
    if same_point:
        parts.append('<div class="lm-small"><b>Also reported at this point:</b> '
                     + esc("; ".join(same_point)) + "</div>")
    parts.append(f'<div class="lm-small">id {esc(row.get("id"))}</div></div></div>')
    return "".join(parts)


def sources_open(row: Mapping[str, Any]) -> str:
    """The opening of an event popup's last section (left open: the caller adds its own
    lines and closes it): what the reporting authority said (``impact_statement``),
    then the notes (escaped) and the source and source note (escaped, links made
    clickable)."""
    auth = text(row.get("reporting_authority")) or "The authority"
    statement = text(row.get("impact_statement"))
    parts = ['<div class="lm-section lm-sources">']
    if statement:
        parts.append(f'<div><b>{esc(auth)} said:</b></div><div class="lm-quote">'
                     f"{esc(statement)}</div>")
    for label, key, link in (("Notes", "notes", False), ("Source", "source", True),
                             ("Source note", "source_note", True)):
        value = text(row.get(key))
        if value:
            shown = linkify(value) if link else esc(value)
            parts.append(f'<div class="lm-small"><b>{esc(label)}:</b> {shown}</div>')
    return "".join(parts)


def event_tooltip(row: Mapping[str, Any]) -> str:
    """One line: date and system."""
    return f"{esc(event_when(row))} &middot; {esc(row.get('system'))}"
