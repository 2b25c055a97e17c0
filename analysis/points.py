"""Where a project's marker goes: its own lat/lon, else a point inside its (first) municipality."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.crs import RD_NEW, WGS84


def gemeente_points(gemeenten: gpd.GeoDataFrame) -> pd.DataFrame:
    """``code`` -> ``lat``/``lon`` of a point guaranteed inside each municipality."""
    pts = gemeenten.geometry.to_crs(RD_NEW).representative_point().to_crs(WGS84)
    return pd.DataFrame({"lat": pts.y.to_numpy(), "lon": pts.x.to_numpy()}, index=gemeenten["code"].to_numpy())


def project_points(projects: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """``projects`` with ``marker_lat``/``marker_lon``; projects without any location are left out."""
    first = projects["gemeente_codes"].fillna("").str.split(";").str[0]
    lat = first.map(points["lat"])
    lon = first.map(points["lon"])
    own = projects["lat"].notna() & projects["lon"].notna()
    out = projects.assign(marker_lat=lat.where(~own, projects["lat"]).astype(float),
                          marker_lon=lon.where(~own, projects["lon"]).astype(float))
    return out[out["marker_lat"].notna()]
