"""Read an inventory table as Dutch Excel writes it: CSV (`,` `;` tab; UTF-8, BOM, cp1252, UTF-16) or XLSX.

The result is every cell as text, plus the spreadsheet row number (header = row 1) of each record,
so a report can point a user at the row they see in Excel.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DEFAULT_MAX_BYTES = int(os.environ.get("SAMENWERKINGSKAART_MAX_BYTES", 25 * 1024 * 1024))
DEFAULT_MAX_ROWS = int(os.environ.get("SAMENWERKINGSKAART_MAX_ROWS", 250_000))
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ReadError(Exception):
    """The file cannot be read as a table at all; the message is one Dutch line for the user."""


@dataclass
class RawTable:
    """Cells as text: ``rows`` are lists aligned with ``headers``; ``row_numbers`` as in the spreadsheet."""

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    source: str
    encoding: str = ""
    delimiter: str = ""
    empty_rows: int = 0
    ragged: dict[int, int] = field(default_factory=dict)  # row number -> cells beyond the header


def read_table(
    data: bytes | str | os.PathLike,
    filename: str | None = None,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RawTable:
    """Read a CSV or XLSX file (path or bytes). Raises ReadError with a specific Dutch message."""
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        filename = filename or path.name
        if not path.exists():
            raise ReadError(f"Bestand niet gevonden: {path}")
        if path.stat().st_size > max_bytes:
            raise ReadError(f"{filename} is {path.stat().st_size:,} bytes; de grens is {max_bytes:,} bytes")
        data = path.read_bytes()
    filename = filename or "upload"
    if len(data) > max_bytes:
        raise ReadError(f"{filename} is {len(data):,} bytes; de grens is {max_bytes:,} bytes")
    if not data.strip():
        raise ReadError(f"{filename} is leeg")
    if data.startswith(_XLS_MAGIC):
        raise ReadError(f"{filename} is in het oude Excel-formaat (.xls): sla het op als .xlsx of CSV")
    if data.startswith(_XLSX_MAGIC):
        table = _read_xlsx(data, filename, sheet)
    else:
        table = _read_csv(data, filename)
    if not table.rows:
        raise ReadError(f"{filename} bevat een kopregel maar geen gegevensrijen")
    if len(table.rows) > max_rows:
        raise ReadError(f"{filename} heeft {len(table.rows):,} rijen; de grens is {max_rows:,}")
    return table


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"  # Excel's "Unicode-tekst" export
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if b"\x00" in data[:4096]:
        raise ReadError(f"{filename} is geen tekstbestand (binaire inhoud): lever CSV of XLSX aan")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return text, "cp1252"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {d: header.count(d) for d in (";", ",", "\t")}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _read_csv(data: bytes, filename: str) -> RawTable:
    text, encoding = _decode(data, filename)
    if sum(ch in "\ufffd" for ch in text[:10000]) > 50:
        raise ReadError(f"{filename} is geen leesbare tekst: lever CSV of XLSX aan")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        records = list(reader)
    except csv.Error as exc:
        raise ReadError(f"{filename} is geen geldige CSV: {exc}") from None
    return _to_table(records, filename, encoding=encoding, delimiter=delimiter)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, filename: str, sheet: str | None) -> RawTable:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ReadError(f"{filename} is geen leesbaar Excel-bestand (.xlsx): {exc.__class__.__name__}") from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ReadError(f"{filename} heeft geen werkblad '{sheet}'; wel: {', '.join(wb.sheetnames)}")
        ws = wb[sheet] if sheet else wb.worksheets[0]
        records = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    return _to_table(records, filename, encoding="xlsx", delimiter="")


def _to_table(records: list[list[str]], filename: str, encoding: str, delimiter: str) -> RawTable:
    # Leading blank lines are skipped; the header is the first line with content.
    start = next((i for i, r in enumerate(records) if any(str(c).strip() for c in r)), None)
    if start is None:
        raise ReadError(f"{filename} is leeg")
    headers = [str(h).strip() for h in records[start]]
    while headers and not headers[-1]:
        headers.pop()  # Excel often writes trailing empty columns
    if len(headers) < 2:
        raise ReadError(f"{filename} is geen tabel: de kopregel heeft maar {len(headers)} kolom")
    rows, numbers, ragged, empty = [], [], {}, 0
    width = len(headers)
    for offset, rec in enumerate(records[start + 1 :], start=start + 2):
        if not any(str(c).strip() for c in rec):
            empty += 1
            continue
        extra = [c for c in rec[width:] if str(c).strip()]
        if extra:
            ragged[offset] = len(extra)
        rows.append([str(c) for c in rec[:width]] + [""] * max(0, width - len(rec)))
        numbers.append(offset)
    return RawTable(headers, rows, numbers, filename, encoding, delimiter, empty, ragged)


def to_frame(table: RawTable) -> pd.DataFrame:
    """The raw table as a DataFrame of text, indexed by spreadsheet row number."""
    return pd.DataFrame(table.rows, columns=table.headers, index=pd.Index(table.row_numbers, name="rij"))
