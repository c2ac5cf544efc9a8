"""The claims list of an event popup: every value a source gave, the preferred one marked.

Input: the claims of one event as :func:`geo.catalogue_claims.claims_by_event` gives them
(dicts with ``field, value, authority, stated_at, status, source, preferred``), e.g.
``claims_by_event(geo.event_claims()).get(event_id, [])``. Every string is escaped; URLs
in ``source`` become links only when they are absolute http(s) URLs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from layers.escape import esc, linkify, text

#: How a claim's field is labelled in the popup.
FIELD_LABELS = {"time_utc": "Launch time (UTC)", "launch_site": "Launch site",
                "system": "System", "count": "Missiles", "impact_query": "Fall point",
                "apogee_km": "Apogee (km)", "range_km": "Range (km)",
                "flight_time_min": "Flight time (min)", "reported_zone": "Zone",
                "overflight_reported": "Overflight"}


def claims_html(claims: Sequence[Mapping[str, Any]]) -> str:
    """A ``<div class="lm-claims">`` listing each claim as "field: value — authority,
    stated_at (status)" with its source, the preferred claim of each field in bold and
    marked "(preferred)"; ``""`` when there are none."""
    if not claims:
        return ""
    items = []
    for c in claims:
        field = text(c.get("field"))
        label = FIELD_LABELS.get(field, field)
        value = esc(c.get("value"))
        if c.get("preferred"):
            value = f"<b>{value}</b> (preferred)"
        status = text(c.get("status"))
        who = esc(", ".join(v for v in (text(c.get("authority")), text(c.get("stated_at")))
                            if v))
        items.append(f"<li>{esc(label)}: {value} &mdash; {who}"
                     + (f" ({esc(status)})" if status else "")
                     + (f'<div class="lm-small">{linkify(c.get("source"))}</div>'
                        if text(c.get("source")) else "")
                     + "</li>")
    return ('<div class="lm-claims"><b>What each source said:</b><ul>'
            + "".join(items) + "</ul></div>")
