"""Sidebar section for a region set (a map level of its own) and the Venster ratings that go with it."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.ratings import DEMO_RATINGS, Ratings, read_ratings
from geo.boundaries import BoundaryError
from geo.regionsets import DEMO_REGION_SET, RegionSet, read_region_set
from tabular.read import ReadError
from layers.escape import md
from ui.common import shipped_file, upload_digest
from ui.shared_cache import FILES


@dataclass
class RegionContext:
    """The region set and ratings in use (either may be absent); ``key`` identifies them for caches."""

    key: str
    region_set: RegionSet | None
    ratings: Ratings | None
    demo_set: bool
    demo_ratings: bool
    ratings_key: str = ""

    @property
    def regions(self) -> pd.DataFrame:
        return self.region_set.regions


def cached_region_set(digest: str, filename: str, year: int, name: str, _data) -> RegionSet:
    def compute():
        if hasattr(_data, "seek"):
            _data.seek(0)
        return read_region_set(_data, year, filename=filename, name=name)
    return FILES.get(("regioset", digest, filename, year, name), compute, lambda: st.spinner("Regio-indeling controleren…"))


def cached_ratings(digest: str, filename: str, regions_key: str, _regions: pd.DataFrame, _data) -> Ratings:
    def compute():
        if hasattr(_data, "seek"):
            _data.seek(0)
        return read_ratings(_data, _regions, filename=filename)
    return FILES.get(("venster", digest, filename, regions_key), compute, lambda: st.spinner("Venstercijfers controleren…"))


def sidebar_regions(year: int, default: RegionContext | None = None, box=None) -> RegionContext:
    """Upload, ``default`` (the published set and ratings) or demo: a region set for ``year`` and ratings
    for its regions. Uploads are a private preview in this session. ``box``: where to draw (default: sidebar)."""
    box = box or st.sidebar
    box.markdown("**Regio-indeling en Venster**")
    up = box.file_uploader("Eigen regio-indeling (gemeente, regio)", type=["csv", "txt", "xlsx"], key="upload_regions",
                                  help="Bijvoorbeeld de 43 regio's van de werkstructuur; zie data/regions/README.md")
    region_set, set_key, demo_set = None, "", False
    if up is not None:
        set_key = upload_digest(up)
        try:
            region_set = cached_region_set(set_key, up.name, year, up.name.rsplit(".", 1)[0], up)
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
        region_set, set_key = default.region_set, default.key
        box.caption(f"In gebruik: de gepubliceerde regio-indeling ({md(region_set.name)}).")
    elif year == 2017:
        set_key, set_bytes = shipped_file(DEMO_REGION_SET)
        try:
            region_set = cached_region_set(set_key, DEMO_REGION_SET.name, 2017, "Demo-werkstructuur (43 regio's)", set_bytes)
        except (ReadError, BoundaryError) as exc:
            box.error(f"Demo-regio-indeling niet beschikbaar: {md(exc)}")
            return RegionContext("", None, None, False, False)
        demo_set = True
        box.caption("In gebruik: **demo-werkstructuur** (43 regio's, afgeleid van de zorgkantoorregio's; "
                           "geen echte indeling).")
    if region_set is None or region_set.table.empty:
        return RegionContext("", None, None, False, False)

    ctx = RegionContext(set_key, region_set, None, demo_set, False)
    rup = box.file_uploader("Venstercijfers (regio, thema, aspect, beoordelaar, score)", type=["csv", "txt", "xlsx"],
                                   key="upload_ratings")
    if rup is not None:
        try:
            ctx.ratings_key = upload_digest(rup)
            ctx.ratings = cached_ratings(ctx.ratings_key, rup.name, ctx.key, ctx.regions, rup)
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
        ctx.ratings_key, data = shipped_file(DEMO_RATINGS)
        ctx.ratings = cached_ratings(ctx.ratings_key, DEMO_RATINGS.name, ctx.key, ctx.regions, data)
        ctx.demo_ratings = True
        box.caption("Venstercijfers: **demonstratie**, met de landelijke gemiddelden van het Venster 2020.")
    return ctx


def demo_regions(year: int) -> RegionContext:
    """The demo set and ratings without any widget (embedded maps)."""
    if year != 2017:
        return RegionContext("", None, None, False, False)
    key, data = shipped_file(DEMO_REGION_SET)
    ctx = RegionContext(key, cached_region_set(key, DEMO_REGION_SET.name, 2017, "Demo-werkstructuur (43 regio's)", data),
                        None, True, True)
    ctx.ratings_key, ratings = shipped_file(DEMO_RATINGS)
    ctx.ratings = cached_ratings(ctx.ratings_key, DEMO_RATINGS.name, ctx.key, ctx.regions, ratings)
    return ctx
