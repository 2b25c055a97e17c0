"""Coordinate reference systems: compute in RD New, draw in WGS84."""
from __future__ import annotations

import geopandas as gpd

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"


def to_rd(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``gdf`` in RD New (EPSG:28992), for areas, distances and joins."""
    return gdf.to_crs(RD_NEW)


def to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``gdf`` in WGS84 (EPSG:4326), for web maps."""
    return gdf.to_crs(WGS84)


def check_wgs84_netherlands(gdf: gpd.GeoDataFrame) -> None:
    """Raise ValueError when ``gdf`` does not look like lon/lat data around the Netherlands."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if not (2.0 <= minx and maxx <= 8.0 and 50.0 <= miny and maxy <= 54.5):
        raise ValueError(
            f"Bounds {minx:.2f},{miny:.2f},{maxx:.2f},{maxy:.2f} are not lon/lat around the "
            "Netherlands. Is the data in WGS84 (EPSG:4326)?"
        )
