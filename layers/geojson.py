"""Compact GeoJSON for the browser: only the properties a layer uses, coordinates rounded."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely

#: The boundary files are quantised to 0.001 degree (~100 m); 4 decimals (~10 m) keeps every
#: vertex distinct and costs nothing visible. Only the drawn copy is rounded, never the data.
DRAW_DECIMALS = 4


def compact_geojson(gdf: gpd.GeoDataFrame, properties: list[str], decimals: int = DRAW_DECIMALS) -> dict:
    """A GeoJSON FeatureCollection of ``gdf`` with ``properties`` only and rounded coordinates."""
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    geoms = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, decimals))
    records = gdf[properties].to_dict("records") if properties else [{}] * len(gdf)
    features = [
        {"type": "Feature", "properties": {k: _plain(v) for k, v in rec.items()}, "geometry": json.loads(shapely.to_geojson(g))}
        for rec, g in zip(records, geoms)
    ]
    return {"type": "FeatureCollection", "features": features}


def _plain(value):
    """JSON-safe scalar (numpy types and NaN become Python values / None)."""
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value if isinstance(value, (str, int, bool)) else str(value)
