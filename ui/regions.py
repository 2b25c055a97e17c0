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
from ui.common import upload_digest


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
def cached_region_set(digest: str, filename: str, year: int, name: str, _data) -> RegionSet:
    if hasattr(_data, "seek"):
        _data.seek(0)
    return read_region_set(_data, year, filename=filename, name=name)


@st.cache_data(show_spinner="Venstercijfers controleren…", max_entries=8)
def cached_ratings(digest: str, filename: str, regions_key: str, _regions: pd.DataFrame, _data) -> Ratings:
    if hasattr(_data, "seek"):
        _data.seek(0)
    return read_ratings(_data, _regions, filename=filename)


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"|".join(parts)).hexdigest()[:16]


def sidebar_regions(year: int) -> RegionContext:
    """Upload or demo: a region set for ``year`` and ratings for its regions."""
    st.sidebar.header("Regio-indeling en Venster")
    up = st.sidebar.file_uploader("Eigen regio-indeling (gemeente, regio)", type=["csv", "txt", "xlsx"], key="upload_regions",
                                  help="Bijvoorbeeld de 43 regio's van de werkstructuur; zie data/regions/README.md")
    region_set, set_key, demo_set = None, "", False
    if up is not None:
        set_key = upload_digest(up)
        try:
            region_set = cached_region_set(set_key, up.name, year, up.name.rsplit(".", 1)[0], up)
        except (ReadError, BoundaryError) as exc:
            st.sidebar.error(f"Regio-indeling niet bruikbaar: {exc}")
        else:
            st.sidebar.caption(region_set.summary())
            if len(region_set.rejections):
                rej = region_set.rejections.assign(suggesties=region_set.rejections["suggesties"].map(", ".join))
                st.sidebar.dataframe(rej, hide_index=True, key="region_rejections")
            if region_set.missing:
                st.sidebar.warning(f"Niet ingedeeld: {', '.join(region_set.missing[:15])}"
                                   f"{' …' if len(region_set.missing) > 15 else ''}")
    elif year == 2017:
        set_bytes = DEMO_REGION_SET.read_bytes()
        set_key = _digest(set_bytes)
        region_set = cached_region_set(set_key, DEMO_REGION_SET.name, 2017, "Demo-werkstructuur (43 regio's)", set_bytes)
        demo_set = True
        st.sidebar.caption("In gebruik: **demo-werkstructuur** (43 regio's, afgeleid van de zorgkantoorregio's; "
                           "geen echte indeling).")
    if region_set is None or region_set.table.empty:
        return RegionContext("", None, None, False, False)

    ctx = RegionContext(set_key, region_set, None, demo_set, False)
    rup = st.sidebar.file_uploader("Venstercijfers (regio, thema, aspect, beoordelaar, score)", type=["csv", "txt", "xlsx"],
                                   key="upload_ratings")
    if rup is not None:
        try:
            ctx.ratings = cached_ratings(upload_digest(rup), rup.name, ctx.key, ctx.regions, rup)
        except ReadError as exc:
            st.sidebar.error(f"Venstercijfers niet bruikbaar: {exc}")
        else:
            st.sidebar.caption(ctx.ratings.summary())
            if len(ctx.ratings.rejections):
                rej = ctx.ratings.rejections.assign(suggesties=ctx.ratings.rejections["suggesties"].map(lambda s: ", ".join(map(str, s))))
                st.sidebar.dataframe(rej, hide_index=True, key="ratings_rejections")
    elif demo_set:
        data = DEMO_RATINGS.read_bytes()
        ctx.ratings = cached_ratings(_digest(data), DEMO_RATINGS.name, ctx.key, ctx.regions, data)
        ctx.demo_ratings = True
        st.sidebar.caption("Venstercijfers: **demonstratie**, met de landelijke gemiddelden van het Venster 2020.")
    return ctx


def demo_regions(year: int) -> RegionContext:
    """The demo set and ratings without any widget (embedded maps)."""
    if year != 2017:
        return RegionContext("", None, None, False, False)
    data = DEMO_REGION_SET.read_bytes()
    ctx = RegionContext(_digest(data), cached_region_set(_digest(data), DEMO_REGION_SET.name, 2017,
                                                         "Demo-werkstructuur (43 regio's)", data), None, True, True)
    ratings = DEMO_RATINGS.read_bytes()
    ctx.ratings = cached_ratings(_digest(ratings), DEMO_RATINGS.name, ctx.key, ctx.regions, ratings)
    return ctx
