"""Sidebar section for a region set (a map level of its own) and the Venster ratings that go with it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.ratings import DEMO_RATINGS, Ratings, read_ratings
from geo.boundaries import BoundaryError
from geo.regionsets import DEMO_REGION_SET, RegionSet, read_region_set
from inventory.read import ReadError
from layers.escape import md


@dataclass
class RegionContext:
    """The region set and ratings in use (either may be absent); ``key`` identifies them for caches."""

    key: str
    region_set: RegionSet | None
    ratings: Ratings | None
    demo_set: bool
    demo_ratings: bool

    @property
    def regions(self) -> pd.DataFrame:
        return self.region_set.regions


@st.cache_data(show_spinner="Regio-indeling controleren…", max_entries=8)
def cached_region_set(data: bytes, filename: str, year: int, name: str) -> RegionSet:
    return read_region_set(data, year, filename=filename, name=name)


@st.cache_data(show_spinner="Venstercijfers controleren…", max_entries=8)
def cached_ratings(data: bytes, filename: str, regions_key: str, _regions: pd.DataFrame) -> Ratings:
    return read_ratings(data, _regions, filename=filename)


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"|".join(parts)).hexdigest()[:16]


def sidebar_regions(year: int, default: RegionContext | None = None, box=None) -> RegionContext:
    """Upload, ``default`` (the published set and ratings) or demo: a region set for ``year`` and ratings
    for its regions. Uploads are a private preview in this session. ``box``: where to draw (default: sidebar)."""
    box = box or st.sidebar
    box.markdown("**Regio-indeling en Venster**")
    up = box.file_uploader("Eigen regio-indeling (gemeente, regio)", type=["csv", "txt", "xlsx"], key="upload_regions",
                                  help="Bijvoorbeeld de 43 regio's van de werkstructuur; zie data/regions/README.md")
    region_set, set_bytes, demo_set = None, b"", False
    if up is not None:
        set_bytes = up.getvalue()
        try:
            region_set = cached_region_set(set_bytes, up.name, year, up.name.rsplit(".", 1)[0])
        except (ReadError, BoundaryError) as exc:
            box.error(f"Regio-indeling niet bruikbaar: {md(exc)}")
        else:
            box.caption(md(region_set.summary()))
            if len(region_set.rejections):
                rej = region_set.rejections.assign(suggesties=region_set.rejections["suggesties"].map(", ".join))
                box.dataframe(rej, hide_index=True, key="region_rejections")
            if region_set.missing:
                box.warning(f"Niet ingedeeld: {md(', '.join(region_set.missing[:15]))}"
                                   f"{' …' if len(region_set.missing) > 15 else ''}")
    elif default is not None:
        region_set, set_bytes = default.region_set, default.key.encode()
        box.caption(f"In gebruik: de gepubliceerde regio-indeling ({md(region_set.name)}).")
    elif year == 2017:
        set_bytes = DEMO_REGION_SET.read_bytes()
        region_set = cached_region_set(set_bytes, DEMO_REGION_SET.name, 2017, "Demo-werkstructuur (43 regio's)")
        demo_set = True
        box.caption("In gebruik: **demo-werkstructuur** (43 regio's, afgeleid van de zorgkantoorregio's; "
                           "geen echte indeling).")
    if region_set is None or region_set.table.empty:
        return RegionContext("", None, None, False, False)

    ctx = RegionContext(_digest(set_bytes), region_set, None, demo_set, False)
    rup = box.file_uploader("Venstercijfers (regio, thema, aspect, beoordelaar, score)", type=["csv", "txt", "xlsx"],
                                   key="upload_ratings")
    if rup is not None:
        try:
            ctx.ratings = cached_ratings(rup.getvalue(), rup.name, ctx.key, ctx.regions)
        except ReadError as exc:
            box.error(f"Venstercijfers niet bruikbaar: {md(exc)}")
        else:
            box.caption(md(ctx.ratings.summary()))
            if len(ctx.ratings.rejections):
                rej = ctx.ratings.rejections.assign(suggesties=ctx.ratings.rejections["suggesties"].map(lambda s: ", ".join(map(str, s))))
                box.dataframe(rej, hide_index=True, key="ratings_rejections")
    elif default is not None and default.ratings is not None and region_set is default.region_set:
        ctx.ratings = default.ratings
        box.caption("Venstercijfers: de gepubliceerde versie.")
    elif demo_set:
        ctx.ratings = cached_ratings(DEMO_RATINGS.read_bytes(), DEMO_RATINGS.name, ctx.key, ctx.regions)
        ctx.demo_ratings = True
        box.caption("Venstercijfers: **demonstratie**, met de landelijke gemiddelden van het Venster 2020.")
    return ctx


def demo_regions(year: int) -> RegionContext:
    """The demo set and ratings without any widget (embedded maps)."""
    if year != 2017:
        return RegionContext("", None, None, False, False)
    data = DEMO_REGION_SET.read_bytes()
    ctx = RegionContext(_digest(data), cached_region_set(data, DEMO_REGION_SET.name, 2017, "Demo-werkstructuur (43 regio's)"),
                        None, True, True)
    ctx.ratings = cached_ratings(DEMO_RATINGS.read_bytes(), DEMO_RATINGS.name, ctx.key, ctx.regions)
    return ctx
