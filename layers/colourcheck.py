"""How far apart colours stay for people with a colour-vision deficiency: Machado et al. (2009)
simulations (via ``colorspacious``, severity 100) of protanopia, deuteranopia and tritanopia, and
the CIEDE2000 colour difference. Used by the tests to keep categorical palettes distinguishable;
the WCAG contrast ratio (``contrast``) for the "geen projecten" hatch (layers.hatch), whose lines
must stand out from their fill and the background for every reader."""
from __future__ import annotations

import itertools

import numpy as np

SIMULATIONS = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")


def hex_to_rgb1(colour: str) -> np.ndarray:
    c = colour.lstrip("#")
    return np.array([int(c[i:i + 2], 16) / 255 for i in (0, 2, 4)])


def lab(colours: list[str], simulation: str = "normal") -> np.ndarray:
    """CIELab (D65) of ``colours`` as seen under ``simulation`` (one of SIMULATIONS)."""
    from colorspacious import cspace_convert

    rgb = np.array([hex_to_rgb1(c) for c in colours])
    if simulation != "normal":
        rgb = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": simulation, "severity": 100}, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CIELab")


def delta_e00(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 difference of two CIELab colours (Sharma, Wu & Dalal 2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    cbar = (c1 + c2) / 2
    g = 0.5 * (1 - np.sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dlp, dcp = L2 - L1, c2p - c1p
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dhp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    lbar, cbarp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbar = (h1p + h2p) / 2
    else:
        hbar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(hbar - 30)) + 0.24 * np.cos(np.radians(2 * hbar))
         + 0.32 * np.cos(np.radians(3 * hbar + 6)) - 0.20 * np.cos(np.radians(4 * hbar - 63)))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / np.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    rt = -2 * np.sqrt(cbarp ** 7 / (cbarp ** 7 + 25 ** 7)) * np.sin(np.radians(60 * np.exp(-((hbar - 275) / 25) ** 2)))
    return float(np.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2 + rt * (dcp / sc) * (dhp / sh)))


def min_difference(colours: list[str]) -> tuple[float, str, str, str]:
    """The smallest CIEDE2000 difference between any two ``colours`` under any simulation:
    (difference, simulation, colour a, colour b)."""
    worst = (float("inf"), "", "", "")
    for sim in SIMULATIONS:
        labs = lab(colours, sim)
        for i, j in itertools.combinations(range(len(colours)), 2):
            d = delta_e00(labs[i], labs[j])
            if d < worst[0]:
                worst = (d, sim, colours[i], colours[j])
    return worst


def simulate(colour: str, simulation: str) -> str:
    """``colour`` as seen under ``simulation`` (one of SIMULATIONS), as ``#rrggbb``."""
    if simulation == "normal":
        return colour
    from colorspacious import cspace_convert

    rgb = np.clip(cspace_convert(hex_to_rgb1(colour), {"name": "sRGB1+CVD", "cvd_type": simulation, "severity": 100},
                                 "sRGB1"), 0, 1)
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


def luminance(rgb1: np.ndarray) -> np.ndarray:
    """WCAG 2.1 relative luminance of sRGB values in 0..1 (last axis: r, g, b)."""
    lin = np.where(rgb1 <= 0.03928, rgb1 / 12.92, ((rgb1 + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted([float(luminance(hex_to_rgb1(a))), float(luminance(hex_to_rgb1(b)))])
    return (lb + 0.05) / (la + 0.05)
