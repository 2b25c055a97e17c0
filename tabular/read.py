"""Read a table as Dutch Excel writes it: CSV (`,` `;` tab; UTF-8, BOM, cp1252, UTF-16) or XLSX.

The result is every cell as text, plus the spreadsheet row number (header = row 1) of each record,
so a report can point a user at the row they see in Excel. Inventories, region sets, Venster ratings
and zorgkantoor tables all come in this way, so it lives on the ground floor: it knows tables, not
what is in them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from dutch_errors import os_reason

DEFAULT_MAX_BYTES = int(os.environ.get("SAMENWERKINGSKAART_MAX_BYTES", 25 * 1024 * 1024))
DEFAULT_MAX_ROWS = int(os.environ.get("SAMENWERKINGSKAART_MAX_ROWS", 250_000))
#: Columns a table may use (cells with content further right are refused, empty ones ignored).
MAX_COLUMNS = int(os.environ.get("SAMENWERKINGSKAART_MAX_COLUMNS", 200))
#: Cells with content, over the whole table.
MAX_CELLS = int(os.environ.get("SAMENWERKINGSKAART_MAX_CELLS", 10_000_000))
#: Rows in a row that an XLSX has but that hold nothing (formatted, or once filled and cleared): after
#: this many the reading stops and the table says so (Excel writes such rows down to row 1,048,576
#: when a whole column is formatted; reading millions of them cost 20 s and 600 MB per check).
MAX_EMPTY_RUN = int(os.environ.get("SAMENWERKINGSKAART_MAX_EMPTY_RUN", 10_000))
#: ... and after this many empty rows in all (so rows of content between them do not reset the bound)
MAX_EMPTY_TOTAL = 10 * MAX_EMPTY_RUN
#: An XLSX is a zip: its unpacked parts may be at most this many times the file size limit.
XLSX_UNPACK_FACTOR = 10
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
    notes: list[str] = field(default_factory=list)  # how the reading went, for the report (Dutch)


def read_table(
    data: bytes | str | os.PathLike | BinaryIO,
    filename: str | None = None,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RawTable:
    """Read a CSV or XLSX file (path, bytes or binary stream). Raises ReadError with a specific Dutch message.

    At most ``max_bytes + 1`` bytes are ever read, so a device (``/dev/zero``) or a pipe cannot
    grow memory; rows, columns and cells are capped while the file is being parsed.
    """
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        filename = filename or path.name
        data = read_limited(path, max_bytes, filename)
    elif not isinstance(data, (bytes, bytearray, memoryview)):
        filename = filename or getattr(data, "name", None) or "upload"
        data = data.read(max_bytes + 1)
    filename = filename or "upload"
    data = bytes(data)
    if len(data) > max_bytes:
        raise ReadError(f"{filename} is te groot: de grens is {max_bytes:,} bytes")
    if not data.strip():
        raise ReadError(f"{filename} is leeg")
    if data.startswith(_XLS_MAGIC):
        raise ReadError(f"{filename} is in het oude Excel-formaat (.xls): sla het op als .xlsx of CSV")
    limits = _Limits(filename, max_rows)
    if data.startswith(_XLSX_MAGIC):
        table = _read_xlsx(data, filename, sheet, limits, max_bytes)
    else:
        table = _read_csv(data, filename, limits)
    if not table.rows:
        raise ReadError(f"{filename} bevat een kopregel maar geen gegevensrijen")
    return table


def read_limited(path: Path, max_bytes: int, filename: str | None = None) -> bytes:
    """The first ``max_bytes + 1`` bytes of ``path`` at most (enough to tell it is too large).

    The size is what is actually read, not what the file system reports: a device or a pipe
    reports 0. Directories and unreadable paths raise ReadError.
    """
    filename = filename or path.name
    if not path.exists():
        raise ReadError(f"Bestand niet gevonden: {path}")
    if path.is_dir():
        raise ReadError(f"{path} is een map, geen bestand")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"{path} is niet te lezen: {os_reason(exc)}") from None
    if len(data) > max_bytes:
        raise ReadError(f"{filename} is te groot: de grens is {max_bytes:,} bytes")
    return data


class _Limits:
    """Counts rows and cells while a table is parsed; raises ReadError as soon as a cap is passed."""

    def __init__(self, filename: str, max_rows: int):
        self.filename, self.max_rows = filename, max_rows
        self.rows = self.cells = 0

    def column(self, column: int, where: str = "") -> None:
        if column > MAX_COLUMNS:
            at = f" (cel {where})" if where else ""
            raise ReadError(f"{self.filename} heeft inhoud in kolom {column:,}{at}; "
                            f"de grens is {MAX_COLUMNS} kolommen")

    def row(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > self.max_rows + 1:  # + the header
            raise ReadError(f"{self.filename} heeft meer dan {self.max_rows:,} rijen; de grens is {self.max_rows:,}")
        if self.cells > MAX_CELLS:
            raise ReadError(f"{self.filename} heeft meer dan {MAX_CELLS:,} gevulde cellen; dat is de grens")


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", filename, "UTF-16 (Unicode-tekst)"), "utf-16"  # Excel's "Unicode-tekst" export
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", filename, "UTF-8", offset=3), "utf-8-sig"
    if b"\x00" in data[:4096]:
        raise ReadError(f"{filename} is geen tekstbestand (binaire inhoud): lever CSV of XLSX aan")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return text, "cp1252"


def _strict(data: bytes, encoding: str, filename: str, label: str, offset: int = 0) -> str:
    """Decode or raise one Dutch line: the byte order mark promised ``label``, the bytes are not."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"{filename} begint als {label}-tekst, maar byte {exc.start + offset + 1:,} is geen geldige "
                        f"{label}: sla het bestand opnieuw op als CSV UTF-8") from None


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {d: header.count(d) for d in (";", ",", "\t")}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _read_csv(data: bytes, filename: str, limits: _Limits) -> RawTable:
    text, encoding = _decode(data, filename)
    del data
    if sum(ch in "\ufffd" for ch in text[:10000]) > 50:
        raise ReadError(f"{filename} is geen leesbare tekst: lever CSV of XLSX aan")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    records: list[tuple[int, list[str]]] = []
    try:
        for number, rec in enumerate(reader, start=1):
            records.append((number, _capped(rec, number, limits)))
    except csv.Error as exc:
        raise ReadError(f"{filename} is geen geldige CSV: {exc}") from None
    return _to_table(records, filename, encoding=encoding, delimiter=delimiter)


def _capped(rec: list[str], number: int, limits: _Limits) -> list[str]:
    """A record within the column cap (empty cells beyond it dropped), counted against the limits."""
    if len(rec) > MAX_COLUMNS:
        beyond = next((i for i in range(len(rec) - 1, MAX_COLUMNS - 1, -1) if rec[i].strip()), None)
        if beyond is not None:
            limits.column(beyond + 1, f"rij {number}")
        rec = rec[:MAX_COLUMNS]
    filled = sum(1 for c in rec if c)
    if filled:
        limits.row(filled)
    return rec


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


def _read_xlsx(data: bytes, filename: str, sheet: str | None, limits: _Limits, max_bytes: int) -> RawTable:
    """Stream the sheet's XML: only cells that are there are seen, never a dense grid of its dimension."""
    import zipfile

    from openpyxl.utils.cell import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReadError(f"{filename} is geen leesbaar Excel-bestand (.xlsx): {exc.__class__.__name__}") from None
    unpacked = sum(i.file_size for i in parts)
    if unpacked > XLSX_UNPACK_FACTOR * max_bytes:
        raise ReadError(f"{filename} pakt uit tot {unpacked:,} bytes; de grens is {XLSX_UNPACK_FACTOR * max_bytes:,}")
    for part in parts:  # openpyxl holds every part but the sheets in memory (shared strings, styles)
        if not part.filename.startswith("xl/worksheets/") and part.file_size > max_bytes:
            raise ReadError(f"{filename}: onderdeel {part.filename} pakt uit tot {part.file_size:,} bytes; "
                            f"de grens is {max_bytes:,}")
    try:
        book = _Workbook(data)
    except Exception as exc:
        raise ReadError(f"{filename} is geen leesbaar Excel-bestand (.xlsx): {exc.__class__.__name__}") from None
    records: list[tuple[int, list[str]]] = []
    stopped: str | None = None
    try:
        if sheet is not None and sheet not in book.sheets:
            raise ReadError(f"{filename} heeft geen werkblad '{sheet}'; wel: {', '.join(book.sheets)}")
        if not book.sheets:
            raise ReadError(f"{filename} heeft geen werkblad")
        with book.open(sheet or next(iter(book.sheets))) as src:
            wb = book.wb
            parser = WorkSheetParser(src, book.strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            run = empty = 0  # rows present in the sheet without content: one after another, in all
            for number, cells in parser.parse():
                values = {c["column"]: c["value"] for c in cells if c["value"] is not None and _cell(c["value"]).strip()}
                if not values:
                    run, empty = run + 1, empty + 1
                    if run >= MAX_EMPTY_RUN or empty >= MAX_EMPTY_TOTAL:
                        stopped = _stopped_note(filename, records[-1][0] if records else None, run, empty, number)
                        break
                    continue
                run = 0
                last = max(values)
                limits.column(last, f"{get_column_letter(min(last, 16384))}{number}")
                limits.row(len(values))
                rec = [""] * last
                for col, value in values.items():
                    rec[col - 1] = _cell(value)
                records.append((number, rec))
    except ReadError:
        raise
    except Exception as exc:  # a damaged sheet part: one line, not a traceback
        raise ReadError(f"{filename} is geen leesbaar Excel-bestand (.xlsx): {exc.__class__.__name__}") from None
    finally:
        book.close()
    table = _to_table(records, filename, encoding="xlsx", delimiter="")
    if stopped:
        table.notes.append(stopped)
    return table


def _stopped_note(filename: str, last: int | None, run: int, empty: int, number: int) -> str:
    """The report's line when the reading of an XLSX stopped at a bound of empty rows."""
    what = (f"{'na rij ' + format(last, ',') + ' ' if last else ''}volgen {run:,} lege rijen" if run >= MAX_EMPTY_RUN
            else f"{empty:,} lege rijen tussen de gegevens")
    return (f"{filename}: {what} (opgemaakt maar zonder inhoud); het lezen is gestopt bij rij {number:,}. "
            "Staat er verderop nog iets, verwijder dan de lege rijen")


class _Workbook:
    """An XLSX opened as far as reading one sheet needs: shared strings, styles (date formats), the
    worksheets by name. Unlike ``openpyxl.load_workbook(read_only=True)`` no sheet is read before it
    is asked for: openpyxl scans every sheet without a ``<dimension>`` element to its end on opening,
    millions of empty rows included."""

    def __init__(self, data: bytes):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self._reader = reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.parser.wb)
            self.sheets = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
                           if rel.target in reader.valid_files and "chartsheet" not in rel.Type}
        except Exception:
            reader.archive.close()
            raise
        self.wb, self.strings = reader.parser.wb, reader.shared_strings

    def open(self, name: str):
        return self._reader.archive.open(self.sheets[name])

    def close(self) -> None:
        self._reader.archive.close()


def _to_table(records: list[tuple[int, list[str]]], filename: str, encoding: str, delimiter: str) -> RawTable:
    """``records``: (spreadsheet row number, cells). Rows missing from the numbering are blank rows."""
    # Leading blank lines are skipped; the header is the first line with content.
    start = next((i for i, (_, r) in enumerate(records) if any(str(c).strip() for c in r)), None)
    if start is None:
        raise ReadError(f"{filename} is leeg")
    header_number, header = records[start]
    headers = [str(h).strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()  # Excel often writes trailing empty columns
    if len(headers) < 2:
        raise ReadError(f"{filename} is geen tabel: de kopregel heeft maar {len(headers)} kolom")
    rows, numbers, ragged, empty = [], [], {}, 0
    width, previous = len(headers), header_number
    for number, rec in records[start + 1 :]:
        empty += number - previous - 1  # rows the file skips (XLSX) are blank
        previous = number
        if not any(str(c).strip() for c in rec):
            empty += 1
            continue
        extra = [c for c in rec[width:] if str(c).strip()]
        if extra:
            ragged[number] = len(extra)
        rows.append([str(c) for c in rec[:width]] + [""] * max(0, width - len(rec)))
        numbers.append(number)
    return RawTable(headers, rows, numbers, filename, encoding, delimiter, empty, ragged)


def to_frame(table: RawTable) -> pd.DataFrame:
    """The raw table as a DataFrame of text, indexed by spreadsheet row number."""
    return pd.DataFrame(table.rows, columns=table.headers, index=pd.Index(table.row_numbers, name="rij"))
