"""Tables for spreadsheets: CSV (Dutch Excel style) and XLSX, with formula injection neutralised."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from inventory.public import is_public
from inventory.schema import inventory_table  # noqa: F401 (the import schema is the inventory's; named here for callers)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) with a quote."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col].astype("string")
            risky = s.str.startswith(_FORMULA_START).fillna(False)
            if risky.any():
                out[col] = s.where(~risky, "'" + s)
    return out


def _lists_as_text(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def table_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as Dutch Excel reads it: ``;`` separated, UTF-8 with BOM."""
    buf = io.StringIO()
    neutralise_formulas(_lists_as_text(df)).to_csv(buf, sep=";", index=False, lineterminator="\r\n")
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def table_xlsx_bytes(df: pd.DataFrame, sheet: str = "projecten", about: list[tuple[str, str]] | None = None) -> bytes:
    """XLSX with every risky cell stored as text; column widths that fit, a frozen header and an
    autofilter. With ``about`` (label, text) rows a first sheet *Toelichting* explains the file."""
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    data = neutralise_formulas(_lists_as_text(df))
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        if about:
            notes = neutralise_formulas(pd.DataFrame(about, columns=["onderdeel", "toelichting"]))
            notes.to_excel(xw, index=False, sheet_name="Toelichting")
            ws = xw.sheets["Toelichting"]
            ws.column_dimensions["A"].width = max(12, min(40, int(notes["onderdeel"].astype(str).str.len().max()) + 2))
            ws.column_dimensions["B"].width = 100
            from openpyxl.styles import Alignment
            for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
                row[0].alignment = Alignment(wrap_text=True, vertical="top")
        data.to_excel(xw, index=False, sheet_name=sheet[:31])
        ws = xw.sheets[sheet[:31]]
        for i, col in enumerate(data.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in data[col].head(2000) if v is not None])
            ws.column_dimensions[get_column_letter(i)].width = max(6, min(60, longest + 2))
        ws.freeze_panes = "A2"
        if len(data.columns):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(data.columns))}{len(data) + 1}"
    return buf.getvalue()


def about_rows(source: str, demo: bool, filters: dict[str, str], columns: dict[str, str],
               when: str | None = None, what: str = "") -> list[tuple[str, str]]:
    """The rows of a *Toelichting* sheet or sidecar text: what, source, demo flag, filters, date, columns."""
    import datetime as _dt

    rows = [("inhoud", what)] if what else []
    rows += [("bron", source), ("demonstratiedata", "ja: synthetische projecten, geen echte" if demo else "nee"),
             ("datum", when or _dt.date.today().isoformat())]
    rows += [(f"filter: {k}", v) for k, v in filters.items()] or [("filters", "geen (alle projecten)")]
    rows += [(f"kolom: {c}", d) for c, d in columns.items()]
    return rows


def about_text(rows: list[tuple[str, str]]) -> bytes:
    """The same context as a sidecar .txt next to a CSV (the CSV itself stays plain data)."""
    return ("\r\n".join(f"{k}: {v}" for k, v in rows) + "\r\n").encode("utf-8")


def file_stem(*parts: str, filters: dict[str, list[str]] | None = None) -> str:
    """A file name that says what is in the file: 'witte_vlekken_cz_thema-ouderen-ggz'."""
    import re

    bits = [p for p in parts if p]
    for key, values in (filters or {}).items():
        bits.append(f"{key}-" + "-".join(values))
    stem = "_".join(bits)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem)[:120].strip("-_") or "tabel"


def write_table(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as .csv or .xlsx, chosen by the suffix."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(table_xlsx_bytes(df))
    elif path.suffix.lower() == ".csv":
        path.write_bytes(table_csv_bytes(df))
    else:
        raise ValueError(f"{path}: use .csv or .xlsx")
    return path


def area_table(summary: pd.DataFrame, taxonomy) -> pd.DataFrame:
    """A map view's figures per area with Dutch headers and labels (the table alternative to the map)."""
    fase, groep, thema = (taxonomy[d].labels() for d in ("fase", "zorgverzekeraar", "thema"))
    return pd.DataFrame({
        "code": summary["code"],
        "naam": summary["naam"],
        "projecten": summary["n_projecten"],
        "hoogste fase": summary["hoogste_fase"].map(lambda f: fase.get(f, "") if isinstance(f, str) else ""),
        "meeste projecten van": summary["dominante_groep"].map(lambda g: groep.get(g, "") if isinstance(g, str) else ""),
        "thema's": summary["themas"].map(lambda t: ", ".join(thema[c] for c in str(t).split(";") if c)),
    })


PROJECT_COLUMNS = {
    "id": "id", "naam": "naam", "omschrijving": "omschrijving", "thema": "thema", "fase": "fase",
    "instrument": "instrument", "niveau": "geografisch niveau", "gemeente_namen": "gemeenten", "regio": "regio",
    "zorgverzekeraars": "zorgverzekeraars", "startjaar": "startjaar", "jaar": "jaar", "url": "url", "contact": "contact",
}


def projects_table(projects: pd.DataFrame, taxonomy) -> pd.DataFrame:
    """Projects as handed out: Dutch headers, labels instead of codes, municipalities as names; only
    the public fields (``inventory.public``: never ``contact``)."""
    out = projects[[c for c in PROJECT_COLUMNS if is_public(c, taxonomy)]].copy()
    for dim in ("thema", "fase", "instrument", "niveau"):
        out[dim] = out[dim].map(taxonomy[dim].labels()).fillna(out[dim])
    out["gemeente_namen"] = out["gemeente_namen"].fillna("").str.replace(";", "; ")
    return out.rename(columns=PROJECT_COLUMNS)
