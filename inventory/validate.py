"""Validate inventory rows: every row is accepted or rejected with its reasons, never lost.

>>> result = validate_file("data/projects/demo_inventaris_2017.csv", year=2017)   # doctest: +SKIP
>>> result.rows_read == result.rows_accepted + result.rows_rejected               # doctest: +SKIP
True
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

import pandas as pd

from geo.boundaries import BoundaryError, MissingBoundaries, load_boundaries, read_mutations
from geo.config import boundaries_dir
from geo.names import GemeenteMatcher, normalise_key
from geo.regions import membership
from inventory.schema import LIST_SEPARATOR, REQUIRED, YEARS, map_headers
from inventory.taxonomy import Taxonomy, load_taxonomy
from tabular.read import RawTable, ReadError, read_table
from tabular.text import CORRECTION_COLUMNS, clean_table

ACCEPTED_COLUMNS = [
    "id", "naam", "omschrijving", "thema", "fase", "instrument", "niveau", "gemeente_codes", "gemeente_namen",
    "via_regio", "regio", "regio_code", "zorgverzekeraars", "zorgverzekeraar_groepen", "startjaar", "jaar",
    "lat", "lon", "url", "contact", "rij",
]
REJECTION_COLUMNS = ["rij", "id", "veld", "waarde", "reden", "suggesties"]
MATCH_COLUMNS = ["rij", "id", "veld", "waarde", "gematcht", "code", "hoe"]
MAX_LEN = {"id": 100, "naam": 300, "omschrijving": 5000, "regio": 200, "contact": 300, "url": 2000}
NL_BOX = (3.0, 50.6, 7.4, 53.7)  # lon/lat box around the Netherlands, Wadden included
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIST_SPLIT_RE = re.compile(r"[;\n|]")


class SchemaError(ReadError):
    """Required columns are missing: the file cannot be used at all."""


@dataclass
class ValidationResult:
    accepted: pd.DataFrame
    rejections: pd.DataFrame
    matches: pd.DataFrame
    rows_read: int
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    corrections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CORRECTION_COLUMNS))

    @property
    def rows_rejected(self) -> int:
        return int(self.rejections["rij"].nunique()) if len(self.rejections) else 0

    @property
    def rows_accepted(self) -> int:
        return len(self.accepted)

    def report(self) -> dict:
        """The JSON report: counts, rejections, non-exact matches, warnings."""
        return {
            "bron": self.source,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "rejections": self.rejections.to_dict("records"),
            "non_exact_matches": self.matches.to_dict("records"),
            "warnings": self.warnings,
            "corrections": self.corrections.to_dict("records"),
        }

    def summary(self) -> str:
        """One short Dutch summary line."""
        fixed = f", {len(self.corrections)} cel(len) gecorrigeerd" if len(self.corrections) else ""
        return (f"{self.rows_read} rijen gelezen: {self.rows_accepted} geaccepteerd, {self.rows_rejected} afgewezen"
                f" ({len(self.matches)} niet-exacte namen gekoppeld{fixed})")


def validate_file(data, year: int, filename: str | None = None, sheet: str | None = None,
                  taxonomy: Taxonomy | None = None, directory: str | os.PathLike | None = None,
                  **read_kwargs) -> ValidationResult:
    """Read and validate one file (path or bytes). Raises ReadError when it is no usable table."""
    table = read_table(data, filename=filename, sheet=sheet, **read_kwargs)
    return validate_table(table, year, taxonomy, directory)


class _YearContext:
    """Everything needed to check the geography of one inventory year."""

    def __init__(self, year: int, directory: str):
        gemeenten = load_boundaries("gemeente", year, directory)
        self.matcher = GemeenteMatcher(gemeenten, year, read_mutations(directory))
        members = membership(year, directory)
        self.regions: dict[str, tuple[str, str, list[str]]] = {}
        for kind in ("zorgkantoorregio", "provincie"):
            for (code, naam), grp in members.groupby([f"{kind}_code", f"{kind}_naam"]):
                entry = (code, naam, grp["gemeente_code"].tolist())
                self.regions[normalise_key(code)] = entry
                self.regions[normalise_key(naam)] = entry
        self.all_codes = gemeenten["code"].tolist()
        self.warning = gemeenten.attrs.get("warning", "")


@functools.lru_cache(maxsize=8)
def _year_context(year: int, directory: str) -> _YearContext:
    return _YearContext(year, directory)


def validate_table(table: RawTable, year: int, taxonomy: Taxonomy | None = None,
                   directory: str | os.PathLike | None = None) -> ValidationResult:
    """Validate every row of ``table`` against the taxonomy and the boundaries of its year."""
    tax = taxonomy or load_taxonomy()
    directory = str(boundaries_dir(directory))
    table, corrections = clean_table(table)
    positions, ignored, doubles = map_headers(table.headers)
    present = set(positions.values())
    missing = [c for c in REQUIRED if c not in present]
    if "gemeenten" not in present and "regio" not in present:
        missing.append("gemeenten (of regio)")
    if missing:
        raise SchemaError(
            f"{table.source}: verplichte kolom(men) ontbreken: {', '.join(missing)}. "
            f"Gevonden kolommen: {', '.join(h for h in table.headers if h) or 'geen'}"
        )
    warnings = list(table.notes)
    if ignored:
        warnings.append(f"kolommen genegeerd (onbekend): {', '.join(ignored)}")
    if doubles:
        warnings.append(f"kolommen dubbel, alleen de eerste gebruikt: {', '.join(doubles)}")
    col_pos = {col: pos for pos, col in positions.items()}

    checker = _RowChecker(tax, year, directory)
    accepted, rejections, matches = [], [], []
    seen_ids: dict[str, int] = {}
    for rownum, cells in zip(table.row_numbers, table.rows):
        rec = {col: _clean(cells[pos]) for col, pos in col_pos.items()}
        errors, rec_out, rec_matches = checker.check(rec)
        if rownum in table.ragged:
            errors.append(("rij", f"{table.ragged[rownum]} cel(len) meer dan de kopregel heeft kolommen", f"rij heeft te veel cellen; staat er een scheidingsteken ({table.delimiter or 'cel'}) in een tekst zonder aanhalingstekens?", []))
        pid = rec.get("id", "")
        if pid and pid in seen_ids:
            errors.append(("id", pid, f"dubbel id: komt al voor in rij {seen_ids[pid]}", []))
        elif pid:
            seen_ids[pid] = rownum
        if errors:
            rejections += [dict(rij=rownum, id=pid, veld=f, waarde=v, reden=r, suggesties=s) for f, v, r, s in errors]
        else:
            rec_out["rij"] = rownum
            accepted.append(rec_out)
            matches += [dict(rij=rownum, id=pid, **m) for m in rec_matches]
    warnings += sorted(checker.notes)
    if corrections:
        warnings.append(f"{len(corrections)} cel(len) bevatten onzichtbare of richtingtekens (bijv. U+202E); "
                        "die zijn verwijderd, zie 'corrections' in het rapport")
    years = sorted(int(y) for y in pd.to_numeric(pd.Series([r["jaar"] for r in accepted], dtype="object"),
                                                 errors="coerce").dropna().unique())
    if len(years) > 1:
        warnings.append(f"rijen uit {len(years)} jaren ({', '.join(map(str, years))}): een kaart toont de gemeenten van één "
                        "jaar; rijen van een ander jaar worden daarnaar vertaald of als niet getekend vermeld")
    return ValidationResult(
        accepted_frame(accepted),
        pd.DataFrame(rejections, columns=REJECTION_COLUMNS),
        pd.DataFrame(matches, columns=MATCH_COLUMNS),
        rows_read=len(table.rows),
        source=table.source,
        warnings=warnings,
        corrections=pd.DataFrame(corrections, columns=CORRECTION_COLUMNS),
    )


def accepted_frame(records: list[dict]) -> pd.DataFrame:
    """The accepted projects as a frame with the columns and dtypes every caller relies on
    (also used to rebuild a stored version exactly)."""
    acc = pd.DataFrame(records, columns=ACCEPTED_COLUMNS)
    acc["startjaar"] = acc["startjaar"].astype("Int64")
    acc["jaar"] = acc["jaar"].astype("Int64")
    acc["lat"] = acc["lat"].astype("Float64")
    acc["lon"] = acc["lon"].astype("Float64")
    return acc


def _clean(value: str) -> str:
    return _CONTROL_RE.sub("", str(value)).strip()


def _split(value: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT_RE.split(value) if p.strip()]


class _RowChecker:
    """Checks one row's fields; lookups are memoised because inventories repeat their values."""

    def __init__(self, tax: Taxonomy, default_year: int, directory: str):
        self.tax = tax
        self.default_year = default_year
        self.directory = directory
        self.notes: set[str] = set()
        self._dim_cache: dict[tuple[str, str], str | None] = {}

    def _dim(self, dim: str, raw: str) -> str | None:
        key = (dim, raw)
        if key not in self._dim_cache:
            self._dim_cache[key] = self.tax[dim].match(raw)
        return self._dim_cache[key]

    def check(self, rec: dict[str, str]) -> tuple[list, dict, list]:
        errors: list[tuple[str, str, str, list[str]]] = []
        out: dict = {c: "" for c in ACCEPTED_COLUMNS}
        matches: list[dict] = []
        for col, limit in MAX_LEN.items():
            if len(rec.get(col, "")) > limit:
                errors.append((col, rec[col][:80] + "…", f"te lang: {len(rec[col])} tekens, maximaal {limit}", []))
        for col in ("id", "naam"):
            if not rec.get(col):
                errors.append((col, "", f"{col} is verplicht en ontbreekt", []))
            out[col] = rec.get(col, "")
        out["omschrijving"] = rec.get("omschrijving", "")
        out["contact"] = rec.get("contact", "")

        for dim in ("thema", "fase", "instrument", "niveau"):
            raw = rec.get(dim, "")
            if not raw:
                errors.append((dim, "", f"{dim} is verplicht en ontbreekt; kies uit: {', '.join(self.tax[dim].codes)}", []))
                continue
            code = self._dim(dim, raw)
            if code is None:
                sugg = self.tax[dim].suggest(raw)
                errors.append((dim, raw, f"onbekende waarde voor {dim}; toegestaan: {', '.join(self.tax[dim].codes)}", sugg))
            else:
                out[dim] = code

        labels, groups = [], []
        insurers = _split(rec.get("zorgverzekeraar", ""))
        if not insurers:
            errors.append(("zorgverzekeraar", "", "zorgverzekeraar is verplicht en ontbreekt", []))
        for ins in insurers:
            g = self._dim("zorgverzekeraar", ins)
            if g is None:
                errors.append(("zorgverzekeraar", ins, "onbekende zorgverzekeraar (geen nieuwe categorie: voeg hem toe aan de taxonomie als hij bestaat)", self.tax["zorgverzekeraar"].suggest(ins)))
            else:
                labels.append(ins)
                if g not in groups:
                    groups.append(g)
        out["zorgverzekeraars"] = LIST_SEPARATOR.join(labels)
        out["zorgverzekeraar_groepen"] = LIST_SEPARATOR.join(groups)

        year = self.default_year
        if rec.get("jaar"):
            y = _int(rec["jaar"])
            if y is None or y not in YEARS:
                errors.append(("jaar", rec["jaar"], "jaar is geen geldig jaartal (bijv. 2017)", []))
            else:
                year = y
        out["jaar"] = year
        if rec.get("startjaar"):
            y = _int(rec["startjaar"])
            if y is None or y not in YEARS:
                errors.append(("startjaar", rec["startjaar"], "startjaar is geen geldig jaartal (bijv. 2016)", []))
            elif y > year:
                errors.append(("startjaar", rec["startjaar"], f"startjaar ligt na het inventarisatiejaar {year}", []))
            else:
                out["startjaar"] = y
        else:
            out["startjaar"] = None

        self._check_geography(rec, year, out, errors, matches)
        self._check_point(rec, out, errors)
        url = rec.get("url", "")
        if url and not re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE):
            errors.append(("url", url, "url moet met http:// of https:// beginnen en mag geen spaties of < > \" ' bevatten", []))
        out["url"] = url
        return errors, out, matches

    def _check_geography(self, rec, year, out, errors, matches) -> None:
        try:
            ctx = _year_context(year, self.directory)
        except MissingBoundaries:
            raise  # no boundary files at all: stop once instead of rejecting every row
        except BoundaryError as exc:
            errors.append(("jaar", str(year), f"geen grenzen voor {year}: {exc}", []))
            return
        if ctx.warning:
            self.notes.add(f"grenzen {year}: {ctx.warning}")
        codes, names = [], []
        for part in _split(rec.get("gemeenten", "")):
            m = ctx.matcher.match(part)
            if m.code is None:
                errors.append(("gemeenten", part, m.reason, m.suggestions))
                continue
            if m.code not in codes:
                codes.append(m.code)
                names.append(m.naam)
            if not m.exact:
                matches.append(dict(veld="gemeenten", waarde=part, gematcht=m.naam, code=m.code, hoe=m.how))
        regio = rec.get("regio", "")
        out["regio"] = regio
        out["via_regio"] = False
        if regio:
            hit = ctx.regions.get(normalise_key(regio))
            if hit:
                out["regio_code"] = hit[0]
                if not codes:
                    codes = list(hit[2])
                    names = [ctx.matcher.names[c] for c in codes]
                    out["via_regio"] = True
            elif not codes and not _split(rec.get("gemeenten", "")):
                errors.append(("regio", regio, f"onbekende regio in {year}: geef gemeenten, of een zorgkantoorregio of provincie (naam of code)", _region_suggestions(ctx, regio)))
        if not codes and not any(e[0] == "gemeenten" for e in errors) and not any(e[0] == "regio" for e in errors):
            if out.get("niveau") == "landelijk":
                codes = list(ctx.all_codes)
                names = [ctx.matcher.names[c] for c in codes]
                out["via_regio"] = True
            else:
                errors.append(("gemeenten", "", "geen gemeenten en geen regio opgegeven (alleen bij niveau landelijk mag dat leeg zijn)", []))
        out["gemeente_codes"] = LIST_SEPARATOR.join(codes)
        out["gemeente_namen"] = LIST_SEPARATOR.join(names)

    @staticmethod
    def _check_point(rec, out, errors) -> None:
        lat_raw, lon_raw = rec.get("lat", ""), rec.get("lon", "")
        out["lat"] = out["lon"] = None
        if not lat_raw and not lon_raw:
            return
        if not (lat_raw and lon_raw):
            errors.append(("lat/lon", f"{lat_raw}/{lon_raw}", "geef lat en lon allebei, of geen van beide", []))
            return
        lat, lon = _float(lat_raw), _float(lon_raw)
        if lat is None or lon is None:
            errors.append(("lat/lon", f"{lat_raw}/{lon_raw}", "lat/lon zijn geen getallen", []))
        elif not (NL_BOX[0] <= lon <= NL_BOX[2] and NL_BOX[1] <= lat <= NL_BOX[3]):
            hint = ["lat en lon verwisseld?"] if NL_BOX[0] <= lat <= NL_BOX[2] and NL_BOX[1] <= lon <= NL_BOX[3] else []
            errors.append(("lat/lon", f"{lat_raw}/{lon_raw}", "punt ligt niet in Nederland (WGS84 graden verwacht)", hint))
        else:
            out["lat"], out["lon"] = lat, lon


def _region_suggestions(ctx: _YearContext, raw: str) -> list[str]:
    from rapidfuzz import fuzz, process

    names = sorted({v[1] for v in ctx.regions.values()})
    return [h for h, _, _ in process.extract(raw, names, scorer=fuzz.WRatio, limit=3, score_cutoff=75)]


def _int(text: str) -> int | None:
    try:
        f = float(text.replace(",", "."))
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def _float(text: str) -> float | None:
    t = text.strip()
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")  # Dutch decimal comma
    try:
        return float(t)
    except ValueError:
        return None
