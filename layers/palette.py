"""How distinguishable the map's colours are, for normal and colour-blind vision.

:func:`simulate` applies the colour-vision-deficiency matrices of Machado, Oliveira &
Fernandes (2009, "A physiologically-based model for simulation of color vision
deficiency", IEEE TVCG 15(6), severity 1.0) to sRGB colours in linear light;
:func:`delta_e` is the CIE76 distance in CIELAB (D65). :func:`min_distance` is the
smallest distance between any two colours of a set under any of the visions, which the
tests hold above a floor for the colours a map shows together (actors, zone owners).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

#: Machado et al. (2009) simulation matrices (linear RGB), severity 1.0.
CVD_MATRICES = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("normal", *CVD_MATRICES)


def hex_to_rgb(colours: Iterable[str]) -> np.ndarray:
    """``(n, 3)`` sRGB in [0, 1] of CSS ``#rrggbb`` strings."""
    out = []
    for c in colours:
        h = str(c).lstrip("#")
        if len(h) != 6:
            raise ValueError(f"{c!r} is not a #rrggbb colour")
        out.append([int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)])
    return np.asarray(out, dtype=float).reshape(-1, 3)


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def simulate(srgb: np.ndarray, vision: str) -> np.ndarray:
    """Linear-light RGB ``(n, 3)`` of sRGB colours as seen with ``vision`` (one of
    :data:`VISIONS`)."""
    lin = _to_linear(np.asarray(srgb, float))
    if vision == "normal":
        return lin
    return np.clip(lin @ CVD_MATRICES[vision].T, 0.0, 1.0)


def linear_to_lab(lin: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of linear-light RGB ``(n, 3)``."""
    m = np.array([[0.4124564, 0.3575761, 0.1804375],
                  [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = lin @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]),
                     200 * (f[:, 1] - f[:, 2])], axis=1)


def delta_e(colours: Iterable[str], vision: str = "normal") -> np.ndarray:
    """``(n, n)`` CIE76 distances between the colours as seen with ``vision``."""
    lab = linear_to_lab(simulate(hex_to_rgb(colours), vision))
    return np.linalg.norm(lab[:, None, :] - lab[None, :, :], axis=2)


def min_distance(colours: Iterable[str]) -> tuple[float, str, tuple[int, int]]:
    """The smallest CIE76 distance between two different colours of ``colours`` under any
    vision of :data:`VISIONS`: ``(distance, vision, (i, j))``; ``inf`` for fewer than
    two colours."""
    cols = list(dict.fromkeys(colours))
    best = (float("inf"), "normal", (0, 0))
    if len(cols) < 2:
        return best
    iu = np.triu_indices(len(cols), 1)
    for v in VISIONS:
        d = delta_e(cols, v)[iu]
        k = int(np.argmin(d))
        if d[k] < best[0]:
            best = (float(d[k]), v, (int(iu[0][k]), int(iu[1][k])))
    return best
