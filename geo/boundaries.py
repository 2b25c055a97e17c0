"""Load CBS/PDOK boundaries (gemeente, zorgkantoorregio, provincie) for a year.

A year with its own file loads that file. A year without one uses the nearest earlier file and,
for municipalities, applies the mergers of ``gemeente_mutaties.csv`` up to 1 January of that year
(dissolving merged municipalities). The file used is recorded in ``gdf.attrs``.

>>> gdf = load_boundaries("gemeente", 2017)          # doctest: +SKIP
>>> len(gdf), gdf.attrs["source_file"]               # doctest: +SKIP
(388, 'gemeente_2015.topojson')
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.config import (BOUNDARY_TYPES, ENV_VAR, FETCH_HINT, MUTATIONS_FILE, REPO_ROOT, SUBMUNICIPAL_TYPES,
                        TYPE_NAME_RE, boundaries_dir, boundary_path)
from geo.crs import RD_NEW, WGS84

_FILE_RE = re.compile(rf"^(?P<kind>{TYPE_NAME_RE})_(?P<year>\d{{4}})\.topojson$")
#: Region types change rarely; when no file of that year or earlier exists, the nearest later
#: file is used (and said so in ``attrs["note"]``). Municipalities never fall back to a later file.
_NO_LATER_FALLBACK = {"gemeente", *SUBMUNICIPAL_TYPES}
#: Known misspellings in the simplified files, corrected to CBS's official spelling.
_NAME_FIXES = {"Nuenen. Gerwen en Nederwetten": "Nuenen, Gerwen en Nederwetten"}


class BoundaryError(Exception):
    """A boundary file is missing, unreadable or inconsistent; the message says what to do."""


class MissingBoundaries(BoundaryError):
    """The boundaries directory holds no municipality files at all: nothing geographic can work."""


def missing_message(root: Path, year: int | None = None) -> str:
    """The one Dutch message for a boundaries directory without municipality files."""
    env = os.environ.get(ENV_VAR)
    source = f"{ENV_VAR}={env}" if env else f"{ENV_VAR} is niet gezet, dus de standaardmap data/boundaries"
    want = f"gemeente_{year}.topojson (of een eerder jaar)" if year else "gemeentegrenzen (gemeente_<jaar>.topojson)"
    fetch = FETCH_HINT.format(year=year or 2025)
    return (f"Geen grenzenbestanden gevonden: {root / 'wgs84'} bevat geen {want} ({source}). "
            f"Haal ze op met: {fetch} (voor een inventaris van 2017: ook --year 2015), "
            f"of zet {ENV_VAR} op een map met de CBS-grenzen (zie data/boundaries/README.md).")


def require_boundaries(directory: str | os.PathLike | None = None) -> Path:
    """The boundaries directory; raises MissingBoundaries (Dutch message) when it has no municipality file."""
    root = boundaries_dir(directory)
    if not (available(root)["type"] == "gemeente").any():
        raise MissingBoundaries(missing_message(root))
    return root


def available(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """List the boundary files present: columns ``type``, ``year``, ``path``."""
    root = boundaries_dir(directory)
    rows = []
    for path in sorted((root / "wgs84").glob("*.topojson")):
        m = _FILE_RE.match(path.name)
        if m and m["kind"] not in SUBMUNICIPAL_TYPES:
            rows.append({"type": m["kind"], "year": int(m["year"]), "path": str(path)})
    return pd.DataFrame(rows, columns=["type", "year", "path"]).sort_values(["type", "year"], ignore_index=True)


def fingerprint(directory: str | os.PathLike | None = None) -> str:
    """Identifies the boundary files present (directory, names, sizes, modification times). Part of
    the cache key of everything prepared from them, so a file added, removed or replaced while the
    app runs is seen at the next rerun (a dozen ``stat`` calls: cheap on every rerun)."""
    root = boundaries_dir(directory)
    parts = [str(root.resolve())]
    for path in sorted([*(root / "wgs84").glob("*.topojson"), root / MUTATIONS_FILE]):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def load_boundaries(kind: str, year: int, directory: str | os.PathLike | None = None) -> gpd.GeoDataFrame:
    """Boundaries of ``kind`` valid on 1 January ``year``: columns ``code``, ``naam``, ``geometry`` (EPSG:4326).

    ``attrs`` holds ``source_file``, ``source_year``, ``mutations_applied`` (count), ``note`` and ``warning``.
    Raises :class:`BoundaryError` with the file, the directory searched and the fetch command.
    """
    if not is_boundary_type(kind):
        raise ValueError(f"Unknown boundary type {kind!r}; choose one of {', '.join(BOUNDARY_TYPES)} "
                         "or another CBS region type of whole municipalities (ggdregio, jeugdregio, ...)")
    root = boundaries_dir(directory)
    source_year, note = _pick_vintage(root, kind, int(year))
    path = boundary_path(root, kind, source_year)
    stat = path.stat()
    gdf = _read_cached(str(path), stat.st_mtime_ns, stat.st_size).copy()
    applied, warning = 0, ""
    if kind == "gemeente" and year > source_year:
        mutations = read_mutations(root)
        gdf, applied = apply_mutations(gdf, mutations, source_year, int(year))
        if mutations.empty:
            warning = f"No {MUTATIONS_FILE} found: mergers after {source_year} are not applied."
        elif mutations["datum"].max() < pd.Timestamp(year=int(year), month=1, day=1):
            warning = (f"{MUTATIONS_FILE} lists mergers up to {mutations['datum'].max():%Y-%m-%d}; "
                       "later ones are not known here.")
    gdf.attrs = {
        "kind": kind,
        "year": int(year),
        "source_file": path.name,
        "source_year": source_year,
        "mutations_applied": applied,
        "note": " ".join(p for p in (note, warning) if p),
        "warning": warning,  # set when the result may not be the real state of that year
    }
    return gdf


def _pick_vintage(root: Path, kind: str, year: int) -> tuple[int, str]:
    files = available(root)
    years = sorted(files.loc[files["type"] == kind, "year"])
    if year in years:
        return year, ""
    earlier = [y for y in years if y < year]
    if earlier:
        return earlier[-1], f"{kind} {year}: no own file, derived from {kind}_{earlier[-1]}.topojson."
    later = [y for y in years if y > year]
    if later and kind not in _NO_LATER_FALLBACK:
        return later[0], f"{kind} {year}: no file of {year} or earlier, used the later {kind}_{later[0]}.topojson."
    if kind == "gemeente" and not years:
        raise MissingBoundaries(missing_message(root, year))
    expected = boundary_path(root, kind, year)
    have = ", ".join(str(y) for y in years) or "geen"
    raise BoundaryError(
        f"Geen grenzenbestand voor {kind} {year}: verwacht {expected.name} (of een eerder jaar) in "
        f"{root / 'wgs84'} (aanwezige jaren voor {kind}: {have}). "
        f"Haal het op met: {FETCH_HINT.format(year=year)} --types {kind}, of zet {ENV_VAR} op een andere map."
    )


@functools.lru_cache(maxsize=32)
def _read_cached(path: str, mtime_ns: int, size: int) -> gpd.GeoDataFrame:
    """Read and repair one file; cached by path, modification time and size."""
    try:
        raw = pyogrio.read_dataframe(path)
    except Exception as exc:  # pyogrio raises several error types for broken files
        raise BoundaryError(
            f"Cannot read boundary file {path}: {exc}. Fetch it again with: "
            f"{FETCH_HINT.format(year=_FILE_RE.match(Path(path).name)['year'] if _FILE_RE.match(Path(path).name) else 'YEAR')}"
        ) from None
    missing = {"statcode", "statnaam"} - set(raw.columns)
    if missing:
        raise BoundaryError(f"Boundary file {path} lacks the properties {sorted(missing)}; is it a CBS file?")
    gdf = gpd.GeoDataFrame(
        {"code": raw["statcode"].astype(str).str.strip(), "naam": raw["statnaam"].astype(str).str.strip().replace(_NAME_FIXES)},
        geometry=repair(raw.geometry.values),
        crs=WGS84,  # the TopoJSON files carry no CRS member: they are lon/lat
    )
    if gdf["code"].duplicated().any():
        gdf = gdf.dissolve(by="code", aggfunc={"naam": "first"}, as_index=False)[["code", "naam", "geometry"]]
    return gdf.sort_values("code", ignore_index=True)


def repair(geoms) -> gpd.GeoSeries:
    """Make polygons valid: ``buffer(0)`` first (keeps area), ``make_valid`` polygon parts as last resort."""
    series = gpd.GeoSeries(geoms)
    bad = ~series.is_valid
    if bad.any():
        series[bad] = series[bad].buffer(0)
        still = ~series.is_valid | series.is_empty
        if still.any():
            fixed = shapely.make_valid(series[still].values)
            series[still] = [_polygonal(g) for g in fixed]
    return series


def _polygonal(geom):
    """Keep only the polygon parts of a geometry (make_valid may add lines/points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom


def read_mutations(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Municipal code changes (``datum``, ``oude_code``, ``oude_naam``, ``nieuwe_code``, ``nieuwe_naam``).

    The boundaries directory's merger table, plus the project's supplement of code changes by
    renaming (e.g. Groesbeek GM0241 -> Berg en Dal GM1945), which that table lacks. An empty
    frame when the directory has no merger table.
    """
    path = boundaries_dir(directory) / MUTATIONS_FILE
    if not path.exists():
        return pd.DataFrame(columns=_MUTATION_COLS)
    df = pd.concat([_read_mutation_file(path), _read_mutation_file(MUTATIONS_SUPPLEMENT)], ignore_index=True)
    df = df.drop_duplicates(subset=["oude_code", "nieuwe_code"], keep="first")
    return df.sort_values("datum", ignore_index=True)


_MUTATION_COLS = ["datum", "oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam"]
MUTATIONS_SUPPLEMENT = REPO_ROOT / "data" / "gemeente_mutaties_aanvulling.csv"


def _read_mutation_file(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str)
    missing = set(_MUTATION_COLS) - set(df.columns)
    if missing:
        raise BoundaryError(f"{path} lacks the columns {sorted(missing)}")
    df["datum"] = pd.to_datetime(df["datum"], format="%Y-%m-%d")
    return df[_MUTATION_COLS]


def apply_mutations(
    gdf: gpd.GeoDataFrame, mutations: pd.DataFrame, from_year: int, to_year: int
) -> tuple[gpd.GeoDataFrame, int]:
    """Apply mergers dated after 1 Jan ``from_year`` up to and including 1 Jan ``to_year``.

    Merged municipalities are dissolved under their new code and name. Returns the new frame and
    the number of merger rows applied.
    """
    start, end = pd.Timestamp(year=from_year, month=1, day=1), pd.Timestamp(year=to_year, month=1, day=1)
    todo = mutations[(mutations["datum"] > start) & (mutations["datum"] <= end)]
    if todo.empty:
        return gdf, 0
    split = todo[todo["oude_code"].duplicated(keep=False)]
    if len(split):  # one code to several: a division cannot be derived from an older file's polygons
        raise BoundaryError(f"De samenvoegingstabel deelt {', '.join(sorted(set(split['oude_code'])))} op over meerdere "
                            f"gemeenten; gemeenten van {to_year} zijn daarom niet af te leiden uit {from_year}: haal ze op "
                            f"met: {FETCH_HINT.format(year=to_year)} --types gemeente")
    out = gdf
    for _, step in todo.groupby("datum", sort=True):
        code_map = dict(zip(step["oude_code"], step["nieuwe_code"]))
        name_map = dict(zip(step["nieuwe_code"], step["nieuwe_naam"]))
        unknown = set(code_map) - set(out["code"])
        if unknown:
            raise BoundaryError(f"Merger table names codes that do not exist in {from_year}..{to_year}: {sorted(unknown)}")
        out = out.assign(code=out["code"].replace(code_map))
        out.loc[out["code"].isin(name_map), "naam"] = out["code"].map(name_map)
        out = out.dissolve(by="code", aggfunc={"naam": "first"}, as_index=False)[["code", "naam", "geometry"]]
        out["geometry"] = repair(out.geometry.values).values
    return out.sort_values("code", ignore_index=True), len(todo)


def is_boundary_type(kind: str) -> bool:
    """A type name this project can load: the core three, or any CBS region type name (not wijk/buurt)."""
    return isinstance(kind, str) and re.fullmatch(TYPE_NAME_RE, kind) is not None and kind not in SUBMUNICIPAL_TYPES


def region_types(directory: str | os.PathLike | None = None) -> list[str]:
    """Region types beyond zorgkantoorregio and provincie with a file in the boundaries directory
    (e.g. ``ggdregio``, ``jeugdregio``), in a stable order."""
    kinds = set(available(directory)["type"]) - set(BOUNDARY_TYPES)
    return sorted(kinds)


def load_all(year: int, directory: str | os.PathLike | None = None) -> dict[str, gpd.GeoDataFrame]:
    """All three boundary types for ``year``."""
    return {kind: load_boundaries(kind, year, directory) for kind in BOUNDARY_TYPES}


def area_km2(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Area of each geometry in km², computed in RD New."""
    return gdf.geometry.to_crs(RD_NEW).area / 1e6
