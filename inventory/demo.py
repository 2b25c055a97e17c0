"""Seeded generator of a synthetic 2017 inventory, calibrated to what the source documents report.

The real AEF database (2017) is not public. This generator makes a *demonstration* inventory that
reproduces the published findings, so the map behaves like the real one:

- theme counts ouderen > ggz > preventie and wijk > jeugd (ouderen most, jeugd 18-/18+ fewest);
- most projects in early phases (opstart, ontwikkelproject), few structureel, embedding rare;
  bigger municipalities a little further along (Panteia 2013: intensity higher in bigger ones);
- most projects in lokale werkpraktijk;
- each of the four big insurer groups dominant in its own contiguous area of zorgkantoorregio's
  (``data/projects/demo_dominantie_2017.csv``: 2014 zorgkantoor holders, with documented demo
  assumptions where needed for contiguity);
- more projects in bigger municipalities: the lead municipality of a project is drawn with weight
  inhabitants^0.8 (CBS 2017), a size proxy that grows less than linearly, as the number of
  parties and initiatives in a city does;
- about one in ten small municipalities (below the median size) without any project (Panteia:
  11% without contact, all under 50,000 inhabitants): they are drawn first and left out.

Everything is drawn from ``numpy.random.default_rng(seed)``: the same seed gives the same file.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from geo.boundaries import load_boundaries
from geo.config import REPO_ROOT
from geo.crs import RD_NEW
from geo.inhabitants import inhabitants
from geo.regions import membership

DEMO_FILE = REPO_ROOT / "data" / "projects" / "demo_inventaris_2017.csv"
DOMINANCE_FILE = REPO_ROOT / "data" / "projects" / "demo_dominantie_2017.csv"
DEFAULT_SEED = 2017
DEFAULT_N = 1500
YEAR = 2017

THEMA_P = {"ouderen": 0.33, "ggz": 0.22, "preventie": 0.18, "wijk": 0.15, "jeugd": 0.05, "overig": 0.07}
FASE_P = {"opstart": 0.36, "ontwikkelproject": 0.34, "implementatie": 0.20, "structureel": 0.10}
INSTRUMENT_P = {"lokale werkpraktijk": 0.55, "beleid": 0.24, "inkoop": 0.16, "overig": 0.05}
NIVEAU_P = {"wijk": 0.18, "gemeente": 0.50, "regio": 0.25, "bovenregionaal": 0.07}
#: national market shares (approximate, rounded) for the insurer that is not the dominant one
GROUP_SHARE = {"achmea": 0.30, "vgz": 0.25, "cz": 0.21, "menzis": 0.13, "dsw": 0.04, "zenz": 0.04, "onvz": 0.02, "eno": 0.01}
P_DOMINANT = 0.72
P_SECOND_INSURER = 0.12
BRAND = {"achmea": "Zilveren Kruis", "cz": "CZ", "vgz": "VGZ", "menzis": "Menzis", "dsw": "DSW",
         "zenz": "Zorg en Zekerheid", "onvz": "ONVZ", "eno": "Salland"}
SHARE_WITHOUT_PROJECT = 0.10

_NAMES = {
    "ouderen": ["Langer thuis in {g}", "Valpreventie 75+ {g}", "Dementievriendelijk {g}", "Ouderenzorg dichtbij {g}",
                "Casemanagement dementie {g}", "Kwetsbare ouderen in beeld {g}"],
    "ggz": ["Verward gedrag aanpak {g}", "GGZ in de wijk {g}", "Herstelacademie {g}", "Psychische kwetsbaarheid {g}",
            "Acute zorg GGZ {g}"],
    "preventie": ["Gezonde leefstijl {g}", "JOGG {g}", "Kansrijke start {g}", "Valpreventie en bewegen {g}",
                  "Preventieakkoord {g}"],
    "wijk": ["Wijkteam en wijkverpleging {g}", "Samen in de wijk {g}", "Sociaal wijkteam plus {g}", "Wijkgericht werken {g}"],
    "jeugd": ["Van 18- naar 18+ {g}", "Jongvolwassenen in beeld {g}"],
    "overig": ["Samenwerkingsagenda {g}", "Zorgloket {g}", "Mantelzorgondersteuning {g}"],
}


def _inhabitants(codes: pd.Series, year: int, directory=None) -> pd.Series:
    ref, note = inhabitants(year, directory)
    if ref is None:
        raise FileNotFoundError(f"{note}: de demogenerator weegt naar inwoners (zet SAMENWERKINGSKAART_REFERENCE)")
    missing = set(codes) - set(ref.index)
    if missing:
        raise ValueError(f"{note} lacks inhabitants for {sorted(missing)}")
    return ref.loc[codes.to_numpy()].set_axis(codes.to_numpy())


#: A later demo inventory (2025) for the change-over-time view: after the 2019 VNG/ZN agreements
#: collaboration is assumed to have matured (more implementation and structural projects).
FASE_P_2025 = {"opstart": 0.20, "ontwikkelproject": 0.28, "implementatie": 0.30, "structureel": 0.22}
DEMO_FILE_2025 = REPO_ROOT / "data" / "projects" / "demo_inventaris_2025.csv"


def generate(n: int = DEFAULT_N, seed: int = DEFAULT_SEED, boundaries=None, reference=None, year: int = YEAR,
             fase_weights: dict[str, float] | None = None) -> pd.DataFrame:
    """A synthetic inventory of ``n`` projects in the inventory schema (one row per project)."""
    rng = np.random.default_rng(seed)
    fase_weights = fase_weights or FASE_P
    gem = load_boundaries("gemeente", year, boundaries)
    members = membership(year, boundaries).set_index("gemeente_code")
    pts = gem.geometry.to_crs(RD_NEW).representative_point()
    xy = np.column_stack([pts.x, pts.y])
    codes = gem["code"].to_numpy()
    names = dict(zip(gem["code"], gem["naam"]))
    inw = _inhabitants(gem["code"], year, reference).to_numpy(dtype=float)
    zk = members.loc[codes, "zorgkantoorregio_code"].to_numpy()
    zk_name = dict(zip(members["zorgkantoorregio_code"], members["zorgkantoorregio_naam"]))
    dominance = pd.read_csv(DOMINANCE_FILE).set_index("zorgkantoorregio_code")["groep"]

    small = np.flatnonzero(inw < np.median(inw))
    empty = rng.choice(small, size=round(SHARE_WITHOUT_PROJECT * len(small)), replace=False)
    eligible = np.ones(len(codes), bool)
    eligible[empty] = False
    weight = np.where(eligible, inw ** 0.8, 0.0)
    weight /= weight.sum()
    size_pct = pd.Series(inw).rank(pct=True).to_numpy()
    regions_whole = {r for r in set(zk) if eligible[zk == r].all()}

    def draw(p: dict) -> str:
        return rng.choice(list(p), p=np.array(list(p.values())) / sum(p.values()))

    def nearest(i: int, k: int, same_region: bool) -> list[int]:
        mask = eligible & ((zk == zk[i]) if same_region else True)
        cand = np.flatnonzero(mask)
        order = cand[np.argsort(np.hypot(*(xy[cand] - xy[i]).T))]
        return [int(j) for j in order[:k]]

    rows = []
    for k in range(1, n + 1):
        lead = int(rng.choice(len(codes), p=weight))
        niveau = draw(NIVEAU_P)
        regio = ""
        if niveau in ("wijk", "gemeente"):
            idx = [lead]
        elif niveau == "regio":
            if zk[lead] in regions_whole and rng.random() < 0.3:
                idx, regio = [], zk_name[zk[lead]]  # a whole-region project names the region only
            else:
                idx = nearest(lead, int(rng.integers(2, 8)), same_region=True)
        else:
            idx = nearest(lead, int(rng.integers(6, 16)), same_region=False)
        thema = draw(THEMA_P)
        # bigger municipalities a little further along (shift weight from opstart to later phases)
        shift = 0.6 * (size_pct[lead] - 0.5)
        fase_p = {"opstart": fase_weights["opstart"] * (1 - shift), "ontwikkelproject": fase_weights["ontwikkelproject"],
                  "implementatie": fase_weights["implementatie"] * (1 + shift),
                  "structureel": fase_weights["structureel"] * (1 + shift)}
        fase = draw(fase_p)
        dominant = dominance[zk[lead]]
        group = dominant if rng.random() < P_DOMINANT else draw({g: s for g, s in GROUP_SHARE.items() if g != dominant})
        insurers = [group]
        if rng.random() < P_SECOND_INSURER:
            insurers.append(draw({g: s for g, s in GROUP_SHARE.items() if g != group}))
        brands = ["De Friesland" if g == "achmea" and zk[lead] == "ZK08" else BRAND[g] for g in insurers]
        place = names[codes[lead]] if idx and len(idx) == 1 else (regio or f"regio {names[codes[lead]]}")
        naam = str(rng.choice(_NAMES[thema])).format(g=place)
        start = int(year - rng.integers(0, 2 if fase == "opstart" else 5))
        rows.append({
            "id": f"DEMO-{k:04d}" if year == YEAR else f"DEMO{year % 100}-{k:04d}",
            "naam": naam,
            "omschrijving": f"Demonstratieproject (synthetische gegevens, geen echt project): {naam}.",
            "thema": thema,
            "fase": fase,
            "instrument": draw(INSTRUMENT_P),
            "niveau": niveau,
            "gemeenten": "; ".join(names[codes[j]] for j in idx),
            "regio": regio,
            "zorgverzekeraar": "; ".join(brands),
            "startjaar": start,
            "jaar": year,
        })
    return pd.DataFrame(rows)


def write_demo(df: pd.DataFrame, path: Path = DEMO_FILE) -> Path:
    """Write as Dutch Excel does (``;``, UTF-8 with BOM), so it opens cleanly in Excel too."""
    buf = io.StringIO()
    df.to_csv(buf, sep=";", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return path


def generate_2025(boundaries=None, reference=None) -> pd.DataFrame:
    """The later demo inventory: 2025 municipalities, 1,800 projects, matured phases."""
    return generate(n=1800, seed=2025, boundaries=boundaries, reference=reference, year=2025, fase_weights=FASE_P_2025)


if __name__ == "__main__":  # pragma: no cover
    print(write_demo(generate()))
