"""A trajectory profile (:mod:`geo.flight.profile`) as a small inline SVG, and as a PNG.

The SVG needs no network and no library: the popup of an impact carries it, and
``launchmap profile EVENT_ID --format svg`` writes the same picture. Ground distance runs
along the x axis and altitude up the y axis, each on its own linear scale (km; the
picture is not to scale: a lofted arc is far taller than wide). Every text is escaped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from geo.flight.profile import Profile
from layers.escape import esc

LOFTED_COLOUR = "#0072b2"   # blue (Okabe-Ito), solid
MIN_ENERGY_COLOUR = "#d55e00"  # vermillion (Okabe-Ito), dashed


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = max(span, 1e-9) / ticks
    mag = 10 ** np.floor(np.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return float(m * mag)
    return float(10 * mag)


def profile_svg(prof: Profile, *, width: int = 380, height: int = 190) -> str:
    """The SVG text of ``prof`` (``width`` x ``height`` CSS px, scales down with its
    box: ``viewBox`` and ``max-width: 100%``)."""
    left, right, top, bottom = 46, 10, 26, 30
    w, h = width - left - right, height - top - bottom
    arcs = prof.arcs()
    xmax = max(float(a.ground_km[-1]) for a in arcs) * 1.02
    ymax = max(float(a.altitude_km.max()) for a in arcs) * 1.08

    def sx(x: np.ndarray) -> np.ndarray:
        return left + np.asarray(x) / xmax * w

    def sy(y: np.ndarray) -> np.ndarray:
        return top + h - np.asarray(y) / ymax * h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lm-profile-svg" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{esc("Trajectory profile: " + prof.title)}" '
             'font-family="system-ui, sans-serif" font-size="10">',
             f'<title>{esc("Trajectory profile: " + prof.title)}</title>',
             f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="#f7fbff" '
             'stroke="#999" stroke-width="0.6"/>']
    xs, ys = _nice_step(xmax), _nice_step(ymax)
    for t in np.arange(0, xmax + 1e-9, xs):
        x = float(sx(t))
        parts.append(f'<line x1="{x:.1f}" y1="{top + h}" x2="{x:.1f}" y2="{top + h + 3}" '
                     'stroke="#666"/>')
        parts.append(f'<text x="{x:.1f}" y="{top + h + 13}" text-anchor="middle">'
                     f'{t:,.0f}</text>')
    for t in np.arange(0, ymax + 1e-9, ys):
        y = float(sy(t))
        parts.append(f'<line x1="{left - 3}" y1="{y:.1f}" x2="{left + w}" y2="{y:.1f}" '
                     'stroke="#ddd" stroke-width="0.6"/>')
        parts.append(f'<text x="{left - 5}" y="{y + 3:.1f}" text-anchor="end">{t:,.0f}</text>')
    parts.append(f'<text x="{left + w / 2:.0f}" y="{height - 4}" text-anchor="middle">'
                 'ground distance from launch (km)</text>')
    parts.append(f'<text transform="translate(10 {top + h / 2:.0f}) rotate(-90)" '
                 'text-anchor="middle">altitude (km)</text>')
    for arc in arcs:
        lofted = arc.kind == "lofted"
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(sx(arc.ground_km), sy(arc.altitude_km),
                                                            strict=True))
        colour = LOFTED_COLOUR if lofted else MIN_ENERGY_COLOUR
        dash = "" if lofted else ' stroke-dasharray="5 3"'
        parts.append(f'<polyline class="lm-arc-{arc.kind}" points="{pts}" fill="none" '
                     f'stroke="{colour}" stroke-width="1.8"{dash}/>')
    lo = prof.lofted
    legend = [(LOFTED_COLOUR, "", f"lofted test: apogee {lo.apogee_km:,.0f} km, range "
                                  f"{lo.range_km:,.0f} km")]
    me = prof.minimum_energy
    if me is not None:
        legend.append((MIN_ENERGY_COLOUR, ' stroke-dasharray="5 3"',
                       f"minimum energy, same burnout speed: est. max range "
                       f"{me.range_km:,.0f} km"))
    else:
        legend.append((MIN_ENERGY_COLOUR, ' stroke-dasharray="5 3"',
                       "burnout speed reaches orbit: any range"))
    for i, (colour, dash, label) in enumerate(legend):
        y = 9 + i * 11
        parts.append(f'<line x1="{left}" y1="{y - 3}" x2="{left + 16}" y2="{y - 3}" '
                     f'stroke="{colour}" stroke-width="1.8"{dash}/>')
        parts.append(f'<text x="{left + 20}" y="{y}">{esc(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def write_profile(prof: Profile, path: str | Path, fmt: str = "svg", *,
                  dpi: int = 150) -> Path:
    """Write ``prof`` to ``path`` as ``svg`` (:func:`profile_svg`) or ``png``
    (matplotlib, non-interactive backend); returns the path."""
    path = Path(path)
    if fmt == "svg":
        path.write_text(profile_svg(prof, width=640, height=320) + "\n", encoding="utf-8")
        return path
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 3.6))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    lo = prof.lofted
    ax.plot(lo.ground_km, lo.altitude_km, color=LOFTED_COLOUR, lw=1.8,
            label=f"lofted test: apogee {lo.apogee_km:,.0f} km, range {lo.range_km:,.0f} km")
    me = prof.minimum_energy
    if me is not None:
        ax.plot(me.ground_km, me.altitude_km, color=MIN_ENERGY_COLOUR, lw=1.8, ls="--",
                label=f"minimum energy, same burnout speed: est. max range "
                      f"{me.range_km:,.0f} km")
    ax.set_xlabel("ground distance from launch (km)")
    ax.set_ylabel("altitude (km)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    import textwrap

    ax.set_title("\n".join(textwrap.wrap(f"Trajectory profile: {prof.title} (Keplerian, "
                                         "no boost phase)", 90)), fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi, format="png")
    return path
